"""Wiring: build the domain's dependencies from settings (the only place that does)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine

from provisor.api.security import Argon2Hasher, new_id
from provisor.api.settings import Settings
from provisor.domain.deps import Deps
from provisor.store import LruCredentialCache, SqlUnitOfWorkFactory, make_engine


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Container:
    settings: Settings
    engine: Engine
    deps: Deps


def build(settings: Settings, engine: Engine | None = None) -> Container:
    engine = engine or make_engine(settings.database_url)
    deps = Deps(
        uow=SqlUnitOfWorkFactory(engine), clock=utc_now, new_id=new_id,
        hasher=Argon2Hasher(settings.hash_cost), credential_cache=LruCredentialCache(),
    )
    return Container(settings, engine, deps)

"""Wiring: build the domain's dependencies from settings (the only place that does)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import Engine

from provisor.api.security import Argon2Hasher, new_id
from provisor.api.settings import Settings
from provisor.api.telemetry import Telemetry, current_trace_id
from provisor.api.telemetry import from_env as telemetry_from_env
from provisor.domain.deps import Deps
from provisor.store import LruCredentialCache, SqlUnitOfWorkFactory, make_engine


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Container:
    settings: Settings
    engine: Engine
    deps: Deps
    telemetry: Telemetry | None = None


def build(settings: Settings, engine: Engine | None = None,
          telemetry: Telemetry | None = None) -> Container:
    """``telemetry``: given by tests (in-memory exporters); else from ``OTEL_*`` (often off)."""
    engine = engine or make_engine(settings.database_url)
    telemetry = telemetry or telemetry_from_env(settings)
    deps = Deps(
        uow=SqlUnitOfWorkFactory(engine), clock=utc_now, new_id=new_id,
        hasher=Argon2Hasher(settings.hash_cost), credential_cache=LruCredentialCache(),
    )
    if telemetry is not None:  # off: the default no-op observer, no instrumentation
        telemetry.instrument_engine(engine)
        deps = replace(deps, observer=telemetry.observer, trace_id=current_trace_id)
    return Container(settings, engine, deps, telemetry)

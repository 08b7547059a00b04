"""Shared fixtures: a real database per backend (SQLite always, PostgreSQL when
``PROVISOR_TEST_DATABASE_URL`` is set), the app on it, and ready-to-use orgs.

PostgreSQL runs are isolated in a database of their own, created for the test
session and dropped after it, so two runs never collide.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from provisor.api.app import create_app
from provisor.api.bootstrap import Container, build
from provisor.api.demo import CLI, ensure_demo
from provisor.api.settings import Settings
from provisor.domain.deps import Deps
from provisor.store.migrate import upgrade

PG_ENV = "PROVISOR_TEST_DATABASE_URL"
# Every TestClient request of the session comes from one client and a few tokens;
# rate limiting is proven against real servers in tests/integration/reliability.
os.environ.setdefault("PROVISOR_RATE_LIMIT_ENABLED", "false")
BACKENDS = ["sqlite"] + (["postgres"] if os.environ.get(PG_ENV) else [])


def _fresh_postgres_database() -> tuple[str, str]:
    """Create ``provisor_test_<random>`` next to the configured database."""
    base = make_url(os.environ[PG_ENV]).set(drivername="postgresql+psycopg")
    name = f"provisor_test_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False), name


def _drop_postgres_database(name: str) -> None:
    base = make_url(os.environ[PG_ENV]).set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'provisor.db'}"
        upgrade(url)
        yield url
        return
    url, name = _fresh_postgres_database()
    upgrade(url)
    yield url
    _drop_postgres_database(name)


@pytest.fixture(scope="session")
def container(database_url: str) -> Iterator[Container]:
    built = build(Settings(database_url=database_url, hash_cost="low",
                           platform_key="test-platform-key"))
    yield built
    built.engine.dispose()


@pytest.fixture(scope="session")
def deps(container: Container) -> Deps:
    return container.deps


@pytest.fixture(scope="session")
def app(container: Container) -> FastAPI:
    return create_app(container=container)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@dataclass(frozen=True)
class ReadyOrg:
    """An org ready for SCIM, with one SCIM token and one management key."""

    id: str
    slug: str
    token: str
    management_key: str

    @property
    def scim_base(self) -> str:
        return f"/scim/v2/{self.slug}"

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_org(deps: Deps, prefix: str = "org") -> ReadyOrg:
    demo = ensure_demo(deps, f"{prefix}-{secrets.token_hex(4)}")
    return ReadyOrg(demo.org.id, demo.org.slug, demo.scim_token, demo.management_key)


@pytest.fixture
def org(deps: Deps) -> ReadyOrg:
    return make_org(deps)


@pytest.fixture
def other_org(deps: Deps) -> ReadyOrg:
    return make_org(deps, "other")


__all__ = ["CLI", "Path", "ReadyOrg", "make_org"]

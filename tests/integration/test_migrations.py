"""Alembic: the stairway (up, down, up) and no drift between tables and migrations."""

from __future__ import annotations

import os
import secrets

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from provisor.store.engine import make_engine
from provisor.store.migrate import downgrade, upgrade
from provisor.store.tables import metadata
from tests.conftest import PG_ENV


@pytest.fixture(params=["sqlite"] + (["postgres"] if os.environ.get(PG_ENV) else []))
def empty_database(request: pytest.FixtureRequest, tmp_path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'stairway.db'}"
        return
    base = make_url(os.environ[PG_ENV]).set(drivername="postgresql+psycopg")
    name = f"provisor_stairway_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_each_revision_upgrades_downgrades_and_upgrades_again(empty_database: str):
    upgrade(empty_database)
    downgrade(empty_database, "base")
    engine = make_engine(empty_database)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(empty_database)
    engine = make_engine(empty_database)
    assert {t.name for t in metadata.sorted_tables} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_the_tables_and_the_migrations_do_not_drift(empty_database: str):
    upgrade(empty_database)
    engine = make_engine(empty_database)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == []

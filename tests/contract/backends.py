"""Which stores a contract test runs against.

``database_url`` is parametrized directly (indirectly, through the fixture) so
the fake runs once, not once per database, while the SQL store runs on SQLite
always and on PostgreSQL when ``PROVISOR_TEST_DATABASE_URL`` is set.
"""

from __future__ import annotations

import pytest

from tests.conftest import BACKENDS

SQL = [pytest.param(db, "sql", id=db) for db in BACKENDS]
EVERY = [pytest.param("sqlite", "fake", id="fake"), *SQL]

every_store = pytest.mark.parametrize(("database_url", "store"), EVERY, indirect=True,
                                     scope="session")
sql_stores = pytest.mark.parametrize(("database_url", "store"), SQL, indirect=True,
                                   scope="session")

"""Engines for SQLite (embedded default) and PostgreSQL (production).

SQLite: WAL, ``synchronous=NORMAL``, foreign keys on, and write transactions
opened with ``BEGIN IMMEDIATE`` so two writers queue on the busy timeout
instead of failing with "database is locked" at commit time. The pysqlite
driver's own transaction handling is switched off so we can choose the BEGIN
(the recipe from SQLAlchemy's SQLite dialect documentation).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

DEFAULT_URL = "sqlite:///./provisor.db"
WRITE = "provisor_write"


def normalize_url(url: str) -> URL:
    """Pick the drivers we ship: pysqlite and psycopg 3."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        return parsed.set(drivername="sqlite+pysqlite")
    raise ValueError(f"unsupported database: {parsed.get_backend_name()}")


def make_engine(url: str, *, pool_size: int = 5, **kwargs: Any) -> Engine:
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    return create_engine(
        parsed, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
        connect_args={"connect_timeout": 5}, **kwargs,
    )


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
                       "busy_timeout=10000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get(WRITE) else "BEGIN")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"

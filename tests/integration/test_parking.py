"""A serving thread keeps its connections between units of work (provisor.store.parking)."""

from __future__ import annotations

import gc
import os
import secrets
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, Table, insert, select, text
from sqlalchemy.exc import OperationalError

from provisor.store import make_engine
from provisor.store.parking import leave_here, park_here
from provisor.store.uow import SqlUnitOfWork
from tests.conftest import PG_ENV


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    yield built
    leave_here(built)
    built.dispose()


@pytest.fixture
def probe(engine: Engine) -> Iterator[Table]:
    """A scratch table of this test's own."""
    table = Table(f"parking_probe_{secrets.token_hex(4)}", MetaData(), Column("x", Integer))
    table.create(engine)
    yield table
    table.drop(engine)


def dbapi(uow: SqlUnitOfWork) -> Any:
    return uow.conn.connection.dbapi_connection


def checked_out(engine: Engine) -> int:
    return int(engine.pool.checkedout())  # type: ignore[attr-defined]


def test_without_parking_every_unit_gives_its_connection_back(engine: Engine) -> None:
    with SqlUnitOfWork(engine, write=False):
        assert checked_out(engine) == 1
    with SqlUnitOfWork(engine, write=True):
        pass
    assert checked_out(engine) == 0


def test_a_parking_thread_reuses_one_read_and_one_write_connection(engine: Engine) -> None:
    park_here(engine)
    with SqlUnitOfWork(engine, write=False) as first:
        read = dbapi(first)
    with SqlUnitOfWork(engine, write=False) as second:
        assert dbapi(second) is read
        with SqlUnitOfWork(engine, write=False) as nested:  # the kept one is in use
            assert dbapi(nested) is not read
        assert checked_out(engine) == 2
    assert checked_out(engine) == 1  # one read connection kept, the other given back
    with SqlUnitOfWork(engine, write=True) as writing:
        write = dbapi(writing)
        assert checked_out(engine) == 2
    with SqlUnitOfWork(engine, write=True) as again:
        assert dbapi(again) is write
    with SqlUnitOfWork(engine, write=False) as reading:
        assert dbapi(reading) is not write
    assert checked_out(engine) == 2  # one of each kind
    leave_here(engine)
    assert checked_out(engine) == 0


def test_a_kept_write_connection_still_rolls_back(engine: Engine, probe: Table) -> None:
    """The write connection is never the read one (on PostgreSQL a read runs in
    autocommit): a failed write kept for the next one loses its rows."""
    park_here(engine)
    for _ in range(2):
        with SqlUnitOfWork(engine, write=False) as uow:
            uow.conn.execute(select(probe.c.x))
        with pytest.raises(RuntimeError), SqlUnitOfWork(engine, write=True) as uow:
            uow.conn.execute(insert(probe).values(x=1))
            raise RuntimeError("a failed use case")
    with SqlUnitOfWork(engine, write=True) as uow:
        uow.conn.execute(insert(probe).values(x=2))
        uow.commit()
    with SqlUnitOfWork(engine, write=False) as uow:
        assert uow.conn.execute(select(probe.c.x)).scalars().all() == [2]


def test_a_thread_that_ends_gives_its_connections_back(engine: Engine) -> None:
    def serve() -> None:
        park_here(engine)
        for write in (False, True, False):
            with SqlUnitOfWork(engine, write=write):
                pass

    thread = threading.Thread(target=serve)
    thread.start()
    thread.join()
    gc.collect()
    assert checked_out(engine) == 0


def test_other_threads_do_not_keep_connections(engine: Engine) -> None:
    park_here(engine)
    counts: list[int] = []

    def work() -> None:
        with SqlUnitOfWork(engine, write=False):
            pass
        counts.append(checked_out(engine))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert counts == [0]


ON_POSTGRES = pytest.mark.skipif(not os.environ.get(PG_ENV),
                                 reason="a server that ends a connection needs PostgreSQL")


def _backend_pid(uow: SqlUnitOfWork) -> int:
    return int(uow.conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(engine: Engine, pid: int) -> None:
    with engine.connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.commit()


@ON_POSTGRES
def test_a_kept_connection_killed_while_idle_is_replaced() -> None:
    engine = make_engine(os.environ[PG_ENV], ping_idle_after=0)  # every reuse pings
    try:
        park_here(engine)
        with SqlUnitOfWork(engine, write=False) as uow:
            first = _backend_pid(uow)
        _terminate(engine, first)
        with SqlUnitOfWork(engine, write=False) as uow:  # pinged, found dead, replaced
            assert _backend_pid(uow) != first
    finally:
        leave_here(engine)
        engine.dispose()


@ON_POSTGRES
def test_a_kept_connection_killed_right_after_use_fails_once_and_is_dropped() -> None:
    engine = make_engine(os.environ[PG_ENV], ping_idle_after=3600)  # never pinged
    try:
        park_here(engine)
        with SqlUnitOfWork(engine, write=False) as uow:
            first = _backend_pid(uow)
        _terminate(engine, first)
        with pytest.raises(OperationalError), SqlUnitOfWork(engine, write=False) as uow:
            _backend_pid(uow)
        with SqlUnitOfWork(engine, write=False) as uow:
            assert _backend_pid(uow) != first
    finally:
        leave_here(engine)
        engine.dispose()

"""Engines for SQLite (embedded default) and PostgreSQL (production).

SQLite: WAL, ``synchronous=NORMAL``, foreign keys on, and write transactions
opened with ``BEGIN IMMEDIATE`` so two writers queue on the busy timeout
instead of failing with "database is locked" at commit time; reads run without
a transaction, each statement on its own snapshot. The pysqlite
driver's own transaction handling is switched off so we can choose the BEGIN
(the recipe from SQLAlchemy's SQLite dialect documentation).
"""

from __future__ import annotations

import json
import random
import re
import time
import weakref
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, RootTransaction, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import InvalidatePoolError, OperationalError

from provisor.store import parking
from provisor.store.writers import WriterQueue, queue_for

DEFAULT_URL = "sqlite:///./provisor.db"
WRITE = "provisor_write"
BEGIN_ATTEMPTS = 4  # on top of SQLite's own busy_timeout wait per attempt


def normalize_url(url: str) -> URL:
    """Pick the drivers we ship: pysqlite and psycopg 3."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        return parsed.set(drivername="sqlite+pysqlite")
    raise ValueError(f"unsupported database: {parsed.get_backend_name()}")


# 19 digits in a row: maybe an integer beyond 64 bits, which orjson reads as a float.
# ASCII digits only: a JSON number has no others (and ``\d`` matches any Unicode digit,
# which made the scan of each document 2x slower).
_LONG_DIGITS, _LONG_DIGITS_B = re.compile(r"[0-9]{19}"), re.compile(rb"[0-9]{19}")


def json_loads(text: str | bytes) -> Any:
    """The JSON columns' reader: orjson where it reads exactly as the stdlib does.

    Reading the profile column was ~10 % of a 100-member list page with the
    stdlib ``json.loads`` (issue 7 profile). orjson reads an integer beyond 64
    bits as a float and refuses NaN, infinities and lone surrogates, which the
    stdlib writer can produce: those documents (and any with 19 digits in a
    row) are read by the stdlib, so every document reads back the same.
    """
    long = _LONG_DIGITS_B.search(text) if isinstance(text, bytes) else _LONG_DIGITS.search(text)
    if long is None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


PING_IDLE_AFTER = 2.0  # seconds a pooled PostgreSQL connection may idle unpinged
_IDLE_SINCE = "provisor_idle_since"


def make_engine(url: str, *, pool_size: int = 5, ping_idle_after: float = PING_IDLE_AFTER,
                **kwargs: Any) -> Engine:
    parsed = normalize_url(url)
    kwargs.setdefault("json_deserializer", json_loads)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    # ping when idle + short connect and pool timeouts: an outage fails fast (503,
    # see provisor.api.outage) and the pool heals by itself when the database returns.
    engine = create_engine(
        parsed, pool_size=pool_size, max_overflow=pool_size, pool_timeout=10, pool_recycle=1800,
        connect_args={"connect_timeout": 5, "keepalives": 1, "keepalives_idle": 30,
                      "keepalives_interval": 10, "keepalives_count": 3}, **kwargs,
    )
    _ping_when_idle(engine, ping_idle_after)
    _PING_AFTER[engine] = ping_idle_after
    return engine


def _ping_when_idle(engine: Engine, idle_after: float) -> None:
    """Ping a pooled connection on checkout only if it sat idle over ``idle_after`` s.

    ``pool_pre_ping`` pings on every checkout: one more round trip for every
    transaction, two per SCIM request. Under load connections are checked out
    again within milliseconds, so here they are not pinged; one broken while
    idle (an outage or a database restart in a quiet moment) is pinged, found
    dead, and the pool is invalidated and reconnects before the request sees
    it, as ``pool_pre_ping`` does. One broken within ``idle_after`` of its last
    use fails its first statement instead: SQLAlchemy sees the disconnect and
    invalidates the pool, that request answers 503 (``provisor.api.outage``)
    and the next one gets a new connection. This is SQLAlchemy's documented
    checkout-listener recipe for pessimistic disconnect handling (a listener
    raising ``DisconnectionError``; ``InvalidatePoolError`` is the subclass the
    built-in pre-ping raises), with the idle test added.
    """
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _checkin(dbapi_connection: Any, record: Any) -> None:
        if dbapi_connection is not None:  # None once invalidated
            record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_IDLE_SINCE)  # absent on a fresh connection: no ping
        if since is None or time.monotonic() - since <= idle_after:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            if dialect.is_disconnect(exc, dbapi_connection, None):
                raise InvalidatePoolError() from exc
            raise


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
                       "busy_timeout=10000", "wal_autocheckpoint=10000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    def _do_begin(dbapi_connection: Any) -> None:
        # The dialect's own BEGIN hook rather than a "begin" event running
        # ``exec_driver_sql``: the same statement without a trip through the
        # execution machinery and event dispatch on every transaction (~5 % of
        # a GET's CPU in the issue 7 profile). ``dbapi_connection`` is the pool's
        # proxy, whose ``info`` is ``Connection.info``; a driver error raised here
        # is wrapped by SQLAlchemy (``OperationalError``) as any statement's is.
        if not dbapi_connection.info.get(WRITE):
            # A read runs without BEGIN (each statement its own snapshot), as on
            # PostgreSQL: BEGIN and ROLLBACK were ~8 % of a GET /Users/{id} (issue 7),
            # and no read needs two statements to see one snapshot.
            return
        if queue is not None:
            queue.acquire()  # see provisor.store.writers
        try:
            dbapi_connection.cursor().execute("BEGIN IMMEDIATE")
        except BaseException:
            release_writer(engine)
            raise

    engine.dialect.do_begin = _do_begin  # type: ignore[method-assign]
    queue = queue_for(url.database)
    if queue is not None:
        _QUEUES[engine] = queue
        checkpointer = queue.checkpointer

        def _ending(end: Any, *, commits: bool) -> Any:
            """The dialect's COMMIT or ROLLBACK, then leave the queue. Only a write
            transaction's end leaves it: a read ending on this thread while its
            write is still open must not let the next writer in."""
            def run(dbapi_connection: Any) -> None:
                try:
                    end(dbapi_connection)
                finally:
                    if _writing(dbapi_connection):
                        queue.release()
                if commits and checkpointer is not None:  # the WAL is copied by a thread
                    checkpointer.wrote()
            return run

        engine.dialect.do_commit = _ending(  # type: ignore[method-assign]
            engine.dialect.do_commit, commits=True)
        engine.dialect.do_rollback = _ending(  # type: ignore[method-assign]
            engine.dialect.do_rollback, commits=False)
    return engine


_QUEUES: weakref.WeakKeyDictionary[Engine, WriterQueue] = weakref.WeakKeyDictionary()
# PostgreSQL engines: how long a connection may idle before it is pinged on reuse.
_PING_AFTER: weakref.WeakKeyDictionary[Engine, float] = weakref.WeakKeyDictionary()


def _writing(dbapi_connection: Any) -> bool:
    """Whether a commit or rollback ends a write transaction (the pool's proxy carries
    ``Connection.info``; the pool's own reset may pass an object without one)."""
    try:
        return bool(dbapi_connection.info.get(WRITE))
    except (AttributeError, NotImplementedError):
        return False


def writer_queue(engine: Engine) -> WriterQueue | None:
    return _QUEUES.get(engine)


def release_writer(engine: Engine) -> None:
    """Leave the SQLite writers' queue if this thread holds it (idempotent; the unit
    of work calls it when it ends, whatever became of its connection)."""
    queue = _QUEUES.get(engine)
    if queue is not None:
        queue.release()


def begin(engine: Engine, *, write: bool) -> tuple[Connection, RootTransaction | None]:
    """A connection with its write transaction begun, retried a few times with
    jittered backoff when SQLite still reports "database is locked" after its busy
    wait (for example while another process recovers the WAL). The connection is
    the one this thread kept, if it keeps one of that kind (``provisor.store.parking``).

    A read begins nothing (None): neither database opens a transaction for one (see
    below), and SQLAlchemy's begin and rollback of an empty transaction were ~5 µs
    of each unit of work, three per SCIM request (issue 7). A statement that goes
    through SQLAlchemy still begins its transaction; the unit of work ends it."""
    conn = parking.take(engine, write=write, ping_after=_PING_AFTER.get(engine))
    for attempt in range(BEGIN_ATTEMPTS):
        if conn is None:
            conn = engine.connect()
            if not write and conn.dialect.name == "postgresql":
                # A read needs no transaction on PostgreSQL: under READ COMMITTED each
                # statement takes its own snapshot either way, and BEGIN and ROLLBACK
                # were two of the seven round trips of a GET /Users/{id} (issue 7).
                # A kept read connection keeps the setting; SQLAlchemy restores the
                # isolation level when the connection returns to the pool. psycopg
                # sets both without a round trip.
                conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.info[WRITE] = write
        if not write:
            return conn, None
        try:
            return conn, conn.begin()
        except OperationalError as exc:
            conn.info[WRITE] = False
            conn.close()
            conn = None
            if not is_locked(exc) or attempt == BEGIN_ATTEMPTS - 1:
                raise
        time.sleep(random.uniform(0.02, 0.05) * 2 ** attempt)
    raise AssertionError("unreachable")


def finish(engine: Engine, conn: Connection, *, write: bool) -> None:
    """The unit of work's connection, its transaction ended: kept by this thread
    for its next unit of work of that kind, or back to the pool."""
    conn.info[WRITE] = False
    if not parking.park(engine, conn, write=write):
        conn.close()


def is_locked(exc: OperationalError) -> bool:
    return "database is locked" in str(exc.orig) or "database is busy" in str(exc.orig)


def is_locking(conn: Connection) -> bool:
    """Whether a write transaction reads rows ``FOR UPDATE``: on PostgreSQL.

    Read-check-write use cases (If-Match, PATCH) then serialize per row, as
    every writer does on SQLite under ``BEGIN IMMEDIATE``; without it, two
    READ COMMITTED transactions both pass the version check and the second
    silently overwrites the first. Statements built once at import (see
    ``provisor.store.members``) pick their ``with_for_update()`` twin with it.
    """
    return bool(conn.info.get(WRITE)) and conn.dialect.name == "postgresql"

"""Connections a server thread keeps between its units of work.

Checking a connection out of SQLAlchemy's pool and back in (the ``Connection``
object, the pool's queue, the reset-on-return ROLLBACK, the weakref
bookkeeping) cost ~30 µs per unit of work, and a SCIM request has two or
three of them: authentication, then the use case, then the groups a written
User shows. That was 10 to 15 % of a GET /Users/{id} or a PATCH (issue 7
profile). A thread that serves requests (the event loop thread of each
worker, enabled by the app's lifespan) keeps one read and one write
connection of its engine between units of work instead.

Only threads that ask for it keep connections, so the threadpool's many
short-lived threads cannot drain the pool, and a thread keeps at most two.
When the thread ends, or :func:`leave_here` is called, they go back to the
pool. A unit of work that starts while the thread's connection of that kind
is in use (a nested one) checks one out of the pool as before.

A kept connection is only ever put back idle: its transaction ended, not
invalidated. A PostgreSQL connection kept longer than the engine's idle limit
is pinged before it is used again, as a pooled one is on checkout
(``provisor.store.engine._ping_when_idle``); a dead one is dropped and the
pool gives a fresh one.
"""

from __future__ import annotations

import contextlib
import threading
import time

from sqlalchemy import Connection, Engine


class _Kept:
    """One thread's connections, each with the time it was kept: ``slots[write]``.
    Given back to the pool when the thread ends."""

    __slots__ = ("engine", "slots")

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.slots: list[tuple[Connection, float] | None] = [None, None]  # read, write

    def give_back(self) -> None:
        for kept in self.slots:
            if kept is not None:
                with contextlib.suppress(Exception):  # a dead connection: the pool drops it
                    kept[0].close()
        self.slots = [None, None]

    def __del__(self) -> None:  # the thread ended (its locals are released on that thread)
        self.give_back()


_here = threading.local()


def park_here(engine: Engine) -> None:
    """Let the calling thread keep a read and a write connection of ``engine``."""
    previous: _Kept | None = getattr(_here, "kept", None)
    _here.kept = _Kept(engine)
    if previous is not None:
        previous.give_back()


def leave_here(engine: Engine) -> None:
    """Give the calling thread's kept connections of ``engine`` back to the pool."""
    kept: _Kept | None = getattr(_here, "kept", None)
    if kept is not None and kept.engine is engine:
        del _here.kept
        kept.give_back()


def take(engine: Engine, *, write: bool, ping_after: float | None) -> Connection | None:
    """This thread's kept connection of that kind, now the caller's; or None."""
    kept: _Kept | None = getattr(_here, "kept", None)
    if kept is None or kept.engine is not engine:
        return None
    slot = kept.slots[write]
    if slot is None:
        return None
    kept.slots[write] = None
    conn, since = slot
    if ping_after is not None and time.monotonic() - since > ping_after and not _alive(conn):
        return None
    return conn


def park(engine: Engine, conn: Connection, *, write: bool) -> bool:
    """Keep ``conn`` for this thread's next unit of work of that kind, if the thread
    keeps connections, its slot is free and the connection is idle and sound."""
    kept: _Kept | None = getattr(_here, "kept", None)
    if (kept is None or kept.engine is not engine or conn.closed or conn.invalidated
            or conn.in_transaction()):
        return False
    if kept.slots[write] is not None:
        return False
    kept.slots[write] = (conn, time.monotonic())
    return True


def _alive(conn: Connection) -> bool:
    """Ping a connection kept past the idle limit; drop it if the ping fails."""
    dialect, dbapi_connection = conn.dialect, conn.connection.dbapi_connection
    try:
        if dbapi_connection is not None:  # None: invalidated already
            dialect.do_ping(dbapi_connection)
            return True
    except dialect.loaded_dbapi.Error:
        conn.invalidate()
    conn.close()
    return False

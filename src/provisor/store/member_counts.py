"""Each org's member count, kept exact in the transaction of every add and removal.

A whole-org list page needs ``totalResults``: ``COUNT(*)`` over the org's
index entries was half of a list page's SQL at 100,000 members (issue 7,
10 ms on SQLite). The count row is read instead.

Adds and removals are noted on the connection and written just before the
transaction commits (``SqlUnitOfWork.commit``): the row is locked only for
the commit itself, so a write holding it never waits on another lock, and
the count row cannot take part in a deadlock on PostgreSQL (a Bulk request
adds several members in one transaction).

An org without a row (created before migration 0003 backfilled, or seeded
around the store) is counted by ``COUNT(*)`` until its next add, which writes
the row from ``COUNT(*)`` in that same transaction (its own new member
included). Concurrent first adds on PostgreSQL meet on the primary key: the
second one's ``ON CONFLICT`` adds one to the row the first wrote, after the
first commits, so neither member is lost or counted twice.

``changes`` grows with every add and removal. ``OffsetHints`` uses it to turn
the next sequential ``startIndex`` page (what an IdP import sends) into a
keyset seek instead of an OFFSET scan, while the org's members are unchanged.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, Connection, String, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from provisor.store.hot import Hot
from provisor.store.tables import member_counts, members

mc = member_counts.c
_READ = Hot(select(mc.members, mc.changes).where(mc.org_id == bindparam("org_id")))
_CHANGE = Hot(update(member_counts).where(mc.org_id == bindparam("key_org")).values(
    members=mc.members + bindparam("delta"), changes=mc.changes + bindparam("bumps")))
_PENDING = "provisor_member_count_changes"


def _first_count(dialect: Any) -> Any:
    """INSERT the row from COUNT(*), or add one to a row a concurrent add wrote."""
    org = bindparam("org_id", type_=String)
    counted = select(org, func.count(), bindparam("start", type_=BigInteger)) \
        .select_from(members).where(members.c.org_id == org)
    stmt = dialect.insert(member_counts).from_select(["org_id", "members", "changes"], counted)
    return stmt.on_conflict_do_update(index_elements=[mc.org_id], set_={
        "members": mc.members + bindparam("delta", type_=BigInteger),
        "changes": mc.changes + bindparam("bumps", type_=BigInteger)})


_FIRST_PG, _FIRST_SQLITE = _first_count(postgresql), _first_count(sqlite)


class Count(NamedTuple):
    members: int
    changes: int


def read(conn: Connection, org_id: str) -> Count | None:
    row = _READ.first(conn, {"org_id": org_id})
    return Count(int(row[0]), int(row[1])) if row else None


def note(conn: Connection, org_id: str, delta: int) -> None:
    """A member was added (+1) or removed (-1) in this connection's transaction."""
    pending: dict[str, list[int]] = conn.info.setdefault(_PENDING, {})
    counts = pending.setdefault(org_id, [0, 0])
    counts[0] += delta
    counts[1] += 1


def flush(conn: Connection) -> None:
    """Write the noted changes; called right before the transaction commits."""
    pending: dict[str, list[int]] | None = conn.info.pop(_PENDING, None)
    for org_id, (delta, bumps) in (pending or {}).items():
        values = {"key_org": org_id, "delta": delta, "bumps": bumps}
        if _CHANGE.rowcount(conn, values) == 0:  # no row yet: count the org, once
            first = _FIRST_PG if conn.dialect.name == "postgresql" else _FIRST_SQLITE
            # a new row's ``changes`` starts at the clock in microseconds, beyond
            # any value a deleted row of this org reached: no old offset hint applies
            conn.execute(first, {"org_id": org_id, "delta": delta, "bumps": bumps,
                                 "start": time.time_ns() // 1000 + bumps})


def forget(conn: Connection) -> None:
    """Drop the noted changes of a transaction that did not commit."""
    conn.info.pop(_PENDING, None)


class OffsetHints:
    """Per process: the id that ends a served page, by (org, changes, next offset).

    An IdP import asks for ``startIndex`` 1, 101, 201, ...: the page at offset
    k+100 starts right after the last id of the page at offset k, as long as
    no member was added or removed in between (same ``changes``), so it can be
    read with ``id > last`` (an index seek) instead of ``OFFSET k+100`` (a scan
    of k+100 index entries). Anything else (another process served the
    previous page, a change in between, a random page) falls back to OFFSET,
    with the same result.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._ids: OrderedDict[tuple[str, int, int], str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, org_id: str, changes: int, offset: int) -> str | None:
        with self._lock:
            return self._ids.get((org_id, changes, offset))

    def put(self, org_id: str, changes: int, offset: int, last_id: str) -> None:
        with self._lock:
            self._ids[(org_id, changes, offset)] = last_id
            self._ids.move_to_end((org_id, changes, offset))
            while len(self._ids) > self.size:
                self._ids.popitem(last=False)


HINTS = OffsetHints()

"""``provisor.store.hot``: statements run on the DBAPI cursor read and write exactly
what ``Connection.execute`` does, fail the same way, and stay observable."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, bindparam, event, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from provisor.api.bootstrap import Container
from provisor.domain.member import ManagedBy, Member, MemberState
from provisor.store._util import utc
from provisor.store.hot import Hot
from provisor.store.members import to_row
from provisor.store.tables import members, organizations
from tests.conftest import make_org

m = members.c
_GET = select(members).where(m.id == bindparam("member_id"))
_PROBE = select(literal(1)).select_from(members).where(m.user_name_ci == bindparam("name")).limit(1)


def _member(org_id: str) -> Member:
    at = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    return Member(id=str(uuid.uuid4()), org_id=org_id, user_name=f"{uuid.uuid4().hex}@hot.test",
                  state=MemberState.ACTIVE, managed_by=ManagedBy.SCIM, created_at=at,
                  updated_at=at, profile={"name": {"givenName": "Ada"}, "n": [1, 2.5, None],
                                          "big": 2**70}, last_sign_in_at=None)


def _instants(row: Any) -> list[Any]:
    """Instants compared as such (SQLAlchemy reads SQLite's naive, Hot reads them in UTC)."""
    return [utc(v) if isinstance(v, datetime) else v for v in row]


@pytest.fixture
def engine(container: Container) -> Engine:
    return container.engine


def test_rows_written_and_read_match_sqlalchemys(engine: Engine, container: Container):
    org = make_org(container.deps, "hot")
    member = _member(org.id)
    with engine.begin() as conn:
        assert Hot(insert(members)).rowcount(conn, to_row(member)) == 1
        mine = Hot(_GET).first(conn, {"member_id": member.id})
        theirs = conn.execute(_GET, {"member_id": member.id}).first()
        assert theirs is not None and mine is not None
        assert _instants(mine) == _instants(theirs)
        assert mine[m.keys().index("profile")] == member.profile  # JSON both ways
        assert mine[m.keys().index("created_at")] == member.created_at  # aware, exact
        probe = Hot(_PROBE)  # literal() and limit() carry their own values
        assert probe.first(conn, {"name": member.user_name.lower()}) == (1,)
        assert probe.first(conn, {"name": "nobody"}) is None
        changed = Hot(update(members).where(m.id == bindparam("key")))
        assert changed.rowcount(conn, {"key": member.id, "version": 7}) == 1
        assert changed.rowcount(conn, {"key": "no-such-id", "version": 7}) == 0
        assert conn.execute(select(m.version).where(m.id == member.id)).scalar() == 7
        created = conn.execute(select(m.created_at).where(m.id == member.id)).scalar()
        assert created.replace(tzinfo=UTC) == member.created_at


def test_a_failing_statement_raises_sqlalchemys_error_and_the_transaction_survives(
    engine: Engine, container: Container,
):
    org = make_org(container.deps, "hot")
    member = _member(org.id)
    with engine.connect() as conn:
        with conn.begin():
            Hot(insert(members)).rowcount(conn, to_row(member))
        tx = conn.begin()
        with pytest.raises(IntegrityError):
            Hot(insert(members)).rowcount(conn, to_row(member))
        tx.rollback()
        assert conn.execute(select(organizations.c.id).where(
            organizations.c.id == org.id)).scalar() == org.id


def test_with_a_statement_listener_the_statement_goes_through_sqlalchemy(
    engine: Engine, container: Container,
):
    org = make_org(container.deps, "hot")
    seen: list[str] = []

    def listen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        with engine.connect() as conn:
            Hot(_GET).first(conn, {"member_id": org.id})
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert any("FROM members" in s for s in seen)

"""Each org's member count (provisor.store.member_counts) stays exact, and whole-org
list pages read it; sequential pages seek past the previous page instead of OFFSET."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from starlette.testclient import TestClient

from provisor.api.bootstrap import Container
from provisor.domain.member import ManagedBy, Member, MemberState
from provisor.store import member_counts
from provisor.store.tables import member_counts as counts_table
from provisor.store.tables import members
from tests.conftest import ReadyOrg, make_org
from tests.integration.scim.helpers import user_body


def _counted(container: Container, org_id: str) -> tuple[int | None, int]:
    """(the count row, COUNT(*)) for the org."""
    with container.engine.connect() as conn:
        row = member_counts.read(conn, org_id)
        actual = conn.execute(select(func.count()).select_from(members).where(
            members.c.org_id == org_id)).scalar_one()
    return (row.members if row else None), int(actual)


def _drop_count(container: Container, org_id: str) -> None:
    with container.engine.begin() as conn:
        conn.execute(delete(counts_table).where(counts_table.c.org_id == org_id))


def _create(client: TestClient, org: ReadyOrg, n: int) -> list[str]:
    ids = []
    for _ in range(n):
        reply = client.post(org.scim_base + "/Users", json=user_body(), headers=org.auth)
        assert reply.status_code == 201
        ids.append(reply.json()["id"])
    return ids


def _total(client: TestClient, org: ReadyOrg, query: str = "startIndex=1&count=1") -> int:
    reply = client.get(f"{org.scim_base}/Users?{query}", headers=org.auth)
    assert reply.status_code == 200
    return int(reply.json()["totalResults"])


def test_the_count_follows_every_add_and_removal(client: TestClient, container: Container):
    org = make_org(container.deps, "count")
    ids = _create(client, org, 6)
    for uid in ids[:2]:
        assert client.delete(f"{org.scim_base}/Users/{uid}", headers=org.auth).status_code == 204
    assert client.delete(f"{org.scim_base}/Users/{ids[0]}", headers=org.auth).status_code == 404
    row, actual = _counted(container, org.id)
    assert row == actual == 4 + 1  # and the demo org's owner
    assert _total(client, org) == actual  # a full page: totalResults from the row


def test_an_org_without_a_row_is_counted_then_gets_its_row_on_the_next_add(
    client: TestClient, container: Container,
):
    org = make_org(container.deps, "count")
    _create(client, org, 3)
    with container.engine.connect() as conn:
        before = member_counts.read(conn, org.id)
    _drop_count(container, org.id)
    assert _counted(container, org.id) == (None, 4)
    assert _total(client, org) == 4  # COUNT(*)
    _create(client, org, 1)
    assert _counted(container, org.id) == (5, 5)
    with container.engine.connect() as conn:
        after = member_counts.read(conn, org.id)
    # the new row's ``changes`` is past the old row's: no offset hint of before applies
    assert before is not None and after is not None and after.changes > before.changes


def test_sequential_pages_seek_and_read_what_offset_reads(
    client: TestClient, container: Container,
):
    org = make_org(container.deps, "count")
    _create(client, org, 9)
    with container.engine.connect() as conn:
        expected = list(conn.execute(select(members.c.id).where(
            members.c.org_id == org.id).order_by(members.c.id)).scalars())

    def walk() -> list[str]:
        seen: list[str] = []
        for start in range(1, len(expected) + 1, 3):
            reply = client.get(f"{org.scim_base}/Users?startIndex={start}&count=3",
                               headers=org.auth)
            body = reply.json()
            assert body["totalResults"] == len(expected)
            seen += [u["id"] for u in body["Resources"]]
        return seen

    assert walk() == expected
    with container.engine.connect() as conn:
        changes = member_counts.read(conn, org.id)
    assert changes is not None
    assert member_counts.HINTS.get(org.id, changes.changes, 3) == expected[2]  # seeks were set
    assert walk() == expected  # and used: the same pages
    # a member added in between: the hints no longer apply, OFFSET reads the new order
    _create(client, org, 1)
    with container.engine.connect() as conn:
        expected = list(conn.execute(select(members.c.id).where(
            members.c.org_id == org.id).order_by(members.c.id)).scalars())
    assert walk() == expected


def test_concurrent_first_adds_count_every_member(container: Container):
    """Threads add members to one org at once, starting with no count row (the
    PostgreSQL race on the row's first INSERT), then with one."""
    org = make_org(container.deps, "count")
    for rounds in range(2):
        if rounds == 0:
            _drop_count(container, org.id)
        errors: list[BaseException] = []

        def add(errors: list[BaseException] = errors) -> None:
            try:
                for _ in range(5):
                    with container.deps.uow(write=True) as uow:
                        uow.members.add(_member(org.id))
                        uow.commit()
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=add) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        row, actual = _counted(container, org.id)
        assert row == actual == 1 + 40 * (rounds + 1)


def _member(org_id: str) -> Member:
    now = datetime.now(UTC)
    return Member(id=str(uuid.uuid4()), org_id=org_id, user_name=f"{uuid.uuid4().hex}@count.test",
                  state=MemberState.ACTIVE, managed_by=ManagedBy.SCIM, created_at=now,
                  updated_at=now)


def test_a_rolled_back_transaction_counts_nothing_and_a_shared_one_counts_all(
    container: Container,
):
    org = make_org(container.deps, "count")
    try:
        with container.deps.shared_transaction() as tx, tx.uow(write=True) as uow:
            uow.members.add(_member(org.id))
            uow.members.add(_member(org.id))
            raise RuntimeError("a Bulk operation failed: nothing is kept")
    except RuntimeError:
        pass
    assert _counted(container, org.id) == (1, 1)
    with container.deps.shared_transaction() as tx:
        for _ in range(3):
            with tx.uow(write=True) as uow:
                uow.members.add(_member(org.id))
                uow.commit()
    assert _counted(container, org.id) == (4, 4)

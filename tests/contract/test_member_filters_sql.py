"""The SQL store compiles member filters to SQL (representative cases only; the
filter compiler's full coverage lives with its own tests). RFC 7644 §3.4.2.2."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from provisor.domain.member import Member
from provisor.domain.ports import UnitOfWorkFactory
from provisor.domain.query import (
    And,
    AnyOf,
    Attr,
    Compare,
    ListQuery,
    Node,
    Not,
    Op,
    Present,
    ValueType,
)
from tests.contract.backends import sql_stores
from tests.contract.builders import T0, add_members, add_org, member

pytestmark = sql_stores
LAST_MODIFIED = Attr(("meta", "lastModified"), ValueType.DATETIME)


def people(org_id: str) -> dict[str, Member]:
    ada = member(org_id, "Ada@Acme.test", external_id="EXT-ada", title="Countess",
                 emails=[{"value": "ada@home.test", "type": "home"},
                         {"value": "Ada.Lovelace@Acme.test", "type": "work", "primary": True}])
    bob = member(org_id, "bob@acme.test", external_id="ext-bob",
                 emails=[{"value": "bob@acme.test", "type": "home"}])
    cy = member(org_id, "cy@acme.test", title="")
    cy.updated_at = T0 + timedelta(hours=2)
    return {"ada": ada, "bob": bob, "cy": cy}


CASES: list[tuple[str, Node, set[str]]] = [
    ("userName eq ignores case",
     Compare(Attr(("userName",)), Op.EQ, "ADA@acme.TEST"), {"ada"}),
    ("externalId eq is case-exact",
     Compare(Attr(("externalId",), case_exact=True), Op.EQ, "ext-ada"), set()),
    ("externalId eq matches its exact value",
     Compare(Attr(("externalId",), case_exact=True), Op.EQ, "EXT-ada"), {"ada"}),
    ('emails[type eq "work" and value co "lovelace"]',
     AnyOf(Attr(("emails",)), And((Compare(Attr(("type",)), Op.EQ, "work"),
                                   Compare(Attr(("value",)), Op.CO, "lovelace")))), {"ada"}),
    ('emails[type eq "home"]',
     AnyOf(Attr(("emails",)), Compare(Attr(("type",)), Op.EQ, "home")), {"ada", "bob"}),
    ("title pr (empty strings are absent)", Present(Attr(("title",))), {"ada"}),
    ('not (title eq "countess") keeps members without a title',
     Not(Compare(Attr(("title",)), Op.EQ, "countess")), {"bob", "cy"}),
    ("meta.lastModified gt, in UTC",
     Compare(LAST_MODIFIED, Op.GT, "2025-03-01T13:00:00Z"), {"cy"}),
]


@pytest.mark.parametrize(("name", "where", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_member_filter_selects_exactly_the_matching_members(
    store: UnitOfWorkFactory, name: str, where: Node, expected: set[str],
) -> None:
    o, other = add_org(store), add_org(store)
    mine = people(o.id)
    add_members(store, *mine.values(), *people(other.id).values())
    with store() as uow:
        page = uow.members.find(o.id, ListQuery(filter=where))
    by_id = {m.id: n for n, m in mine.items()}
    assert {by_id[m.id] for m in page.items} == expected
    assert page.total == len(expected)


def test_a_datetime_filter_with_an_offset_compares_instants(store: UnitOfWorkFactory) -> None:
    """13:30+02:00 is 11:30Z: before every member's lastModified (12:00Z, 14:00Z).

    RFC 7643 §2.3.5: dateTime values are instants; the offset is part of the value.
    """
    o = add_org(store)
    mine = people(o.id)
    add_members(store, *mine.values())
    value = datetime(2025, 3, 1, 13, 30, tzinfo=timezone(timedelta(hours=2)))
    assert value.astimezone(UTC) < T0
    where = Compare(LAST_MODIFIED, Op.GT, value.isoformat())
    with store() as uow:
        page = uow.members.find(o.id, ListQuery(filter=where))
    assert page.total == 3

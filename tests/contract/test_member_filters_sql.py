"""The SQL store compiles member filters to SQL (representative cases only; the
filter compiler's full coverage lives with its own tests). RFC 7644 §3.4.2.2."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from provisor.domain.custom_attributes import custom_schema_urn
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


# An org's custom attributes live in the profile under its URN, as ``scim.custom``
# writes them: dateTimes as UTC text (microseconds only when there are some),
# numbers as JSON numbers, multi-valued ones as arrays of simple values.
CUSTOM = custom_schema_urn("acme")
SINCE = Attr((CUSTOM, "since"), ValueType.DATETIME, case_exact=True)
LEVEL = Attr((CUSTOM, "level"), ValueType.INTEGER, case_exact=True)


def custom_people(org_id: str) -> dict[str, Member]:
    return {
        "ada": member(org_id, **{CUSTOM: {"since": "2024-03-01T08:00:00Z", "level": 12,
                                          "tags": ["Alpha", "beta"], "floors": [3, 12]}}),
        "bob": member(org_id, **{CUSTOM: {"since": "2024-03-01T08:00:00.500000Z", "level": 7,
                                          "tags": ["gamma"], "floors": [7]}}),
        "cy": member(org_id, **{CUSTOM: {"since": "2024-01-01T01:00:00Z", "level": 100}}),
        "dee": member(org_id),
    }


def _value(kind: ValueType = ValueType.STRING) -> Attr:
    return Attr(("value",), kind, case_exact=kind is not ValueType.STRING)


CUSTOM_CASES: list[tuple[str, Node, set[str]]] = [
    ("dateTime eq, same instant written with an offset",
     Compare(SINCE, Op.EQ, "2024-03-01T09:00:00+01:00"), {"ada"}),
    ("dateTime eq, fractional seconds",
     Compare(SINCE, Op.EQ, "2024-03-01T08:00:00.5Z"), {"bob"}),
    ("dateTime gt: .5 s after a whole second",
     Compare(SINCE, Op.GT, "2024-03-01T08:00:00Z"), {"bob"}),
    ("dateTime ge", Compare(SINCE, Op.GE, "2024-03-01T08:00:00Z"), {"ada", "bob"}),
    ("dateTime lt with an offset",
     Compare(SINCE, Op.LT, "2024-01-01T04:00:00+02:00"), {"cy"}),
    ("dateTime le", Compare(SINCE, Op.LE, "2024-01-01T01:00:00Z"), {"cy"}),
    ("dateTime pr", Present(SINCE), {"ada", "bob", "cy"}),
    ("dateTime ne keeps members without one",
     Compare(SINCE, Op.NE, "2024-03-01T08:00:00Z"), {"bob", "cy", "dee"}),
    ("integer gt compares numbers", Compare(LEVEL, Op.GT, 8), {"ada", "cy"}),
    ('simple array: tags eq "ALPHA" ignores case',
     AnyOf(Attr((CUSTOM, "tags")), Compare(_value(), Op.EQ, "ALPHA")), {"ada"}),
    ('simple array: tags co "a"',
     AnyOf(Attr((CUSTOM, "tags")), Compare(_value(), Op.CO, "a")), {"ada", "bob"}),
    ("simple array: tags pr", AnyOf(Attr((CUSTOM, "tags")), Present(_value())),
     {"ada", "bob"}),
    ("simple array of numbers: floors gt 10",
     AnyOf(Attr((CUSTOM, "floors")), Compare(_value(ValueType.INTEGER), Op.GT, 10)),
     {"ada"}),
]


@pytest.mark.parametrize(("name", "where", "expected"), CUSTOM_CASES,
                         ids=[c[0] for c in CUSTOM_CASES])
def test_a_filter_on_custom_values_compares_them_by_type(
    store: UnitOfWorkFactory, name: str, where: Node, expected: set[str],
) -> None:
    o, other = add_org(store), add_org(store)
    mine = custom_people(o.id)
    add_members(store, *mine.values(), *custom_people(other.id).values())
    with store() as uow:
        page = uow.members.find(o.id, ListQuery(filter=where))
    by_id = {m.id: n for n, m in mine.items()}
    assert {by_id[m.id] for m in page.items} == expected
    assert page.total == len(expected)


@pytest.mark.parametrize(("sort", "ascending"), [
    (LEVEL, ["bob", "ada", "cy"]),  # 7 < 12 < 100: as numbers, not as text
    (SINCE, ["cy", "ada", "bob"]),  # 08:00:00Z before 08:00:00.500000Z
])
def test_sorting_by_custom_values_orders_them_by_type(
    store: UnitOfWorkFactory, sort: Attr, ascending: list[str],
) -> None:
    o = add_org(store)
    mine = custom_people(o.id)
    add_members(store, *mine.values())
    by_id = {m.id: n for n, m in mine.items()}
    for descending, expected in ((False, ascending), (True, ascending[::-1])):
        with store() as uow:
            page = uow.members.find(o.id, ListQuery(filter=Present(sort), sort=sort,
                                                    descending=descending))
        assert [by_id[m.id] for m in page.items] == expected

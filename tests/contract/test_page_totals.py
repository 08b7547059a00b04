"""totalResults of member pages, whether the store counts or the page tells it.

The SQL store skips ``COUNT(*)`` when a page reached at an offset is not full
(issue 7); these pin the totals in every case the shortcut and the count meet.
"""

from __future__ import annotations

import pytest

from provisor.domain.ports import UnitOfWorkFactory
from provisor.domain.query import Attr, Compare, ListQuery, Op
from tests.contract.backends import every_store, sql_stores
from tests.contract.builders import add_group, add_members, add_org, member

ACME = Compare(Attr(("userName",)), Op.CO, "acme")  # the fake knows only eq


@every_store
@pytest.mark.parametrize(("query", "total", "shown"), [
    (ListQuery(count=10), 5, 5),  # one partial first page
    (ListQuery(count=5), 5, 5),  # exactly full: counted
    (ListQuery(count=2), 5, 2),  # full first page
    (ListQuery(start_index=3, count=2), 5, 2),  # full middle page
    (ListQuery(start_index=4, count=10), 5, 2),  # partial last page at an offset
    (ListQuery(start_index=6, count=10), 5, 0),  # past the end
    (ListQuery(start_index=60, count=10), 5, 0),  # far past the end
    (ListQuery(count=0), 5, 0),  # count=0 asks for the total only
    (ListQuery(filter=Compare(Attr(("userName",)), Op.EQ, "nobody"), count=10), 0, 0),
    (ListQuery(filter=Compare(Attr(("userName",)), Op.EQ, "nobody"), start_index=2), 0, 0),
])
def test_totals_are_the_whole_result_set_on_every_page(
    store: UnitOfWorkFactory, query: ListQuery, total: int, shown: int,
) -> None:
    o, other = add_org(store), add_org(store)
    add_members(store, *(member(o.id, f"u{i}@acme.test") for i in range(3)),
                member(o.id, "x@example.test"), member(o.id, "y@example.test"))
    add_members(store, member(other.id, "z@acme.test"))
    with store() as uow:
        page = uow.members.find(o.id, query)
    assert (page.total, len(page.items), page.start_index) == (total, shown, query.start_index)


@sql_stores
@pytest.mark.parametrize(("start_index", "total", "shown"), [(1, 3, 3), (3, 3, 1), (4, 3, 0)])
def test_filtered_totals_count_only_the_matches(
    store: UnitOfWorkFactory, start_index: int, total: int, shown: int,
) -> None:
    o = add_org(store)
    add_members(store, *(member(o.id, f"u{i}@acme.test") for i in range(3)),
                member(o.id, "x@example.test"), member(o.id, "y@example.test"))
    with store() as uow:
        page = uow.members.find(o.id, ListQuery(filter=ACME, start_index=start_index, count=10))
    assert (page.total, len(page.items)) == (total, shown)


@sql_stores
def test_cursor_pages_carry_the_whole_total(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    add_members(store, *(member(o.id) for _ in range(5)))
    seen, totals, cursor = [], [], ""
    with store() as uow:
        while True:
            page = uow.members.find(o.id, ListQuery(count=2, cursor=cursor or None,
                                                    use_cursor=True))
            seen += [m.id for m in page.items]
            totals.append(page.total)
            if not page.next_cursor:
                break
            cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 5
    assert totals == [5, 5, 5]


def _members_in_groups(store: UnitOfWorkFactory) -> tuple[str, list[str]]:
    """Five members of an org: the first three in two groups, the fourth in one, the
    last in none; and a member of another org in a group of its own."""
    o, other = add_org(store), add_org(store)
    people = add_members(store, *(member(o.id, f"u{i}@acme.test") for i in range(5)))
    ids = sorted(m.id for m in people)
    add_group(store, o.id, set(ids[:4]), display_name="Zulu")
    add_group(store, o.id, set(ids[:3]), display_name="Alpha")
    (stranger,) = add_members(store, member(other.id, "z@acme.test"))
    add_group(store, other.id, {stranger.id}, display_name="Other")
    return o.id, ids


def _assert_same_as_find_then_groups(store: UnitOfWorkFactory, org_id: str,
                                     query: ListQuery) -> int:
    with store() as uow:
        page, groups = uow.members.find_with_groups(org_id, query)
        alone = uow.members.find(org_id, query)
        ids = [m.id for m in alone.items]
        expected = uow.groups.groups_of_many(org_id, ids) if ids else {}
    assert page == alone
    assert groups == expected
    return len(page.items)


@every_store
@pytest.mark.parametrize("query", [
    ListQuery(count=10), ListQuery(count=2), ListQuery(start_index=3, count=2),
    ListQuery(start_index=5, count=2), ListQuery(start_index=9, count=2), ListQuery(count=0),
    ListQuery(filter=Compare(Attr(("userName",)), Op.EQ, "U1@acme.test")),
    ListQuery(filter=Compare(Attr(("userName",)), Op.EQ, "u4@acme.test")),
    ListQuery(filter=Compare(Attr(("userName",)), Op.EQ, "z@acme.test")),  # other org's
])
def test_a_page_with_its_groups_is_the_page_and_then_its_members_groups(
    store: UnitOfWorkFactory, query: ListQuery,
) -> None:
    org_id, _ = _members_in_groups(store)
    _assert_same_as_find_then_groups(store, org_id, query)


@sql_stores
def test_a_page_with_its_groups_agrees_for_sorted_filtered_and_cursor_pages(
    store: UnitOfWorkFactory,
) -> None:
    org_id, _ = _members_in_groups(store)
    for query in (ListQuery(sort=Attr(("userName",)), descending=True, count=3),
                  ListQuery(filter=ACME, start_index=2, count=2)):
        assert _assert_same_as_find_then_groups(store, org_id, query) > 0
    query, seen = ListQuery(count=2, use_cursor=True), 0
    while True:  # every page after a cursor key, groups and all
        seen += _assert_same_as_find_then_groups(store, org_id, query)
        with store() as uow:
            following = uow.members.find(org_id, query).next_cursor
        if following is None:
            break
        query = ListQuery(count=2, use_cursor=True, cursor=following)
    assert seen == 5

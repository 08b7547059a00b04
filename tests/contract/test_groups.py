"""GroupRepository contract: membership deltas report only the rows they change."""

from __future__ import annotations

from dataclasses import replace

import pytest

from provisor.domain.errors import Conflict, InvalidValue
from provisor.domain.group import GroupMember
from provisor.domain.member import MemberState
from provisor.domain.ports import UnitOfWorkFactory
from provisor.domain.query import ListQuery
from tests.contract.backends import every_store
from tests.contract.builders import add_group, add_members, add_org, at, group, member

pytestmark = every_store


def test_a_group_reads_back_equal_and_save_replaces_it(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    g = add_group(store, o.id)
    with store() as uow:
        assert uow.groups.get(o.id, g.id) == g
    renamed = replace(g, display_name="Renamed", external_id="ext-9", version=2,
                      updated_at=at(4))
    with store(write=True) as uow:
        uow.groups.save(renamed)
        uow.commit()
    with store() as uow:
        assert uow.groups.get(o.id, g.id) == renamed
        page = uow.groups.find(o.id, ListQuery())
        assert (page.items, page.total) == ([renamed], 1)


def test_name_taken_ignores_case_excludes_the_group_itself_and_other_orgs(
    store: UnitOfWorkFactory,
) -> None:
    o, other = add_org(store), add_org(store)
    g = add_group(store, o.id, display_name="Engineering")
    with store() as uow:
        assert uow.groups.name_taken(o.id, "ENGINEERING") is True
        assert uow.groups.name_taken(o.id, "engineering", exclude_id=g.id) is False
        assert uow.groups.name_taken(other.id, "Engineering") is False
    with pytest.raises(Conflict), store(write=True) as uow:
        uow.groups.add(group(o.id, "engineering"))


def test_add_and_remove_members_return_only_the_ids_actually_changed(
    store: UnitOfWorkFactory,
) -> None:
    o = add_org(store)
    a, b, c = add_members(store, member(o.id), member(o.id), member(o.id))
    g = add_group(store, o.id, {a.id})
    with store(write=True) as uow:
        assert uow.groups.add_members(o.id, g.id, [a.id, b.id]) == {b.id}
        assert uow.groups.add_members(o.id, g.id, []) == set()
        assert uow.groups.remove_members(o.id, g.id, [a.id, c.id]) == {a.id}
        assert uow.groups.remove_members(o.id, g.id, [a.id]) == set()
        uow.commit()
    with store() as uow:
        assert uow.groups.member_ids(o.id, g.id) == {b.id}
        assert uow.groups.member_count(o.id, g.id) == 1


def test_deltas_over_many_members_cross_chunk_boundaries(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    people = add_members(store, *(member(o.id) for _ in range(620)))
    ids = [m.id for m in people]
    g = add_group(store, o.id, set(ids[:10]))
    with store(write=True) as uow:
        assert uow.groups.add_members(o.id, g.id, ids) == set(ids[10:])
        assert uow.groups.remove_members(o.id, g.id, ids[5:]) == set(ids[5:])
        uow.commit()
    with store() as uow:
        assert uow.groups.member_ids(o.id, g.id) == set(ids[:5])
    with store(write=True) as uow:
        assert uow.groups.remove_all_members(o.id, g.id) == set(ids[:5])
        uow.commit()
    with store() as uow:
        assert uow.groups.member_count(o.id, g.id) == 0


def test_members_are_listed_in_id_order_after_a_cursor_with_pending_invitees(
    store: UnitOfWorkFactory,
) -> None:
    o = add_org(store)
    people = add_members(store, member(o.id, "ada", displayName="Ada L."),
                         member(o.id, "bob", state=MemberState.INVITED),
                         member(o.id, "cy"), member(o.id, "di"))
    g = add_group(store, o.id, {m.id for m in people})
    by_id = sorted(people, key=lambda m: m.id)
    expected = [GroupMember(m.id, str(m.profile.get("displayName") or m.user_name),
                            m.state is MemberState.INVITED) for m in by_id]
    with store() as uow:
        assert uow.groups.members(o.id, g.id) == expected
        assert uow.groups.members(o.id, g.id, limit=2) == expected[:2]
        assert uow.groups.members(o.id, g.id, after=by_id[1].id, limit=1) == expected[2:3]
        assert uow.groups.members(o.id, g.id, after=by_id[3].id) == []


def test_entries_show_only_the_orgs_members_in_id_order_as_a_group_lists_them(
    store: UnitOfWorkFactory,
) -> None:
    o, other = add_org(store), add_org(store)
    people = add_members(store, member(o.id, "ada", displayName="Ada L."),
                         member(o.id, "bob", state=MemberState.INVITED),
                         *(member(o.id) for _ in range(520)))
    (stranger,) = add_members(store, member(other.id))
    asked = [m.id for m in people] + [stranger.id, "no-such-member"]
    g = add_group(store, o.id)
    with store(write=True) as uow:
        shown = uow.groups.entries(o.id, asked)  # beyond one chunk of ids
        uow.groups.insert_members(o.id, g.id, [e.member_id for e in shown])
        uow.commit()
    with store() as uow:
        assert shown == uow.groups.members(o.id, g.id)  # what a read of the group shows
        assert [e.member_id for e in shown] == sorted(m.id for m in people)
        assert {e.display for e in shown} >= {"Ada L.", "bob"}
        assert [e.member_id for e in shown if e.pending] == [people[1].id]
        assert uow.groups.entries(o.id, []) == []


def test_inserting_a_member_that_is_gone_is_refused_and_inserts_nothing(
    store: UnitOfWorkFactory,
) -> None:
    o = add_org(store)
    ada, bob = add_members(store, member(o.id), member(o.id))
    g = add_group(store, o.id)
    with store(write=True) as uow:  # bob is deleted after a caller saw him
        uow.members.delete(o.id, bob.id)
        uow.commit()
    with store(write=True) as uow, pytest.raises(InvalidValue):
        uow.groups.insert_members(o.id, g.id, [ada.id, bob.id])
    with store() as uow:
        assert uow.groups.members(o.id, g.id) == []


def test_groups_of_many_maps_each_member_to_its_groups_by_display_name(
    store: UnitOfWorkFactory,
) -> None:
    o = add_org(store)
    people = add_members(store, *(member(o.id) for _ in range(510)))
    ids = [m.id for m in people]
    zulu = add_group(store, o.id, set(ids), display_name="Zulu")
    alpha = add_group(store, o.id, {ids[0], ids[-1]}, display_name="Alpha")
    with store() as uow:
        found = uow.groups.groups_of_many(o.id, ids)
        assert found[ids[0]] == [alpha, zulu] and found[ids[-1]] == [alpha, zulu]
        assert found[ids[1]] == [zulu] and len(found) == 510
        assert uow.groups.groups_of(o.id, ids[0]) == [alpha, zulu]
        assert uow.groups.groups_of(o.id, "missing") == []
        assert uow.groups.member_counts(o.id, [zulu.id, alpha.id]) == {
            zulu.id: 510, alpha.id: 2}


def test_get_with_groups_reads_a_member_and_its_groups_by_display_name(
    store: UnitOfWorkFactory,
) -> None:
    o = add_org(store)
    ada, bob = add_members(store, member(o.id), member(o.id))
    zulu = add_group(store, o.id, {ada.id}, display_name="Zulu")
    alpha = add_group(store, o.id, {ada.id}, display_name="Alpha")
    with store() as uow:
        assert uow.members.get_with_groups(o.id, ada.id) == (ada, [alpha, zulu])
        assert uow.members.get_with_groups(o.id, bob.id) == (bob, [])  # in no group
        assert uow.members.get_with_groups(o.id, "missing") is None
        assert uow.members.get_with_groups(o.id, ada.id) == (
            uow.members.get(o.id, ada.id), uow.groups.groups_of(o.id, ada.id))


def test_deleting_a_group_deletes_its_memberships(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    (a,) = add_members(store, member(o.id))
    g = add_group(store, o.id, {a.id})
    with store(write=True) as uow:
        uow.groups.delete(o.id, g.id)
        uow.commit()
    with store() as uow:
        assert uow.groups.get(o.id, g.id) is None
        assert uow.groups.groups_of(o.id, a.id) == []
        assert uow.members.get(o.id, a.id) == a

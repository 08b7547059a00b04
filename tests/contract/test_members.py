"""MemberRepository contract: round trips, uniqueness, seats, bulk changes, chunking."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from provisor.domain import listing
from provisor.domain.errors import Conflict
from provisor.domain.member import ENTERPRISE_URN, ManagedBy, MemberState, RoleSource
from provisor.domain.ports import UnitOfWorkFactory
from provisor.domain.query import And, Attr, Compare, ListQuery, Op
from tests.contract.backends import every_store
from tests.contract.builders import add_group, add_members, add_org, at, member

pytestmark = every_store

PROFILE: dict[str, Any] = {
    "name": {"givenName": "Ada", "familyName": "Lovelace"}, "displayName": "Ada L.",
    "phoneNumbers": [{"value": "+44 20 7946 0000", "type": "work"}],
    "roles": [{"value": "Engineering", "primary": True}], "title": "Countess",
    ENTERPRISE_URN: {"department": "Analytics", "manager": {"value": "m-1"}},
}


def test_a_member_reads_back_equal_with_its_whole_profile(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    (ada,) = add_members(store, replace(
        member(o.id, "Ada", email="Ada@Acme.test", external_id="ext-1", **PROFILE),
        role="admin", role_source=RoleSource.GROUP_MAPPING, role_override="owner",
        version=3, last_sign_in_at=at(1)))
    with store() as uow:
        assert uow.members.get(o.id, ada.id) == ada


def test_save_replaces_the_writable_state(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    (ada,) = add_members(store, member(o.id, "ada", email="ada@acme.test"))
    changed = replace(ada, user_name="Ada.L", external_id="x", profile={"title": "Engineer"},
                      state=MemberState.DEACTIVATED, managed_by=ManagedBy.MANUAL,
                      role="viewer", version=2, updated_at=at(3))
    with store(write=True) as uow:
        uow.members.save(changed)
        uow.commit()
    with store() as uow:
        assert uow.members.get(o.id, ada.id) == changed
        assert uow.members.conflict(o.id, user_name="nobody", email="ada@acme.test",
                                    external_id=None) is None


@pytest.mark.parametrize("read_first", [True, False])
def test_save_after_a_read_writes_each_changed_indexed_value_and_keeps_the_others(
    store: UnitOfWorkFactory, read_first: bool,
) -> None:
    o = add_org(store)
    (ada,) = add_members(store, member(o.id, "ada", email="ada@acme.test", external_id="e-1"))
    for change in ({"state": MemberState.DEACTIVATED}, {"user_name": "Ada.L"},
                   {"external_id": None}, {"profile": {"emails": [
                       {"value": "ada@new.test", "primary": True}]}}):
        with store(write=True) as uow:
            current = uow.members.get(o.id, ada.id) if read_first else ada
            assert current is not None
            ada = replace(current, version=current.version + 1, **change)
            uow.members.save(ada)
            uow.commit()
        with store() as uow:
            assert uow.members.get(o.id, ada.id) == ada
            email = ada.email or "nobody@x.test"
            assert uow.members.conflict(o.id, user_name=ada.user_name, email=None,
                                        external_id=None) == "userName"
            assert uow.members.conflict(o.id, user_name="x", email=email,
                                        external_id=None) == ("email" if ada.email else None)
            assert uow.members.conflict(o.id, user_name="x", email=None,
                                        external_id=ada.external_id) == (
                "externalId" if ada.external_id else None)
            assert uow.members.seats_used(o.id) == 0  # deactivated by the first change
    assert (ada.user_name, ada.external_id, ada.email) == ("Ada.L", None, "ada@new.test")


def test_delete_removes_the_member_and_its_memberships(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    ada, bob = add_members(store, member(o.id), member(o.id))
    g = add_group(store, o.id, {ada.id, bob.id})
    with store(write=True) as uow:
        uow.members.delete(o.id, ada.id)
        uow.commit()
    with store() as uow:
        assert uow.members.get(o.id, ada.id) is None
        assert uow.groups.member_ids(o.id, g.id) == {bob.id}


@pytest.mark.parametrize(("user_name", "email", "external_id", "taken"), [
    ("ADA", None, None, "userName"),
    ("someone", "ADA@acme.TEST", None, "email"),
    ("someone", None, "ext-1", "externalId"),
    ("someone", "other@acme.test", "EXT-1", None),
    ("ada", "ada@acme.test", "ext-1", "userName"),
])
def test_conflict_names_the_first_unique_attribute_taken(
    store: UnitOfWorkFactory, user_name: str, email: str | None, external_id: str | None,
    taken: str | None,
) -> None:
    o, other = add_org(store), add_org(store)
    (ada,) = add_members(store, member(o.id, "ada", email="ada@acme.test", external_id="ext-1"))
    with store() as uow:
        found = uow.members.conflict(o.id, user_name=user_name, email=email,
                                     external_id=external_id)
        assert found == taken
        assert uow.members.conflict(o.id, user_name=user_name, email=email,
                                    external_id=external_id, exclude_id=ada.id) is None
        assert uow.members.conflict(other.id, user_name=user_name, email=email,
                                    external_id=external_id) is None


@pytest.mark.parametrize("duplicate", [
    {"user_name": "ADA"}, {"email": "ADA@acme.test"}, {"external_id": "ext-1"},
])
def test_adding_a_duplicate_is_a_conflict(store: UnitOfWorkFactory,
                                          duplicate: dict[str, str]) -> None:
    o = add_org(store)
    add_members(store, member(o.id, "ada", email="ada@acme.test", external_id="ext-1"))
    with pytest.raises(Conflict), store(write=True) as uow:
        uow.members.add(member(o.id, duplicate.get("user_name", "bob"),
                               email=duplicate.get("email"),
                               external_id=duplicate.get("external_id")))


def test_seats_are_used_by_invited_and_active_members_only(store: UnitOfWorkFactory) -> None:
    o, other = add_org(store), add_org(store)
    add_members(store, member(o.id, state=MemberState.ACTIVE),
                member(o.id, state=MemberState.INVITED),
                member(o.id, state=MemberState.DEACTIVATED), member(other.id))
    with store() as uow:
        assert uow.members.seats_used(o.id) == 2


def test_ids_managed_by_scim_lists_only_this_orgs_scim_members(
    store: UnitOfWorkFactory,
) -> None:
    o, other = add_org(store), add_org(store)
    scim, _, _ = add_members(store, member(o.id), member(o.id, managed_by=ManagedBy.MANUAL),
                             member(other.id))
    with store() as uow:
        assert uow.members.ids_managed_by_scim(o.id) == [scim.id]


def test_get_many_reads_more_than_one_chunk_and_only_this_orgs_members(
    store: UnitOfWorkFactory,
) -> None:
    o, other = add_org(store), add_org(store)
    mine = add_members(store, *(member(o.id) for _ in range(620)))
    (stranger,) = add_members(store, member(other.id))
    with store() as uow:
        found = uow.members.get_many(o.id, [m.id for m in mine] + [stranger.id, "missing"])
    assert sorted(m.id for m in found) == sorted(m.id for m in mine)
    assert {m.id: m for m in found}[mine[-1].id] == mine[-1]


def test_existing_ids_reads_more_than_one_chunk_and_only_this_orgs_ids(
    store: UnitOfWorkFactory,
) -> None:
    o, other = add_org(store), add_org(store)
    mine = add_members(store, *(member(o.id) for _ in range(620)))
    (stranger,) = add_members(store, member(other.id))
    with store() as uow:
        found = uow.members.existing_ids(o.id, [m.id for m in mine] + [stranger.id, "missing"])
    assert found == {m.id for m in mine}


def test_set_state_bulk_changes_only_the_listed_members_of_this_org(
    store: UnitOfWorkFactory,
) -> None:
    o, other = add_org(store), add_org(store)
    listed = add_members(store, *(member(o.id) for _ in range(510)))
    (kept,) = add_members(store, member(o.id))
    (stranger,) = add_members(store, member(other.id))
    with store(write=True) as uow:
        uow.members.set_state_bulk(o.id, [m.id for m in listed] + [stranger.id],
                                   state=MemberState.DEACTIVATED, managed_by_manual=False,
                                   at=at(9))
        uow.members.set_state_bulk(o.id, [listed[0].id], state=None, managed_by_manual=True,
                                   at=at(10))
        uow.commit()
    with store() as uow:
        first, last = uow.members.get(o.id, listed[0].id), uow.members.get(o.id, listed[-1].id)
        assert first == replace(listed[0], state=MemberState.DEACTIVATED,
                                managed_by=ManagedBy.MANUAL, updated_at=at(10), version=3)
        assert last == replace(listed[-1], state=MemberState.DEACTIVATED, updated_at=at(9),
                               version=2)
        assert uow.members.get(o.id, kept.id) == kept
        assert uow.members.get(other.id, stranger.id) == stranger


def test_ids_with_idp_roles_match_role_values_ignoring_case(store: UnitOfWorkFactory) -> None:
    o, other = add_org(store), add_org(store)
    eng, ops, _ = add_members(
        store, member(o.id, roles=[{"value": "Engineering"}]),
        member(o.id, roles=[{"value": "x"}, {"value": "OPS", "primary": True}]),
        member(o.id, roles=[{"value": "Sales"}]))
    add_members(store, member(other.id, roles=[{"value": "engineering"}]))
    with store() as uow:
        assert sorted(uow.members.ids_with_idp_roles(o.id, ["engineering", "ops"])) == sorted(
            [eng.id, ops.id])
        assert uow.members.ids_with_idp_roles(o.id, []) == []


def test_find_matches_user_name_ignoring_case_and_pages_by_offset(
    store: UnitOfWorkFactory,
) -> None:
    o, other = add_org(store), add_org(store)
    ada, *_ = add_members(store, member(o.id, "Ada@Acme.test"), member(o.id), member(o.id))
    add_members(store, member(other.id, "ada@acme.test"))
    query = ListQuery(filter=Compare(Attr(("userName",)), Op.EQ, "ADA@acme.TEST"))
    with store() as uow:
        page = uow.members.find(o.id, query)
        assert (page.items, page.total) == ([ada], 1)
        all_ids = [m.id for m in uow.members.find(o.id, ListQuery(count=10)).items]
        second = uow.members.find(o.id, ListQuery(start_index=2, count=1))
    assert len(all_ids) == 3 and [m.id for m in second.items] == all_ids[1:2]
    assert (second.total, second.start_index) == (3, 2)


def test_find_listed_matches_the_dashboard_attributes(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    admin, _, invited = add_members(
        store, replace(member(o.id, email="Ada@Acme.test"), role="admin"), member(o.id),
        member(o.id, state=MemberState.INVITED, managed_by=ManagedBy.MANUAL))
    role_is_admin = Compare(listing.ROLE, Op.EQ, "admin")
    invited_manual = And((Compare(listing.STATE, Op.EQ, "invited"),
                          Compare(listing.MANAGED_BY, Op.EQ, "manual")))
    with store() as uow:
        assert uow.members.find_listed(o.id, ListQuery(filter=role_is_admin)).items == [admin]
        assert uow.members.find_listed(o.id, ListQuery(filter=invited_manual)).items == [
            invited]
        by_email = Compare(listing.EMAIL, Op.EQ, "ada@ACME.test")
        assert uow.members.find_listed(o.id, ListQuery(filter=by_email)).items == [admin]

"""Groups: membership deltas touch only changed rows, members stay within their org,
and mapped groups grant and revoke roles as membership changes."""

from __future__ import annotations

import pytest

from provisor.domain.deps import Deps
from provisor.domain.errors import (
    Conflict,
    GroupSyncDisabled,
    InvalidValue,
    NotFound,
    PreconditionFailed,
)
from provisor.domain.group import MembershipDelta
from provisor.domain.member import RoleSource
from provisor.domain.usecases.create_group import create_group
from provisor.domain.usecases.create_member import create_member
from provisor.domain.usecases.delete_group import delete_group
from provisor.domain.usecases.role_mappings import set_group_role_mapping
from provisor.domain.usecases.update_group import GroupChange, update_group
from tests.fakes import FakeWorld
from tests.unit.helpers import ADMIN, IDP, draft, ready_org, stored_member


def people(deps: Deps, org_id: str, *names: str) -> list[str]:
    return [create_member(deps, org_id=org_id, actor=IDP, draft=draft(n)).id for n in names]


def member_ids(world: FakeWorld, org_id: str, group_id: str) -> set[str]:
    with world.store() as uow:
        return uow.groups.member_ids(org_id, group_id)


def writes_since(world: FakeWorld, start: int) -> list[tuple[str, str]]:
    return [(op, m) for op, _, m in world.store.state.membership_writes[start:]]


def test_a_delta_writes_only_the_rows_that_change(world: FakeWorld, deps: Deps,
                                                  org_id: str) -> None:
    a, b, c = people(deps, org_id, "a", "b", "c")
    group, _ = create_group(deps, org_id=org_id, actor=IDP, display_name="Eng", member_ids={a, b})
    start = len(world.store.state.membership_writes)
    updated = update_group(deps, org_id=org_id, actor=IDP, group_id=group.id, change=GroupChange(
        delta=MembershipDelta(add={b, c}, remove={a})))
    assert sorted(writes_since(world, start)) == [("+", c), ("-", a)]
    assert member_ids(world, org_id, group.id) == {b, c}
    assert updated.version == group.version + 1
    assert world.events[-1].attributes == ("members",)


def test_replace_all_computes_the_difference_instead_of_rewriting_the_group(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    a, b, c = people(deps, org_id, "a", "b", "c")
    group, _ = create_group(deps, org_id=org_id, actor=IDP, display_name="Eng", member_ids={a, b})
    start = len(world.store.state.membership_writes)
    update_group(deps, org_id=org_id, actor=IDP, group_id=group.id, change=GroupChange(
        delta=MembershipDelta(add={b, c}, replace_all=True)))
    assert sorted(writes_since(world, start)) == [("+", c), ("-", a)]
    assert member_ids(world, org_id, group.id) == {b, c}


def test_a_delta_that_changes_nothing_records_no_event(world: FakeWorld, deps: Deps,
                                                       org_id: str) -> None:
    a, b = people(deps, org_id, "a", "b")
    group, _ = create_group(deps, org_id=org_id, actor=IDP, display_name="Eng", member_ids={a})
    events = len(world.events)
    same = update_group(deps, org_id=org_id, actor=IDP, group_id=group.id, change=GroupChange(
        display_name="Eng", delta=MembershipDelta(add={a}, remove={b})))
    assert same.version == group.version and len(world.events) == events


def test_another_orgs_member_is_an_unknown_member_value(world: FakeWorld, deps: Deps,
                                                        org_id: str) -> None:
    other = ready_org(world, slug="other")
    (stranger,) = people(deps, other.id, "stranger")
    with pytest.raises(InvalidValue) as refused:
        create_group(deps, org_id=org_id, actor=IDP, display_name="Eng", member_ids={stranger})
    assert refused.value.field == "members"
    group, _ = create_group(deps, org_id=org_id, actor=IDP, display_name="Eng")
    with pytest.raises(InvalidValue):
        update_group(deps, org_id=org_id, actor=IDP, group_id=group.id, change=GroupChange(
            delta=MembershipDelta(add={stranger})))
    assert member_ids(world, org_id, group.id) == set()


def test_display_names_are_unique_per_org_ignoring_case(world: FakeWorld, deps: Deps,
                                                        org_id: str) -> None:
    create_group(deps, org_id=org_id, actor=IDP, display_name="Engineering")
    with pytest.raises(Conflict):
        create_group(deps, org_id=org_id, actor=IDP, display_name="ENGINEERING")
    other, _ = create_group(deps, org_id=org_id, actor=IDP, display_name="Sales")
    with pytest.raises(Conflict):
        update_group(deps, org_id=org_id, actor=IDP, group_id=other.id,
                     change=GroupChange(display_name="engineering"))
    elsewhere = ready_org(world, slug="elsewhere")
    create_group(deps, org_id=elsewhere.id, actor=IDP, display_name="engineering")


def test_group_writes_through_scim_are_refused_while_group_sync_is_off(
    world: FakeWorld, deps: Deps,
) -> None:
    org = ready_org(world, sync_groups=False)
    with pytest.raises(GroupSyncDisabled):
        create_group(deps, org_id=org.id, actor=IDP, display_name="Eng")
    group, _ = create_group(deps, org_id=org.id, actor=ADMIN, display_name="Eng", via_scim=False)
    assert group.display_name == "Eng"


def test_a_stale_expected_version_is_a_failed_precondition(deps: Deps, org_id: str) -> None:
    group, _ = create_group(deps, org_id=org_id, actor=IDP, display_name="Eng")
    update_group(deps, org_id=org_id, actor=IDP, group_id=group.id,
                 change=GroupChange(display_name="Engineering"), expected_version=1)
    with pytest.raises(PreconditionFailed):
        update_group(deps, org_id=org_id, actor=IDP, group_id=group.id,
                     change=GroupChange(display_name="R&D"), expected_version=1)


def test_joining_and_leaving_a_mapped_group_grants_and_revokes_its_role(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    a, b = people(deps, org_id, "a", "b")
    group, _ = create_group(deps, org_id=org_id, actor=IDP, display_name="Admins")
    set_group_role_mapping(deps, org_id=org_id, actor=ADMIN, group_id=group.id, role="admin")
    update_group(deps, org_id=org_id, actor=IDP, group_id=group.id,
                 change=GroupChange(delta=MembershipDelta(add={a, b})))
    assert stored_member(world, org_id, a).role_source is RoleSource.GROUP_MAPPING
    update_group(deps, org_id=org_id, actor=IDP, group_id=group.id,
                 change=GroupChange(delta=MembershipDelta(remove={a})))
    assert (stored_member(world, org_id, a).role, stored_member(world, org_id, b).role) == (
        "member", "admin")


def test_membership_of_an_unmapped_group_leaves_members_untouched(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    (a,) = people(deps, org_id, "a")
    before = stored_member(world, org_id, a)
    group, _ = create_group(deps, org_id=org_id, actor=IDP, display_name="Eng")
    update_group(deps, org_id=org_id, actor=IDP, group_id=group.id,
                 change=GroupChange(delta=MembershipDelta(add={a})))
    assert stored_member(world, org_id, a) == before


def test_deleting_a_mapped_group_revokes_its_role_and_mapping(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    (a,) = people(deps, org_id, "a")
    group, _ = create_group(deps, org_id=org_id, actor=IDP, display_name="Admins",
                         member_ids={a})
    set_group_role_mapping(deps, org_id=org_id, actor=ADMIN, group_id=group.id, role="admin")
    assert stored_member(world, org_id, a).role == "admin"
    delete_group(deps, org_id=org_id, actor=IDP, group_id=group.id)
    assert stored_member(world, org_id, a).role == "member"
    with world.store() as uow:
        assert uow.roles.group_role_mappings(org_id) == []
        assert uow.groups.get(org_id, group.id) is None
    with pytest.raises(NotFound):
        delete_group(deps, org_id=org_id, actor=IDP, group_id=group.id)

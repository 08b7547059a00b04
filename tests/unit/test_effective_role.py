"""A member's effective role: manual override > group mapping > IdP role mapping
(case-insensitive) > the org's default role."""

from __future__ import annotations

from typing import Any

import pytest

from provisor.domain.deps import Deps
from provisor.domain.errors import InvalidValue
from provisor.domain.member import RoleSource
from provisor.domain.role import Role, effective_role
from provisor.domain.usecases.create_group import create_group
from provisor.domain.usecases.create_member import create_member
from provisor.domain.usecases.role_mappings import set_group_role_mapping, set_role_mapping
from provisor.domain.usecases.set_member_role import set_member_role
from provisor.domain.usecases.update_member import update_member
from tests.fakes import FakeWorld
from tests.unit.helpers import ADMIN, IDP, draft, ready_org, stored_member


def roles(*values: str) -> dict[str, Any]:
    return {"roles": [{"value": v} for v in values]}


def test_without_any_mapping_the_org_default_role_applies(world: FakeWorld, deps: Deps) -> None:
    org = ready_org(world, default_role="viewer")
    member = create_member(deps, org_id=org.id, actor=IDP, draft=draft("ada", **roles("x")))
    assert (member.role, member.role_source) == ("viewer", RoleSource.DEFAULT_ROLE)


def test_an_idp_role_value_maps_to_a_role_ignoring_case(deps: Deps, org_id: str) -> None:
    set_role_mapping(deps, org_id=org_id, actor=ADMIN, idp_value="Engineering-Admins",
                     role="Admin")
    member = create_member(deps, org_id=org_id, actor=IDP,
                           draft=draft("ada", **roles("ENGINEERING-admins")))
    assert (member.role, member.role_source) == ("admin", RoleSource.IDP_ROLE_MAPPING)


def test_changing_the_idp_roles_recomputes_the_role(world: FakeWorld, deps: Deps,
                                                    org_id: str) -> None:
    set_role_mapping(deps, org_id=org_id, actor=ADMIN, idp_value="admins", role="admin")
    member = create_member(deps, org_id=org_id, actor=IDP, draft=draft("ada", **roles("admins")))
    update_member(deps, org_id=org_id, actor=IDP, member_id=member.id, draft=draft("ada"))
    stored = stored_member(world, org_id, member.id)
    assert (stored.role, stored.role_source) == ("member", RoleSource.DEFAULT_ROLE)
    assert world.events[-1].attributes == ("role", "roles")


def test_a_group_mapping_outranks_an_idp_role_mapping_even_with_a_lower_role(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    set_role_mapping(deps, org_id=org_id, actor=ADMIN, idp_value="admins", role="admin")
    member = create_member(deps, org_id=org_id, actor=IDP, draft=draft("ada", **roles("admins")))
    group, _ = create_group(deps, org_id=org_id, actor=IDP, display_name="Readers",
                         member_ids={member.id})
    set_group_role_mapping(deps, org_id=org_id, actor=ADMIN, group_id=group.id, role="viewer")
    stored = stored_member(world, org_id, member.id)
    assert (stored.role, stored.role_source) == ("viewer", RoleSource.GROUP_MAPPING)


def test_the_highest_role_among_mapped_groups_wins(world: FakeWorld, deps: Deps,
                                                   org_id: str) -> None:
    member = create_member(deps, org_id=org_id, actor=IDP, draft=draft("ada"))
    for name, role in (("Readers", "viewer"), ("Owners", "owner"), ("Admins", "admin")):
        group, _ = create_group(deps, org_id=org_id, actor=IDP, display_name=name,
                             member_ids={member.id})
        set_group_role_mapping(deps, org_id=org_id, actor=ADMIN, group_id=group.id, role=role)
    assert stored_member(world, org_id, member.id).role == "owner"


def test_a_manual_override_outranks_every_mapping_until_it_is_cleared(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    member = create_member(deps, org_id=org_id, actor=IDP, draft=draft("ada"))
    group, _ = create_group(deps, org_id=org_id, actor=IDP, display_name="Admins",
                         member_ids={member.id})
    set_group_role_mapping(deps, org_id=org_id, actor=ADMIN, group_id=group.id, role="admin")
    promoted = set_member_role(deps, org_id=org_id, actor=ADMIN, member_id=member.id,
                               role="Viewer")
    assert (promoted.role, promoted.role_source) == ("viewer", RoleSource.MANUAL_OVERRIDE)
    cleared = set_member_role(deps, org_id=org_id, actor=ADMIN, member_id=member.id, role=None)
    assert (cleared.role, cleared.role_source) == ("admin", RoleSource.GROUP_MAPPING)
    assert stored_member(world, org_id, member.id) == cleared


def test_an_override_must_name_an_existing_role(deps: Deps, org_id: str) -> None:
    member = create_member(deps, org_id=org_id, actor=IDP, draft=draft("ada"))
    with pytest.raises(InvalidValue):
        set_member_role(deps, org_id=org_id, actor=ADMIN, member_id=member.id, role="wizard")


def test_precedence_holds_in_the_pure_rule() -> None:
    admin, viewer = Role("admin", 300), Role("viewer", 100)
    assert effective_role(override="owner", group_roles=[viewer], idp_roles=[admin],
                          default_role="member") == ("owner", RoleSource.MANUAL_OVERRIDE)
    assert effective_role(override=None, group_roles=[viewer], idp_roles=[admin],
                          default_role="member") == ("viewer", RoleSource.GROUP_MAPPING)
    assert effective_role(override=None, group_roles=[], idp_roles=[viewer, admin],
                          default_role="member") == ("admin", RoleSource.IDP_ROLE_MAPPING)
    assert effective_role(override=None, group_roles=[], idp_roles=[],
                          default_role=None) == ("member", RoleSource.DEFAULT_ROLE)

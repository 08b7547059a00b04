"""IdP role value → role, and group → role / workspace access mappings.

Changing a mapping recomputes the effective role of every member it touches,
in the same transaction, so no member keeps a role a mapping no longer grants.
"""

from __future__ import annotations

from provisor.domain.deps import Deps
from provisor.domain.errors import InvalidValue, NotFound
from provisor.domain.event import Actor
from provisor.domain.observe import use_case
from provisor.domain.ports import UnitOfWork
from provisor.domain.role import AccessLevel, GroupRoleMapping, RoleMapping, normalize_role_name
from provisor.domain.usecases._groups import recompute_roles
from provisor.domain.usecases._policy import load_org, roles_by_name


def _known_role(uow: UnitOfWork, org_id: str, role: str) -> str:
    name = normalize_role_name(role)
    if name not in roles_by_name(uow, org_id):
        raise InvalidValue("no such role", field="role")
    return name


@use_case("role_mapping.set")
def set_role_mapping(
    deps: Deps, *, org_id: str, actor: Actor, idp_value: str, role: str,
) -> RoleMapping:
    """IdP values match case-insensitively: they are stored lowercased."""
    value = idp_value.strip().lower()
    if not value:
        raise InvalidValue("the IdP role value is required", field="idpValue")
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        mapping = RoleMapping(org.id, value, _known_role(uow, org.id, role))
        uow.roles.set_role_mapping(mapping)
        recompute_roles(uow, org, uow.members.ids_with_idp_roles(org.id, [value]))
        deps.record(uow, org_id=org.id, actor=actor, action="role_mapping.set",
                    target_type="role_mapping", target_id=value[:64], attributes=("role",))
        uow.commit()
        return mapping


@use_case("role_mapping.remove")
def remove_role_mapping(deps: Deps, *, org_id: str, actor: Actor, idp_value: str) -> None:
    value = idp_value.strip().lower()
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        if not uow.roles.remove_role_mapping(org.id, value):
            raise NotFound("no mapping for this IdP role value")
        recompute_roles(uow, org, uow.members.ids_with_idp_roles(org.id, [value]))
        deps.record(uow, org_id=org.id, actor=actor, action="role_mapping.removed",
                    target_type="role_mapping", target_id=value[:64])
        uow.commit()


@use_case("group_role_mapping.set")
def set_group_role_mapping(
    deps: Deps, *, org_id: str, actor: Actor, group_id: str, role: str | None = None,
    workspace: str | None = None, access: AccessLevel | None = None,
) -> GroupRoleMapping:
    """A group grants a role, an access level on a workspace, or both."""
    workspace = workspace.strip() if workspace else None
    if (workspace is None) != (access is None):
        raise InvalidValue("a workspace and an access level go together", field="workspace")
    if role is None and workspace is None:
        raise InvalidValue("map the group to a role or a workspace", field="role")
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        if uow.groups.get(org.id, group_id) is None:
            raise NotFound("group not found")
        name = _known_role(uow, org.id, role) if role else None
        mapping = GroupRoleMapping(org.id, group_id, name, workspace, access)
        uow.roles.set_group_role_mapping(mapping)
        recompute_roles(uow, org, uow.groups.member_ids(org.id, group_id))
        deps.record(uow, org_id=org.id, actor=actor, action="group_role_mapping.set",
                    target_type="group", target_id=group_id,
                    attributes=tuple(a for a, v in (("role", name), ("workspace", workspace))
                                     if v))
        uow.commit()
        return mapping


@use_case("group_role_mapping.remove")
def remove_group_role_mapping(deps: Deps, *, org_id: str, actor: Actor, group_id: str) -> None:
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        if not uow.roles.remove_group_role_mapping(org.id, group_id):
            raise NotFound("no mapping for this group")
        recompute_roles(uow, org, uow.groups.member_ids(org.id, group_id))
        deps.record(uow, org_id=org.id, actor=actor, action="group_role_mapping.removed",
                    target_type="group", target_id=group_id)
        uow.commit()

"""Create and delete an organization's custom roles (built-ins are fixed)."""

from __future__ import annotations

import re

from provisor.domain import listing
from provisor.domain.deps import Deps
from provisor.domain.errors import Conflict, InvalidValue, NotFound
from provisor.domain.event import Actor
from provisor.domain.observe import use_case
from provisor.domain.query import Compare, ListQuery, Op
from provisor.domain.role import CUSTOM_ROLE_DEFAULT_RANK, Role, normalize_role_name
from provisor.domain.usecases._policy import load_org, roles_by_name

ROLE_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


@use_case("role.create")
def create_role(
    deps: Deps, *, org_id: str, actor: Actor, name: str, description: str = "",
    rank: int = CUSTOM_ROLE_DEFAULT_RANK,
) -> Role:
    """Custom roles rank between Viewer (100) and Owner (400), exclusive."""
    role = Role(normalize_role_name(name), rank, False, description.strip()[:500])
    if not ROLE_NAME.fullmatch(role.name):
        raise InvalidValue("role names are lowercase letters, digits, '_', '.', '-'",
                           field="name")
    if not 100 < rank < 400:
        raise InvalidValue("rank must be between 101 and 399", field="rank")
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        if role.name in roles_by_name(uow, org.id):
            raise Conflict("a role with this name exists", field="name")
        uow.roles.add_custom_role(org.id, role)
        deps.record(uow, org_id=org.id, actor=actor, action="role.created",
                    target_type="role", target_id=role.name)
        uow.commit()
    return role


@use_case("role.delete")
def delete_role(deps: Deps, *, org_id: str, actor: Actor, name: str) -> None:
    """Refused while the default role, a mapping or a member still uses the role."""
    name = normalize_role_name(name)
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        custom = {r.name for r in uow.roles.custom_roles(org.id)}
        if name not in custom:
            raise NotFound("no custom role with this name")
        in_use = (org.settings.default_role == name
                  or any(m.role == name for m in uow.roles.role_mappings(org.id))
                  or any(m.role == name for m in uow.roles.group_role_mappings(org.id))
                  or uow.members.find_listed(org.id, ListQuery(
                      filter=Compare(listing.ROLE, Op.EQ, name), count=1)).total > 0)
        if in_use:
            raise Conflict("the role is still in use", field="name")
        uow.roles.delete_custom_role(org.id, name)
        deps.record(uow, org_id=org.id, actor=actor, action="role.deleted",
                    target_type="role", target_id=name)
        uow.commit()

"""Rename a group and apply a membership delta (SCIM PATCH/PUT /Groups/{id}).

Adding one member to a 50,000-member group inserts one row: the delta is
applied row by row and never rewrites the group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from provisor.domain.deps import Deps
from provisor.domain.errors import NotFound, PreconditionFailed
from provisor.domain.event import Actor
from provisor.domain.group import Group, MembershipDelta
from provisor.domain.observe import use_case
from provisor.domain.ports import UnitOfWork
from provisor.domain.usecases._groups import (
    check_members_exist,
    check_name,
    group_is_mapped,
    recompute_roles,
    require_group_sync,
)
from provisor.domain.usecases._policy import load_org

_UNSET = object()


@dataclass(slots=True)
class GroupChange:
    display_name: str | None = None
    external_id: str | object | None = _UNSET
    delta: MembershipDelta = field(default_factory=MembershipDelta)

    @property
    def sets_external_id(self) -> bool:
        return self.external_id is not _UNSET


@use_case("group.update")
def update_group(
    deps: Deps, *, org_id: str, actor: Actor, group_id: str, change: GroupChange,
    expected_version: int | None = None, via_scim: bool = True,
) -> Group:
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        require_group_sync(org, via_scim=via_scim)
        group = uow.groups.get(org.id, group_id)
        if group is None:
            raise NotFound("group not found")
        if expected_version is not None and group.version != expected_version:
            raise PreconditionFailed("the group was modified since that version")
        changed = _rename(uow, group, change)
        touched = _apply_delta(uow, group, change.delta)
        if touched:
            changed.append("members")
            if group_is_mapped(uow, org.id, group.id):
                recompute_roles(uow, org, touched)
        if not changed:
            return group
        group.version += 1
        group.updated_at = deps.clock()
        uow.groups.save(group)
        deps.record(uow, org_id=org.id, actor=actor, action="group.updated",
                    target_type="group", target_id=group.id, attributes=tuple(changed))
        uow.commit()
        return group


def _rename(uow: UnitOfWork, group: Group, change: GroupChange) -> list[str]:
    changed = []
    if change.display_name is not None and change.display_name.strip() != group.display_name:
        group.display_name = check_name(uow, group.org_id, change.display_name, group.id)
        changed.append("displayName")
    if change.sets_external_id and change.external_id != group.external_id:
        group.external_id = change.external_id if isinstance(change.external_id, str) else None
        changed.append("externalId")
    return changed


def _apply_delta(uow: UnitOfWork, group: Group, delta: MembershipDelta) -> set[str]:
    """Apply the delta; return the ids of the members whose membership changed."""
    org_id, add, remove = group.org_id, set(delta.add), set(delta.remove)
    if delta.replace_all:
        current = uow.groups.member_ids(org_id, group.id)
        remove, add = current - add, add - current
    check_members_exist(uow, org_id, add - remove)
    removed = uow.groups.remove_members(org_id, group.id, remove - add)
    added = uow.groups.add_members(org_id, group.id, add - remove)
    return removed | added

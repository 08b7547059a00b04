"""Delete a group; its mapped roles are revoked from its former members."""

from __future__ import annotations

from provisor.domain.deps import Deps
from provisor.domain.errors import NotFound, PreconditionFailed
from provisor.domain.event import Actor
from provisor.domain.observe import use_case
from provisor.domain.usecases._groups import group_is_mapped, recompute_roles, require_group_sync
from provisor.domain.usecases._policy import load_org


@use_case("group.delete")
def delete_group(
    deps: Deps, *, org_id: str, actor: Actor, group_id: str, via_scim: bool = True,
    expected_version: int | None = None,
) -> None:
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        require_group_sync(org, via_scim=via_scim)
        found = uow.groups.get(org.id, group_id)
        if found is None:
            raise NotFound("group not found")
        if expected_version is not None and found.version != expected_version:
            raise PreconditionFailed("the group was modified since that version")
        mapped = group_is_mapped(uow, org.id, group_id)
        former = uow.groups.remove_all_members(org.id, group_id) if mapped else set()
        if mapped:
            uow.roles.remove_group_role_mapping(org.id, group_id)
        uow.groups.delete(org.id, group_id)
        recompute_roles(uow, org, former)
        deps.record(uow, org_id=org.id, actor=actor, action="group.deleted",
                    target_type="group", target_id=group_id)
        uow.commit()

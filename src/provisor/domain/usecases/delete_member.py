"""Delete a member: gone from SCIM, seat freed, kept in the audit log."""

from __future__ import annotations

from provisor.domain.deps import Deps
from provisor.domain.errors import NotFound
from provisor.domain.event import Actor
from provisor.domain.observe import use_case
from provisor.domain.usecases._policy import load_org, require_scim


@use_case("member.delete")
def delete_member(
    deps: Deps, *, org_id: str, actor: Actor, member_id: str, via_scim: bool = True,
) -> None:
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        if via_scim:
            require_scim(org)
        if uow.members.get(org.id, member_id) is None:
            raise NotFound("member not found")
        uow.members.delete(org.id, member_id)
        deps.record(uow, org_id=org.id, actor=actor, action="member.deleted",
                    target_type="member", target_id=member_id)
        uow.commit()

"""Delete a member: gone from SCIM, seat freed, kept in the audit log."""

from __future__ import annotations

from provisor.domain.deps import Deps
from provisor.domain.errors import NotFound, PreconditionFailed
from provisor.domain.event import Actor
from provisor.domain.observe import use_case
from provisor.domain.usecases._policy import load_org, require_scim


@use_case("member.delete")
def delete_member(
    deps: Deps, *, org_id: str, actor: Actor, member_id: str, via_scim: bool = True,
    expected_version: int | None = None,
) -> None:
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        if via_scim:
            require_scim(org)
        found = uow.members.get(org.id, member_id)
        if found is None:
            raise NotFound("member not found")
        if expected_version is not None and found.version != expected_version:
            raise PreconditionFailed("the member was modified since that version")
        uow.members.delete(org.id, member_id)
        deps.record(uow, org_id=org.id, actor=actor, action="member.deleted",
                    target_type="member", target_id=member_id)
        uow.commit()

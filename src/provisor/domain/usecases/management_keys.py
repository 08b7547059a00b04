"""Issue and list management keys; each is bound to an active Owner or Admin."""

from __future__ import annotations

from datetime import datetime

from provisor.domain.deps import Deps
from provisor.domain.errors import Forbidden, NotFound
from provisor.domain.event import Actor
from provisor.domain.observe import use_case
from provisor.domain.token import CredentialKind, IssuedCredential
from provisor.domain.usecases.admin_session import can_administer
from provisor.domain.usecases.credentials import issue_credential


@use_case("management_key.create")
def create_management_key(
    deps: Deps, *, org_id: str, actor: Actor, member_id: str, name: str,
    expires_at: datetime | None = None,
) -> IssuedCredential:
    """The key acts as ``member_id``, which must be an active Owner or Admin of the org."""
    with deps.uow() as uow:
        member = uow.members.get(org_id, member_id)
    if member is None:
        raise NotFound("member not found")
    if not can_administer(member):
        raise Forbidden("management keys may only be bound to an active Owner or Admin")
    return issue_credential(deps, org_id=org_id, actor=actor, name=name,
                            kind=CredentialKind.MANAGEMENT_KEY, expires_at=expires_at,
                            member_id=member.id)

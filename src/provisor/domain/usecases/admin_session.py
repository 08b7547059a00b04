"""Who a management key acts as, checked on every request.

A management key is bound to an org and to one of its members; it works only
while that member is active and its effective role is Owner or Admin, so a
demotion or deactivation takes effect on the next request.
"""

from __future__ import annotations

from dataclasses import dataclass

from provisor.domain.deps import Deps
from provisor.domain.errors import Forbidden
from provisor.domain.event import Actor, ActorType
from provisor.domain.member import Member, MemberState
from provisor.domain.observe import use_case
from provisor.domain.org import Organization
from provisor.domain.token import Credential, CredentialKind
from provisor.domain.usecases.credentials import authenticate

ADMIN_ROLES = frozenset({"owner", "admin"})


@dataclass(frozen=True, slots=True)
class AdminSession:
    org: Organization
    credential: Credential
    member: Member

    @property
    def actor(self) -> Actor:
        return Actor(ActorType.ADMIN, self.member.id, "graphql")


def can_administer(member: Member | None) -> bool:
    return member is not None and member.state is MemberState.ACTIVE \
        and member.role in ADMIN_ROLES


@use_case("admin.authorize")
def authorize_admin(deps: Deps, *, secret: str) -> AdminSession:
    """Unauthorized for a bad key; Forbidden when its member may not administer."""
    org, credential = authenticate(deps, secret=secret, kind=CredentialKind.MANAGEMENT_KEY)
    with deps.uow() as uow:
        member = uow.members.get(org.id, credential.member_id) if credential.member_id else None
    if member is None or not can_administer(member):
        raise Forbidden("the key's member is not an active Owner or Admin")
    return AdminSession(org, credential, member)

"""Create an organization with its first Owner and a management key (platform key)."""

from __future__ import annotations

from dataclasses import dataclass

from provisor.domain.deps import Deps
from provisor.domain.event import Actor
from provisor.domain.member import ManagedBy, Member
from provisor.domain.observe import use_case
from provisor.domain.org import Organization
from provisor.domain.token import CredentialKind, IssuedCredential
from provisor.domain.usecases.create_member import MemberDraft, create_member
from provisor.domain.usecases.create_organization import create_organization
from provisor.domain.usecases.credentials import issue_credential
from provisor.domain.usecases.set_member_role import set_member_role


@dataclass(frozen=True, slots=True)
class NewOrganization:
    org: Organization
    owner: Member
    management_key: IssuedCredential


@use_case("organization.bootstrap")
def bootstrap_organization(
    deps: Deps, *, actor: Actor, slug: str, name: str, owner_user_name: str,
    owner_email: str | None = None,
) -> NewOrganization:
    """All or nothing: the org, its Owner (manually managed) and the Owner's key."""
    profile = {"emails": [{"value": owner_email, "primary": True}]} if owner_email else {}
    with deps.shared_transaction() as tx:
        org = create_organization(tx, actor=actor, slug=slug, name=name)
        owner = create_member(tx, org_id=org.id, actor=actor, managed_by=ManagedBy.MANUAL,
                              draft=MemberDraft(user_name=owner_user_name, profile=profile))
        owner = set_member_role(tx, org_id=org.id, actor=actor, member_id=owner.id,
                                role="owner")
        key = issue_credential(tx, org_id=org.id, actor=actor,
                               kind=CredentialKind.MANAGEMENT_KEY, name="Owner key",
                               member_id=owner.id)
    return NewOrganization(org, owner, key)

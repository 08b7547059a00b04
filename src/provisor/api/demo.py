"""``provisor demo``: an org ready for SCIM, a SCIM token and a management key."""

from __future__ import annotations

from dataclasses import dataclass

from provisor.domain.deps import Deps
from provisor.domain.event import Actor, ActorType
from provisor.domain.member import ManagedBy
from provisor.domain.org import (
    IdentityProvider,
    Organization,
    OrgSettings,
    SsoConnection,
    SsoProtocol,
    SsoStatus,
)
from provisor.domain.query import Attr, Compare, ListQuery, Op
from provisor.domain.token import CredentialKind
from provisor.domain.usecases.create_member import MemberDraft, create_member
from provisor.domain.usecases.create_organization import create_organization
from provisor.domain.usecases.credentials import issue_credential
from provisor.domain.usecases.read import list_members
from provisor.domain.usecases.set_member_role import set_member_role
from provisor.domain.usecases.set_scim import enable_scim
from provisor.domain.usecases.update_organization import update_organization

CLI = Actor(ActorType.PLATFORM, "cli", "cli")


@dataclass(frozen=True, slots=True)
class DemoOrg:
    org: Organization
    scim_token: str
    management_key: str


def _ready(settings: OrgSettings) -> list[str]:
    settings.sso = SsoConnection(SsoProtocol.OIDC, "https://idp.example.com/demo",
                                 SsoStatus.ACTIVE)
    settings.idp = settings.idp or IdentityProvider.GENERIC
    settings.default_role = settings.default_role or "member"
    return ["sso", "idp", "defaultRole"]


def ensure_demo(deps: Deps, slug: str) -> DemoOrg:
    with deps.uow() as uow:
        org = uow.orgs.get_by_slug(slug)
    if org is None:
        org = create_organization(deps, actor=CLI, slug=slug, name=f"{slug.title()} (demo)")
    if not org.scim_enabled:
        org = update_organization(deps, org_id=org.id, actor=CLI, edit=_ready)
        org = enable_scim(deps, org_id=org.id, actor=CLI)
    owner_id = _owner(deps, org)
    token = issue_credential(deps, org_id=org.id, actor=CLI, kind=CredentialKind.SCIM_TOKEN,
                             name="demo SCIM token")
    key = issue_credential(deps, org_id=org.id, actor=CLI, kind=CredentialKind.MANAGEMENT_KEY,
                           name="demo management key", member_id=owner_id)
    return DemoOrg(org, token.secret, key.secret)


def _owner(deps: Deps, org: Organization) -> str:
    """The demo's Owner, whom the management key acts as (created once)."""
    user_name = f"owner@{org.slug}.provisor.invalid"
    found = list_members(deps, org_id=org.id, query=ListQuery(
        filter=Compare(Attr(("userName",)), Op.EQ, user_name), count=1))
    if found.items:
        return found.items[0].id
    member = create_member(deps, org_id=org.id, actor=CLI, managed_by=ManagedBy.MANUAL,
                           draft=MemberDraft(user_name=user_name,
                                             profile={"displayName": "Demo Owner"}))
    set_member_role(deps, org_id=org.id, actor=CLI, member_id=member.id, role="owner")
    return member.id

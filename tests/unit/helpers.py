"""Builders for the use-case tests: orgs seeded straight into the fake store."""

from __future__ import annotations

from typing import Any

from provisor.domain.event import Actor, ActorType
from provisor.domain.member import Member
from provisor.domain.org import (
    EmailDomain,
    IdentityProvider,
    Organization,
    OrgSettings,
    ProvisioningMethod,
    SsoConnection,
    SsoProtocol,
    SsoStatus,
)
from provisor.domain.usecases.create_member import MemberDraft
from tests.fakes import FakeWorld

IDP = Actor(ActorType.SCIM_TOKEN, "token-1", "scim")
ADMIN = Actor(ActorType.ADMIN, "admin-1", "graphql")


def seed_org(world: FakeWorld, *, slug: str = "acme", **settings: Any) -> Organization:
    org = Organization(id=world.ids(), slug=slug, name=slug.title(), created_at=world.clock(),
                       settings=OrgSettings(**settings))
    with world.store(write=True) as uow:
        uow.orgs.add(org)
        uow.commit()
    return org


def ready_org(world: FakeWorld, *, slug: str = "acme", **settings: Any) -> Organization:
    base: dict[str, Any] = {
        "idp": IdentityProvider.GENERIC, "provisioning": ProvisioningMethod.SCIM,
        "default_role": "member",
        "sso": SsoConnection(SsoProtocol.OIDC, "https://idp.example", SsoStatus.ACTIVE),
    }
    return seed_org(world, slug=slug, **(base | settings))


def verify_domain(world: FakeWorld, org_id: str, name: str) -> None:
    with world.store(write=True) as uow:
        uow.orgs.save_domain(EmailDomain(org_id, name, "token", True, world.clock()))
        uow.commit()


def draft(user_name: str, email: str | None = None, *, active: bool = True,
          external_id: str | None = None, **profile: Any) -> MemberDraft:
    if email is not None:
        profile["emails"] = [{"value": email, "type": "work", "primary": True}]
    return MemberDraft(user_name=user_name, external_id=external_id, profile=profile,
                       active=active)


def stored_member(world: FakeWorld, org_id: str, member_id: str) -> Member:
    with world.store() as uow:
        member = uow.members.get(org_id, member_id)
    assert member is not None
    return member


def actions(world: FakeWorld) -> list[str]:
    return [e.action for e in world.events]

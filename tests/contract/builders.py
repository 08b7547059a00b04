"""Entities for the contract tests: unique ids and names, so tests sharing one
database never see each other's rows."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from provisor.domain.group import Group
from provisor.domain.member import ManagedBy, Member, MemberState
from provisor.domain.org import (
    EmailPolicy,
    IdentityProvider,
    Organization,
    OrgSettings,
    ProvisioningMethod,
    SsoConnection,
    SsoProtocol,
    SsoStatus,
)
from provisor.domain.ports import UnitOfWorkFactory

T0 = datetime(2025, 3, 1, 12, 0, 0, 250000, tzinfo=UTC)


def new_id() -> str:
    return uuid4().hex


def at(minutes: float = 0) -> datetime:
    return T0 + timedelta(minutes=minutes)


def org(**settings: Any) -> Organization:
    base: dict[str, Any] = {
        "idp": IdentityProvider.ENTRA, "provisioning": ProvisioningMethod.SCIM,
        "default_role": "member", "auto_activate": False, "sync_groups": False,
        "email_policy": EmailPolicy.IMMUTABLE, "domain_restriction": True, "seat_limit": 7,
        "sso": SsoConnection(SsoProtocol.SAML, "https://idp.example/md", SsoStatus.ACTIVE),
    }
    return Organization(id=new_id(), slug=f"c-{secrets.token_hex(6)}", name="Contract Org",
                        created_at=T0, settings=OrgSettings(**(base | settings)))


def member(org_id: str, user_name: str = "", *, email: str | None = None,
           state: MemberState = MemberState.ACTIVE, managed_by: ManagedBy = ManagedBy.SCIM,
           external_id: str | None = None, **profile: Any) -> Member:
    if email is not None:
        profile["emails"] = [{"value": email, "type": "work", "primary": True}]
    return Member(id=new_id(), org_id=org_id, user_name=user_name or f"u-{new_id()}",
                  state=state, managed_by=managed_by, created_at=T0, updated_at=T0,
                  external_id=external_id, profile=profile)


def group(org_id: str, display_name: str = "") -> Group:
    return Group(id=new_id(), org_id=org_id, display_name=display_name or f"g-{new_id()}",
                 created_at=T0, updated_at=T0)


def add_org(store: UnitOfWorkFactory, **settings: Any) -> Organization:
    created = org(**settings)
    with store(write=True) as uow:
        uow.orgs.add(created)
        uow.commit()
    return created


def add_members(store: UnitOfWorkFactory, *members: Member) -> list[Member]:
    with store(write=True) as uow:
        for m in members:
            uow.members.add(m)
        uow.commit()
    return list(members)


def add_group(store: UnitOfWorkFactory, org_id: str, member_ids: set[str] | None = None,
              display_name: str = "") -> Group:
    created = group(org_id, display_name)
    with store(write=True) as uow:
        uow.groups.add(created)
        uow.groups.add_members(org_id, created.id, member_ids or set())
        uow.commit()
    return created

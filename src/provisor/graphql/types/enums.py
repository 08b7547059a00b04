"""The domain's enums, registered as GraphQL enums (strawberry decorates them in place,
so annotations use the domain classes themselves)."""

from __future__ import annotations

import strawberry

from provisor.domain.event import ActorType, Outcome
from provisor.domain.member import ManagedBy, MemberState, RoleSource
from provisor.domain.org import (
    DisableMode,
    EmailPolicy,
    IdentityProvider,
    ProvisioningMethod,
    SsoProtocol,
    SsoStatus,
)
from provisor.domain.role import AccessLevel

strawberry.enum(IdentityProvider, description="The IdP in use.")
strawberry.enum(ProvisioningMethod, description="How members are provisioned.")
strawberry.enum(EmailPolicy, description="Whether SCIM may change emails.")
strawberry.enum(SsoProtocol, description="The SSO protocol.")
strawberry.enum(SsoStatus, description="Whether the SSO connection is live.")
strawberry.enum(DisableMode, description="SOFT: SCIM members stay active and become manually "
                "managed; LOCK: they are deactivated. Both revoke every SCIM token.")
strawberry.enum(MemberState, description="A member's lifecycle state.")
strawberry.enum(ManagedBy, description="Who manages the member: SCIM or people.")
strawberry.enum(RoleSource, description="Why a member has its effective role.")
strawberry.enum(AccessLevel, description="Access to a workspace; EDIT is highest.")
strawberry.enum(ActorType, description="What kind of caller made a change.")
strawberry.enum(Outcome, description="Success or failure.")

__all__ = ["AccessLevel", "ActorType", "DisableMode", "EmailPolicy", "IdentityProvider",
           "ManagedBy", "MemberState", "Outcome", "ProvisioningMethod", "RoleSource",
           "SsoProtocol", "SsoStatus"]

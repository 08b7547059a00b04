"""The organization, its settings and the SCIM readiness checklist."""

from __future__ import annotations

from datetime import datetime

import strawberry

from provisor.domain import org as d
from provisor.graphql.types.enums import (
    EmailPolicy,
    IdentityProvider,
    ProvisioningMethod,
    SsoProtocol,
    SsoStatus,
)


@strawberry.type(description="The SSO connection (a prerequisite; Provisor logs nobody in).")
class SsoConnection:
    protocol: SsoProtocol = strawberry.field(description="OIDC or SAML.")
    issuer: str = strawberry.field(description="The issuer or metadata URL.")
    status: SsoStatus = strawberry.field(description="ACTIVE once SSO works.")


@strawberry.type(description="Each prerequisite of enabling SCIM, and what is missing.")
class ScimReadiness:
    ready: bool = strawberry.field(description="True when SCIM may be enabled.")
    missing: list[str] = strawberry.field(description="The missing prerequisites, by name.")
    sso_active: bool = strawberry.field(description="SSO is configured and active.")
    default_role_chosen: bool = strawberry.field(description="A default role is chosen.")
    identity_provider_selected: bool = strawberry.field(description="An IdP is selected.")


@strawberry.type(description="An organization's provisioning settings.")
class OrganizationSettings:
    identity_provider: IdentityProvider | None = strawberry.field(description="The IdP.")
    provisioning: ProvisioningMethod = strawberry.field(description="NONE or SCIM.")
    default_role: str | None = strawberry.field(description="The role members get by default.")
    auto_activate: bool = strawberry.field(
        description="SCIM-created members start active (else invited until first sign-in).")
    sync_groups: bool = strawberry.field(description="SCIM may write groups.")
    email_policy: EmailPolicy = strawberry.field(description="MUTABLE or IMMUTABLE.")
    domain_restriction: bool = strawberry.field(
        description="SCIM may only provision emails on verified domains.")
    seat_limit: int | None = strawberry.field(description="The seat limit, if any.")
    sso: SsoConnection | None = strawberry.field(description="The SSO connection, if any.")


@strawberry.type(description="The caller's organization (tenant).")
class Organization:
    entity: strawberry.Private[d.Organization]

    @strawberry.field(description="The organization's id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.entity.id)

    @strawberry.field(description="The URL slug, e.g. in /scim/v2/{slug}.")
    def slug(self) -> str:
        return self.entity.slug

    @strawberry.field(description="The display name.")
    def name(self) -> str:
        return self.entity.name

    @strawberry.field(description="When the organization was created.")
    def created_at(self) -> datetime:
        return self.entity.created_at

    @strawberry.field(description="True while SCIM provisioning is enabled.")
    def scim_enabled(self) -> bool:
        return self.entity.scim_enabled

    @strawberry.field(description="The provisioning settings.")
    def settings(self) -> OrganizationSettings:
        s = self.entity.settings
        sso = SsoConnection(protocol=s.sso.protocol, issuer=s.sso.issuer,
                            status=s.sso.status) if s.sso else None
        return OrganizationSettings(
            identity_provider=s.idp, provisioning=s.provisioning, default_role=s.default_role,
            auto_activate=s.auto_activate, sync_groups=s.sync_groups,
            email_policy=s.email_policy, domain_restriction=s.domain_restriction,
            seat_limit=s.seat_limit, sso=sso)

    @strawberry.field(description="The checklist shown before SCIM can be enabled.")
    def scim_readiness(self) -> ScimReadiness:
        missing = self.entity.scim_readiness()
        return ScimReadiness(
            ready=not missing, missing=missing, sso_active="sso_active" not in missing,
            default_role_chosen="default_role" not in missing,
            identity_provider_selected="identity_provider" not in missing)

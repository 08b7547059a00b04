"""Mutation inputs and their translation to domain values."""

from __future__ import annotations

import strawberry

from provisor.domain.org import SsoStatus as Status
from provisor.domain.usecases.org_settings import UNSET, SettingsPatch
from provisor.graphql.types.enums import (
    EmailPolicy,
    IdentityProvider,
    SsoProtocol,
    SsoStatus,
)


@strawberry.input(description="A new organization and its first Owner.")
class CreateOrganizationInput:
    slug: str = strawberry.field(description="Lowercase letters, digits and hyphens.")
    name: str = strawberry.field(description="The display name.")
    owner_user_name: str = strawberry.field(description="The first Owner's userName.")
    owner_email: str | None = strawberry.field(default=None,
                                               description="The first Owner's email.")


@strawberry.input(description="Settings to change; omitted fields stay as they are.")
class SettingsInput:
    name: str | None = strawberry.field(default=None, description="The display name.")
    identity_provider: IdentityProvider | None = strawberry.field(
        default=None, description="The IdP in use.")
    default_role: str | None = strawberry.field(default=None,
                                                description="The role members get by default.")
    auto_activate: bool | None = strawberry.field(
        default=None, description="SCIM-created members start active.")
    sync_groups: bool | None = strawberry.field(default=None,
                                                description="SCIM may write groups.")
    email_policy: EmailPolicy | None = strawberry.field(default=None,
                                                        description="MUTABLE or IMMUTABLE.")
    domain_restriction: bool | None = strawberry.field(
        default=None, description="Only verified domains may be provisioned.")
    seat_limit: int | None = strawberry.field(
        default=strawberry.UNSET, description="The seat limit; null removes it.")


@strawberry.input(description="The SSO connection.")
class SsoInput:
    protocol: SsoProtocol = strawberry.field(description="OIDC or SAML.")
    issuer: str = strawberry.field(description="The issuer or metadata URL.")
    status: SsoStatus = strawberry.field(default=Status.INACTIVE,
                                         description="ACTIVE once SSO works.")


def settings_patch(i: SettingsInput) -> SettingsPatch:
    def given(value: object) -> object:
        return UNSET if value is None else value
    return SettingsPatch(
        idp=given(i.identity_provider), default_role=given(i.default_role),
        auto_activate=given(i.auto_activate), sync_groups=given(i.sync_groups),
        email_policy=given(i.email_policy), domain_restriction=given(i.domain_restriction),
        seat_limit=UNSET if i.seat_limit is strawberry.UNSET else i.seat_limit)

"""createOrganization (platform key), settings, SSO prerequisite, enable/disable SCIM."""

from __future__ import annotations

import strawberry

from provisor.domain.errors import DomainError
from provisor.domain.event import Actor, ActorType
from provisor.domain.org import DisableMode as Mode
from provisor.domain.org import SsoConnection as Sso
from provisor.domain.org import SsoStatus as Status
from provisor.domain.usecases import org_settings
from provisor.domain.usecases.admin_session import AdminSession
from provisor.domain.usecases.bootstrap_organization import bootstrap_organization
from provisor.domain.usecases.set_scim import disable_scim, enable_scim
from provisor.graphql.context import Info
from provisor.graphql.errors import to_error
from provisor.graphql.guard import guarded
from provisor.graphql.mutations.inputs import (
    CreateOrganizationInput,
    SettingsInput,
    SsoInput,
    settings_patch,
)
from provisor.graphql.mutations.results import (
    CreateOrganizationResult,
    CreateOrganizationSuccess,
    DisableScimResult,
    DisableScimSuccess,
    OrganizationResult,
    OrganizationSuccess,
)
from provisor.graphql.types.enums import DisableMode, SsoStatus
from provisor.graphql.types.errors import Forbidden
from provisor.graphql.types.member import MemberNode
from provisor.graphql.types.org import Organization as Org

PLATFORM = Actor(ActorType.PLATFORM, "platform", "graphql")


@strawberry.type
class OrganizationMutations:
    @strawberry.mutation(description="Create an organization, its Owner and the Owner's "
                         "management key (platform key only).")
    async def create_organization(
        self, info: Info, input: CreateOrganizationInput,
    ) -> CreateOrganizationResult:
        if not info.context.is_platform:
            return Forbidden(message="only the platform key may create organizations")
        try:
            made = await info.context.run(
                bootstrap_organization, actor=PLATFORM, slug=input.slug, name=input.name,
                owner_user_name=input.owner_user_name, owner_email=input.owner_email)
        except DomainError as exc:
            return to_error(exc)
        return CreateOrganizationSuccess(organization=Org(entity=made.org),
                                         owner=MemberNode.of(made.owner),
                                         management_key=made.management_key.secret)

    @strawberry.mutation(description="Change the organization's name and settings.")
    async def update_organization_settings(
        self, info: Info, input: SettingsInput,
    ) -> OrganizationResult:
        async def body(s: AdminSession) -> OrganizationSuccess:
            org = await info.context.run(org_settings.update_settings, org_id=s.org.id,
                                         actor=s.actor, patch=settings_patch(input),
                                         name=input.name)
            return OrganizationSuccess(organization=Org(entity=org))
        return await guarded(info, body)

    @strawberry.mutation(description="Configure the SSO connection (a SCIM prerequisite).")
    async def configure_sso(self, info: Info, input: SsoInput) -> OrganizationResult:
        async def body(s: AdminSession) -> OrganizationSuccess:
            sso = Sso(input.protocol, input.issuer.strip(), Status(input.status))
            org = await info.context.run(org_settings.configure_sso, org_id=s.org.id,
                                         actor=s.actor, sso=sso)
            return OrganizationSuccess(organization=Org(entity=org))
        return await guarded(info, body)

    @strawberry.mutation(description="Mark the SSO connection active or inactive.")
    async def set_sso_status(self, info: Info, status: SsoStatus) -> OrganizationResult:
        async def body(s: AdminSession) -> OrganizationSuccess:
            org = await info.context.run(org_settings.set_sso_status, org_id=s.org.id,
                                         actor=s.actor, status=Status(status))
            return OrganizationSuccess(organization=Org(entity=org))
        return await guarded(info, body)

    @strawberry.mutation(description="Enable SCIM; refused with the missing prerequisites named.")
    async def enable_scim(self, info: Info) -> OrganizationResult:
        async def body(s: AdminSession) -> OrganizationSuccess:
            org = await info.context.run(enable_scim, org_id=s.org.id, actor=s.actor)
            return OrganizationSuccess(organization=Org(entity=org))
        return await guarded(info, body)

    @strawberry.mutation(description="Disable SCIM (SOFT or LOCK); revokes every SCIM token.")
    async def disable_scim(self, info: Info, mode: DisableMode = Mode.SOFT) -> DisableScimResult:
        async def body(s: AdminSession) -> DisableScimSuccess:
            org, affected = await info.context.run(disable_scim, org_id=s.org.id, actor=s.actor,
                                                   mode=Mode(mode))
            return DisableScimSuccess(organization=Org(entity=org), affected_members=affected)
        return await guarded(info, body)

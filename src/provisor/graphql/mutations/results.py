"""Success payloads and the result unions of every mutation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from provisor.graphql.types.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PolicyViolation,
    PreconditionFailed,
    ScimNotReady,
    SeatLimitReached,
    Unauthenticated,
    ValidationError,
)
from provisor.graphql.types.member import MemberNode
from provisor.graphql.types.org import Organization
from provisor.graphql.types.settings import (
    EmailDomainType,
    GroupRoleMappingType,
    ManagementKey,
    RoleMapping,
    RoleType,
    ScimToken,
)


@strawberry.type(description="The organization after the change.")
class OrganizationSuccess:
    organization: Organization = strawberry.field(description="The organization.")


@strawberry.type(description="A new organization, its Owner and the Owner's key.")
class CreateOrganizationSuccess:
    organization: Organization = strawberry.field(description="The organization.")
    owner: MemberNode = strawberry.field(description="The first Owner.")
    management_key: str = strawberry.field(description="The Owner's key, shown only now.")


@strawberry.type(description="SCIM is off; every SCIM token is revoked.")
class DisableScimSuccess:
    organization: Organization = strawberry.field(description="The organization.")
    affected_members: int = strawberry.field(description="SCIM-managed members affected.")


@strawberry.type(description="A new SCIM token; the secret is shown only now.")
class CreateScimTokenSuccess:
    token: ScimToken = strawberry.field(description="The token's metadata.")
    secret: str = strawberry.field(description="The bearer secret; store it now.")


@strawberry.type(description="A new management key; the secret is shown only now.")
class CreateManagementKeySuccess:
    key: ManagementKey = strawberry.field(description="The key's metadata.")
    secret: str = strawberry.field(description="The bearer secret; store it now.")


@strawberry.type(description="The object was removed or revoked.")
class RemovedSuccess:
    id: str = strawberry.field(description="The id or name of what was removed.")


@strawberry.type(description="The role after the change.")
class RoleSuccess:
    role: RoleType = strawberry.field(description="The role.")


@strawberry.type(description="The role mapping after the change.")
class RoleMappingSuccess:
    mapping: RoleMapping = strawberry.field(description="The mapping.")


@strawberry.type(description="The group mapping after the change.")
class GroupRoleMappingSuccess:
    mapping: GroupRoleMappingType = strawberry.field(description="The mapping.")


@strawberry.type(description="The domain after the change.")
class DomainSuccess:
    domain: EmailDomainType = strawberry.field(description="The domain.")


@strawberry.type(description="The member after the change.")
class MemberSuccess:
    member: MemberNode = strawberry.field(description="The member.")


Errors = (NotFound | Forbidden | Unauthenticated | ValidationError | Conflict | SeatLimitReached
          | ScimNotReady | PolicyViolation | PreconditionFailed)


CreateOrganizationResult = Annotated[CreateOrganizationSuccess | Errors, strawberry.union(
    "CreateOrganizationResult", description="CreateOrganizationSuccess or a typed error.")]
OrganizationResult = Annotated[OrganizationSuccess | Errors, strawberry.union(
    "OrganizationResult", description="OrganizationSuccess or a typed error.")]
DisableScimResult = Annotated[DisableScimSuccess | Errors, strawberry.union(
    "DisableScimResult", description="DisableScimSuccess or a typed error.")]
CreateScimTokenResult = Annotated[CreateScimTokenSuccess | Errors, strawberry.union(
    "CreateScimTokenResult", description="CreateScimTokenSuccess or a typed error.")]
CreateManagementKeyResult = Annotated[CreateManagementKeySuccess | Errors, strawberry.union(
    "CreateManagementKeyResult", description="CreateManagementKeySuccess or a typed error.")]
RemovedResult = Annotated[RemovedSuccess | Errors, strawberry.union(
    "RemovedResult", description="RemovedSuccess or a typed error.")]
RoleResult = Annotated[RoleSuccess | Errors, strawberry.union(
    "RoleResult", description="RoleSuccess or a typed error.")]
RoleMappingResult = Annotated[RoleMappingSuccess | Errors, strawberry.union(
    "RoleMappingResult", description="RoleMappingSuccess or a typed error.")]
GroupRoleMappingResult = Annotated[GroupRoleMappingSuccess | Errors, strawberry.union(
    "GroupRoleMappingResult", description="GroupRoleMappingSuccess or a typed error.")]
DomainResult = Annotated[DomainSuccess | Errors, strawberry.union(
    "DomainResult", description="DomainSuccess or a typed error.")]
MemberResult = Annotated[MemberSuccess | Errors, strawberry.union(
    "MemberResult", description="MemberSuccess or a typed error.")]

"""Roles, role mappings, group mappings, domains, SCIM tokens and management keys."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from provisor.domain.org import EmailDomain
from provisor.domain.role import GroupRoleMapping, Role
from provisor.domain.token import Credential
from provisor.domain.usecases.email_domains import txt_record
from provisor.graphql.context import Info
from provisor.graphql.types.enums import AccessLevel

if TYPE_CHECKING:
    from provisor.graphql.types.group import GroupNode

GroupRef = Annotated["GroupNode", strawberry.lazy("provisor.graphql.types.group")]


@strawberry.type(name="Role", description="A built-in or custom role.")
class RoleType:
    name: str = strawberry.field(description="The role name (lowercase).")
    rank: int = strawberry.field(description="Precedence: a higher rank wins.")
    builtin: bool = strawberry.field(description="Owner, Admin, Member and Viewer are built in.")
    description: str = strawberry.field(description="What the role is for.")

    @classmethod
    def of(cls, role: Role) -> RoleType:
        return cls(name=role.name, rank=role.rank, builtin=role.builtin,
                   description=role.description)


@strawberry.type(description="An IdP role value (case-insensitive) granting a role.")
class RoleMapping:
    idp_value: str = strawberry.field(description="The value of the SCIM `roles` attribute.")
    role: str = strawberry.field(description="The role it grants.")


@strawberry.type(description="A group granting a role and/or access to a workspace.")
class GroupRoleMappingType:
    entity: strawberry.Private[GroupRoleMapping]

    @strawberry.field(description="The role the group grants, if any.")
    def role(self) -> str | None:
        return self.entity.role

    @strawberry.field(description="The workspace the group grants access to, if any.")
    def workspace(self) -> str | None:
        return self.entity.workspace

    @strawberry.field(description="The access level on the workspace.")
    def access(self) -> AccessLevel | None:
        return self.entity.access

    @strawberry.field(description="The mapped group.")
    async def group(self, info: Info) -> GroupRef | None:
        from provisor.graphql.types.group import GroupNode
        group = await info.context.loaders.group.load(self.entity.group_id)
        return GroupNode.of(group) if group else None


@strawberry.type(name="EmailDomain", description="A registered email domain.")
class EmailDomainType:
    entity: strawberry.Private[EmailDomain]

    @strawberry.field(description="The domain name.")
    def name(self) -> str:
        return self.entity.name

    @strawberry.field(description="True once ownership is verified.")
    def verified(self) -> bool:
        return self.entity.verified

    @strawberry.field(description="The DNS TXT record that proves ownership.")
    def txt_record(self) -> str:
        return txt_record(self.entity)


@strawberry.interface(description="A credential's metadata; never its secret.")
class CredentialInfo:
    entity: strawberry.Private[Credential]

    @strawberry.field(description="The credential's name.")
    def name(self) -> str:
        return self.entity.name

    @strawberry.field(description="The last four characters of the secret.")
    def last_four(self) -> str:
        return self.entity.last_four

    @strawberry.field(description="When it was created.")
    def created_at(self) -> datetime:
        return self.entity.created_at

    @strawberry.field(description="When it expires, if ever.")
    def expires_at(self) -> datetime | None:
        return self.entity.expires_at

    @strawberry.field(description="When it was last used (minute granularity).")
    def last_used_at(self) -> datetime | None:
        return self.entity.last_used_at

    @strawberry.field(description="When it was revoked, if it was.")
    def revoked_at(self) -> datetime | None:
        return self.entity.revoked_at


@strawberry.type(description="A SCIM bearer token's metadata.")
class ScimToken(CredentialInfo, relay.Node):
    id: relay.NodeID[str]

    @classmethod
    def of(cls, credential: Credential) -> ScimToken:
        return cls(id=credential.id, entity=credential)


@strawberry.type(description="A management API key's metadata.")
class ManagementKey(CredentialInfo, relay.Node):
    id: relay.NodeID[str]

    @classmethod
    def of(cls, credential: Credential) -> ManagementKey:
        return cls(id=credential.id, entity=credential)

    @strawberry.field(description="The global id of the Owner/Admin the key acts as.")
    def member_id(self) -> relay.GlobalID | None:
        mid = self.entity.member_id
        return relay.GlobalID("Member", mid) if mid else None

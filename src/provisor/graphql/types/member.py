"""Members (SCIM Users) as Relay nodes, with effective role and workspace access."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from provisor.domain.member import Member
from provisor.domain.usecases.dashboard_read import workspace_access_of
from provisor.graphql.context import Info
from provisor.graphql.types.enums import (
    AccessLevel,
    ManagedBy,
    MemberState,
    RoleSource,
)

if TYPE_CHECKING:
    from provisor.graphql.types.group import GroupNode

GroupRef = Annotated["GroupNode", strawberry.lazy("provisor.graphql.types.group")]


@strawberry.type(description="A member's effective role and why it has it.")
class EffectiveRole:
    role: str = strawberry.field(description="The role name.")
    source: RoleSource = strawberry.field(
        description="MANUAL_OVERRIDE, GROUP_MAPPING, IDP_ROLE_MAPPING or DEFAULT_ROLE.")


@strawberry.type(description="A member's access to one workspace, granted by a group.")
class WorkspaceAccess:
    workspace: str = strawberry.field(description="The workspace name.")
    access: AccessLevel = strawberry.field(description="The highest level granted.")
    group_id: strawberry.Private[str]

    @strawberry.field(description="The group whose mapping grants this level.")
    async def via_group(self, info: Info) -> GroupRef | None:
        from provisor.graphql.types.group import GroupNode
        group = await info.context.loaders.group.load(self.group_id)
        return GroupNode.of(group) if group else None


@strawberry.type(name="Member", description="A member of the organization (a SCIM User).")
class MemberNode(relay.Node):
    id: relay.NodeID[str]
    entity: strawberry.Private[Member]

    @classmethod
    def of(cls, member: Member) -> MemberNode:
        return cls(id=member.id, entity=member)

    @strawberry.field(description="The unique userName (case-insensitive).")
    def user_name(self) -> str:
        return self.entity.user_name

    @strawberry.field(description="The name to show.")
    def display_name(self) -> str:
        return self.entity.display_name

    @strawberry.field(description="The primary email address, if any.")
    def email(self) -> str | None:
        return self.entity.email

    @strawberry.field(description="The IdP's identifier for the member.")
    def external_id(self) -> str | None:
        return self.entity.external_id

    @strawberry.field(description="INVITED, ACTIVE or DEACTIVATED.")
    def state(self) -> MemberState:
        return MemberState(self.entity.state)

    @strawberry.field(description="SCIM ('Managed by SCIM') or MANUAL.")
    def managed_by(self) -> ManagedBy:
        return ManagedBy(self.entity.managed_by)

    @strawberry.field(description="The effective role and its reason.")
    def effective_role(self) -> EffectiveRole:
        return EffectiveRole(role=self.entity.role, source=RoleSource(self.entity.role_source))

    @strawberry.field(description="The role an Owner/Admin set by hand, if any.")
    def role_override(self) -> str | None:
        return self.entity.role_override

    @strawberry.field(description="The IdP role values (SCIM `roles`).")
    def idp_roles(self) -> list[str]:
        return self.entity.idp_roles

    @strawberry.field(description="Workspace access granted by the member's groups.")
    async def workspace_access(self, info: Info) -> list[WorkspaceAccess]:
        grants = await info.context.loaders.workspace_grants.load(self.entity.id)
        return [WorkspaceAccess(workspace=w, access=a, group_id=g)
                for w, a, g in workspace_access_of(self.entity, grants)]

    @strawberry.field(description="The member's groups.")
    async def groups(self, info: Info) -> list[GroupRef]:
        from provisor.graphql.types.group import GroupNode
        return [GroupNode.of(g) for g in await info.context.loaders.groups_of.load(self.id)]

    @strawberry.field(description="When the member was created.")
    def created_at(self) -> datetime:
        return self.entity.created_at

    @strawberry.field(description="When the member last changed.")
    def updated_at(self) -> datetime:
        return self.entity.updated_at

    @strawberry.field(description="When the host app last reported a sign-in.")
    def last_sign_in_at(self) -> datetime | None:
        return self.entity.last_sign_in_at


@strawberry.type(description="A page of members.")
class MemberConnection(relay.Connection[MemberNode]):
    total_count: int = strawberry.field(description="How many members match, in all pages.")

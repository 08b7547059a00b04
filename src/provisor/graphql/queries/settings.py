"""viewer, organization, roles, mappings, domains, tokens, keys, events."""

from __future__ import annotations

import strawberry
from strawberry import relay

from provisor.domain.token import CredentialKind
from provisor.domain.usecases import dashboard_read as read
from provisor.graphql import pagination
from provisor.graphql.context import Info
from provisor.graphql.guard import session
from provisor.graphql.queries.inputs import EventFilter
from provisor.graphql.types.event import EventConnection, EventNode
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


@strawberry.type
class SettingsQueries:
    @strawberry.field(description="The Owner/Admin the management key acts as.")
    async def viewer(self, info: Info) -> MemberNode:
        return MemberNode.of((await session(info)).member)

    @strawberry.field(description="The caller's organization, settings and readiness.")
    async def organization(self, info: Info) -> Organization:
        s = await session(info)
        return Organization(entity=await info.context.run(read.get_organization, org_id=s.org.id))

    @strawberry.field(description="Built-in and custom roles, highest rank first.")
    async def roles(self, info: Info) -> list[RoleType]:
        s = await session(info)
        return [RoleType.of(r) for r in await info.context.run(read.list_roles, org_id=s.org.id)]

    @strawberry.field(description="IdP role value → role mappings.")
    async def role_mappings(self, info: Info) -> list[RoleMapping]:
        s = await session(info)
        found = await info.context.run(read.list_role_mappings, org_id=s.org.id)
        return [RoleMapping(idp_value=m.idp_value, role=m.role) for m in found]

    @strawberry.field(description="Group → role / workspace access mappings.")
    async def group_role_mappings(self, info: Info) -> list[GroupRoleMappingType]:
        s = await session(info)
        found = await info.context.run(read.list_group_role_mappings, org_id=s.org.id)
        return [GroupRoleMappingType(entity=m) for m in found]

    @strawberry.field(description="Registered email domains.")
    async def domains(self, info: Info) -> list[EmailDomainType]:
        s = await session(info)
        return [EmailDomainType(entity=d)
                for d in await info.context.run(read.list_domains, org_id=s.org.id)]

    @strawberry.field(description="SCIM tokens (metadata only; secrets are never shown again).")
    async def scim_tokens(self, info: Info) -> list[ScimToken]:
        s = await session(info)
        found = await info.context.run(read.list_credentials, org_id=s.org.id,
                                       kind=CredentialKind.SCIM_TOKEN)
        return [ScimToken.of(c) for c in found]

    @strawberry.field(description="Management API keys (metadata only).")
    async def management_keys(self, info: Info) -> list[ManagementKey]:
        s = await session(info)
        found = await info.context.run(read.list_credentials, org_id=s.org.id,
                                       kind=CredentialKind.MANAGEMENT_KEY)
        return [ManagementKey.of(c) for c in found]

    @strawberry.field(description="The audit log, oldest first; page with first/after.")
    async def provisioning_events(
        self, info: Info, filter: EventFilter | None = None,
        first: int | None = None, after: str | None = None,
    ) -> EventConnection:
        s, size = await session(info), pagination.page_size(first)
        after_id = pagination.event_after(after)
        f = filter or EventFilter()
        found = await info.context.run(
            read.list_events, org_id=s.org.id, after_id=after_id, limit=size + 1,
            action=f.action, actor_id=f.actor, target_id=f.target,
            outcome=f.outcome.value if f.outcome else None, since=f.since, until=f.until)
        edges = [relay.Edge(cursor=pagination.encode("e", e.id or 0), node=EventNode.of(e))
                 for e in found[:size]]
        return EventConnection(edges=edges, page_info=relay.PageInfo(
            has_next_page=len(found) > size, has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None))

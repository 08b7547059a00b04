"""Groups as Relay nodes, with their members paginated."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from provisor.domain.group import Group
from provisor.domain.usecases.read import group_members
from provisor.graphql import pagination
from provisor.graphql.context import Info
from provisor.graphql.types.member import MemberConnection, MemberNode


@strawberry.type(name="Group", description="A group of members, usually pushed by the IdP.")
class GroupNode(relay.Node):
    id: relay.NodeID[str]
    entity: strawberry.Private[Group]

    @classmethod
    def of(cls, group: Group) -> GroupNode:
        return cls(id=group.id, entity=group)

    @strawberry.field(description="The group's displayName.")
    def display_name(self) -> str:
        return self.entity.display_name

    @strawberry.field(description="The IdP's identifier for the group.")
    def external_id(self) -> str | None:
        return self.entity.external_id

    @strawberry.field(description="When the group was created.")
    def created_at(self) -> datetime:
        return self.entity.created_at

    @strawberry.field(description="When the group last changed.")
    def updated_at(self) -> datetime:
        return self.entity.updated_at

    @strawberry.field(description="How many members the group has.")
    async def member_count(self, info: Info) -> int:
        return await info.context.loaders.member_count.load(self.entity.id)

    @strawberry.field(description="The group's members, by member id order.")
    async def members(
        self, info: Info, first: int | None = None, after: str | None = None,
    ) -> MemberConnection:
        size = pagination.page_size(first)
        start = pagination.decode("m", after) if after else None
        session = await info.context.admin()
        rows = await info.context.run(group_members, org_id=session.org.id,
                                      group_id=self.entity.id, after=start, limit=size + 1)
        loaded = await info.context.loaders.member.load_many([r.member_id for r in rows[:size]])
        edges = [relay.Edge(cursor=pagination.encode("m", m.id), node=MemberNode.of(m))
                 for m in loaded if m is not None]
        total = await info.context.loaders.member_count.load(self.entity.id)
        return MemberConnection(edges=edges, total_count=total, page_info=relay.PageInfo(
            has_next_page=len(rows) > size, has_previous_page=start is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None))


@strawberry.type(description="A page of groups.")
class GroupConnection(relay.Connection[GroupNode]):
    total_count: int = strawberry.field(description="How many groups match, in all pages.")

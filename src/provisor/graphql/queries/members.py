"""members, member, groups, group: Relay connections with totalCount."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import strawberry
from strawberry import relay

from provisor.domain.errors import DomainError
from provisor.domain.query import Attr, Compare, ListQuery, Op
from provisor.domain.usecases.dashboard_read import find_members
from provisor.domain.usecases.read import list_groups
from provisor.graphql import pagination
from provisor.graphql.context import Info
from provisor.graphql.errors import public
from provisor.graphql.guard import session
from provisor.graphql.ids import local_id
from provisor.graphql.queries.inputs import GroupFilter, MemberFilter, MemberOrder, member_query
from provisor.graphql.types.group import GroupConnection, GroupNode
from provisor.graphql.types.member import MemberConnection, MemberNode

T = TypeVar("T")
N = TypeVar("N", bound=relay.Node)


def _edges(offset: int, items: Sequence[T], of: Callable[[T], N]) -> list[relay.Edge[N]]:
    """One page's edges; cursors are the items' offsets (see ``pagination``)."""
    return [relay.Edge(cursor=pagination.encode("o", offset + i), node=of(item))
            for i, item in enumerate(items)]


def _page_info(offset: int, count: int, total: int) -> relay.PageInfo:
    return relay.PageInfo(
        has_next_page=offset + count < total, has_previous_page=offset > 0,
        start_cursor=pagination.encode("o", offset) if count else None,
        end_cursor=pagination.encode("o", offset + count - 1) if count else None)


@strawberry.type
class MemberQueries:
    @strawberry.field(description="The organization's members, filtered and sorted.")
    async def members(
        self, info: Info, filter: MemberFilter | None = None,
        order_by: MemberOrder | None = None, first: int | None = None, after: str | None = None,
    ) -> MemberConnection:
        s, size, offset = await session(info), pagination.page_size(first), \
            pagination.offset_after(after)
        try:
            page = await info.context.run(find_members, org_id=s.org.id,
                                          query=member_query(filter, order_by, offset, size))
        except DomainError as exc:
            raise public(exc) from exc
        edges = _edges(offset, page.items, MemberNode.of)
        return MemberConnection(edges=edges, total_count=page.total,
                                page_info=_page_info(offset, len(edges), page.total))

    @strawberry.field(description="One member by global id; null if not in this org.")
    async def member(self, info: Info, id: relay.GlobalID) -> MemberNode | None:
        await session(info)
        member_id = local_id(id, "Member")
        found = await info.context.loaders.member.load(member_id) if member_id else None
        return MemberNode.of(found) if found else None

    @strawberry.field(description="The organization's groups, by displayName.")
    async def groups(
        self, info: Info, filter: GroupFilter | None = None,
        first: int | None = None, after: str | None = None,
    ) -> GroupConnection:
        s, size, offset = await session(info), pagination.page_size(first), \
            pagination.offset_after(after)
        name = Attr(("displayName",))
        where = Compare(name, Op.CO, filter.search.strip()) \
            if filter and filter.search and filter.search.strip() else None
        page = await info.context.run(list_groups, org_id=s.org.id, query=ListQuery(
            filter=where, sort=name, start_index=offset + 1, count=size))
        edges = _edges(offset, page.items, GroupNode.of)
        return GroupConnection(edges=edges, total_count=page.total,
                               page_info=_page_info(offset, len(edges), page.total))

    @strawberry.field(description="One group by global id; null if not in this org.")
    async def group(self, info: Info, id: relay.GlobalID) -> GroupNode | None:
        await session(info)
        group_id = local_id(id, "Group")
        found = await info.context.loaders.group.load(group_id) if group_id else None
        return GroupNode.of(found) if found else None

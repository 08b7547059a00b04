"""Filter and order inputs of the list queries, and their translation to the domain."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry import relay

from provisor.domain import listing
from provisor.domain.query import And, AnyOf, Attr, Compare, ListQuery, Node, Op, Or
from provisor.graphql.ids import local_id
from provisor.graphql.types.enums import ManagedBy, MemberState, Outcome


@strawberry.enum(description="What members can be sorted by.")
class MemberOrderField(Enum):
    USER_NAME = "userName"
    DISPLAY_NAME = "displayName"
    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.input(description="Which members to list; all criteria must match.")
class MemberFilter:
    state: MemberState | None = strawberry.field(default=None, description="Only this state.")
    managed_by: ManagedBy | None = strawberry.field(default=None,
                                                       description="SCIM or MANUAL.")
    role: str | None = strawberry.field(default=None, description="Only this effective role.")
    group: relay.GlobalID | None = strawberry.field(default=None,
                                                   description="Only members of this group.")
    search: str | None = strawberry.field(
        default=None, description="Case-insensitive text in userName, displayName or email.")


@strawberry.input(description="How to sort members.")
class MemberOrder:
    field: MemberOrderField = strawberry.field(description="The sort key.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC,
                                                 description="ASC or DESC.")


@strawberry.input(description="Which groups to list.")
class GroupFilter:
    search: str | None = strawberry.field(default=None,
                                          description="Case-insensitive text in displayName.")


@strawberry.input(description="Which provisioning events to list.")
class EventFilter:
    action: str | None = strawberry.field(default=None, description="e.g. member.created.")
    actor: str | None = strawberry.field(default=None, description="A token or admin id.")
    target: str | None = strawberry.field(default=None, description="A target id.")
    outcome: Outcome | None = strawberry.field(default=None,
                                                   description="SUCCESS or FAILURE.")
    since: datetime | None = strawberry.field(default=None, description="At or after.")
    until: datetime | None = strawberry.field(default=None, description="Before.")


_SORT = {MemberOrderField.USER_NAME: listing.USER_NAME,
         MemberOrderField.DISPLAY_NAME: listing.DISPLAY_NAME,
         MemberOrderField.CREATED_AT: listing.CREATED, MemberOrderField.UPDATED_AT: listing.UPDATED}
_NOTHING = Compare(Attr(("id",), case_exact=True), Op.EQ, "")


def member_terms(f: MemberFilter) -> list[Node]:
    terms: list[Node] = []
    for attr, value in ((listing.STATE, f.state), (listing.MANAGED_BY, f.managed_by)):
        if value is not None:
            terms.append(Compare(attr, Op.EQ, value.value))
    if f.role:
        terms.append(Compare(listing.ROLE, Op.EQ, f.role.strip().lower()))
    if f.group is not None:
        gid = local_id(f.group, "Group")
        terms.append(AnyOf(listing.GROUPS, Compare(Attr(("value",), case_exact=True), Op.EQ,
                                                   gid)) if gid else _NOTHING)
    if f.search and f.search.strip():
        text = f.search.strip()
        terms.append(Or(tuple(Compare(a, Op.CO, text) for a in (
            listing.USER_NAME, listing.DISPLAY_NAME, listing.EMAIL))))
    return terms


def member_query(f: MemberFilter | None, order: MemberOrder | None, offset: int,
                 size: int) -> ListQuery:
    terms = member_terms(f) if f else []
    where = None if not terms else terms[0] if len(terms) == 1 else And(tuple(terms))
    return ListQuery(filter=where, sort=_SORT[order.field] if order else None,
                     descending=bool(order and order.direction is OrderDirection.DESC),
                     start_index=offset + 1, count=size)

"""Reads both facades share; org-scoped by construction."""

from __future__ import annotations

from provisor.domain.deps import Deps
from provisor.domain.errors import NotFound
from provisor.domain.group import Group, GroupMember
from provisor.domain.member import Member
from provisor.domain.observe import use_case
from provisor.domain.query import ListQuery, Page


@use_case("member.get")
def get_member(deps: Deps, *, org_id: str, member_id: str) -> Member:
    with deps.uow() as uow:
        member = uow.members.get(org_id, member_id)
    if member is None:
        raise NotFound("member not found")
    return member


@use_case("member.list")
def list_members(deps: Deps, *, org_id: str, query: ListQuery) -> Page[Member]:
    with deps.uow() as uow:
        return uow.members.find(org_id, query)


@use_case("group.list")
def list_groups(deps: Deps, *, org_id: str, query: ListQuery) -> Page[Group]:
    with deps.uow() as uow:
        return uow.groups.find(org_id, query)


@use_case("group.members")
def group_members(
    deps: Deps, *, org_id: str, group_id: str, after: str | None = None, limit: int | None = None,
) -> list[GroupMember]:
    with deps.uow() as uow:
        return uow.groups.members(org_id, group_id, after=after, limit=limit)


@use_case("member.groups")
def member_groups(deps: Deps, *, org_id: str, member_id: str) -> list[Group]:
    """The groups of a member (none for an unknown id: callers have the member)."""
    with deps.uow() as uow:
        return uow.groups.groups_of(org_id, member_id)


@use_case("member.view")
def view_member(
    deps: Deps, *, org_id: str, member_id: str, with_groups: bool = True,
) -> tuple[Member, list[Group] | None]:
    """A member and (unless not wanted) its groups, in one read transaction."""
    with deps.uow() as uow:
        if with_groups:
            found = uow.members.get_with_groups(org_id, member_id)
            if found is None:
                raise NotFound("member not found")
            return found
        member = uow.members.get(org_id, member_id)
        if member is None:
            raise NotFound("member not found")
        return member, None


@use_case("member.view_page")
def view_members(
    deps: Deps, *, org_id: str, query: ListQuery, with_groups: bool = True,
) -> tuple[Page[Member], dict[str, list[Group]] | None]:
    """A page of members and their groups (one query for the whole page)."""
    with deps.uow() as uow:
        if with_groups:
            return uow.members.find_with_groups(org_id, query)
        return uow.members.find(org_id, query), None


@use_case("group.view")
def view_group(
    deps: Deps, *, org_id: str, group_id: str, with_members: bool = True,
) -> tuple[Group, list[GroupMember] | None]:
    """A group and, only when asked, its members (Entra excludes them)."""
    with deps.uow() as uow:
        group = uow.groups.get(org_id, group_id)
        if group is None:
            raise NotFound("group not found")
        return group, uow.groups.members(org_id, group.id) if with_members else None


@use_case("group.view_page")
def view_groups(
    deps: Deps, *, org_id: str, query: ListQuery, with_members: bool = True,
) -> tuple[Page[Group], dict[str, list[GroupMember]] | None]:
    with deps.uow() as uow:
        page = uow.groups.find(org_id, query)
        if not with_members:
            return page, None
        return page, {g.id: uow.groups.members(org_id, g.id) for g in page.items}

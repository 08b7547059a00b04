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


@use_case("group.get")
def get_group(deps: Deps, *, org_id: str, group_id: str) -> Group:
    with deps.uow() as uow:
        group = uow.groups.get(org_id, group_id)
    if group is None:
        raise NotFound("group not found")
    return group


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

"""Reads a dashboard makes; every one is scoped to the caller's org."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from provisor.domain.deps import Deps
from provisor.domain.event import ProvisioningEvent
from provisor.domain.group import Group
from provisor.domain.member import Member, MemberState
from provisor.domain.observe import use_case
from provisor.domain.org import EmailDomain, Organization
from provisor.domain.query import Attr, Compare, ListQuery, Op, Or, Page
from provisor.domain.role import AccessLevel, GroupRoleMapping, Role, RoleMapping
from provisor.domain.token import Credential, CredentialKind
from provisor.domain.usecases._policy import load_org, roles_by_name

WorkspaceGrant = tuple[str, str, str]  # workspace, access level, group id


def workspace_access_of(
    member: Member, grants: Sequence[WorkspaceGrant],
) -> list[tuple[str, AccessLevel, str]]:
    """The highest level per workspace and the group granting it (the first by id on a
    tie). Only active members have access: invited ones get it when they activate."""
    if member.state is not MemberState.ACTIVE:
        return []
    best: dict[str, tuple[AccessLevel, str]] = {}
    for workspace, level, group_id in grants:
        access = AccessLevel(level)
        if workspace not in best or access.rank > best[workspace][0].rank:
            best[workspace] = (access, group_id)
    return [(w, a, g) for w, (a, g) in sorted(best.items())]


@use_case("organization.get")
def get_organization(deps: Deps, *, org_id: str) -> Organization:
    with deps.uow() as uow:
        return load_org(uow, org_id)


@use_case("member.list_listed")
def find_members(deps: Deps, *, org_id: str, query: ListQuery) -> Page[Member]:
    with deps.uow() as uow:
        return uow.members.find_listed(org_id, query)


@use_case("member.get_many")
def members_by_id(deps: Deps, *, org_id: str, member_ids: Sequence[str]) -> list[Member]:
    with deps.uow() as uow:
        return uow.members.get_many(org_id, member_ids)


@use_case("group.get_many")
def groups_by_id(deps: Deps, *, org_id: str, group_ids: Sequence[str]) -> list[Group]:
    """One statement: ``id eq a or id eq b ...`` through the group listing."""
    ids = list(dict.fromkeys(group_ids))
    if not ids:
        return []
    where = Or(tuple(Compare(Attr(("id",), case_exact=True), Op.EQ, i) for i in ids))
    with deps.uow() as uow:
        return uow.groups.find(org_id, ListQuery(filter=where, count=len(ids))).items


@use_case("member.groups_many")
def groups_of_members(
    deps: Deps, *, org_id: str, member_ids: Sequence[str],
) -> dict[str, list[Group]]:
    with deps.uow() as uow:
        return uow.groups.groups_of_many(org_id, member_ids)


@use_case("member.workspace_grants_many")
def workspace_grants(
    deps: Deps, *, org_id: str, member_ids: Sequence[str],
) -> dict[str, list[WorkspaceGrant]]:
    with deps.uow() as uow:
        return uow.roles.workspace_grants_many(org_id, member_ids)


@use_case("group.member_counts")
def group_member_counts(deps: Deps, *, org_id: str, group_ids: Sequence[str]) -> dict[str, int]:
    with deps.uow() as uow:
        return uow.groups.member_counts(org_id, group_ids)


@use_case("role.list")
def list_roles(deps: Deps, *, org_id: str) -> list[Role]:
    with deps.uow() as uow:
        return sorted(roles_by_name(uow, org_id).values(), key=lambda r: (-r.rank, r.name))


@use_case("role_mapping.list")
def list_role_mappings(deps: Deps, *, org_id: str) -> list[RoleMapping]:
    with deps.uow() as uow:
        return uow.roles.role_mappings(org_id)


@use_case("group_role_mapping.list")
def list_group_role_mappings(deps: Deps, *, org_id: str) -> list[GroupRoleMapping]:
    with deps.uow() as uow:
        return uow.roles.group_role_mappings(org_id)


@use_case("domain.list")
def list_domains(deps: Deps, *, org_id: str) -> list[EmailDomain]:
    with deps.uow() as uow:
        return uow.orgs.domains(org_id)


@use_case("credential.list")
def list_credentials(deps: Deps, *, org_id: str, kind: CredentialKind) -> list[Credential]:
    with deps.uow() as uow:
        return uow.credentials.list(org_id, kind)


@use_case("event.list")
def list_events(
    deps: Deps, *, org_id: str, after_id: int | None = None, limit: int = 100,
    action: str | None = None, actor_id: str | None = None, target_id: str | None = None,
    outcome: str | None = None, since: datetime | None = None, until: datetime | None = None,
) -> list[ProvisioningEvent]:
    with deps.uow() as uow:
        return uow.events.find(org_id, after_id=after_id, limit=limit, action=action,
                               actor_id=actor_id, target_id=target_id, outcome=outcome,
                               since=since, until=until)


@use_case("event.last_id")
def last_event_id(deps: Deps, *, org_id: str) -> int:
    """The id of the org's newest event (0 if none): where a live feed starts."""
    with deps.uow() as uow:
        return uow.events.last_id(org_id)

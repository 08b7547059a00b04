"""Rules shared by the group use cases."""

from __future__ import annotations

from collections.abc import Iterable

from provisor.domain.errors import Conflict, GroupSyncDisabled, InvalidValue
from provisor.domain.org import Organization
from provisor.domain.ports import UnitOfWork
from provisor.domain.usecases._policy import recompute_role, require_scim


def require_group_sync(org: Organization, *, via_scim: bool) -> None:
    if via_scim:
        require_scim(org)
        if not org.settings.sync_groups:
            raise GroupSyncDisabled("group sync is turned off for this organization")


def check_name(uow: UnitOfWork, org_id: str, name: str, exclude_id: str | None = None) -> str:
    name = name.strip()
    if not name:
        raise InvalidValue("displayName is required", field="displayName")
    if uow.groups.name_taken(org_id, name, exclude_id):
        raise Conflict("a group with this displayName already exists", field="displayName")
    return name


def check_members_exist(uow: UnitOfWork, org_id: str, member_ids: set[str]) -> None:
    """Members must belong to the same org; another org's id is simply unknown."""
    if not member_ids:
        return
    check_found(member_ids, uow.members.existing_ids(org_id, member_ids))


def check_found(member_ids: set[str], found: set[str]) -> None:
    """Refuse the member ids not ``found`` in the org."""
    missing = member_ids - found
    if missing:
        raise InvalidValue(
            f"{len(missing)} member value(s) do not name a user of this organization: "
            + ", ".join(sorted(missing)[:5]), field="members",
        )


def group_is_mapped(uow: UnitOfWork, org_id: str, group_id: str) -> bool:
    return any(m.group_id == group_id and m.role for m in uow.roles.group_role_mappings(org_id))


def recompute_roles(uow: UnitOfWork, org: Organization, member_ids: Iterable[str]) -> None:
    """Recompute the roles of members whose groups changed (mapped groups only)."""
    for member in uow.members.get_many(org.id, set(member_ids)):
        if recompute_role(uow, org, member):
            uow.members.save(member)

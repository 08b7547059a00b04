"""Roles, role mappings and how a member's effective role is chosen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from provisor.domain.member import RoleSource


@dataclass(frozen=True, slots=True)
class Role:
    """A role; ``rank`` orders roles when several grants compete (higher wins)."""

    name: str
    rank: int
    builtin: bool = False
    description: str = ""


BUILTIN_ROLES = (
    Role("owner", 400, True, "Owns the organization"),
    Role("admin", 300, True, "Administers members, groups and settings"),
    Role("member", 200, True, "A regular member"),
    Role("viewer", 100, True, "Read-only access"),
)
CUSTOM_ROLE_DEFAULT_RANK = 150


class AccessLevel(StrEnum):
    """Access to a workspace a group mapping may grant; ``edit`` is highest."""

    VIEW = "view"
    CHECK = "check"
    EDIT = "edit"

    @property
    def rank(self) -> int:
        return ("view", "check", "edit").index(self.value)


@dataclass(frozen=True, slots=True)
class RoleMapping:
    """An IdP role value (matched case-insensitively) granting a role."""

    org_id: str
    idp_value: str
    role: str


@dataclass(frozen=True, slots=True)
class GroupRoleMapping:
    """A group granting a role and/or an access level on a workspace."""

    org_id: str
    group_id: str
    role: str | None = None
    workspace: str | None = None
    access: AccessLevel | None = None


def normalize_role_name(name: str) -> str:
    return name.strip().lower()


def highest(roles: Iterable[Role]) -> Role | None:
    return max(roles, key=lambda r: r.rank, default=None)


def effective_role(
    *,
    override: str | None,
    group_roles: Iterable[Role],
    idp_roles: Iterable[Role],
    default_role: str | None,
) -> tuple[str, RoleSource]:
    """Precedence: manual override, group mapping, IdP role mapping, org default."""
    if override:
        return override, RoleSource.MANUAL_OVERRIDE
    best = highest(group_roles)
    if best is not None:
        return best.name, RoleSource.GROUP_MAPPING
    best = highest(idp_roles)
    if best is not None:
        return best.name, RoleSource.IDP_ROLE_MAPPING
    return default_role or "member", RoleSource.DEFAULT_ROLE


def workspace_access(grants: Iterable[tuple[str, AccessLevel]]) -> dict[str, AccessLevel]:
    """The highest level each workspace is granted by any of a member's groups."""
    access: dict[str, AccessLevel] = {}
    for workspace, level in grants:
        current = access.get(workspace)
        if current is None or level.rank > current.rank:
            access[workspace] = level
    return access

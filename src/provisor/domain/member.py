"""A member of an organization: the SCIM User.

The profile is kept in its SCIM JSON shape (camelCase keys, extension
attributes under their schema URN) because that is the shape every client
reads and writes; the attributes the hot paths and the rules need (userName,
externalId, primary email, state, role) are first-class fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


class MemberState(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    DEACTIVATED = "deactivated"


class ManagedBy(StrEnum):
    SCIM = "scim"
    MANUAL = "manual"


class RoleSource(StrEnum):
    """Why a member has its effective role, highest precedence first."""

    MANUAL_OVERRIDE = "manual_override"
    GROUP_MAPPING = "group_mapping"
    IDP_ROLE_MAPPING = "idp_role_mapping"
    DEFAULT_ROLE = "default_role"


@dataclass(slots=True)
class Member:
    id: str
    org_id: str
    user_name: str
    state: MemberState
    managed_by: ManagedBy
    created_at: datetime
    updated_at: datetime
    external_id: str | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    role: str = "member"
    role_source: RoleSource = RoleSource.DEFAULT_ROLE
    role_override: str | None = None
    version: int = 1
    last_sign_in_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.state is MemberState.ACTIVE

    @property
    def holds_seat(self) -> bool:
        """Invited and active members use a seat; deactivated ones free it."""
        return self.state is not MemberState.DEACTIVATED

    @property
    def email(self) -> str | None:
        return primary_email(self.profile)

    @property
    def idp_roles(self) -> list[str]:
        """The values of the SCIM ``roles`` attribute, as the IdP sent them."""
        roles = self.profile.get("roles") or []
        return [str(r["value"]) for r in roles if isinstance(r, dict) and r.get("value")]

    @property
    def display_name(self) -> str:
        name = self.profile.get("name") or {}
        formatted = " ".join(
            p for p in (name.get("givenName"), name.get("familyName")) if isinstance(p, str)
        )
        return str(self.profile.get("displayName") or name.get("formatted") or formatted
                   or self.user_name)


def primary_email(profile: dict[str, Any]) -> str | None:
    """The email marked primary, else the first one with a value (RFC 7643 §2.4)."""
    emails = [e for e in profile.get("emails") or [] if isinstance(e, dict) and e.get("value")]
    for entry in emails:
        if entry.get("primary") is True:
            return str(entry["value"])
    return str(emails[0]["value"]) if emails else None

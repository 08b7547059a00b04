"""A SCIM Group document → display name, externalId and member ids (POST, PUT).

Tolerates what Entra sends on create (MS-TUT): an extra, non-standard schema
URI (``…/ADSCIM/2.0/Group``) and a read-only ``meta``; both are ignored, as
are ``id`` and unknown attributes (RFC 7644 §3.3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from provisor.domain.errors import InvalidValue
from provisor.scim.bodies import MAX_STRING, get_ci, optional_text, text
from provisor.scim.tracing import tolerated


@dataclass(slots=True)
class GroupFields:
    display_name: str
    external_id: str | None
    member_ids: set[str] = field(default_factory=set)
    has_members: bool = False


def group_fields(body: dict[str, Any]) -> GroupFields:
    name = get_ci(body, "displayName")
    if name is None:
        raise InvalidValue("displayName is required", field="displayName")
    members = get_ci(body, "members")
    return GroupFields(
        display_name=text(name, "displayName", limit=MAX_STRING),
        external_id=optional_text(get_ci(body, "externalId"), "externalId", limit=MAX_STRING),
        member_ids=member_values(members), has_members=members is not None,
    )


def member_values(value: Any) -> set[str]:
    """The ids in a ``members`` value: a list of {value, ...} (or bare ids)."""
    if value is None:
        return set()
    items = value if isinstance(value, list) else [value]
    ids = set()
    for item in items:
        if not isinstance(item, dict):
            tolerated("generic.bare_multi_value")
        raw = get_ci(item, "value") if isinstance(item, dict) else item
        if raw is None and isinstance(item, dict):
            raise InvalidValue("each member needs a value", field="members")
        ids.add(member_id(raw))
    return ids


def member_id(raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise InvalidValue("a member value is a user id string", field="members")
    return text(str(raw), "members.value", limit=64)

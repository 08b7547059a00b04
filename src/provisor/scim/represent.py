"""Members and groups as SCIM resources (RFC 7643 §4.1, §4.2, §4.3, §3.1 meta).

``active`` is derived from the state (an invited member is active for the
IdP) unless a client made it unassigned (see ``active_value``); ``groups``
comes from the membership rows; a password is never kept, so it is never
returned.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from provisor.domain.group import Group, GroupMember
from provisor.domain.member import ENTERPRISE_URN, Member, MemberState
from provisor.scim.attributes import CORE_GROUP_URN, CORE_USER_URN
from provisor.scim.projection import schemas_present


def etag(version: int) -> str:
    return f'W/"{version}"'


def _time(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _meta(kind: str, base_url: str, rid: str, created: datetime, modified: datetime,
          version: int) -> dict[str, Any]:
    return {"resourceType": kind, "created": _time(created), "lastModified": _time(modified),
            "location": f"{base_url}/{kind}s/{rid}", "version": etag(version)}


def active_value(member: Member) -> bool | None:
    """``active`` as SCIM shows it: from the state, or None once a client removed
    it (PATCH ``remove active`` or ``active: null``, RFC 7643 §2.5). Removing it
    leaves the member's state, and so its access, as it was; the profile keeps
    ``"active": null`` as the mark until a client sets ``active`` again."""
    if "active" in member.profile and member.profile["active"] is None:
        return None
    return member.state is not MemberState.DEACTIVATED


def _put_active(doc: dict[str, Any], member: Member) -> None:
    active = active_value(member)
    if active is None:
        doc.pop("active", None)
    else:
        doc["active"] = active


def user_resource(member: Member, base_url: str,
                  groups: Iterable[Group] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"schemas": [], "id": member.id}
    if member.external_id is not None:
        doc["externalId"] = member.external_id
    doc["userName"] = member.user_name
    doc.update(_with_manager_ref(member.profile, base_url))
    _put_active(doc, member)
    if groups is not None:
        doc["groups"] = [{"value": g.id, "display": g.display_name,
                          "$ref": f"{base_url}/Groups/{g.id}", "type": "direct"}
                         for g in groups]
    doc["meta"] = _meta("User", base_url, member.id, member.created_at, member.updated_at,
                        member.version)
    doc["schemas"] = schemas_present(doc, CORE_USER_URN)
    return doc


def _with_manager_ref(profile: dict[str, Any], base_url: str) -> dict[str, Any]:
    ext = profile.get(ENTERPRISE_URN)
    manager = ext.get("manager") if isinstance(ext, dict) else None
    if not isinstance(manager, dict) or "value" not in manager or "$ref" in manager:
        return profile
    linked = {**manager, "$ref": f"{base_url}/Users/{manager['value']}"}
    return {**profile, ENTERPRISE_URN: {**ext, "manager": linked}}  # type: ignore[dict-item]


def group_resource(group: Group, base_url: str,
                   members: Iterable[GroupMember] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"schemas": [CORE_GROUP_URN], "id": group.id}
    if group.external_id is not None:
        doc["externalId"] = group.external_id
    doc["displayName"] = group.display_name
    if members is not None:
        # ``display`` is left out: scim2-tester compares members with what it sent,
        # and neither Okta nor Entra reads it back.
        doc["members"] = [{"value": m.member_id, "$ref": f"{base_url}/Users/{m.member_id}",
                           "type": "User"} for m in members]
    doc["meta"] = _meta("Group", base_url, group.id, group.created_at, group.updated_at,
                        group.version)
    return doc


def writable_user(member: Member) -> dict[str, Any]:
    """The client-writable state as a SCIM document: what PATCH operates on."""
    doc: dict[str, Any] = {"userName": member.user_name}
    if member.external_id is not None:
        doc["externalId"] = member.external_id
    doc.update(member.profile)
    _put_active(doc, member)
    return doc

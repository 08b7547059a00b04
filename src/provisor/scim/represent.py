"""Members and groups as SCIM resources (RFC 7643 §4.1, §4.2, §4.3, §3.1 meta).

``active`` is derived from the state (an invited member is active for the
IdP) unless a client made it unassigned (see ``active_value``); ``groups``
comes from the membership rows; a password is never kept, so it is never
returned. Custom extension values are shown only for attributes the org's
schema (``custom.OrgUserSchema``) still defines.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from provisor.domain.custom_attributes import CUSTOM_URN_PREFIX, has_custom_values
from provisor.domain.group import Group, GroupMember
from provisor.domain.member import ENTERPRISE_URN, Member, MemberState
from provisor.scim.attributes import CORE_GROUP_URN, CORE_USER_URN, USER, ResourceSchema
from provisor.scim.projection import Projection, schemas_present


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


def user_resource(member: Member, base_url: str, groups: Iterable[Group] | None = None,
                  schema: ResourceSchema = USER) -> dict[str, Any]:
    """``schema`` must carry the org's extension when the profile has custom values
    (``OrgUserSchema.for_members``); otherwise they are left out."""
    doc: dict[str, Any] = {"schemas": [], "id": member.id}
    if member.external_id is not None:
        doc["externalId"] = member.external_id
    doc["userName"] = member.user_name
    doc.update(_with_manager_ref(visible_profile(member.profile, schema), base_url))
    _put_active(doc, member)
    if groups is not None:
        doc["groups"] = [{"value": g.id, "display": g.display_name,
                          "$ref": f"{base_url}/Groups/{g.id}", "type": "direct"}
                         for g in groups]
    doc["meta"] = _meta("User", base_url, member.id, member.created_at, member.updated_at,
                        member.version)
    doc["schemas"] = schemas_present(doc, CORE_USER_URN)
    return doc


def projected_user(member: Member, base_url: str, groups: Iterable[Group] | None,
                   proj: Projection, schema: ResourceSchema = USER) -> dict[str, Any]:
    """The resource after ``attributes``/``excludedAttributes``; ``schemas`` then
    names only the extensions still present (RFC 7643 §3)."""
    body = proj.apply(user_resource(member, base_url, groups, schema))
    if proj.include or proj.exclude:
        body["schemas"] = schemas_present(body, CORE_USER_URN)
    return body


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


def visible_profile(profile: dict[str, Any], schema: ResourceSchema) -> dict[str, Any]:
    """``profile`` without custom values the org's schema no longer defines."""
    if not has_custom_values(profile):
        return profile
    out: dict[str, Any] = {}
    for key, value in profile.items():
        if not key.startswith(CUSTOM_URN_PREFIX):
            out[key] = value
        elif key == schema.custom_urn and isinstance(value, dict):
            defined = schema.extensions[key]
            kept = {k: v for k, v in value.items() if k.lower() in defined}
            if kept:
                out[key] = kept
    return out


def writable_user(member: Member, schema: ResourceSchema = USER) -> dict[str, Any]:
    """The client-writable state as a SCIM document: what PATCH operates on."""
    doc: dict[str, Any] = {"userName": member.user_name}
    if member.external_id is not None:
        doc["externalId"] = member.external_id
    doc.update(visible_profile(member.profile, schema))
    _put_active(doc, member)
    return doc

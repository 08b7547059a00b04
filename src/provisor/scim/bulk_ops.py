"""One Bulk operation (RFC 7644 §3.7) run through the same write functions as the routes.

Each handler is a thin adapter over ``resource_writes`` (drafts, the org's
custom extension, versions, PATCH application live there, once), so a Bulk
write obeys every org policy a single request obeys. The per-resource limits
are checked again on the operation's ``data`` after bulkId substitution. A
handler returns the resource id, its new ``meta.version`` (None after DELETE)
and the operation's status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from provisor.scim import limits, resource_writes
from provisor.scim.context import ScimContext
from provisor.scim.custom import OrgUserSchema

Result = tuple[str, int | None, int]
Handler = Callable[[ScimContext, OrgUserSchema, str, dict[str, Any], int | None], Result]


def post_user(scim: ScimContext, schemas: OrgUserSchema, _: str, data: dict[str, Any],
              __: int | None) -> Result:
    limits.check_user(data)
    member = resource_writes.create_user(scim, schemas, data)
    return member.id, member.version, 201


def put_user(scim: ScimContext, schemas: OrgUserSchema, member_id: str, data: dict[str, Any],
             version: int | None) -> Result:
    limits.check_user(data)
    member = resource_writes.replace_user(scim, schemas, member_id, data, version)
    return member.id, member.version, 200


def patch_user(scim: ScimContext, schemas: OrgUserSchema, member_id: str,
               data: dict[str, Any], version: int | None) -> Result:
    limits.check_patch(data, "Users")
    member = resource_writes.patch_user(scim, schemas, member_id, data, version)
    return member.id, member.version, 200


def delete_user(scim: ScimContext, _: OrgUserSchema, member_id: str, __: dict[str, Any],
                version: int | None) -> Result:
    resource_writes.remove_user(scim, member_id, version)
    return member_id, None, 204


def post_group(scim: ScimContext, _: OrgUserSchema, __: str, data: dict[str, Any],
               ___: int | None) -> Result:
    limits.check_group(data)
    group = resource_writes.add_group(scim, data)[0]
    return group.id, group.version, 201


def put_group(scim: ScimContext, _: OrgUserSchema, group_id: str, data: dict[str, Any],
              version: int | None) -> Result:
    limits.check_group(data)
    group = resource_writes.replace_group(scim, group_id, data, version)
    return group.id, group.version, 200


def patch_group(scim: ScimContext, _: OrgUserSchema, group_id: str, data: dict[str, Any],
                version: int | None) -> Result:
    limits.check_patch(data, "Groups")
    group = resource_writes.patch_group(scim, group_id, data, version)
    return group.id, group.version, 204


def delete_group(scim: ScimContext, _: OrgUserSchema, group_id: str, __: dict[str, Any],
                 version: int | None) -> Result:
    resource_writes.remove_group(scim, group_id, version)
    return group_id, None, 204


HANDLERS: dict[tuple[str, str], Handler] = {
    ("POST", "Users"): post_user, ("PUT", "Users"): put_user, ("PATCH", "Users"): patch_user,
    ("DELETE", "Users"): delete_user, ("POST", "Groups"): post_group,
    ("PUT", "Groups"): put_group, ("PATCH", "Groups"): patch_group,
    ("DELETE", "Groups"): delete_group,
}

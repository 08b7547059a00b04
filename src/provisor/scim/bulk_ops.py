"""One Bulk operation (RFC 7644 §3.7) run against the same use cases as the routes.

Each function parses the operation's ``data`` with the resource routes'
parsers (user_body, group_body, patch_ops, user_patch, group_patch) and calls
one use case, so a Bulk write obeys every org policy a single request obeys.
It returns the new ``meta.version`` (or None after DELETE) and the status.
Follow-up: once the /Users and /Groups routes expose their write handlers as
plain functions, these should call them instead of repeating the composition.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from provisor.domain.group import MembershipDelta
from provisor.domain.usecases.create_group import create_group
from provisor.domain.usecases.create_member import MemberDraft, create_member
from provisor.domain.usecases.delete_group import delete_group
from provisor.domain.usecases.delete_member import delete_member
from provisor.domain.usecases.read import get_member
from provisor.domain.usecases.update_group import GroupChange, update_group
from provisor.domain.usecases.update_member import update_member
from provisor.scim import limits
from provisor.scim.context import ScimContext
from provisor.scim.custom import check_custom_extension
from provisor.scim.group_body import group_fields
from provisor.scim.group_patch import group_change
from provisor.scim.patch_ops import parse_patch
from provisor.scim.represent import writable_user
from provisor.scim.user_body import user_draft
from provisor.scim.user_patch import apply_user_patch

Handler = Callable[[ScimContext, str, dict[str, Any], int | None], tuple[str, int | None, int]]


def post_user(scim: ScimContext, _: str, data: dict[str, Any], __: int | None
              ) -> tuple[str, int | None, int]:
    limits.check_user(data)
    draft = user_draft(data)
    draft.profile = check_custom_extension(scim, draft.profile)
    member = create_member(scim.deps, org_id=scim.org.id, actor=scim.actor, draft=draft)
    return member.id, member.version, 201


def put_user(scim: ScimContext, member_id: str, data: dict[str, Any], version: int | None
             ) -> tuple[str, int | None, int]:
    limits.check_user(data)
    current = get_member(scim.deps, org_id=scim.org.id, member_id=member_id)
    return _save_user(scim, member_id, user_draft(data, current=current), version)


def patch_user(scim: ScimContext, member_id: str, data: dict[str, Any], version: int | None
               ) -> tuple[str, int | None, int]:
    limits.check_patch(data, "Users")
    current = get_member(scim.deps, org_id=scim.org.id, member_id=member_id)
    document = apply_user_patch(writable_user(current), parse_patch(data), member_id)
    return _save_user(scim, member_id, user_draft(document, current=current, patched=True),
                      version)


def _save_user(scim: ScimContext, member_id: str, draft: MemberDraft,
               version: int | None) -> tuple[str, int | None, int]:
    draft.profile = check_custom_extension(scim, draft.profile)
    member = update_member(scim.deps, org_id=scim.org.id, actor=scim.actor, member_id=member_id,
                           draft=draft, expected_version=version)
    return member.id, member.version, 200


def delete_user(scim: ScimContext, member_id: str, _: dict[str, Any], version: int | None
                ) -> tuple[str, int | None, int]:
    delete_member(scim.deps, org_id=scim.org.id, actor=scim.actor, member_id=member_id,
                  expected_version=version)
    return member_id, None, 204


def post_group(scim: ScimContext, _: str, data: dict[str, Any], __: int | None
               ) -> tuple[str, int | None, int]:
    limits.check_group(data)
    fields = group_fields(data)
    group = create_group(scim.deps, org_id=scim.org.id, actor=scim.actor,
                         display_name=fields.display_name, external_id=fields.external_id,
                         member_ids=fields.member_ids)
    return group.id, group.version, 201


def put_group(scim: ScimContext, group_id: str, data: dict[str, Any], version: int | None
              ) -> tuple[str, int | None, int]:
    """PUT replaces the whole group, members included (RFC 7644 §3.5.1)."""
    limits.check_group(data)
    fields = group_fields(data)
    change = GroupChange(display_name=fields.display_name, external_id=fields.external_id,
                         delta=MembershipDelta(add=fields.member_ids, replace_all=True))
    return _update_group(scim, group_id, change, version, 200)


def patch_group(scim: ScimContext, group_id: str, data: dict[str, Any], version: int | None
                ) -> tuple[str, int | None, int]:
    limits.check_patch(data, "Groups")
    return _update_group(scim, group_id, group_change(parse_patch(data), group_id), version, 204)


def _update_group(scim: ScimContext, group_id: str, change: GroupChange, version: int | None,
                  status: int) -> tuple[str, int | None, int]:
    group = update_group(scim.deps, org_id=scim.org.id, actor=scim.actor, group_id=group_id,
                         change=change, expected_version=version)
    return group.id, group.version, status


def remove_group(scim: ScimContext, group_id: str, _: dict[str, Any], version: int | None
                 ) -> tuple[str, int | None, int]:
    delete_group(scim.deps, org_id=scim.org.id, actor=scim.actor, group_id=group_id,
                 expected_version=version)
    return group_id, None, 204


HANDLERS: dict[tuple[str, str], Handler] = {
    ("POST", "Users"): post_user, ("PUT", "Users"): put_user, ("PATCH", "Users"): patch_user,
    ("DELETE", "Users"): delete_user, ("POST", "Groups"): post_group,
    ("PUT", "Groups"): put_group, ("PATCH", "Groups"): patch_group,
    ("DELETE", "Groups"): remove_group,
}

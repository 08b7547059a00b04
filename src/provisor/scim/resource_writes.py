"""Writing a User or a Group from a SCIM document: one composition for every caller.

The ``/Users`` and ``/Groups`` routes and each ``/Bulk`` operation call these
synchronous functions, so drafts, the org's custom extension, If-Match
versions and the PATCH retry live in one place and a Bulk write obeys exactly
what a single request obeys. They parse, call one use case and return the
domain object; answering (status, projection, ETag, audit of failures) is the
caller's business.

PATCH is applied in memory to the current document and written once with the
version it was read at. With an expected version (If-Match, a Bulk
``version``) a concurrent change is 412; without one, the PATCH is re-applied
to the fresh state up to ``PATCH_ATTEMPTS`` times (last-write-wins per
operation, never a lost update of another attribute).
"""

from __future__ import annotations

from typing import Any

from provisor.domain.errors import PreconditionFailed
from provisor.domain.group import Group, MembershipDelta
from provisor.domain.member import Member
from provisor.domain.usecases.create_group import create_group
from provisor.domain.usecases.create_member import create_member
from provisor.domain.usecases.delete_group import delete_group
from provisor.domain.usecases.delete_member import delete_member
from provisor.domain.usecases.read import view_member
from provisor.domain.usecases.update_group import GroupChange, update_group
from provisor.domain.usecases.update_member import update_member
from provisor.scim.bodies import get_ci
from provisor.scim.context import ScimContext
from provisor.scim.custom import OrgUserSchema
from provisor.scim.group_body import group_fields
from provisor.scim.group_patch import group_change
from provisor.scim.params import resource_id
from provisor.scim.patch_ops import parse_patch
from provisor.scim.represent import writable_user
from provisor.scim.tracing import tolerated
from provisor.scim.user_body import user_draft
from provisor.scim.user_patch import apply_user_patch

PATCH_ATTEMPTS = 3


def create_user(scim: ScimContext, schemas: OrgUserSchema, body: dict[str, Any]) -> Member:
    draft = user_draft(body, schema=schemas.schema(body))
    draft.profile = schemas.check(draft.profile)
    return create_member(scim.deps, org_id=scim.org.id, actor=scim.actor, draft=draft)


def replace_user(scim: ScimContext, schemas: OrgUserSchema, member_id: str,
                 body: dict[str, Any], expected: int | None) -> Member:
    """PUT replaces every client-writable attribute (RFC 7644 §3.5.1)."""
    current, _ = view_member(scim.deps, org_id=scim.org.id, member_id=resource_id(member_id),
                             with_groups=False)
    draft = user_draft(body, current=current, schema=schemas.schema(body))
    draft.profile = schemas.check(draft.profile)
    return update_member(scim.deps, org_id=scim.org.id, actor=scim.actor, member_id=current.id,
                         draft=draft, expected_version=expected)


def patch_user(scim: ScimContext, schemas: OrgUserSchema, member_id: str,
               body: dict[str, Any], expected: int | None) -> Member:
    ops = parse_patch(body)
    member_id = resource_id(member_id)
    for attempt in range(PATCH_ATTEMPTS):
        current, _ = view_member(scim.deps, org_id=scim.org.id, member_id=member_id,
                                 with_groups=False)
        if expected is not None and current.version != expected:
            raise PreconditionFailed("the member was modified since that version")
        schema = schemas.schema(body, list(current.profile))
        patched = apply_user_patch(writable_user(current, schema), ops, current.id, schema)
        draft = user_draft(patched, current=current, patched=True, schema=schema)
        draft.profile = schemas.check(draft.profile)
        try:
            return update_member(scim.deps, org_id=scim.org.id, actor=scim.actor,
                                 member_id=current.id, draft=draft,
                                 expected_version=current.version)
        except PreconditionFailed:
            if expected is not None or attempt == PATCH_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def remove_user(scim: ScimContext, member_id: str, expected: int | None) -> None:
    delete_member(scim.deps, org_id=scim.org.id, actor=scim.actor,
                  member_id=resource_id(member_id), expected_version=expected)


def add_group(scim: ScimContext, body: dict[str, Any]) -> Group:
    _note_group_schemas(body)
    fields = group_fields(body)
    return create_group(scim.deps, org_id=scim.org.id, actor=scim.actor,
                        display_name=fields.display_name, external_id=fields.external_id,
                        member_ids=fields.member_ids)


def replace_group(scim: ScimContext, group_id: str, body: dict[str, Any],
                  expected: int | None) -> Group:
    """PUT replaces the whole group, members included (RFC 7644 §3.5.1)."""
    _note_group_schemas(body)
    fields = group_fields(body)
    change = GroupChange(display_name=fields.display_name, external_id=fields.external_id,
                         delta=MembershipDelta(add=fields.member_ids, replace_all=True))
    return update_group(scim.deps, org_id=scim.org.id, actor=scim.actor,
                        group_id=resource_id(group_id), change=change, expected_version=expected)


def patch_group(scim: ScimContext, group_id: str, body: dict[str, Any],
                expected: int | None) -> Group:
    change = group_change(parse_patch(body), group_id)
    return update_group(scim.deps, org_id=scim.org.id, actor=scim.actor,
                        group_id=resource_id(group_id), change=change, expected_version=expected)


def remove_group(scim: ScimContext, group_id: str, expected: int | None) -> None:
    delete_group(scim.deps, org_id=scim.org.id, actor=scim.actor,
                 group_id=resource_id(group_id), expected_version=expected)


def _note_group_schemas(body: dict[str, Any]) -> None:
    """Entra adds a non-standard schema URI (``…/ADSCIM/2.0/Group``); it is ignored."""
    schemas = get_ci(body, "schemas")
    if isinstance(schemas, list) and any(
            isinstance(s, str) and "adscim" in s.lower() for s in schemas):
        tolerated("entra.adscim_group_schema")


"""Writing a User or a Group from a SCIM document: one composition for every caller.

The ``/Users`` and ``/Groups`` routes and each ``/Bulk`` operation call these
synchronous functions, so drafts, the org's custom extension, If-Match
versions and the PATCH retry live in one place and a Bulk write obeys exactly
what a single request obeys. They parse, call one use case and return the
domain object; answering (status, projection, ETag, audit of failures) is the
caller's business.

A User PATCH is applied to the member inside the write transaction that saves
it (the row is locked for the write), so a concurrent change is never lost;
with an expected version (If-Match, a Bulk ``version``) a stale one is 412.
"""

from __future__ import annotations

from typing import Any

from provisor.domain.custom_attributes import has_custom_values
from provisor.domain.group import Group, GroupMember, MembershipDelta
from provisor.domain.member import Member
from provisor.domain.usecases.create_group import create_group
from provisor.domain.usecases.create_member import MemberDraft, create_member
from provisor.domain.usecases.delete_group import delete_group
from provisor.domain.usecases.delete_member import delete_member
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
from provisor.scim.user_body import active_draft, user_draft
from provisor.scim.user_patch import NOT_ACTIVE_ONLY, active_only, apply_user_patch


def create_user(scim: ScimContext, schemas: OrgUserSchema, body: dict[str, Any]) -> Member:
    draft = user_draft(body, schema=schemas.schema(body))
    draft.profile = schemas.check(draft.profile)
    return create_member(scim.deps, org_id=scim.org.id, actor=scim.actor, draft=draft)


def replace_user(scim: ScimContext, schemas: OrgUserSchema, member_id: str,
                 body: dict[str, Any], expected: int | None) -> Member:
    """PUT replaces every client-writable attribute (RFC 7644 §3.5.1); what an
    absent ``active`` means depends on the member as it is (``user_draft``)."""
    schema = schemas.schema(body)

    def replaced(current: Member) -> MemberDraft:
        draft = user_draft(body, current=current, schema=schema)
        draft.profile = schemas.check(draft.profile)
        return draft

    return update_member(scim.deps, org_id=scim.org.id, actor=scim.actor,
                         member_id=resource_id(member_id), draft=replaced,
                         expected_version=expected)


def patch_user(scim: ScimContext, schemas: OrgUserSchema, member_id: str,
               body: dict[str, Any], expected: int | None) -> Member:
    """The operations are applied inside the write transaction to the member as
    it stands there (locked for the write), then written once: one transaction,
    no retry, no lost update (issue 7: the read-apply-write-retry loop read the
    member three times per PATCH)."""
    ops = parse_patch(body)
    active = active_only(ops)

    def patched(current: Member) -> MemberDraft:
        if active is not NOT_ACTIVE_ONLY and not has_custom_values(current.profile):
            return active_draft(current, active)
        schema = schemas.schema(body, list(current.profile))
        document = apply_user_patch(writable_user(current, schema), ops, current.id, schema)
        draft = user_draft(document, current=current, patched=True, schema=schema)
        draft.profile = schemas.check(draft.profile)
        return draft

    return update_member(scim.deps, org_id=scim.org.id, actor=scim.actor,
                         member_id=resource_id(member_id), draft=patched,
                         expected_version=expected)


def remove_user(scim: ScimContext, member_id: str, expected: int | None) -> None:
    delete_member(scim.deps, org_id=scim.org.id, actor=scim.actor,
                  member_id=resource_id(member_id), expected_version=expected)


def add_group(scim: ScimContext, body: dict[str, Any]) -> tuple[Group, list[GroupMember]]:
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


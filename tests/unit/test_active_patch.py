"""A PATCH that only sets ``active`` skips the document: its draft is the one the
full path (writable_user → apply_user_patch → user_draft) gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from provisor.domain.errors import InvalidValue
from provisor.domain.member import ENTERPRISE_URN, ManagedBy, Member, MemberState
from provisor.domain.usecases.create_member import MemberDraft
from provisor.scim.attributes import USER
from provisor.scim.patch_ops import parse_patch
from provisor.scim.represent import writable_user
from provisor.scim.user_body import active_draft, user_draft
from provisor.scim.user_patch import NOT_ACTIVE_ONLY, active_only, apply_user_patch

T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
OKTA_BODY: dict[str, Any] = {
    "userName": "ada@acme.test", "name": {"givenName": "Ada", "familyName": "Lovelace"},
    "emails": [{"primary": True, "value": "ada@acme.test", "type": "work"}],
    "displayName": "Ada Lovelace", "locale": "en-US", "active": True, "groups": [],
}
ENTRA_BODY: dict[str, Any] = {
    "userName": "grace@contoso.test", "externalId": "0a21f0f2", "active": "True",
    "displayName": "Grace Hopper", "title": "Rear Admiral",
    "emails": [{"primary": True, "type": "work", "value": "grace@contoso.test"}],
    "phoneNumbers": [{"type": "mobile", "value": "+1 555 0100"}],
    "addresses": [{"type": "work", "locality": "Arlington", "country": "US"}],
    ENTERPRISE_URN: {"department": "Navy", "employeeNumber": 1906,
                     "manager": {"value": "m-1"}},
}


def member_from(body: dict[str, Any], *, state: MemberState | None = None,
                unassigned: bool = False) -> Member:
    draft: MemberDraft = user_draft(body)
    profile = dict(draft.profile)
    if unassigned:  # a client removed `active` earlier: the profile keeps the mark
        profile["active"] = None
    return Member(id="m-9", org_id="o-1", user_name=draft.user_name,
                  state=state or (MemberState.ACTIVE if draft.active
                                  else MemberState.DEACTIVATED),
                  managed_by=ManagedBy.SCIM, created_at=T0, updated_at=T0,
                  external_id=draft.external_id, profile=profile)


def full_draft(member: Member, body: dict[str, Any]) -> MemberDraft:
    ops = parse_patch(body)
    document = apply_user_patch(writable_user(member, USER), ops, member.id, USER)
    return user_draft(document, current=member, patched=True, schema=USER)


def patch(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": list(operations)}


ACTIVE_ONLY = [
    patch({"op": "replace", "value": {"active": False}}),  # Okta
    patch({"op": "replace", "value": {"active": True}}),
    patch({"op": "Replace", "path": "active", "value": "False"}),  # Entra
    patch({"op": "Replace", "path": "active", "value": "True"}),
    patch({"op": "add", "path": "active", "value": False}),
    patch({"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:active",
           "value": False}),
    patch({"op": "replace", "value": {"Active": False}}),
    patch({"op": "replace", "path": "active", "value": True},
          {"op": "replace", "path": "active", "value": False}),
]
MEMBERS = [
    member_from(OKTA_BODY), member_from(ENTRA_BODY),
    member_from(OKTA_BODY, state=MemberState.DEACTIVATED),
    member_from(ENTRA_BODY, unassigned=True),
    member_from({"userName": "bare"}),
]


@pytest.mark.parametrize("body", ACTIVE_ONLY)
@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: f"{m.user_name}-{m.state.value}")
def test_an_active_only_patch_drafts_what_the_full_path_drafts(
    member: Member, body: dict[str, Any],
) -> None:
    value = active_only(parse_patch(body))
    assert value is not NOT_ACTIVE_ONLY
    assert active_draft(member, value) == full_draft(member, body)


@pytest.mark.parametrize("body", [
    patch({"op": "remove", "path": "active"}),
    patch({"op": "replace", "path": "active", "value": None}),
    patch({"op": "replace", "value": {"active": False, "title": "Countess"}}),
    patch({"op": "replace", "value": {"active": False}},
          {"op": "replace", "path": "title", "value": "Countess"}),
    patch({"op": "replace", "path": "name.givenName", "value": "Ada"}),
    patch({"op": "replace", "value": {"userName": "ada"}}),
    patch({"op": "replace", "path": f"{ENTERPRISE_URN}:active", "value": False}),
])
def test_any_other_patch_takes_the_full_path(body: dict[str, Any]) -> None:
    assert active_only(parse_patch(body)) is NOT_ACTIVE_ONLY


@pytest.mark.parametrize("value", ["yes", 1, [True], {"value": True}])
def test_a_value_that_is_no_boolean_is_refused_on_both_paths(value: Any) -> None:
    member = member_from(OKTA_BODY)
    body = patch({"op": "replace", "path": "active", "value": value})
    with pytest.raises(InvalidValue):
        full_draft(member, body)
    with pytest.raises(InvalidValue):
        active_draft(member, active_only(parse_patch(body)))


def test_the_draft_leaves_the_members_profile_as_it_was() -> None:
    member = member_from(ENTRA_BODY, unassigned=True)
    before = replace(member, profile=dict(member.profile))
    draft = active_draft(member, False)
    assert member == before
    assert "active" not in draft.profile and "active" in member.profile

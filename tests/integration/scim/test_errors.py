"""Every error class a client can cause answers with a SCIM error, never a 500."""

from __future__ import annotations

import pytest

from tests.integration.scim.helpers import Scim, patch, user_body


def _error(response: object, status: int, scim_type: str | None) -> None:
    body = response.json()  # type: ignore[attr-defined]
    assert response.status_code == status, body  # type: ignore[attr-defined]
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert body["status"] == str(status) and body.get("scimType") == scim_type


def test_malformed_json_is_invalid_syntax(scim: Scim) -> None:
    _error(scim.call("POST", "/Users", content=b'{"userName": '), 400, "invalidSyntax")


def test_bad_utf8_is_invalid_syntax(scim: Scim) -> None:
    _error(scim.call("POST", "/Users", content=b'{"userName": "\xff\xfe"}'), 400, "invalidSyntax")


@pytest.mark.parametrize("body", [
    {"userName": 12}, {"userName": "a" * 5000}, {"userName": "a\u0000b"},
    {"userName": "ok@example.com", "name": "not an object"},
    {"userName": "ok@example.com", "emails": [12]},
    {"userName": "ok@example.com", "active": "maybe"}, {},
])
def test_wrong_types_and_missing_required_values_are_invalid_value(scim: Scim, body: object
                                                                   ) -> None:
    _error(scim.call("POST", "/Users", body), 400, "invalidValue")


def test_unknown_attributes_and_huge_numbers_are_ignored(scim: Scim) -> None:
    response = scim.call("POST", "/Users", user_body(favouriteColour="blue", big=10**40))
    assert response.status_code == 201 and "favouriteColour" not in response.json()


@pytest.mark.parametrize("text", ['userName eq', 'nope eq "x"', 'userName eq "a\u0000"',
                                  'active eq "yes"', 'emails[type eq "work"'])
def test_bad_filters_are_invalid_filter(scim: Scim, text: str) -> None:
    _error(scim.call("GET", "/Users", params={"filter": text}), 400, "invalidFilter")


def test_a_bad_cursor_is_invalid_cursor(scim: Scim) -> None:
    _error(scim.call("GET", "/Users", params={"cursor": "garbage!!"}), 400, "invalidCursor")


def test_patch_errors_invalid_path_no_target_mutability(scim: Scim) -> None:
    user = scim.user()
    url = f"/Users/{user['id']}"
    _error(scim.call("PATCH", url, patch({"op": "replace", "path": "nope[", "value": 1})),
           400, "invalidPath")
    _error(scim.call("PATCH", url, patch({"op": "replace", "path": "bogus", "value": 1})),
           400, "invalidPath")
    _error(scim.call("PATCH", url, patch({"op": "remove"})), 400, "noTarget")
    for path in ("id", "meta", "groups"):
        _error(scim.call("PATCH", url, patch({"op": "replace", "path": path, "value": "x"})),
               400, "mutability")
    _error(scim.call("PATCH", url, {"Operations": []}), 400, "invalidSyntax")
    _error(scim.call("PATCH", url, patch({"op": "jump", "path": "title"})), 400, "invalidSyntax")


def test_a_multi_operation_patch_is_all_or_nothing(scim: Scim) -> None:
    user = scim.user()
    response = scim.call("PATCH", f"/Users/{user['id']}", patch(
        {"op": "replace", "path": "title", "value": "Changed"},
        {"op": "replace", "path": "userName", "value": 5}))
    assert response.status_code == 400
    assert "title" not in scim.call("GET", f"/Users/{user['id']}").json()


def test_uniqueness_conflict_on_rename_is_409(scim: Scim) -> None:
    a, b = scim.user(), scim.user()
    _error(scim.call("PATCH", f"/Users/{b['id']}", patch(
        {"op": "replace", "path": "userName", "value": a["userName"]})), 409, "uniqueness")


def test_a_missing_or_wrong_token_is_401(scim: Scim) -> None:
    response = scim.client.get(scim.org.scim_base + "/Users")
    assert response.status_code == 401


def test_unknown_group_member_ids_are_invalid_value(scim: Scim) -> None:
    _error(scim.call("POST", "/Groups", {"displayName": "g-x", "members": [{"value": "nope"}]}),
           400, "invalidValue")


@pytest.mark.parametrize("params", [{"startIndex": "99999999999999999999999"},
                                    {"count": "-5"}, {"startIndex": "-3", "count": "100000"}])
def test_absurd_paging_numbers_are_clamped_not_errors(scim: Scim, params: dict[str, str]
                                                      ) -> None:
    assert scim.call("GET", "/Users", params=params).status_code == 200


def test_ids_with_nul_or_huge_length_are_404(scim: Scim) -> None:
    assert scim.call("GET", "/Users/" + "a" * 500).status_code == 404
    assert scim.call("GET", "/Groups/a%00b").status_code == 404

"""One test per Okta / Entra quirk (tests/e2e/SCENARIOS.md, quirks catalogue)."""

from __future__ import annotations

import uuid

from tests.integration.scim.helpers import ENTERPRISE, Scim, patch, user_body


def test_okta_username_filter_is_case_insensitive(scim: Scim) -> None:
    user = scim.user()
    found = scim.call("GET", "/Users", params={
        "filter": f'userName eq "{user["userName"].upper()}"', "startIndex": "1", "count": "100"})
    assert found.json()["totalResults"] == 1 and found.json()["Resources"][0]["id"] == user["id"]


def test_okta_duplicate_create_is_409_uniqueness(scim: Scim) -> None:
    user = scim.user()
    again = scim.call("POST", "/Users", user_body(user["userName"].split("@")[0].upper()))
    assert again.status_code == 409 and again.json()["scimType"] == "uniqueness"


def test_okta_pathless_replace_active_false_deactivates_and_keeps_the_user_readable(
        scim: Scim) -> None:
    user = scim.user()
    off = scim.call("PATCH", f"/Users/{user['id']}",
                    patch({"op": "replace", "value": {"active": False}}))
    assert off.status_code == 200 and off.json()["active"] is False
    assert scim.call("GET", f"/Users/{user['id']}").json()["active"] is False


def test_okta_group_patch_remove_by_filter_and_add_in_one_request(scim: Scim) -> None:
    a, b = scim.user(), scim.user()
    group = scim.group(members=[a["id"]])
    response = scim.call("PATCH", f"/Groups/{group['id']}", patch(
        {"op": "remove", "path": f'members[value eq "{a["id"]}"]'},
        {"op": "add", "path": "members", "value": [{"value": b["id"], "display": "B"}]}))
    assert response.status_code == 204
    members = scim.call("GET", f"/Groups/{group['id']}").json()["members"]
    assert [m["value"] for m in members] == [b["id"]]


def test_okta_pathless_rename_carrying_the_groups_own_id_is_accepted(scim: Scim) -> None:
    group = scim.group()
    response = scim.call("PATCH", f"/Groups/{group['id']}", patch(
        {"op": "replace", "value": {"id": group["id"], "displayName": "Renamed " + group["id"]}}))
    assert response.status_code == 204
    assert scim.call("GET", f"/Groups/{group['id']}").json()["displayName"].startswith("Renamed")


def test_okta_replace_members_with_an_empty_list_empties_the_group(scim: Scim) -> None:
    group = scim.group(members=[scim.user()["id"]])
    scim.call("PATCH", f"/Groups/{group['id']}",
              patch({"op": "replace", "path": "members", "value": []}))
    assert scim.call("GET", f"/Groups/{group['id']}").json()["members"] == []


def test_entra_capitalised_ops_and_string_booleans(scim: Scim) -> None:
    user = scim.user()
    response = scim.call("PATCH", f"/Users/{user['id']}", patch(
        {"op": "Replace", "path": "active", "value": "False"},
        {"op": "Add", "path": "nickName", "value": "Babs"}))
    assert response.status_code == 200
    assert response.json()["active"] is False and response.json()["nickName"] == "Babs"


def test_entra_pathless_value_object_with_dotted_and_urn_keys(scim: Scim) -> None:
    user = scim.user()
    response = scim.call("PATCH", f"/Users/{user['id']}", patch({"op": "replace", "value": {
        "name.givenName": "Barbara", f"{ENTERPRISE}:employeeNumber": "42"}}))
    body = response.json()
    assert body["name"] == {"givenName": "Barbara", "familyName": "Family"}
    assert body[ENTERPRISE] == {"employeeNumber": "42"} and "name.givenName" not in body


def test_entra_unmatched_filtered_email_path_creates_the_entry(scim: Scim) -> None:
    user = scim.user(emails=[])
    response = scim.call("PATCH", f"/Users/{user['id']}", patch(
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "new@example.com"}))
    assert response.json()["emails"] == [{"type": "work", "value": "new@example.com"}]


def test_entra_manager_as_a_plain_string_reads_back_as_manager_value(scim: Scim) -> None:
    boss = scim.user()
    user = scim.user(**{ENTERPRISE: {"manager": boss["id"]}})
    assert user[ENTERPRISE]["manager"]["value"] == boss["id"]
    other = scim.user()
    response = scim.call("PATCH", f"/Users/{user['id']}", patch(
        {"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": other["id"]}))
    assert response.json()[ENTERPRISE]["manager"]["value"] == other["id"]


def test_entra_nulls_on_create_mean_unassigned(scim: Scim) -> None:
    user = scim.user(title=None, addresses=None, phoneNumbers=None, preferredLanguage=None,
                     department=None, manager=None)
    assert "title" not in user and "addresses" not in user and "department" not in user


def test_entra_group_post_with_the_adscim_schema_and_meta_is_accepted(scim: Scim) -> None:
    response = scim.call("POST", "/Groups", {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "displayName": f"Entra {uuid.uuid4()}", "meta": {"resourceType": "Group"}})
    assert response.status_code == 201, response.text


def test_entra_remove_members_with_a_value_list(scim: Scim) -> None:
    a, b = scim.user(), scim.user()
    group = scim.group(members=[a["id"], b["id"]])
    scim.call("PATCH", f"/Groups/{group['id']}", patch(
        {"op": "Remove", "path": "members", "value": [{"$ref": None, "value": a["id"]}]}))
    members = scim.call("GET", f"/Groups/{group['id']}").json()["members"]
    assert [m["value"] for m in members] == [b["id"]]


def test_entra_connection_test_with_a_random_guid_is_an_empty_list(scim: Scim) -> None:
    for attr in ("userName", "externalId"):
        response = scim.call("GET", "/Users", params={"filter": f'{attr} eq "{uuid.uuid4()}"'})
        assert response.status_code == 200
        assert response.json()["totalResults"] == 0 and response.json()["Resources"] == []


def test_entra_excluded_attributes_members_omits_members(scim: Scim) -> None:
    group = scim.group(members=[scim.user()["id"]])
    one = scim.call("GET", f"/Groups/{group['id']}", params={"excludedAttributes": "members"})
    assert "members" not in one.json() and one.json()["displayName"] == group["displayName"]
    listed = scim.call("GET", "/Groups", params={
        "excludedAttributes": "members", "filter": f'displayName eq "{group["displayName"]}"'})
    assert listed.json()["totalResults"] == 1 and "members" not in listed.json()["Resources"][0]

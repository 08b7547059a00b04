"""POST /.search at the root (RFC 7644 §3.4.3): Users and Groups in one listing."""

from __future__ import annotations

import secrets


def _seed(client, org) -> str:
    tag = secrets.token_hex(3)
    for i in range(3):
        client.post(f"{org.scim_base}/Users", json={"userName": f"{tag}-u{i}@example.com"},
                    headers=org.auth)
    client.post(f"{org.scim_base}/Groups", json={"displayName": f"{tag}-group"},
                headers=org.auth)
    return tag


def test_a_root_search_without_filter_counts_users_and_groups(client, org):
    _seed(client, org)
    body = client.post(f"{org.scim_base}/.search", json={"count": 2}, headers=org.auth).json()
    users = client.get(f"{org.scim_base}/Users", params={"count": 0}, headers=org.auth).json()
    assert body["totalResults"] == users["totalResults"] + 1
    assert body["itemsPerPage"] == len(body["Resources"]) == 2


def test_a_filter_one_type_does_not_know_matches_only_the_other_type(client, org):
    tag = _seed(client, org)
    body = client.post(f"{org.scim_base}/.search", headers=org.auth,
                       json={"filter": f'userName sw "{tag}"'}).json()
    assert body["totalResults"] == 3
    assert {r["meta"]["resourceType"] for r in body["Resources"]} == {"User"}
    groups = client.post(f"{org.scim_base}/.search", headers=org.auth,
                         json={"filter": f'displayName sw "{tag}"'}).json()
    assert [r["displayName"] for r in groups["Resources"]] == [f"{tag}-group"]


def test_pages_continue_from_users_into_groups(client, org):
    _seed(client, org)  # a fresh org: its owner, three users, one group
    pages = [client.post(f"{org.scim_base}/.search", headers=org.auth,
                         json={"count": 2, "startIndex": start}).json() for start in (1, 3, 5)]
    kinds = [r["meta"]["resourceType"] for page in pages for r in page["Resources"]]
    assert [p["totalResults"] for p in pages] == [5, 5, 5]
    assert kinds == ["User", "User", "User", "User", "Group"]


def test_root_search_refuses_cursors_and_bad_filters(client, org):
    url = f"{org.scim_base}/.search"
    assert client.post(url, json={"cursor": ""}, headers=org.auth).status_code == 400
    bad = client.post(url, json={"filter": "userName eq"}, headers=org.auth)
    assert bad.status_code == 400 and bad.json()["scimType"] == "invalidFilter"

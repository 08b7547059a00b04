"""POST /Bulk (RFC 7644 §3.7): bulkIds, failOnErrors all-or-nothing, limits, isolation."""

from __future__ import annotations

import secrets

BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"


def _bulk(client, org, operations, **extra):
    body = {"schemas": [BULK], "Operations": operations, **extra}
    return client.post(f"{org.scim_base}/Bulk", json=body, headers=org.auth)


def _user(bulk_id: str) -> dict:
    return {"method": "POST", "path": "/Users", "bulkId": bulk_id,
            "data": {"userName": f"{bulk_id}-{secrets.token_hex(3)}@example.com"}}


def test_bulk_resolves_a_forward_bulk_id_reference_in_group_members(client, org):
    response = _bulk(client, org, [
        {"method": "POST", "path": "/Groups", "bulkId": "g",
         "data": {"displayName": f"G {secrets.token_hex(3)}", "members": [{"value": "bulkId:u"}]}},
        _user("u"),
        {"method": "PATCH", "path": "/Users/bulkId:u",
         "data": {"Operations": [{"op": "replace", "value": {"active": False}}]}},
    ])
    assert response.status_code == 200
    group, user, patch = response.json()["Operations"]
    assert (group["status"], user["status"], patch["status"]) == ("201", "201", "200")
    user_id = user["location"].rsplit("/", 1)[1]
    members = client.get(group["location"].replace("http://testserver", ""),
                         headers=org.auth).json()["members"]
    assert [m["value"] for m in members] == [user_id]


def test_without_fail_on_errors_each_operation_stands_alone(client, org):
    ops = [_user("a"), {"method": "DELETE", "path": "/Users/not-an-id"}, _user("b")]
    results = _bulk(client, org, ops).json()["Operations"]
    assert [r["status"] for r in results] == ["201", "404", "201"]
    assert results[1]["response"]["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_with_fail_on_errors_nothing_is_applied_when_an_operation_fails(client, org):
    first = _user("first")
    ops = [first, {"method": "DELETE", "path": "/Users/not-an-id"}, _user("later")]
    results = _bulk(client, org, ops, failOnErrors=1).json()["Operations"]
    assert [r["status"] for r in results] == ["404"]
    name = first["data"]["userName"]
    found = client.get(f"{org.scim_base}/Users", params={"filter": f'userName eq "{name}"'},
                       headers=org.auth).json()
    assert found["totalResults"] == 0


def test_with_fail_on_errors_and_no_failure_everything_is_applied(client, org):
    results = _bulk(client, org, [_user("x"), _user("y")], failOnErrors=1).json()["Operations"]
    assert [r["status"] for r in results] == ["201", "201"]
    assert client.get(results[1]["location"].replace("http://testserver", ""),
                      headers=org.auth).status_code == 200


def test_an_unknown_bulk_id_and_a_cycle_are_refused_per_operation(client, org):
    results = _bulk(client, org, [
        {"method": "PATCH", "path": "/Users/bulkId:missing", "data": {"Operations": [
            {"op": "replace", "path": "active", "value": False}]}},
        {"method": "POST", "path": "/Groups", "bulkId": "p",
         "data": {"displayName": "P", "members": [{"value": "bulkId:q"}]}},
        {"method": "POST", "path": "/Groups", "bulkId": "q",
         "data": {"displayName": "Q", "members": [{"value": "bulkId:p"}]}},
    ]).json()["Operations"]
    assert [r["status"] for r in results] == ["400", "409", "409"]


def test_too_many_operations_is_413_too_many(client, org):
    ops = [{"method": "DELETE", "path": f"/Users/{i}"} for i in range(1001)]
    response = _bulk(client, org, ops)
    assert response.status_code == 413
    assert response.json()["scimType"] == "tooMany"


def test_a_payload_over_max_payload_size_is_413(client, org):
    padding = ["x" * 1000] * 1100
    response = _bulk(client, org, [_user("big")], padding=padding)
    assert response.status_code == 413 and response.json()["status"] == "413"


def test_malformed_bulk_bodies_are_scim_400s(client, org):
    url = f"{org.scim_base}/Bulk"
    headers = {**org.auth, "Content-Type": "application/scim+json"}
    assert client.post(url, content=b"{nope", headers=headers).status_code == 400
    assert client.post(url, json={"Operations": []}, headers=org.auth).status_code == 400
    bad = _bulk(client, org, [{"method": "GET", "path": "/Users"}, "x"]).json()["Operations"]
    assert [r["status"] for r in bad] == ["400", "400"]
    assert _bulk(client, org, [_user("z")], failOnErrors=0).status_code == 400


def test_bulk_cannot_reach_another_orgs_resources(client, org, other_org):
    theirs = _bulk(client, other_org, [_user("theirs")]).json()["Operations"][0]
    their_id = theirs["location"].rsplit("/", 1)[1]
    results = _bulk(client, org, [
        {"method": "DELETE", "path": f"/Users/{their_id}"},
        {"method": "POST", "path": "/Groups", "bulkId": "g",
         "data": {"displayName": "Steal", "members": [{"value": their_id}]}},
    ]).json()["Operations"]
    assert results[0]["status"] == "404" and results[1]["status"] in ("400", "404")
    assert client.get(theirs["location"].replace("http://testserver", ""),
                      headers=other_org.auth).status_code == 200

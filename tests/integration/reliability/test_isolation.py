"""Isolation probe: org A's token, on org A's URL, tries every SCIM operation on
org B's ids, names, filters, group members, Bulk operations and cursors. Nothing
of B ever comes back, and nothing of B is ever changed or linked into A."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from provisor.domain.deps import Deps
from tests.conftest import ReadyOrg, make_org
from tests.integration.reliability.conftest import headers
from tests.integration.reliability.server import Server, start

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start(database_url, tmp_path_factory.mktemp("iso") / "server.log")
    yield running
    running.stop()


def _client(server: Server, org: ReadyOrg, token: str | None = None) -> httpx.Client:
    return httpx.Client(base_url=server.url + org.scim_base, headers=headers(org, token),
                        timeout=60)


@pytest.fixture(scope="module")
def world(server: Server, deps: Deps) -> dict[str, Any]:
    a, b = make_org(deps, "iso-a"), make_org(deps, "iso-b")
    with _client(server, b) as http:
        b_user = http.post("/Users", json={"schemas": [USER], "userName": "victim@b.example",
                                           "externalId": "ext-victim"}).json()
        b_group = http.post("/Groups", json={"schemas": [GROUP], "displayName": "B Secret Group",
                                             "members": [{"value": b_user["id"]}]}).json()
        http.post("/Users", json={"schemas": [USER], "userName": "second@b.example"})
        b_cursor = http.get("/Users", params={"cursor": "", "count": 1}).json().get("nextCursor")
    with _client(server, a) as http:
        a_group = http.post("/Groups", json={"schemas": [GROUP], "displayName": "A Group"}).json()
    return {"a": a, "b": b, "b_user": b_user["id"], "b_group": b_group["id"],
            "a_group": a_group["id"], "b_cursor": b_cursor}


def _secrets_of_b(world: dict[str, Any]) -> list[str]:
    return [world["b_user"], world["b_group"], "victim@b.example", "ext-victim",
            "B Secret Group", "second@b.example", world["b"].slug]


def test_every_operation_of_org_a_on_org_bs_resources_is_404_and_returns_nothing_of_b(
    server: Server, world: dict[str, Any],
):
    uid, gid = world["b_user"], world["b_group"]
    patch = {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "displayName",
                                                 "value": "owned"}]}
    probes: list[tuple[str, str, Any]] = [
        ("GET", f"/Users/{uid}", None), ("GET", f"/Groups/{gid}", None),
        ("GET", f"/Groups/{gid}?attributes=members", None),
        ("PUT", f"/Users/{uid}", {"schemas": [USER], "userName": "owned@a.example"}),
        ("PATCH", f"/Users/{uid}", patch), ("DELETE", f"/Users/{uid}", None),
        ("PUT", f"/Groups/{gid}", {"schemas": [GROUP], "displayName": "owned"}),
        ("PATCH", f"/Groups/{gid}", patch), ("DELETE", f"/Groups/{gid}", None),
    ]
    with _client(server, world["a"]) as http:
        for method, path, body in probes:
            response = http.request(method, path, json=body)
            assert response.status_code == 404, (method, path, response.text)
            assert not [s for s in _secrets_of_b(world) if s in response.text]


def test_filters_searches_and_cursors_of_org_a_never_yield_org_bs_data(
    server: Server, world: dict[str, Any],
):
    filters = ['userName eq "victim@b.example"', f'id eq "{world["b_user"]}"',
               'externalId eq "ext-victim"', 'userName co "b.example"', "userName pr",
               f'groups.value eq "{world["b_group"]}"']
    with _client(server, world["a"]) as http:
        answers = [http.get("/Users", params={"filter": f}) for f in filters]
        answers += [http.post("/Users/.search", json={"filter": f}) for f in filters]
        answers += [http.get("/Groups", params={"filter": 'displayName eq "B Secret Group"'}),
                    http.get("/Groups", params={"filter": f'members.value eq "{world["b_user"]}"'}),
                    http.get("/Users", params={"cursor": world["b_cursor"] or "x", "count": 5})]
    for response in answers:
        assert response.status_code in (200, 400, 404), response.text
        assert not [s for s in _secrets_of_b(world) if s in response.text], response.text


def test_a_member_of_org_b_can_never_be_added_to_a_group_of_org_a(
    server: Server, world: dict[str, Any],
):
    uid, agid = world["b_user"], world["a_group"]
    member = [{"value": uid}]
    with _client(server, world["a"]) as http:
        attempts = [
            http.patch(f"/Groups/{agid}", json={"schemas": [PATCH], "Operations": [
                {"op": "add", "path": "members", "value": member}]}),
            http.patch(f"/Groups/{agid}", json={"schemas": [PATCH], "Operations": [
                {"op": "add", "value": {"members": member}}]}),
            http.put(f"/Groups/{agid}", json={"schemas": [GROUP], "displayName": "A Group",
                                              "members": member}),
            http.post("/Groups", json={"schemas": [GROUP], "displayName": "A Sneaky Group",
                                       "members": member}),
        ]
        assert all(400 <= r.status_code < 500 for r in attempts), [r.text for r in attempts]
        groups = http.get("/Groups", params={"count": 100}).json()["Resources"]
    assert all(uid not in str(g.get("members", [])) for g in groups)


def test_bulk_operations_of_org_a_cannot_reach_org_bs_resources(
    server: Server, world: dict[str, Any],
):
    ops = [{"method": "PATCH", "path": f"/Users/{world['b_user']}", "data": {
        "schemas": [PATCH], "Operations": [{"op": "replace", "path": "active", "value": False}]}},
        {"method": "DELETE", "path": f"/Groups/{world['b_group']}"},
        {"method": "PATCH", "path": f"/Groups/{world['a_group']}", "data": {
            "schemas": [PATCH], "Operations": [{"op": "add", "path": "members",
                                                "value": [{"value": world["b_user"]}]}]}}]
    with _client(server, world["a"]) as http:
        response = http.post("/Bulk", json={"schemas": [BULK], "Operations": ops})
    assert response.status_code == 200, response.text
    results = response.json()["Operations"]
    assert [int(r["status"]) >= 400 for r in results] == [True, True, True], results
    with _client(server, world["b"]) as http:
        assert http.get(f"/Users/{world['b_user']}").json()["active"] is True
        assert http.get(f"/Groups/{world['b_group']}").status_code == 200


def test_a_token_is_refused_on_another_orgs_url_for_every_resource(
    server: Server, world: dict[str, Any],
):
    a, b = world["a"], world["b"]
    with _client(server, b, a.token) as http:
        for path in ("/Users", f"/Users/{world['b_user']}", "/Groups", "/ServiceProviderConfig",
                     "/Schemas", "/ResourceTypes"):
            assert http.get(path).status_code == 401, path
        assert http.post("/Bulk", json={"schemas": [BULK], "Operations": []}).status_code == 401

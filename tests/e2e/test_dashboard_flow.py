"""The dashboard's whole SCIM setup through GraphQL only, then SCIM over real HTTP.

create org → readiness lists what is missing → SSO, default role, IdP, mappings
→ enable SCIM → token → the IdP creates users and pushes a group → GraphQL shows
them managed by SCIM with roles from mappings, live on the subscription →
disableScim(LOCK) deactivates them and the old token gets 401 → SOFT keeps
members active and manually managed.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

from tests.e2e.dashboard_server import serve

PLATFORM = f"platform-{secrets.token_hex(8)}"
SCIM_JSON = "application/scim+json"


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[str]:
    with serve(database_url, PLATFORM) as base:
        yield base


class Dashboard:
    def __init__(self, base: str, key: str) -> None:
        self.base, self.key = base, key

    def __call__(self, query: str, **variables: Any) -> Any:
        r = httpx.post(f"{self.base}/graphql", json={"query": query, "variables": variables},
                       headers={"Authorization": f"Bearer {self.key}"}, timeout=30)
        body = r.json()
        assert r.status_code == 200 and "errors" not in body, body
        return body["data"]

    def mutate(self, query: str, **variables: Any) -> Any:
        result = next(iter(self(query, **variables).values()))
        assert result["__typename"].endswith("Success"), result
        return result


class Idp:
    def __init__(self, base: str, slug: str, token: str) -> None:
        self.url, self.token = f"{base}/scim/v2/{slug}", token

    def __call__(self, method: str, path: str, body: Any = None) -> httpx.Response:
        return httpx.request(method, self.url + path, timeout=30, content=json.dumps(body)
                             if body is not None else None,
                             headers={"Authorization": f"Bearer {self.token}",
                                      "Content-Type": SCIM_JSON})

    def user(self, user_name: str, roles: tuple[str, ...] = ()) -> str:
        r = self("POST", "/Users", {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": user_name,
            "emails": [{"value": user_name, "primary": True, "type": "work"}], "active": True,
            "roles": [{"value": v} for v in roles]})
        assert r.status_code == 201, r.text
        return str(r.json()["id"])


def create_org(base: str, slug: str) -> Dashboard:
    anonymous = Dashboard(base, PLATFORM)
    made = anonymous.mutate("""mutation($i: CreateOrganizationInput!) {
      createOrganization(input: $i) { __typename ... on CreateOrganizationSuccess {
        managementKey } } }""", i={"slug": slug, "name": "Acme", "ownerUserName": f"o@{slug}.test"})
    return Dashboard(base, made["managementKey"])


def make_ready(gql: Dashboard) -> None:
    readiness = gql("{ organization { scimReadiness { ready missing } } }")
    assert readiness["organization"]["scimReadiness"] == {
        "ready": False, "missing": ["sso_active", "default_role", "identity_provider"]}
    refused = gql("mutation { enableScim { __typename ... on ScimNotReady { missing } } }")
    assert refused["enableScim"]["missing"] == ["sso_active", "default_role", "identity_provider"]
    gql.mutate("""mutation { configureSso(input: {protocol: SAML,
        issuer: "https://idp.acme.test/metadata", status: ACTIVE}) { __typename } }""")
    gql.mutate("""mutation { updateOrganizationSettings(input: {defaultRole: "member",
        identityProvider: OKTA}) { __typename } }""")
    gql.mutate('mutation { setRoleMapping(idpValue: "Engineer", role: "admin") { __typename } }')
    gql.mutate("mutation { enableScim { __typename } }")


def new_token(gql: Dashboard) -> str:
    made = gql.mutate("""mutation { createScimToken(name: "Okta") { __typename
        ... on CreateScimTokenSuccess { secret } } }""")
    return str(made["secret"])


@contextmanager
def feed(base: str, gql: Dashboard) -> Iterator[ClientConnection]:
    edges = gql("{ provisioningEvents(first: 100) { edges { cursor } } }")[
        "provisioningEvents"]["edges"]
    with connect(base.replace("http", "ws") + "/graphql",
                 subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        _subscribe(ws, gql.key, edges[-1]["cursor"])
        yield ws


def _subscribe(ws: ClientConnection, key: str, after: str) -> None:
    ws.send(json.dumps({"type": "connection_init",
                        "payload": {"Authorization": f"Bearer {key}"}}))
    assert json.loads(ws.recv(timeout=10))["type"] == "connection_ack"
    ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {
        "query": "subscription($a: String) { provisioningEvents(after: $a) "
                 "{ action targetId source } }", "variables": {"a": after}}}))


def received(ws: ClientConnection, count: int) -> list[dict[str, str]]:
    events = []
    for _ in range(count):
        message = json.loads(ws.recv(timeout=15))
        assert message["type"] == "next", message
        events.append(message["payload"]["data"]["provisioningEvents"])
    return events


MEMBERS = """{ members(orderBy: {field: USER_NAME}) { edges { node { userName state managedBy
  effectiveRole { role source } workspaceAccess { workspace access } } } } }"""


def members(gql: Dashboard) -> dict[str, Any]:
    edges = gql(MEMBERS)["members"]["edges"]
    return {e["node"]["userName"]: e["node"] for e in edges if "@idp" in e["node"]["userName"]}


def test_a_dashboard_sets_up_scim_and_sees_the_idp_provision_live(server: str) -> None:
    gql = create_org(server, f"acme-{secrets.token_hex(3)}")
    make_ready(gql)
    slug = gql("{ organization { slug } }")["organization"]["slug"]
    idp = Idp(server, slug, new_token(gql))
    with feed(server, gql) as ws:
        ann = idp.user("ann@idp.acme.test", roles=("engineer",))
        bob = idp.user("bob@idp.acme.test")
        pushed = idp("POST", "/Groups", {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Design", "members": [{"value": bob}]})
        assert pushed.status_code == 201, pushed.text
        live = received(ws, 3)
    assert [(e["action"], e["source"]) for e in live] == [
        ("member.created", "scim"), ("member.created", "scim"), ("group.created", "scim")]
    assert [e["targetId"] for e in live[:2]] == [ann, bob]
    group_id = gql('{ groups(filter: {search: "Design"}) { edges { node { id } } } }')[
        "groups"]["edges"][0]["node"]["id"]
    gql.mutate("""mutation($g: ID!) { setGroupRoleMapping(groupId: $g, role: "viewer",
        workspace: "Marketing", access: EDIT) { __typename } }""", g=group_id)
    seen = members(gql)
    assert seen["ann@idp.acme.test"] == {
        "userName": "ann@idp.acme.test", "state": "ACTIVE", "managedBy": "SCIM",
        "effectiveRole": {"role": "admin", "source": "IDP_ROLE_MAPPING"}, "workspaceAccess": []}
    assert seen["bob@idp.acme.test"]["effectiveRole"] == {"role": "viewer",
                                                          "source": "GROUP_MAPPING"}
    assert seen["bob@idp.acme.test"]["workspaceAccess"] == [
        {"workspace": "Marketing", "access": "EDIT"}]
    removal = idp("PATCH", f"/Groups/{pushed.json()['id']}", {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove", "path": f'members[value eq "{bob}"]'}]})
    assert removal.status_code in (200, 204), removal.text
    assert members(gql)["bob@idp.acme.test"]["effectiveRole"] == {"role": "member",
                                                                  "source": "DEFAULT_ROLE"}

    locked = gql.mutate("mutation { disableScim(mode: LOCK) { __typename "
                        "... on DisableScimSuccess { affectedMembers } } }")
    assert locked["affectedMembers"] == 2
    assert {m["state"] for m in members(gql).values()} == {"DEACTIVATED"}
    assert idp("GET", "/Users").status_code == 401
    assert gql("{ scimTokens { revokedAt } }")["scimTokens"][0]["revokedAt"]

    gql.mutate("mutation { enableScim { __typename } }")
    idp.token = new_token(gql)
    idp.user("cy@idp.acme.test")
    gql.mutate("mutation { disableScim(mode: SOFT) { __typename } }")
    cy = members(gql)["cy@idp.acme.test"]
    assert (cy["state"], cy["managedBy"]) == ("ACTIVE", "MANUAL")
    assert idp("GET", "/Users").status_code == 401

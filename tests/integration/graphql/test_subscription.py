"""provisioningEvents over graphql-transport-ws: live, org-scoped, re-authorized."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient
from starlette.testclient import WebSocketTestSession as Socket
from strawberry import relay

from provisor.domain.deps import Deps
from provisor.domain.token import CredentialKind
from provisor.domain.usecases.credentials import revoke_credential
from tests.conftest import CLI, ReadyOrg
from tests.integration.graphql.helpers import data, scim_member

FEED = "subscription($after: String) { provisioningEvents(after: $after) { action targetId } }"


def last_cursor(client: TestClient, key: str) -> str:
    edges = data(client, key, "{ provisioningEvents(first: 100) { edges { cursor } } }")[
        "provisioningEvents"]["edges"]
    cursor: str = edges[-1]["cursor"]
    return cursor


def subscribe(ws: Socket, key: str, after: str) -> None:
    ws.send_json({"type": "connection_init", "payload": {"Authorization": f"Bearer {key}"}})
    assert ws.receive_json()["type"] == "connection_ack"
    ws.send_json({"id": "1", "type": "subscribe",
                  "payload": {"query": FEED, "variables": {"after": after}}})


def test_a_dashboard_receives_its_own_orgs_events_live_and_no_other_orgs(
    client: TestClient, deps: Deps, org: ReadyOrg, other_org: ReadyOrg,
) -> None:
    after = last_cursor(client, org.management_key)
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        subscribe(ws, org.management_key, after)
        scim_member(deps, other_org.id, "theirs@sub.test")
        mine = scim_member(deps, org.id, "mine@sub.test")
        message: dict[str, Any] = ws.receive_json()
        assert message["type"] == "next", message
        assert message["payload"]["data"]["provisioningEvents"] == {
            "action": "member.created", "targetId": mine.id}
        ws.send_json({"id": "1", "type": "complete"})


def test_a_revoked_key_stops_the_feed(client: TestClient, deps: Deps, org: ReadyOrg) -> None:
    made = data(client, org.management_key, """mutation { createManagementKey(name: "feed") {
        ... on CreateManagementKeySuccess { secret key { id } } } }""")["createManagementKey"]
    after = last_cursor(client, made["secret"])
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        subscribe(ws, made["secret"], after)
        key_id = relay.GlobalID.from_id(made["key"]["id"]).node_id
        revoke_credential(deps, org_id=org.id, actor=CLI, credential_id=key_id,
                          kind=CredentialKind.MANAGEMENT_KEY)
        message: dict[str, Any] = ws.receive_json()
        while message["type"] == "next" and "errors" not in message["payload"]:
            message = ws.receive_json()  # the revocation's own event may arrive first
        errors = message["payload"] if message["type"] == "error" else \
            message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"

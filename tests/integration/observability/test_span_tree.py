"""Traces: HTTP server span → use-case span (provisioning attributes) → SQL spans."""

from __future__ import annotations

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind

from tests.integration.observability.conftest import Observed

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


def _children(spans: list[ReadableSpan], parent: ReadableSpan) -> list[ReadableSpan]:
    return [s for s in spans if s.parent is not None
            and s.parent.span_id == parent.context.span_id]


def _create_user(obs: Observed, base: str, auth: dict[str, str], user_name: str) -> str:
    created = obs.client.post(f"{base}/Users", headers=auth,
                              json={"schemas": [USER], "userName": user_name})
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def _patch_deactivate(obs: Observed) -> tuple[str, str, list[ReadableSpan]]:
    org = obs.new_org()
    user_id = _create_user(obs, org.scim_base, org.auth, "tree@example.com")
    obs.reset()
    patched = obs.client.patch(
        f"{org.scim_base}/Users/{user_id}", headers={**org.auth, "traceparent": TRACEPARENT},
        json={"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "active",
                                                     "value": False}]})
    assert patched.status_code == 200, patched.text
    return org.id, user_id, obs.spans()


def test_a_scim_patch_is_a_server_span_over_a_use_case_span_over_sql_spans(
    obs: Observed,
) -> None:
    org_id, user_id, spans = _patch_deactivate(obs)
    [server] = [s for s in spans if s.kind is SpanKind.SERVER]
    assert server.name.startswith("PATCH /scim/v2/{org}/Users/{")
    assert server.attributes is not None and server.attributes["http.route"] == server.name[6:]
    [update] = [s for s in _children(spans, server) if s.name == "member.update"]
    assert {
        "provisor.org.id": org_id, "provisor.idp": "generic", "provisor.resource.type": "member",
        "provisor.operation": "update", "provisor.target.id": user_id,
        "provisor.outcome": "success", "provisor.actor.source": "scim",
    }.items() <= dict(update.attributes or {}).items()
    sql = _children(spans, update)
    assert sql and all(s.kind is SpanKind.CLIENT for s in sql)
    statements = [str((s.attributes or {}).get("db.statement", "")) for s in sql]
    assert any(st.startswith("UPDATE members") for st in statements), statements


def test_sql_spans_record_placeholders_and_never_bound_values(obs: Observed) -> None:
    _, user_id, spans = _patch_deactivate(obs)
    sql = [s for s in spans if s.kind is SpanKind.CLIENT]
    text = repr([dict(s.attributes or {}) for s in sql])
    assert "db.statement" in text
    assert user_id not in text and "tree@example.com" not in text


def test_the_incoming_traceparent_is_honoured_and_stored_on_the_provisioning_event(
    obs: Observed,
) -> None:
    org_id, user_id, spans = _patch_deactivate(obs)
    assert {format(s.context.trace_id, "032x") for s in spans} == {TRACE_ID}
    with obs.container.deps.uow() as uow:
        events = uow.events.find(org_id, target_id=user_id, limit=50)
    assert [e.trace_id for e in events if e.action == "member.deactivated"] == [TRACE_ID]


def test_a_refused_token_is_a_failed_authentication_span_without_the_token(obs: Observed) -> None:
    org = obs.new_org()
    obs.reset()
    refused = obs.client.get(f"{org.scim_base}/Users",
                             headers={"Authorization": "Bearer not-a-valid-token-123"})
    assert refused.status_code == 401
    [auth] = [s for s in obs.spans() if s.name == "credential.authenticate"]
    assert (auth.attributes or {})["provisor.outcome"] == "failure"
    assert (auth.attributes or {})["provisor.error.code"] == "unauthorized"
    assert "not-a-valid-token-123" not in repr([(s.attributes, s.events) for s in obs.spans()])

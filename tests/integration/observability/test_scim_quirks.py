"""Tolerated IdP quirks are recorded on the request span (``provisor.scim.quirks``)
and carried onto the use-case span that applies the request."""

from __future__ import annotations

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind

from tests.integration.observability.conftest import Observed

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def _server_span(obs: Observed) -> ReadableSpan:
    [server] = [s for s in obs.spans() if s.kind is SpanKind.SERVER]
    return server


def _patch(obs: Observed, *operations: dict[str, object]) -> ReadableSpan:
    org = obs.new_org()
    created = obs.client.post(f"{org.scim_base}/Users", headers=org.auth,
                              json={"schemas": [USER], "userName": "quirks@example.com"})
    assert created.status_code == 201, created.text
    obs.reset()
    patched = obs.client.patch(f"{org.scim_base}/Users/{created.json()['id']}",
                               headers=org.auth,
                               json={"schemas": [PATCH_OP], "Operations": list(operations)})
    assert patched.status_code == 200, patched.text
    return _server_span(obs)


def test_entras_capitalised_op_and_string_boolean_are_recorded(obs: Observed) -> None:
    """The op name is read before the use case runs (request span, then carried
    onto the use case); the boolean while the use case applies the PATCH."""
    server = _patch(obs, {"op": "Replace", "path": "active", "value": "False"})
    assert tuple((server.attributes or {})["provisor.scim.quirks"]) == ("entra.capitalized_op",)
    events = [dict(e.attributes or {}) for e in server.events
              if e.name == "scim.quirk_tolerated"]
    assert {"provisor.scim.quirk": "entra.capitalized_op"} in events
    [update] = [s for s in obs.spans() if s.name == "member.update"]
    attributes = dict(update.attributes or {})
    assert set(attributes["provisor.scim.quirks"]) == {"entra.capitalized_op",
                                                       "entra.string_boolean"}
    assert attributes["provisor.outcome"] == "success"
    assert attributes["provisor.scim.operation"] == "patch"


def test_each_quirk_is_listed_once_and_rfc_input_records_none(obs: Observed) -> None:
    server = _patch(obs, {"op": "Replace", "path": "title", "value": "a"},
                    {"op": "Add", "path": "nickName", "value": "b"})
    assert tuple((server.attributes or {})["provisor.scim.quirks"]) == ("entra.capitalized_op",)
    server = _patch(obs, {"op": "replace", "path": "active", "value": False})
    assert "provisor.scim.quirks" not in (server.attributes or {})


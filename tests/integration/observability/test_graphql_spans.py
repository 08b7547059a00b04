"""A GraphQL mutation yields an operation span with its use-case span beneath it."""

from __future__ import annotations

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind

from tests.integration.observability.conftest import Observed

INVITE = ('mutation Invite { inviteMember(userName: "gq@example.com", email: "gq@example.com") '
          "{ __typename } }")


def _ancestors(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[str]:
    names = []
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        names.append(span.name)
    return names


def test_a_graphql_mutation_is_an_operation_span_over_its_use_case_span(obs: Observed) -> None:
    org = obs.new_org()
    obs.reset()
    answer = obs.client.post("/graphql", json={"query": INVITE, "operationName": "Invite"},
                             headers={"Authorization": f"Bearer {org.management_key}"})
    assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
    spans = obs.spans()
    by_id = {s.context.span_id: s for s in spans}
    [invite] = [s for s in spans if s.name == "member.invite"]
    chain = _ancestors(invite, by_id)
    assert "GraphQL Query: Invite" in chain
    assert chain[-1] == "POST /graphql"
    assert by_id[invite.parent.span_id if invite.parent else 0].kind is not SpanKind.CLIENT
    assert (invite.attributes or {})["provisor.actor.source"] != "scim"
    assert (invite.attributes or {})["provisor.outcome"] == "success"

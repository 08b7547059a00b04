"""Metrics by org, IdP, resource type, action and outcome; a JSON log line per write only."""

from __future__ import annotations

import json

from tests.integration.observability.conftest import Observed

USER = "urn:ietf:params:scim:schemas:core:2.0:User"


def test_provisioning_operations_are_counted_and_timed_by_their_labels(obs: Observed) -> None:
    org = obs.new_org()
    created = obs.client.post(f"{org.scim_base}/Users", headers=org.auth,
                              json={"schemas": [USER], "userName": "metrics@example.com"})
    assert created.status_code == 201
    labels = {"org": org.id, "idp": "generic", "resource_type": "member", "action": "create",
              "outcome": "success"}
    points = obs.metric_points()
    assert ("provisor.provisioning.operations", labels) in points
    assert ("provisor.provisioning.duration", labels) in points


def test_token_failures_are_counted_by_kind_and_reason(obs: Observed) -> None:
    org = obs.new_org()
    refused = obs.client.get(f"{org.scim_base}/Users", headers={"Authorization": "Bearer nope"})
    assert refused.status_code == 401
    assert ("provisor.auth.failures", {"kind": "scim", "reason": "unauthorized"}) in \
        obs.metric_points()


def test_rate_limited_requests_are_counted_through_the_module_function(obs: Observed) -> None:
    from provisor.api.telemetry import record_rate_limited

    record_rate_limited("scim", "org-slug-1")
    assert ("provisor.rate_limited", {"kind": "scim", "org": "org-slug-1"}) in \
        obs.metric_points()


def test_a_write_logs_one_json_line_with_trace_ids_and_a_read_logs_none(obs: Observed) -> None:
    org = obs.new_org()
    obs.reset()
    created = obs.client.post(f"{org.scim_base}/Users", headers=org.auth,
                              json={"schemas": [USER], "userName": "logs@example.com"})
    writes = [json.loads(line) for line in obs.log_lines()]
    assert [w["use_case"] for w in writes] == ["member.create"]
    assert writes[0]["target.id"] == created.json()["id"]
    assert len(writes[0]["trace_id"]) == 32 and len(writes[0]["span_id"]) == 16
    assert writes[0]["trace_id"] in {format(s.context.trace_id, "032x") for s in obs.spans()}
    obs.reset()
    read = obs.client.get(f"{org.scim_base}/Users/{created.json()['id']}", headers=org.auth)
    assert read.status_code == 200 and obs.log_lines() == []

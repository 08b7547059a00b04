"""Regression tests for what the schemathesis runs found (one test per finding)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.conftest import ReadyOrg


@pytest.mark.parametrize("method", ["GET", "DELETE", "PATCH"])
def test_a_newline_in_a_resource_id_gets_a_scim_404_not_a_plain_json_one(
    client: TestClient, org: ReadyOrg, method: str,
) -> None:
    answer = client.request(method, f"{org.scim_base}/Users/a%0Ab", headers=org.auth)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/scim+json")
    assert answer.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_paths_outside_scim_keep_the_plain_404(client: TestClient) -> None:
    answer = client.get("/no-such-page")
    assert answer.status_code == 404 and answer.json() == {"detail": "Not Found"}

"""The provisioning event log is append-only, and refused requests are recorded."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from fastapi import FastAPI
from starlette.routing import Mount
from starlette.testclient import TestClient

import provisor.store
from provisor.domain.deps import Deps
from provisor.graphql.schema import build_schema
from provisor.store.events import SqlEventRepository
from tests.conftest import make_org
from tests.integration.reliability.conftest import headers

STORE = Path(provisor.store.__file__).parent
WRITES_TO_EVENTS = re.compile(
    r"(update|delete)\(\s*events\b|events\.(update|delete)\(|"
    r"(UPDATE|DELETE\s+FROM)\s+provisioning_events", re.IGNORECASE)


def test_the_event_repository_can_only_append_and_read():
    public = {name for name, _ in inspect.getmembers(SqlEventRepository, inspect.isfunction)
              if not name.startswith("_")}
    assert "add" in public
    assert not {n for n in public if re.match(r"(update|delete|remove|save|purge|set|edit)", n)}


def test_no_module_of_the_store_updates_or_deletes_events():
    offenders = [p.name for p in STORE.rglob("*.py") if WRITES_TO_EVENTS.search(p.read_text())]
    assert offenders == []


def _routes(app: FastAPI, prefix: str = "") -> list[tuple[str, set[str]]]:
    """Every documented path and method, mounted FastAPI apps included (via OpenAPI)."""
    found = [(prefix + path, {m.upper() for m in item})
             for path, item in app.openapi().get("paths", {}).items()]
    for route in app.routes:
        if isinstance(route, Mount) and isinstance(route.app, FastAPI):
            found += _routes(route.app, prefix + route.path)
    return found


def test_no_http_route_or_graphql_mutation_changes_or_deletes_events(app: FastAPI):
    routes = _routes(app)
    assert any("/Users" in path for path, _ in routes)  # the walk did reach the SCIM routes
    writable = {"PUT", "PATCH", "DELETE"}
    assert [p for p, methods in routes if "event" in p.lower() and methods & writable] == []
    sdl = build_schema().as_str()
    mutation = re.search(r"type Mutation \{(.*?)\n\}", sdl, re.DOTALL)
    assert mutation is not None
    names = re.findall(r"^\s+(\w+)", mutation.group(1), re.MULTILINE)
    assert names and [n for n in names if "event" in n.lower()] == []


def test_a_refused_scim_write_records_its_error_in_the_audit_log(
    client: TestClient, deps: Deps,
):
    org = make_org(deps)
    user = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "audited@example.com"}
    assert client.post(org.scim_base + "/Users", json=user, headers=headers(org)).status_code == 201
    assert client.post(org.scim_base + "/Users", json=user, headers=headers(org)).status_code == 409
    bad_patch = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "no such][path", "value": 1}]}
    uid = client.get(org.scim_base + "/Users", headers=headers(org)).json()["Resources"][0]["id"]
    refused = client.patch(f"{org.scim_base}/Users/{uid}", json=bad_patch, headers=headers(org))
    assert refused.status_code == 400
    with deps.uow() as uow:
        failures = [e for e in uow.events.find(org.id, limit=1000)
                    if e.outcome.value == "failure"]
    assert refused.json()["scimType"] == "invalidPath"
    assert [e.error_code for e in failures] == ["conflict", "invalid_path"]
    assert all(e.error_detail and "audited@example.com" not in e.error_detail for e in failures)
    assert failures[1].target_id == uid

"""Replay every IdP scenario in ``scenarios/*.json`` through the app (format: SCENARIOS.md).

Each scenario runs against a fresh org: ``{{uuid}}`` is a fresh UUID,
``{{uuid:label}}`` one UUID per label and run, ``{{name}}`` a value saved by
an earlier step. ``json`` is a subset match (lists element by element),
``absent`` names dotted paths that must not exist, ``save`` keeps values.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from provisor.domain.deps import Deps
from tests.conftest import make_org

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.json"))
TOKEN = re.compile(r"\{\{([^}]+)\}\}")


class Run:
    def __init__(self) -> None:
        self.labels: dict[str, str] = {}
        self.saved: dict[str, Any] = {}

    def fill(self, value: Any) -> Any:
        if isinstance(value, str):
            return TOKEN.sub(lambda m: self._token(m.group(1)), value)
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {self.fill(k): self.fill(v) for k, v in value.items()}
        return value

    def _token(self, name: str) -> str:
        if name == "uuid":
            return str(uuid.uuid4())
        if name.startswith("uuid:"):
            return self.labels.setdefault(name, str(uuid.uuid4()))
        return str(self.saved[name])


def lookup(body: Any, dotted: str) -> tuple[bool, Any]:
    node = body
    for part in dotted.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False, None
    return True, node


def subset(expected: Any, actual: Any, where: str = "") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} is missing from {actual!r}"
            subset(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list | type(None)), f"{where}: expected a list"
        actual = actual or []
        assert len(actual) >= len(expected), f"{where}: {len(actual)} < {len(expected)} items"
        for index, value in enumerate(expected):
            subset(value, actual[index], f"{where}.{index}")
    else:
        assert expected == actual, f"{where}: expected {expected!r}, got {actual!r}"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_idp_scenario_replays_as_its_vendor_documents_it(
    scenario: Path, client: TestClient, deps: Deps,
) -> None:
    org, run = make_org(deps, "e2e"), Run()
    for step in json.loads(scenario.read_text())["steps"]:
        request, expect = run.fill(step["request"]), step["expect"]
        response = client.request(
            request["method"], org.scim_base + request["path"], params=request.get("query"),
            content=json.dumps(request["body"]) if "body" in request else None,
            headers={**org.auth, "Content-Type": "application/scim+json"},
        )
        label = f"{scenario.stem} / {step['name']}"
        assert response.status_code == expect["status"], f"{label}: {response.text}"
        body = response.json() if response.content else None
        if "json" in expect:
            subset(run.fill(expect["json"]), body, label)
        for path in expect.get("absent", []):
            assert not lookup(body, run.fill(path))[0], f"{label}: {path} is present"
        for name, path in expect.get("save", {}).items():
            found, value = lookup(body, path)
            assert found, f"{label}: nothing to save at {path}"
            run.saved[name] = value

"""Health endpoints and the ``provisor`` CLI contract other tools depend on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from starlette.testclient import TestClient


def test_healthz_and_readyz_answer_when_the_database_is_migrated(client: TestClient):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PROVISOR_DATABASE_URL": f"sqlite:///{db}", "PROVISOR_HASH_COST": "low"}
    return subprocess.run([sys.executable, "-m", "provisor.api.cli", *args], env=env,
                          capture_output=True, text=True, check=True, timeout=120)


def test_migrate_then_demo_prints_one_json_object_with_the_contract_keys(tmp_path: Path):
    db = tmp_path / "cli.db"
    _cli("migrate", db=db)
    out = json.loads(_cli("demo", "--org", "acme", "--public-url", "http://h:9", "--json",
                          db=db).stdout)
    assert set(out) == {"org", "scim_base_url", "scim_token", "graphql_url", "management_key"}
    assert out["org"] == "acme"
    assert out["scim_base_url"] == "http://h:9/scim/v2/acme"
    assert out["graphql_url"] == "http://h:9/graphql"
    assert out["scim_token"].startswith("scim_") and out["management_key"].startswith("mgmt_")
    again = json.loads(_cli("demo", "--org", "acme", "--json", db=db).stdout)
    assert again["org"] == "acme" and again["scim_token"] != out["scim_token"]  # reused org


def test_events_exports_json_lines_for_an_org(tmp_path: Path):
    db = tmp_path / "events.db"
    _cli("migrate", db=db)
    demo = json.loads(_cli("demo", "--org", "acme", "--json", db=db).stdout)
    lines = _cli("events", "--org", "acme", db=db).stdout.splitlines()
    actions = [json.loads(line)["action"] for line in lines]
    assert "organization.created" in actions and "scim.enabled" in actions
    assert demo["scim_token"] not in "".join(lines)
    assert demo["management_key"] not in "".join(lines)

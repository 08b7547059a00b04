"""scim2-tester against a real ``provisor serve``: zero failed checks.

The server is a uvicorn subprocess on 127.0.0.1 (port range 18200-18299) with
a fresh SQLite database, migrated and seeded by the CLI exactly as a user
would (``provisor migrate``, ``provisor demo --json``). Every step is bounded
by a timeout and the server is always killed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from tests import ports

BIN = Path(sys.executable).parent

PORTS = range(18200, 18300)
FAILED = {Status.ERROR, Status.CRITICAL}


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    token: str


def _free_port() -> int:
    return ports.free_port(PORTS)


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "provisor"), *args], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return done.stdout


def _wait_ready(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "provisor serve exited early"
        try:
            if httpx2.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx2.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError("provisor serve did not become ready within 30 s")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PROVISOR_HASH_COST": "low", "PROVISOR_PUBLIC_URL": url,
           "PROVISOR_DATABASE_URL":
               f"sqlite:///{tmp_path_factory.mktemp('scim2tester') / 'provisor.db'}"}
    _cli(env, "migrate")
    demo = json.loads(_cli(env, "demo", "--json", "--org", "scim2-tester"))
    server = subprocess.Popen(
        [str(BIN / "provisor"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_ready(url, server)
        yield LiveServer(demo["scim_base_url"], demo["scim_token"])
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_scim2_tester_reports_no_failed_check_against_a_live_server(live_server: LiveServer):
    http = httpx2.Client(base_url=live_server.base_url, timeout=20,
                         headers={"Authorization": f"Bearer {live_server.token}"})
    with http:
        results = check_server(SyncSCIMClient(http))
    failures = [f"{r.resource_type or '-'} {r.title}: {r.reason}"
                for r in results if r.status in FAILED]
    assert len(results) > 50
    assert not failures, "\n".join(failures)

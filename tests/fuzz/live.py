"""``make fuzz``: schemathesis against a live ``provisor serve`` for FUZZ_SECONDS.

Starts a server of its own on a fresh SQLite database (migrate, demo org,
serve on 127.0.0.1), then runs rounds of generated requests per operation and
stateful (linked) sequences, each round with a new seed, until the time is
up, and prints a summary. Each stateful scenario starts from an empty org
(every group and user deleted over SCIM) so that Hypothesis' replays meet the
same server state.

    FUZZ_SECONDS=60      how long to fuzz
    FUZZ_EXAMPLES=25     generated requests per operation per round
    FUZZ_PORT=18450      port of the server started here (127.0.0.1)

Exit status 1 when anything failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from tests.fuzz.harness import OPENAPI_PATH, failures_of, stateful_machine

PROVISOR = str(Path(sys.executable).with_name("provisor"))


def _run(env: dict[str, str], *args: str) -> str:
    return subprocess.run([PROVISOR, *args], env=env, check=True, capture_output=True,
                          text=True).stdout


@contextmanager
def live_server(port: int) -> Iterator[tuple[str, str, str]]:
    """(base URL, org slug, SCIM token) of a server started and stopped here."""
    with tempfile.TemporaryDirectory(prefix="provisor-fuzz-") as tmp:
        env = {**os.environ, "PROVISOR_DATABASE_URL": f"sqlite:///{tmp}/fuzz.db",
               "PROVISOR_HASH_COST": "low", "PROVISOR_RATE_LIMIT_ENABLED": "false",
               "PROVISOR_LOG_LEVEL": "WARNING"}
        _run(env, "migrate")
        demo = json.loads(_run(env, "demo", "--org", "fuzz", "--json"))
        server = subprocess.Popen([PROVISOR, "serve", "--host", "127.0.0.1", "--port", str(port)],
                                  env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base)
            yield base, demo["org"], demo["scim_token"]
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait_ready(base: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server at {base} did not become ready")


def _emptier(base: str, org: str, token: str) -> Callable[[], None]:
    """Delete every group and user of the org through the SCIM API."""
    headers = {"Authorization": f"Bearer {token}"}

    def call(method: str, path: str) -> Any:
        url = f"{base}/scim/v2/{org}{path}"
        request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            body = answer.read()
        return json.loads(body) if body else None

    def empty() -> None:
        for kind in ("Groups", "Users"):
            while ids := [r["id"] for r in
                          call("GET", f"/{kind}?count=200&attributes=id")["Resources"]]:
                for resource_id in ids:
                    call("DELETE", f"/{kind}/{resource_id}")

    return empty


def fuzz(base: str, org: str, token: str, seconds: float, examples: int) -> dict[str, str]:
    schema = schemathesis.openapi.from_url(base + OPENAPI_PATH)
    auth = {"Authorization": f"Bearer {token}"}
    found: dict[str, str] = {}
    calls: list[str] = []
    deadline, rounds = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        rounds += 1
        fixed = {"deadline": None, "database": None, "suppress_health_check": list(HealthCheck)}
        found |= failures_of(schema, org, auth, settings(max_examples=examples, **fixed),
                             calls=calls, timeout=10)
        try:
            stateful_machine(schema, org, auth, reset=_emptier(base, org, token),
                             timeout=10).run(
                settings=settings(max_examples=examples, stateful_step_count=8, **fixed))
        except (Exception, BaseExceptionGroup) as exc:
            found.setdefault("stateful", f"{type(exc).__name__}: {exc}"[:2000])
        print(f"round {rounds}: {len(calls)} requests, {len(found)} failing operation(s)",
              flush=True)
    _summary(rounds, Counter(calls), found)
    return found


def _summary(rounds: int, calls: Counter[str], found: dict[str, str]) -> None:
    print(f"\n== SCIM contract fuzzing: {rounds} round(s), {sum(calls.values())} generated "
          f"requests over {len(calls)} operations (+ stateful sequences)")
    for label, count in sorted(calls.items()):
        mark = "FAIL" if label in found else "ok"
        print(f"  {mark:4} {count:6}  {label}")
    for label, failure in found.items():
        print(f"\n-- {label}\n{failure}")
    print("\nresult:", "FAILED" if found else "no failures")


def main() -> int:
    seconds = float(os.environ.get("FUZZ_SECONDS", "60"))
    examples = int(os.environ.get("FUZZ_EXAMPLES", "25"))
    port = int(os.environ.get("FUZZ_PORT", "18450"))
    with live_server(port) as (base, org, token):
        return 1 if fuzz(base, org, token, seconds, examples) else 0


if __name__ == "__main__":
    raise SystemExit(main())

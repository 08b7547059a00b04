"""The bench's machinery, end to end on a tiny org: seed, serve, drive, check.

Not a performance test (no timing is asserted): it proves that the bulk-seeded
rows read back as SCIM users, that every phase's requests and checks agree
with a live ``provisor serve``, and that the server is stopped afterwards.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import locks
from bench.load import run_phase
from bench.phases import PHASES, Target
from bench.seed import insert_users
from bench.server import Server

from tests.conftest import ReadyOrg

PORT = 18540
SMOKE_PHASES = ("userName eq lookup", "GET /Users/{id}", "POST /Users", "PATCH active false/true",
                "list pages count=100", "group PATCH -1/+1 Okta", "group PATCH -1/+1 Entra",
                "POST /Groups 100 members", "list pages in order", "list pages by cursor")


@contextmanager
def serving(database_url: str, org: ReadyOrg, tmp_path: Path, users: int,
            **env: str) -> Iterator[tuple[Server, Target]]:
    """A live one-worker ``provisor serve`` on the test database, ``users`` seeded."""
    seeded = insert_users(database_url, users, org.slug, org.token)
    environ = {**os.environ, "PROVISOR_DATABASE_URL": database_url,
               "PROVISOR_RATE_LIMIT_ENABLED": "false", **env}
    exe = str(Path(sys.executable).with_name("provisor"))
    server = Server([exe, "serve", "--workers", "1", "--port", str(PORT)], environ,
                    tmp_path / "server.log")
    try:
        server.wait_ready(f"http://127.0.0.1:{PORT}/readyz")
        yield server, Target("provisor", PORT, org.scim_base, seeded.token, seeded.user_ids,
                             seeded.user_names, seeded.group_id, seeded.group_size)
    finally:
        server.stop()


def test_every_bench_phase_runs_without_error_against_a_live_server(
    database_url: str, org: ReadyOrg, tmp_path: Path,
) -> None:
    with serving(database_url, org, tmp_path, 150) as (server, target):
        phases = [p for p in PHASES if p.name in SMOKE_PHASES]
        results = [asyncio.run(run_phase(target, p, server, seconds=0.3, connections=2,
                                         max_requests=40)) for p in phases]
    assert server.proc.poll() is not None
    summary = {r.phase: (r.requests, r.errors, r.samples) for r in results}
    assert all(r.requests > 0 and r.errors == 0 for r in results), summary
    assert {r.phase for r in results} == set(SMOKE_PHASES)


def test_the_lock_diagnostic_counts_every_sqlite_write_and_nothing_on_postgresql(
    database_url: str, org: ReadyOrg, tmp_path: Path,
) -> None:
    where = tmp_path / "locks"
    where.mkdir()
    with serving(database_url, org, tmp_path, 20, BENCH_LOCKS_DIR=str(where),
                 PYTHONPATH=str(locks.HERE)) as (server, target):
        (patch,) = [p for p in PHASES if p.name == "PATCH active false/true"]
        result = asyncio.run(run_phase(target, patch, server, seconds=0.3, connections=1,
                                       max_requests=30))
        writes, waited, held = locks.settled(where)
    assert result.errors == 0 and result.requests == 30
    if database_url.startswith("sqlite"):
        assert writes >= 30 and held > 0 and waited >= 0  # each PATCH holds the lock once
        assert "30 writes" in locks.report((0, 0.0, 0.0), (30, waited, held), 1.0)
    else:
        assert (writes, held) == (0, 0.0)  # PostgreSQL writers take no file lock

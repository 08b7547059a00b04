"""``python -m bench``: Provisor (and, with BENCH_COMPARE=1, scim2-server) through every phase."""

from __future__ import annotations

import asyncio
import os
import platform
import sys
import tempfile
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import uvloop

from bench import locks, report
from bench.config import Config
from bench.load import Result, run_phase
from bench.phases import PHASES, Phase, Target
from bench.profile import recording
from bench.scim2_seed import seed_scim2
from bench.seed import database, seed
from bench.server import Server

LOGS = Path(tempfile.gettempdir()) / "provisor-bench"
# The bench measures capacity, so the per-token and per-org rate limits (sized
# for real IdPs: tens of req/s) are lifted out of reach; the limiter still runs.
UNLIMITED = {f"PROVISOR_RATE_LIMIT_{scope}_{knob}": "1000000000"
             for scope in ("TOKEN", "ORG") for knob in ("RATE", "BURST")}


def _selected(cfg: Config) -> list[Phase]:
    if not cfg.phases:
        return PHASES
    return [p for p in PHASES if any(s in p.name.lower() for s in cfg.phases)]


def _run(coro: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coro())


async def _phases(target: Target, server: Server, cfg: Config,
                  locks_dir: Path | None = None) -> list[Result]:
    warm = Phase("warm-up", PHASES[0].make)  # token cache and code paths, every worker
    await run_phase(target, warm, server, seconds=min(1.0, cfg.seconds),
                    connections=cfg.connections, max_requests=2000)
    results = []
    for phase in _selected(cfg):
        seconds = cfg.seconds / 2 if phase.single else cfg.seconds
        held_before = locks.totals(locks_dir) if locks_dir else None
        with recording(cfg.profile, server, f"{target.name}-{phase.name}", seconds):
            result = await run_phase(target, phase, server, seconds=seconds,
                                     connections=cfg.connections,
                                     max_requests=cfg.max_requests)
        print(f"  {report.line(result)}", flush=True)
        if locks_dir and held_before:
            held = locks.report(held_before, locks.settled(locks_dir), result.seconds)
            if held:
                print(f"      {held}", flush=True)
        for sample in result.samples:
            print(f"      e.g. {sample}", flush=True)
        results.append(result)
    return results


def bench_provisor(cfg: Config) -> list[Result]:
    with database(cfg.db) as url:
        print(f"seeding {cfg.n} users into {cfg.db} ...", flush=True)
        seeded = seed(url, cfg.n)
        exe = Path(sys.executable).with_name("provisor")
        env = {**os.environ, "PROVISOR_DATABASE_URL": url, "PROVISOR_LOG_LEVEL": "WARNING",
               **UNLIMITED}
        locks_dir = None
        if cfg.locks and cfg.db == "sqlite":
            locks_dir = Path(url.removeprefix("sqlite:///")).with_name("locks")
            locks_dir.mkdir()
            env["BENCH_LOCKS_DIR"] = str(locks_dir)
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(locks.HERE), os.environ.get("PYTHONPATH")) if p)
        server = Server([str(exe), "serve", "--workers", str(cfg.workers), "--port",
                         str(cfg.port)], env, LOGS / "provisor.log")
        try:
            server.wait_ready(f"http://127.0.0.1:{cfg.port}/readyz")
            target = Target("provisor", cfg.port, f"/scim/v2/{seeded.org}", seeded.token,
                            seeded.user_ids, seeded.user_names, seeded.group_id,
                            seeded.group_size, run=uuid.uuid4().hex[:8])
            print(f"Provisor ({cfg.db}, {cfg.workers} workers, N={cfg.n})\n  {report.HEAD}")
            results: list[Result] = _run(lambda: _phases(target, server, cfg, locks_dir))
            return results
        finally:
            server.stop()


def bench_scim2(cfg: Config) -> list[Result]:
    port = cfg.port + 1
    server = Server([sys.executable, "-m", "uvicorn", "bench.scim2_app:app_factory", "--factory",
                     "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
                     "--loop", "uvloop", "--http", "httptools", "--no-access-log",
                     "--log-level", "warning"], dict(os.environ), LOGS / "scim2-server.log")
    try:
        server.wait_ready(f"http://127.0.0.1:{port}/v2/ServiceProviderConfig")
        print(f"\nseeding {cfg.n} users into scim2-server through its API ...", flush=True)
        ids, group_id, size = _run(lambda: seed_scim2(port, cfg.n))
        names = [f"user{i:06d}@bench.example" for i in range(cfg.n)]
        target = Target("scim2-server", port, "/v2", None, ids, names, group_id, size,
                        group_patch_ok=frozenset({200, 204}), user_patch_204=True,
                        run=uuid.uuid4().hex[:8])
        print(f"scim2-server (in memory, uvicorn 1 worker, N={cfg.n})\n  {report.HEAD}")
        results: list[Result] = _run(lambda: _phases(target, server, cfg))
        return results
    finally:
        server.stop()


def main() -> int:
    cfg = Config.from_env()
    LOGS.mkdir(exist_ok=True)
    print(f"bench: N={cfg.n} db={cfg.db} workers={cfg.workers} seconds/phase={cfg.seconds} "
          f"connections={cfg.connections} python={platform.python_version()} "
          f"cpus={os.cpu_count()} (server logs in {LOGS})", flush=True)
    mine = bench_provisor(cfg)
    print("\n" + report.markdown(f"Provisor, {cfg.db}, N={cfg.n}", mine))
    if cfg.compare:
        theirs = bench_scim2(cfg)
        print("\n" + report.markdown(f"scim2-server, in memory, N={cfg.n}", theirs))
        print("\n" + report.ratios(mine, theirs))
    failed = sum(r.errors for r in mine)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Run one phase: C keep-alive connections, bounded in time and in requests."""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field

from bench.client import Connection
from bench.phases import Phase, Target
from bench.server import Server

GRACE = 30.0  # a request still pending this long after the phase ends is an error


@dataclass(slots=True)
class Result:
    phase: str
    requests: int = 0
    errors: int = 0
    timeouts: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # ms, successful or not
    cpu_ms_per_request: float = 0.0
    rss_mb: float = 0.0
    client_cpu_ms_per_request: float = 0.0  # the load generator's own share of the box
    load: float = 0.0  # the machine's 1-minute load average at the end (a shared box)
    samples: list[str] = field(default_factory=list)  # the first few errors, for diagnosis

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def error(self, detail: str) -> None:
        self.errors += 1
        if len(self.samples) < 3:
            self.samples.append(detail[:300])


async def _worker(target: Target, phase: Phase, worker: int, conns: int, stop_at: float,
                  budget: list[int], result: Result) -> None:
    conn = await Connection.open(target.port, target.token)
    clock = time.perf_counter
    seq = 0
    try:
        while clock() < stop_at and budget[0] > 0:
            budget[0] -= 1
            call = phase.make(target, worker, seq, conns)
            seq += 1
            began = clock()
            try:
                reply = await conn.request(call.method, call.path, call.body)
            except (ConnectionError, asyncio.IncompleteReadError, OSError) as exc:
                result.requests += 1
                result.error(f"{call.method} {call.path}: {exc!r}")
                await conn.close()
                conn = await Connection.open(target.port, target.token)
                continue
            result.latencies.append((clock() - began) * 1000)
            result.requests += 1
            try:
                ok = call.check(reply)
            except (ValueError, KeyError, IndexError, TypeError):
                ok = False
            if not ok:
                result.error(f"{call.method} {call.path} -> {reply.status} {reply.body[:200]!r}")
    finally:
        await conn.close()


async def settle(server: Server, limit: float = 90.0) -> None:
    """Wait until the server is idle: a slow server may still be serving the
    requests of a phase that gave up on them, which would slow the next phase."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = server.cpu_seconds()
        await asyncio.sleep(0.5)
        if server.cpu_seconds() - before < 0.05:
            return


async def run_phase(target: Target, phase: Phase, server: Server, *, seconds: float,
                    connections: int, max_requests: int) -> Result:
    conns = 1 if phase.single else connections
    await settle(server)
    result = Result(phase.name)
    budget = [max_requests]
    cpu0, own0 = server.cpu_seconds(), time.process_time()
    began = time.perf_counter()
    stop_at = began + seconds
    tasks = [asyncio.create_task(_worker(target, phase, w, conns, stop_at, budget, result))
             for w in range(conns)]
    done, pending = await asyncio.wait(tasks, timeout=seconds + GRACE)
    for task in pending:  # its request is counted, as an error: it took longer than GRACE
        task.cancel()
        result.requests += 1
        result.timeouts += 1
        result.error(f"{phase.name}: a request was still waiting {GRACE:.0f} s after the end")
    for task in done:
        if task.exception() is not None:
            result.error(f"{phase.name}: {task.exception()!r}")
    result.seconds = time.perf_counter() - began
    cpu = server.cpu_seconds() - cpu0
    own = time.process_time() - own0
    if result.requests:
        result.cpu_ms_per_request = cpu * 1000 / result.requests
        result.client_cpu_ms_per_request = own * 1000 / result.requests
    result.rss_mb = server.rss_mb_per_worker()
    result.load = os.getloadavg()[0]
    return result

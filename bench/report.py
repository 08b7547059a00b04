"""One line per phase, then Markdown tables (figures and ratios) for RESULTS.md."""

from __future__ import annotations

import math

from bench.load import GRACE, Result

HEAD = (f"{'phase':<26} {'requests':>8} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'errors':>7} {'cpu ms/req':>10} {'RSS MB/worker':>13} {'load':>5}  note")


def note(r: Result) -> str:
    """Why a phase failed as a whole, when it did (an endpoint not there yet, say)."""
    if r.timeouts:
        return f"{r.timeouts} requests unanswered {GRACE:.0f} s after the phase"
    if not r.requests or r.errors < r.requests:
        return ""
    for code in (" -> 404 ", " -> 405 ", " -> 501 "):
        if any(code in s for s in r.samples):
            return f"FAILED: endpoint not there ({code.strip(' ->')})"
    return "FAILED: every request was an error"


def line(r: Result) -> str:
    return (f"{r.phase:<26} {r.requests:>8} {r.rate:>8.0f} {r.percentile(50):>7.2f} "
            f"{r.percentile(95):>7.2f} {r.percentile(99):>7.2f} {r.errors:>7} "
            f"{r.cpu_ms_per_request:>10.2f} {r.rss_mb:>13.0f} {r.load:>5.1f}  {note(r)}").rstrip()


def markdown(name: str, results: list[Result]) -> str:
    rows = [f"**{name}**", "",
            "| phase | requests | req/s | p50 ms | p95 ms | p99 ms | errors | "
            "server CPU ms/req | client CPU ms/req | RSS MB/worker | load |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        extra = f" ({note(r)})" if note(r) else ""
        rows.append(f"| {r.phase}{extra} | {r.requests} | {r.rate:.0f} | {r.percentile(50):.2f}"
                    f" | {r.percentile(95):.2f} | {r.percentile(99):.2f} | {r.errors} | "
                    f"{r.cpu_ms_per_request:.2f} | {r.client_cpu_ms_per_request:.2f} | "
                    f"{r.rss_mb:.0f} | {r.load:.1f} |")
    return "\n".join(rows)


def _ratio(mine: Result, theirs: Result) -> str:
    """Throughput ratio; for unloaded phases, their p50 over ours (> 1: Provisor faster)."""
    if mine.errors == mine.requests or theirs.errors == theirs.requests:
        return "n/a (a side failed)"
    if mine.phase.startswith("unloaded"):
        a, b = theirs.percentile(50), mine.percentile(50)
    else:
        a, b = mine.rate, theirs.rate
    return f"{a / b:.2f}x" if b and not math.isnan(a) and not math.isnan(b) else "n/a"


def ratios(mine: list[Result], theirs: list[Result]) -> str:
    by_phase = {r.phase: r for r in theirs}
    rows = ["| phase | Provisor req/s | scim2-server req/s | Provisor / scim2-server |",
            "|---|---:|---:|---:|"]
    for r in mine:
        other = by_phase.get(r.phase)
        if other is not None:
            flag = (f" (errors {r.errors} / {other.errors})"
                    if (r.errors or other.errors) and "n/a" not in _ratio(r, other) else "")
            rows.append(f"| {r.phase} | {r.rate:.0f} | {other.rate:.0f} | "
                        f"{_ratio(r, other)}{flag} |")
    return "\n".join(rows)

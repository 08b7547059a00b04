"""Reading ``bench/locks/sitecustomize.py``'s totals: per phase, how long a write
waited for the SQLite writers' lock and how long it held it (``BENCH_LOCKS=1``).

With two workers every write transaction of either holds the whole database, so
the share of time the lock is held bounds the write rate: a phase whose
``held`` times its rate nears 1 s per second is waiting on the lock, not on CPU.
"""

from __future__ import annotations

import time
from pathlib import Path

HERE = Path(__file__).with_name("locks")


def totals(where: Path) -> tuple[int, float, float]:
    """Writes, seconds waited and seconds held, summed over every worker."""
    writes, waited, held = 0, 0.0, 0.0
    for file in where.iterdir():
        if file.suffix == ".tmp":
            continue
        n, w, h = file.read_text().split()
        writes, waited, held = writes + int(n), waited + float(w), held + float(h)
    return writes, waited, held


def settled(where: Path) -> tuple[int, float, float]:
    time.sleep(1.0)  # the workers write their totals twice a second
    return totals(where)


def report(before: tuple[int, float, float], after: tuple[int, float, float],
           seconds: float) -> str:
    writes = after[0] - before[0]
    if not writes:
        return ""
    waited, held = after[1] - before[1], after[2] - before[2]
    return (f"writers' lock: {writes} writes, wait {waited / writes * 1e6:.0f} µs and hold "
            f"{held / writes * 1e6:.0f} µs per write, held {held / seconds:.0%} of the time")

"""``BENCH_PROFILE=<dir>``: record every phase of every server worker with py-spy.

py-spy (``pip install py-spy``) samples the running workers from outside, so
the figures of a profiled run are a little lower. ``--gil`` keeps only the
thread holding the GIL, so time waiting for it is not blamed on a function. The
collapsed stacks it
writes (one ``<server>-<phase>-<pid>.txt`` per worker) feed flamegraph tools
or ``python -m bench.hotspots <file>``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.server import Server


@contextmanager
def recording(where: str | None, server: Server, name: str, seconds: float) -> Iterator[None]:
    exe = shutil.which("py-spy") or str(Path(__file__).parents[1] / ".venv/bin/py-spy")
    if not where or not Path(exe).exists():
        yield
        return
    out = Path(where)
    out.mkdir(parents=True, exist_ok=True)
    pids = server.tree()
    workers = pids[1:] or pids
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    procs = [subprocess.Popen(
        [exe, "record", "--pid", str(pid), "--duration", str(max(1, int(seconds))),
         "--format", "raw", "--gil", "--rate", "250",
         "--output", str(out / f"{slug}-{pid}.txt")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for pid in workers]
    try:
        yield
    finally:
        for proc in procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()

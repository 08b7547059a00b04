"""``BENCH_LOCKS=1``: how long each server worker waits for, and holds, the SQLite
writers' lock (``provisor.store.writers.WriterQueue``).

The bench puts this folder on the server's ``PYTHONPATH``, so Python imports this
module at start-up in every worker. It wraps ``acquire`` and ``release`` and writes
the running totals to ``$BENCH_LOCKS_DIR/<pid>`` twice a second; ``bench.locks``
reads them around each phase. A diagnostic only: nothing of Provisor changes.
"""

from __future__ import annotations

import os
import threading
import time

_OUT = os.environ.get("BENCH_LOCKS_DIR")

if _OUT:
    from provisor.store import writers

    _totals = [0, 0.0, 0.0]  # writes, seconds waited, seconds held
    _since = threading.local()
    _acquire, _release = writers.WriterQueue.acquire, writers.WriterQueue.release

    def acquire(self: writers.WriterQueue) -> None:
        began = time.perf_counter()
        _acquire(self)
        _since.at = time.perf_counter()
        _totals[0] += 1
        _totals[1] += _since.at - began

    def release(self: writers.WriterQueue) -> None:
        if self._owner is not None and self._owner == threading.get_ident():
            _totals[2] += time.perf_counter() - _since.at
        _release(self)

    writers.WriterQueue.acquire = acquire  # type: ignore[method-assign]
    writers.WriterQueue.release = release  # type: ignore[method-assign]

    def _dump() -> None:
        path = os.path.join(_OUT, str(os.getpid()))
        while True:
            time.sleep(0.5)
            with open(path + ".tmp", "w") as out:
                out.write(" ".join(map(str, _totals)))
            os.replace(path + ".tmp", path)

    threading.Thread(target=_dump, name="bench-locks", daemon=True).start()

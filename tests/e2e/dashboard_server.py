"""A real uvicorn process serving the app on a port of this suite's range (18300-18399)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from tests import ports

PORTS = range(18300, 18400)


def free_port() -> int:
    return ports.free_port(PORTS)


@contextmanager
def serve(database_url: str, platform_key: str) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PROVISOR_DATABASE_URL": database_url, "PROVISOR_HASH_COST": "low",
           "PROVISOR_PLATFORM_KEY": platform_key, "PROVISOR_ENV": "development"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "provisor.api.asgi:app_factory", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)

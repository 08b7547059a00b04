"""Real ``provisor serve`` processes for the reliability tests, on 127.0.0.1:18600-18699."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests import ports

PORTS = range(18600, 18700)


def free_port() -> int:
    return ports.free_port(PORTS)


@dataclass
class Server:
    url: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str]
    workers: int

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(timeout=30)

    def restart(self) -> Server:
        self.stop()
        return start(self.env["PROVISOR_DATABASE_URL"], self.log, workers=self.workers,
                     env=self.env, port=self.port)


def start(database_url: str, log: Path, *, workers: int = 1, env: dict[str, str] | None = None,
          port: int | None = None) -> Server:
    port = port or free_port()
    full_env = {**os.environ, "PROVISOR_HASH_COST": "low", "PROVISOR_RATE_LIMIT_ENABLED": "false",
                **(env or {}), "PROVISOR_DATABASE_URL": database_url}
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "provisor.api.cli", "serve", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(workers)],
            env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", port, proc, log, full_env, workers)
    _wait_until_up(server)
    return server


def _wait_until_up(server: Server, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError("the server exited:\n" + server.output()[-3000:])
        try:
            if httpx.get(server.url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    server.stop(signal.SIGKILL)
    raise RuntimeError("the server did not come up:\n" + server.output()[-3000:])

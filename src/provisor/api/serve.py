"""``provisor serve``: uvicorn, with one listening socket per worker (``SO_REUSEPORT``).

With several workers, uvicorn binds one socket in the supervisor and every
worker accepts from it. Whichever worker wakes first takes the connections:
in the issue 7 bench, 16 keep-alive connections opened at once all went to
one worker in half of the trials, and the other worker sat idle while its
core was free (libuv's ``UV_TCP_SINGLE_ACCEPT`` only made it less frequent).
Here each worker binds its own socket to the same address with
``SO_REUSEPORT``, and the kernel spreads new connections over the workers by a
hash of each connection's addresses and ports.

uvicorn has no option for this, so the worker process class of its
supervisor (restarts, signals, health checks: all kept) is swapped for one
that binds its own socket. The supervisor binds one too, without listening:
it holds the port (another program cannot take it from under the workers)
and fails at once if the port is taken; a socket that does not listen gets
no connections. Linux only; elsewhere (or with one worker) uvicorn runs as
usual.
"""

from __future__ import annotations

import socket
import sys

import uvicorn
from uvicorn.supervisors import multiprocess


def _reuse_port_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class _OwnSocketWorker(multiprocess.Process):
    """A uvicorn worker that listens on a socket of its own, not the supervisor's."""

    def target(self, sockets: list[socket.socket] | None = None) -> None:  # in the worker
        for inherited in sockets or ():
            inherited.close()
        super().target([_reuse_port_socket(self.config.host, self.config.port)])


def serve(*, host: str, port: int, workers: int, log_level: str) -> None:
    app, options = "provisor.api.asgi:app_factory", {
        "factory": True, "host": host, "port": port, "workers": workers, "loop": "uvloop",
        "http": "httptools", "access_log": False, "log_level": log_level, "proxy_headers": True}
    if workers <= 1 or not sys.platform.startswith("linux"):
        uvicorn.run(app, **options)  # type: ignore[arg-type]
        return
    multiprocess.Process = _OwnSocketWorker  # type: ignore[misc]  # the supervisor's workers
    holder = _reuse_port_socket(host, port)
    try:
        multiprocess.Multiprocess(uvicorn.Config(app, **options),  # type: ignore[arg-type]
                                  sockets=[holder]).run()
    finally:
        holder.close()

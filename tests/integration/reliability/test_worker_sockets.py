"""``provisor serve --workers 2``: each worker listens on a socket of its own
(``SO_REUSEPORT``), so connections opened at once are spread over the workers,
and a worker restarted after a crash listens again.

Sockets are read from ``/proc`` (Linux, as the server's ``SO_REUSEPORT`` is).
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.reliability.server import Server, start

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

LISTEN, ESTABLISHED = "0A", "01"


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    running = start(database_url, tmp_path / "server.log", workers=2)
    yield running
    running.stop()


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += [int(child), *descendants(int(child))]
    return found


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def tcp_sockets(port: int, state: str) -> set[str]:
    """Inodes of IPv4 sockets with this local port in this state."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
            inodes.add(fields[9])
    return inodes


def owners(server: Server, state: str) -> dict[int, int]:
    """Per process of the server: how many of its sockets are in that state."""
    wanted = tcp_sockets(server.port, state)
    counts = {pid: len(socket_inodes(pid) & wanted) for pid in descendants(server.proc.pid)}
    return {pid: n for pid, n in counts.items() if n}


def listeners(server: Server, expected: int, timeout: float = 30.0) -> dict[int, int]:
    deadline = time.monotonic() + timeout
    while True:
        found = owners(server, LISTEN)
        if len(found) == expected or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def open_connections(server: Server, n: int) -> list[socket.socket]:
    """N keep-alive connections opened at once, each answered once."""
    conns = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(n)]
    for conn in conns:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    for conn in conns:
        conn.settimeout(10)
        assert conn.recv(4096).startswith(b"HTTP/1.1 200")
    return conns


def test_each_worker_listens_on_its_own_socket_and_gets_connections(server: Server) -> None:
    found = listeners(server, 2)
    assert len(found) == 2 and set(found.values()) == {1}  # two workers, one socket each
    assert server.proc.pid not in found  # the supervisor holds the port but does not listen
    conns = open_connections(server, 16)
    try:
        spread = owners(server, ESTABLISHED)
        # a hash of 16 connections' ports: all on one worker has odds of 1 in 32,768
        assert len(spread) == 2 and sum(spread.values()) == 16
    finally:
        for conn in conns:
            conn.close()


def test_a_worker_killed_is_replaced_and_listens_again(server: Server) -> None:
    before = listeners(server, 2)
    victim = next(iter(before))
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 30
    after = owners(server, LISTEN)
    while (len(after) != 2 or victim in after) and time.monotonic() < deadline:
        time.sleep(0.2)
        after = owners(server, LISTEN)
    assert len(after) == 2 and victim not in after  # uvicorn's supervisor started another
    for conn in open_connections(server, 4):
        conn.close()

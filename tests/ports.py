"""Ports for the real servers some tests start: each suite has its own range on
127.0.0.1, so suites may run servers side by side."""

from __future__ import annotations

import socket


def free_port(ports: range) -> int:
    """The first port of ``ports`` nothing listens on."""
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")

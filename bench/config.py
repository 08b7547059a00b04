"""The bench's knobs, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _flag(name: str) -> bool:
    return (os.environ.get(name) or "0").strip().lower() in {"1", "true", "yes"}


@dataclass(frozen=True, slots=True)
class Config:
    n: int = 10_000
    db: str = "sqlite"
    workers: int = 2
    seconds: float = 5.0
    connections: int = 16
    compare: bool = False
    max_requests: int = 200_000  # per phase: the run is bounded in requests too
    port: int = 18510  # Provisor on port, scim2-server on port + 1
    phases: tuple[str, ...] = ()  # substrings selecting phases; all when empty
    profile: str | None = None  # a directory: py-spy records every phase there
    locks: bool = False  # SQLite: time waited for and held in the writers' lock

    @classmethod
    def from_env(cls) -> Config:
        env = os.environ.get
        db = (env("BENCH_DB") or "sqlite").strip().lower()
        if db not in {"sqlite", "postgres"}:
            raise SystemExit("BENCH_DB must be sqlite or postgres")
        return cls(
            n=_int("BENCH_N", 10_000), db=db, workers=_int("BENCH_WORKERS", 2),
            seconds=float(env("BENCH_SECONDS") or 5.0),
            connections=_int("BENCH_CONNECTIONS", 16),
            compare=_flag("BENCH_COMPARE"),
            max_requests=_int("BENCH_MAX_REQUESTS", 200_000),
            port=_int("BENCH_PORT", 18510),
            phases=tuple(p.strip().lower() for p in (env("BENCH_PHASES") or "").split(",")
                         if p.strip()),
            profile=env("BENCH_PROFILE") or None,
            locks=_flag("BENCH_LOCKS"),
        )

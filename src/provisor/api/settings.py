"""Configuration, read once from the environment (``PROVISOR_*``, ``OTEL_*``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from provisor.store import DEFAULT_URL


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_URL
    public_url: str = "http://127.0.0.1:8000"
    platform_key: str | None = None
    environment: str = "development"
    log_level: str = "WARNING"
    redis_url: str | None = None
    hash_cost: str = "default"  # "low" only for tests: cheap Argon2 parameters
    graphql_introspection: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def development(self) -> bool:
        return self.environment != "production"

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ.get
        environment = env("PROVISOR_ENV", "development").strip().lower()
        return cls(
            database_url=env("PROVISOR_DATABASE_URL") or DEFAULT_URL,
            public_url=(env("PROVISOR_PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/"),
            platform_key=env("PROVISOR_PLATFORM_KEY") or None,
            environment=environment,
            log_level=(env("PROVISOR_LOG_LEVEL") or "WARNING").upper(),
            redis_url=env("PROVISOR_REDIS_URL") or None,
            hash_cost=env("PROVISOR_HASH_COST", "default"),
            graphql_introspection=_flag("PROVISOR_GRAPHQL_INTROSPECTION",
                                        environment != "production"),
        )

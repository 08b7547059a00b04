"""What the composition root tells the GraphQL facade (it never reads settings itself)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from provisor.domain.org import EmailDomain


def trust_caller(_: EmailDomain) -> bool:
    """Default domain check: the Owner/Admin (or host app) asserts the TXT record is
    in place. Plug a DNS resolver here to check it for real."""
    return True


@dataclass(frozen=True, slots=True)
class GraphQLConfig:
    platform_key: str | None = None
    introspection: bool = True
    graphiql: bool = False
    domain_check: Callable[[EmailDomain], bool] = trust_caller
    poll_interval: float = 0.5
    extensions: tuple[Any, ...] = ()  # extra strawberry extensions (telemetry), from api

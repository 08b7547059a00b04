"""Who is calling: a management key (an org's Owner/Admin) or the platform key.

The bearer comes from the ``Authorization`` header, or for graphql-transport-ws
from the ``connection_init`` payload (browsers cannot set WebSocket headers).
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any


def bearer_from(headers: Mapping[str, str], params: Any) -> str | None:
    value = headers.get("authorization")
    if not value and isinstance(params, Mapping):
        raw = params.get("Authorization") or params.get("authorization")
        value = raw if isinstance(raw, str) else None
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def is_platform_key(presented: str | None, configured: str | None) -> bool:
    """Constant-time comparison; no platform key configured means nobody is platform."""
    if not presented or not configured:
        return False
    return hmac.compare_digest(presented.encode(), configured.encode())

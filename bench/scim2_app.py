"""scim2-server's in-memory ASGI application, as the bench's point of comparison.

Served with ``uvicorn bench.scim2_app:app_factory --factory --workers 1`` (its
storage lives in one process's memory). No bearer token is configured: it
accepts every request, so it spends nothing on authentication.
"""

from __future__ import annotations

import secrets

from scim2_server.applications.asgi import ASGIApplication
from scim2_server.memory import AsyncInMemoryStorage
from scim2_server.service import ScimService
from scim2_server.utils import load_default_provider


def app_factory() -> ASGIApplication:
    provider = load_default_provider()
    service = ScimService(provider, secret=secrets.token_urlsafe(32))
    return ASGIApplication(AsyncInMemoryStorage(), provider, service=service)

"""Error replies sent straight from ASGI middleware, before any route runs.

Under ``/scim/v2`` the body is the SCIM error schema (RFC 7644 §3.12); elsewhere
(GraphQL, health) it is ``{"errors": [{"message": ...}]}`` as GraphQL clients
expect (GraphQL over HTTP, "errors").
"""

from __future__ import annotations

import orjson
from starlette.types import Send

from provisor.scim.errors import ScimError, error_body
from provisor.scim.responses import SCIM_MEDIA_TYPE


async def send_error(send: Send, status: int, detail: str, *, scim: bool,
                     scim_type: str | None = None, headers: dict[str, str] | None = None
                     ) -> None:
    if scim:
        body = orjson.dumps(error_body(ScimError(status, detail, scim_type)))
        media = SCIM_MEDIA_TYPE
    else:
        body = orjson.dumps({"errors": [{"message": detail}]})
        media = "application/json"
    raw = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})

"""Input limits enforced before any route runs: body size, JSON depth, SCIM limits.

A pure ASGI middleware. A body larger than ``max_body_bytes`` is refused with
413 (RFC 9110 §15.5.14) as soon as ``Content-Length`` or the bytes received
say so, without reading the rest. A JSON body nested deeper than
``max_json_depth`` is refused with 400 ``invalidSyntax`` before a recursive
parser or validator sees it. Under ``/scim/v2/{org}/`` the SCIM checks of
:mod:`provisor.scim.limits` (filter, strings, multi-valued sizes, members,
PATCH operations) run on the parsed body and the query.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from provisor.api.limit_settings import LimitSettings
from provisor.api.replies import send_error
from provisor.scim.errors import ScimError
from provisor.scim.limits import check_request

SCIM = "/scim/v2/"
WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, settings: LimitSettings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        scim = scope["path"].startswith(SCIM)
        body: bytes | None = None
        try:
            if scope["method"] in WITH_BODY:
                body = await self._read(scope, receive)
            if body or (scim and b"filter" in scope["query_string"]):
                self._check(scope, body or b"", scim)
        except _TooLarge:
            return await send_error(send, 413, f"the request body exceeds "
                                    f"{self.settings.max_body_bytes} bytes", scim=scim,
                                    scim_type="tooMany" if scim else None)  # as /Bulk does
        except ScimError as exc:
            return await send_error(send, exc.status, exc.detail, scim=scim,
                                    scim_type=exc.scim_type)
        await self.app(scope, _replay(body, receive) if body is not None else receive, send)

    async def _read(self, scope: Scope, receive: Receive) -> bytes:
        limit = self.settings.max_body_bytes
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                raise _TooLarge
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away; the app will see the disconnect
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > limit:
                raise _TooLarge
            more = message.get("more_body", False)
        return b"".join(chunks)

    def _check(self, scope: Scope, body: bytes, scim: bool) -> None:
        document = _parse(body)
        if document is not None and _depth(document) > self.settings.max_json_depth:
            raise ScimError(400, f"the JSON body nests deeper than "
                            f"{self.settings.max_json_depth} levels", "invalidSyntax")
        if scim:
            tail = scope["path"][len(SCIM):].split("/")[1:]
            params = dict(parse_qsl(scope["query_string"].decode("latin-1")))
            check_request(scope["method"], tail, params, document, self.settings.scim)


def _parse(body: bytes) -> Any:
    """The JSON document, or None (not JSON: the route answers with its own error)."""
    if not body:
        return None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc):  # deeper than orjson's own limit (1024)
            raise ScimError(400, "the JSON body nests too deeply", "invalidSyntax") from exc
        return None


def _depth(document: Any) -> int:
    deepest, stack = 0, [(document, 1)]
    while stack:  # iterative on purpose: the input is what may be too deep
        value, depth = stack.pop()
        if isinstance(value, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in value)
    return deepest


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay

"""Rate limiting of the SCIM facade: per token, per org, and per failing client.

A pure ASGI middleware (no ``BaseHTTPMiddleware``: it would cost a task and a
body copy per request). For ``/scim/v2/{org}/...`` it

1. refuses a client address that recently sent too many requests answered
   401 — unless the presented token is one this process has seen succeed, so a
   misconfigured tenant behind a shared IdP address cannot lock out the others;
2. takes one token from the org's bucket and the token's bucket (keyed by a
   SHA-256 prefix of the bearer value — the value itself is never stored,
   logged or sent to Redis);
3. charges the client's failure bucket when the answer is 401.

Refusals are 429 with ``Retry-After`` and a SCIM error body (RFC 7644 §3.12;
RFC 6585 §4).
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from provisor.api.buckets import Buckets
from provisor.api.limit_settings import LimitSettings
from provisor.api.replies import send_error

PREFIX = "/scim/v2/"
RateLimitedHook = Callable[[str, str], None]  # (scope: token|org|auth_failures, org slug)


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, settings: LimitSettings, buckets: Buckets,
                 on_limited: RateLimitedHook) -> None:
        self.app, self.settings, self.buckets = app, settings, buckets
        self.on_limited = on_limited
        self._good: OrderedDict[str, None] = OrderedDict()  # token digests seen succeed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(PREFIX):
            return await self.app(scope, receive, send)
        org = path[len(PREFIX):].split("/", 1)[0]
        digest = _digest(scope)
        client = (scope.get("client") or ("unknown", 0))[0]
        if digest not in self._good:
            wait = await self.buckets.take([(f"fail:{client}", self.settings.auth_failures)], 0)
            if wait:
                return await self._refuse(send, wait, "auth_failures", org)
        wait = await self.buckets.take([(f"{{{org}}}:org", self.settings.org),
                                        (f"{{{org}}}:tok:{digest}", self.settings.token)])
        if wait:
            return await self._refuse(send, wait, "org_or_token", org)
        status = await self._forward(scope, receive, send)
        await self._learn(status, digest, client)

    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> int:
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        return status

    async def _learn(self, status: int, digest: str, client: str) -> None:
        if status == 401:
            self._good.pop(digest, None)
            await self.buckets.take([(f"fail:{client}", self.settings.auth_failures)], 1)
        elif 0 < status < 400 and digest:
            self._good[digest] = None
            if len(self._good) > 10_000:
                self._good.popitem(last=False)

    async def _refuse(self, send: Send, wait: float, kind: str, org: str) -> None:
        self.on_limited(kind, org)
        detail = ("too many failed authentication attempts from this client"
                  if kind == "auth_failures" else "too many requests; retry later")
        await send_error(send, 429, detail, scim=True,
                         headers={"Retry-After": str(max(1, math.ceil(wait)))})


def _digest(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"authorization":
            return hashlib.sha256(value).hexdigest()[:32]
    return ""

"""The resource routes IdPs hammer, dispatched without FastAPI's per-request machinery.

Issue 7 profile (py-spy on ``provisor serve``, GET ``/Users/{id}``): FastAPI's
routing over every SCIM route, its dependency solving and its request/response
wrappers took about a third of the server's CPU per request, more than the
SQL. ``FastLane`` is an ASGI middleware inside the SCIM sub-application: for
``/{org}/Users[/{id}]`` and ``/{org}/Groups[/{id}]`` it calls the very same
endpoint functions the FastAPI routes call, with the same arguments built the
same way (``scim_context``, the path id, ``projection_params``,
``list_params``), and hands any exception to the application's own exception
handlers, so an answer is byte for byte what the routed request gives
(``tests/integration/scim/test_fastlane.py`` compares the two). Anything else
(discovery, Bulk, ``.search``, any path or method outside this table) goes to
FastAPI as before. No library offers this: it is a dispatch table, not a router.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette._utils import get_route_path
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from provisor.scim import groups, users
from provisor.scim.context import scim_context
from provisor.scim.params import list_params, projection_params

Endpoint = Callable[..., Awaitable[Response]]

# (method, resource, whether the path names one resource) -> endpoint
_TABLE: dict[tuple[str, str, bool], Endpoint] = {
    ("GET", "Users", False): users.list_users,
    ("POST", "Users", False): users.create_user,
    ("GET", "Users", True): users.get_user,
    ("PUT", "Users", True): users.replace_user,
    ("PATCH", "Users", True): users.patch_user,
    ("DELETE", "Users", True): users.delete_user,
    ("GET", "Groups", False): groups.list_all,
    ("POST", "Groups", False): groups.create,
    ("GET", "Groups", True): groups.get,
    ("PUT", "Groups", True): groups.replace,
    ("PATCH", "Groups", True): groups.patch,
    ("DELETE", "Groups", True): groups.delete,
}
_ID = {"Users": "member_id", "Groups": "group_id"}


class FastLane:
    """In the SCIM sub-application; or, with ``prefix`` (its mount path), in the
    root application in front of its routing, when nothing between the two
    needs the request to go through the mount (the tracing middleware names
    spans there): the root's exception middleware, router and mount and the
    sub-application's own middleware stack cost ~10 % of a GET /Users/{id}
    (issue 7). It then takes only what the mount matches (a ``Mount`` of its own
    decides, newlines and all) and sets the scope as the mount does."""

    def __init__(self, app: ASGIApp, scim: FastAPI, prefix: str = "") -> None:
        self.app, self.scim = app, scim
        self._mount = Mount(prefix, app=scim) if prefix else None
        self._routes: dict[Endpoint, APIRoute] | None = None

    def _route_of(self, endpoint: Endpoint) -> APIRoute:
        """The APIRoute FastAPI would have matched: tracing names spans after it."""
        if self._routes is None:
            self._routes = {c.original_route.endpoint: c.original_route
                            for c in iter_route_contexts(self.scim.routes)
                            if isinstance(c.original_route, APIRoute)}
        return self._routes[endpoint]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            mounted: Scope = {}
            if self._mount is not None:
                match, mounted = self._mount.matches(scope)
                if match is not Match.FULL:
                    return await self.app(scope, receive, send)
            parts = get_route_path({**scope, **mounted}).split("/")  # "", org, resource[, id]
            if 3 <= len(parts) <= 4 and parts[0] == "" and all(parts[1:]):
                endpoint = _TABLE.get((scope["method"], parts[2], len(parts) == 4))
                if endpoint is not None:
                    scope.update(mounted)
                    await self._serve(endpoint, parts, scope, receive, send)
                    return
        await self.app(scope, receive, send)

    async def _serve(self, endpoint: Endpoint, parts: list[str], scope: Scope,
                     receive: Receive, send: Send) -> None:
        org, resource = parts[1], parts[2]
        path_params = {"org": org}
        if len(parts) == 4:
            path_params[_ID[resource]] = parts[3]
        scope["path_params"] = path_params
        scope["route"] = self._route_of(endpoint)
        request = Request(scope, receive, send)
        try:
            response = await endpoint(**await _arguments(endpoint, request, path_params))
        except Exception as exc:
            handler = _handler(self.scim.exception_handlers, exc)
            if handler is None:
                raise
            answer = handler(request, exc)  # the SCIM app's handlers are all async
            response = await answer if inspect.isawaitable(answer) else answer
        await response(scope, receive, send)


async def _arguments(endpoint: Endpoint, request: Request,
                     path_params: Mapping[str, str]) -> dict[str, Any]:
    """The keyword arguments FastAPI's dependency solving gives these endpoints."""
    query = request.query_params
    args: dict[str, Any] = {"scim": await scim_context(path_params["org"], request)}
    names = endpoint.__code__.co_varnames[:endpoint.__code__.co_argcount]
    for name in names:
        if name == "request":
            args[name] = request
        elif name == "shown":
            args[name] = await projection_params(attributes=query.get("attributes"),
                                                 excluded=query.get("excludedAttributes"))
        elif name == "params":
            args[name] = await list_params(
                filter=query.get("filter"), start_index=query.get("startIndex"),
                count=query.get("count"), sort_by=query.get("sortBy"),
                sort_order=query.get("sortOrder"), attributes=query.get("attributes"),
                excluded=query.get("excludedAttributes"), cursor=query.get("cursor"))
        elif name in path_params and name != "org":
            args[name] = path_params[name]
    return args


def _handler(handlers: Mapping[Any, Callable[..., Any]],
             exc: Exception) -> Callable[..., Any] | None:
    """Starlette's lookup: a status code's handler for an HTTPException, else the
    handler of the nearest class in the exception's MRO."""
    if isinstance(exc, HTTPException) and exc.status_code in handlers:
        return handlers[exc.status_code]
    for cls in type(exc).__mro__:
        if cls in handlers:
            return handlers[cls]
    return None

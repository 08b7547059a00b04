"""A server span per HTTP request, named after the matched route, mounts included.

``FastAPIInstrumentor`` wraps the root app, so requests to the SCIM sub-app
(mounted at ``/scim/v2``) get their server span there; but it can only name
them after the mount (``GET /scim/v2``). ``RouteNamer`` wraps each mounted app
and, once the sub-app has routed the request, renames the server span to the
full route template (``PATCH /scim/v2/{org}/Users/{id}``) and sets
``http.route``. Query strings are removed by ``scrub.py``.
"""

from __future__ import annotations

import os

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from opentelemetry import trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.metrics import MeterProvider
from opentelemetry.trace import TracerProvider
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

EXCLUDED_URLS = "/healthz,/readyz"


class RouteNamer:
    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app, self.prefix = app, prefix
        self._templates: dict[int, str] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def naming_send(message: Message) -> None:
            # the server span ends with the response body: name it at the start
            if message["type"] == "http.response.start":
                self._name(scope)
            await send(message)

        await self.app(scope, receive, naming_send)

    def _template(self, route: object) -> str | None:
        """The full route template (router prefixes included) of a matched route."""
        if self._templates is None:
            self._templates = {id(c.original_route): c.path_format
                               for c in iter_route_contexts(getattr(self.app, "routes", []))
                               if c.path_format}
        return self._templates.get(id(route), getattr(route, "path_format", None))

    def _name(self, scope: Scope) -> None:
        span = trace.get_current_span()
        template = self._template(scope.get("route"))
        if span.is_recording() and template:
            route = self.prefix + template
            span.update_name(f"{scope.get('method', 'HTTP')} {route}")
            span.set_attribute("http.route", route)


def instrument_app(app: FastAPI, tracer_provider: TracerProvider,
                   meter_provider: MeterProvider | None) -> None:
    """Install the server-span middleware on ``app`` and name routes of its mounts."""
    for route in app.routes:
        if isinstance(route, Mount) and not isinstance(route.app, RouteNamer):
            route.app = RouteNamer(route.app, route.path)
    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=tracer_provider, meter_provider=meter_provider,
        excluded_urls=os.environ.get("OTEL_PYTHON_FASTAPI_EXCLUDED_URLS", EXCLUDED_URLS),
        exclude_spans=["receive", "send"],
    )

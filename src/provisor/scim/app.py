"""The SCIM facade as a FastAPI sub-application mounted at ``/scim/v2/{org}``."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from provisor.domain.deps import Deps
from provisor.domain.errors import DomainError
from provisor.scim import bulk, discovery, groups, me, resource_types, schemas, search, users
from provisor.scim.errors import ScimError, error_body, from_domain
from provisor.scim.fastlane import FastLane
from provisor.scim.responses import scim_json


def scim_error_response(error: ScimError) -> Response:
    return scim_json(error_body(error), error.status, error.headers)


def install_error_handlers(app: FastAPI) -> None:
    """Every failure under the SCIM prefix answers with the SCIM error schema."""

    async def on_scim(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, ScimError)
        return scim_error_response(exc)

    async def on_domain(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, DomainError)
        return scim_error_response(from_domain(exc))

    async def on_http(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return scim_error_response(ScimError(exc.status_code, str(exc.detail)))

    async def on_validation(_: Request, exc: Exception) -> Response:
        return scim_error_response(ScimError(400, "the request is not valid", "invalidSyntax"))

    app.add_exception_handler(ScimError, on_scim)
    app.add_exception_handler(DomainError, on_domain)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)


# FastAPI's own OpenTelemetry integration (0.16x) stays off: Provisor's spans come from
# ``provisor.api.telemetry`` whatever the FastAPI version, and the native one asks
# the global providers (an environment lookup each) on every request of every app.
NO_NATIVE_TELEMETRY: Any = {"tracing": False, "metrics": False, "logs": False}


def create_scim_app(deps: Deps) -> FastAPI:
    """Routes take the org slug as their first path segment: ``/{org}/Users``."""
    app = FastAPI(title="Provisor SCIM 2.0", version="2.0", docs_url=None, redoc_url=None,
                  telemetry=NO_NATIVE_TELEMETRY)
    app.state.deps = deps
    install_error_handlers(app)
    app.include_router(discovery.router, prefix="/{org}")
    app.include_router(users.router, prefix="/{org}")
    app.include_router(groups.router, prefix="/{org}")
    app.include_router(schemas.router, prefix="/{org}")
    app.include_router(resource_types.router, prefix="/{org}")
    app.include_router(bulk.router, prefix="/{org}")
    app.include_router(search.router, prefix="/{org}")
    app.include_router(me.router, prefix="/{org}")
    app.add_middleware(FastLane, scim=app)  # the resource routes, without FastAPI's dispatch
    return app

"""The composition root: ``create_app()`` wires the facades onto the store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import text
from starlette.responses import JSONResponse, Response

from provisor.api.bootstrap import Container, build
from provisor.api.reliability import install_reliability
from provisor.api.scim_fallback import install_scim_not_found
from provisor.api.settings import Settings
from provisor.graphql.app import mount_graphql
from provisor.graphql.config import GraphQLConfig
from provisor.scim.app import NO_NATIVE_TELEMETRY, create_scim_app
from provisor.scim.fastlane import FastLane
from provisor.store.migrate import at_head
from provisor.store.parking import leave_here, park_here

SCIM_PATH = "/scim/v2"


def create_app(settings: Settings | None = None, container: Container | None = None) -> FastAPI:
    container = container or build(settings or Settings.from_env())
    engine = container.engine

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        """The thread serving requests keeps its connections between units of work
        (``provisor.store.parking``); they go back to the pool at shutdown."""
        park_here(engine)
        try:
            yield
        finally:
            leave_here(engine)

    app = FastAPI(title="Provisor", version="0.1.0", docs_url=None, redoc_url=None,
                  telemetry=NO_NATIVE_TELEMETRY, lifespan=lifespan)
    app.state.container = container
    app.state.deps = container.deps
    scim_app = create_scim_app(container.deps)
    if container.telemetry is None:  # inside the limits: added first, it runs after them
        app.add_middleware(FastLane, scim=scim_app, prefix=SCIM_PATH)
    install_reliability(app, scim_app)  # limits, rate limiting, database outages
    app.mount(SCIM_PATH, scim_app)
    mount_graphql(app, container.deps, GraphQLConfig(  # the dashboards' API
        platform_key=container.settings.platform_key, graphiql=container.settings.development,
        introspection=container.settings.graphql_introspection,
        extensions=container.telemetry.graphql_extensions() if container.telemetry else ()))

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> Response:  # async: no threadpool hop for a constant answer
        return JSONResponse({"status": "ok"})

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> Response:
        """Ready when the database answers and its schema is at the migrations' head."""
        try:
            with container.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            ready = at_head(container.engine, container.settings.database_url)
        except Exception as exc:  # any database failure means "not ready"
            return JSONResponse({"status": "unavailable", "reason": type(exc).__name__}, 503)
        if not ready:
            return JSONResponse({"status": "unavailable", "reason": "migrations pending"}, 503)
        return JSONResponse({"status": "ready"})

    install_scim_not_found(app)  # SCIM 404s for /scim/v2 paths the mount cannot match
    if container.telemetry is not None:  # server spans (mounts included); off: nothing
        container.telemetry.instrument_app(app)
    return app

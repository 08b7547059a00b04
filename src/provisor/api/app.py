"""The composition root: ``create_app()`` wires the facades onto the store."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import text
from starlette.responses import JSONResponse, Response

from provisor.api.bootstrap import Container, build
from provisor.api.settings import Settings
from provisor.scim.app import create_scim_app
from provisor.store.migrate import at_head


def create_app(settings: Settings | None = None, container: Container | None = None) -> FastAPI:
    container = container or build(settings or Settings.from_env())
    app = FastAPI(title="Provisor", version="0.1.0", docs_url=None, redoc_url=None)
    app.state.container = container
    app.state.deps = container.deps
    app.mount("/scim/v2", create_scim_app(container.deps))

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> Response:
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

    return app

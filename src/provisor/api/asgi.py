"""The ASGI entry point uvicorn imports in each worker process."""

from __future__ import annotations

from fastapi import FastAPI

from provisor.api.app import create_app


def app_factory() -> FastAPI:
    return create_app()

"""SCIM errors for requests under ``/scim/v2`` that the SCIM mount cannot match.

Starlette's ``Mount`` matches its path with ``.*``, which stops at a newline,
so ``DELETE /scim/v2/acme/Users/a%0Ab`` never reaches the SCIM sub-app and the
root app answered a plain-JSON 404. Found by the schemathesis run
(tests/fuzz/test_findings.py); SCIM clients get the SCIM error schema instead.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from provisor.scim.app import scim_error_response
from provisor.scim.errors import ScimError

SCIM_PREFIX = "/scim/v2/"


def install_scim_not_found(app: FastAPI) -> None:
    async def not_found(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith(SCIM_PREFIX):
            return scim_error_response(ScimError(404, "no such SCIM resource"))
        detail = exc.detail if isinstance(exc, HTTPException) else "Not Found"
        return JSONResponse({"detail": detail}, 404)

    app.add_exception_handler(404, not_found)

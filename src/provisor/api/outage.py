"""Database outages under ``/scim``: 503 with ``Retry-After``, never a 500.

When PostgreSQL is unreachable (connection refused, reset, timed out, pool
exhausted) or SQLite stays locked past every retry, the SCIM facade answers
503 with the SCIM error schema and ``Retry-After`` (RFC 9110 §15.6.4,
§10.2.3), so IdPs retry later instead of recording a failure. Nothing needs
restarting when the database returns: the pool pings connections idle for
more than 2 s, is invalidated on a disconnect, and reconnects.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from sqlalchemy import exc as sa
from starlette.responses import Response

from provisor.scim.errors import ScimError, error_body
from provisor.scim.responses import scim_json

log = logging.getLogger("provisor.outage")
OUTAGE_ERRORS: tuple[type[Exception], ...] = (sa.OperationalError, sa.InterfaceError,
                                               sa.TimeoutError)


def install_outage_handlers(scim_app: FastAPI, retry_after: int) -> None:
    async def on_outage(_: Request, exc: Exception) -> Response:
        # the type only: a driver message may quote connection parameters
        log.warning("database unavailable: %s", type(exc).__name__)
        error = ScimError(503, "the service is temporarily unavailable; retry later")
        return scim_json(error_body(error), 503, {"Retry-After": str(retry_after)})

    for error_type in OUTAGE_ERRORS:
        scim_app.add_exception_handler(error_type, on_outage)

"""POST /Bulk (RFC 7644 §3.7): many writes in one request, with bulkId references.

Limits (§3.7.4, announced in /ServiceProviderConfig): more than
``BULK_MAX_OPERATIONS`` operations or a body over ``BULK_MAX_PAYLOAD`` bytes is
refused whole with 413 and scimType ``tooMany``.

``failOnErrors`` (§3.7.3) — product decision: a request that sets it is all or
nothing. Every operation joins one transaction (``Deps.shared_transaction``);
at the first failure processing stops, everything is rolled back, and the
response lists only the failed operation (nothing else was applied). Stopping
at the first error rather than the N-th is allowed by §3.7.3 (the server
stops *at the latest* after N errors) and is needed: after a failed statement
the transaction cannot be trusted to run more. Without ``failOnErrors`` each
operation stands alone and the response lists every one of them.

bulkIds (§3.7.2) are resolved within this request only: ``bulkId:x`` in a
path or as any string value. Operations are run in request order, except
that one referring to a later operation waits for it; references that form
a cycle fail with 409. Paths are relative to this org's base URL, so no
operation can name another org's resources (their ids answer 404).
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from provisor.scim import openapi as doc
from provisor.scim.bodies import get_ci
from provisor.scim.bulk_run import BulkOperation, run_bulk
from provisor.scim.context import Scim
from provisor.scim.discovery import BULK_MAX_OPERATIONS, BULK_MAX_PAYLOAD
from provisor.scim.errors import ScimError
from provisor.scim.responses import scim_json

BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"

router = APIRouter()


@router.post("/Bulk", **doc.bulk())
async def bulk(scim: Scim, request: Request) -> Response:
    body = await read_body(request)
    fail_on_errors, operations = parse_bulk(body)
    results = await run_in_threadpool(run_bulk, scim, operations, fail_on_errors)
    return scim_json({"schemas": [BULK_RESPONSE], "Operations": results})


def too_large(detail: str) -> ScimError:
    return ScimError(413, detail, "tooMany")


async def read_body(request: Request) -> dict[str, Any]:
    """Read at most ``BULK_MAX_PAYLOAD`` bytes; never buffer a larger body."""
    over = too_large(f"the size of the bulk operation exceeds the maxPayloadSize "
                     f"({BULK_MAX_PAYLOAD} bytes)")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > BULK_MAX_PAYLOAD:
        raise over
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > BULK_MAX_PAYLOAD:
            raise over
    try:
        body = orjson.loads(bytes(raw))
    except orjson.JSONDecodeError as exc:
        raise ScimError(400, "the request body is not valid JSON", "invalidSyntax") from exc
    if not isinstance(body, dict):
        raise ScimError(400, "the request body must be a JSON object", "invalidSyntax")
    return body


def parse_bulk(body: dict[str, Any]) -> tuple[int | None, list[BulkOperation]]:
    schemas = get_ci(body, "schemas")
    if schemas is not None and (not isinstance(schemas, list) or BULK_REQUEST not in schemas):
        raise ScimError(400, f"schemas must contain {BULK_REQUEST}", "invalidSyntax")
    raw_ops = get_ci(body, "Operations")
    if not isinstance(raw_ops, list) or not raw_ops:
        raise ScimError(400, "Operations must be a non-empty list", "invalidSyntax")
    if len(raw_ops) > BULK_MAX_OPERATIONS:
        raise too_large(f"the bulk request has more than maxOperations "
                        f"({BULK_MAX_OPERATIONS}) operations")
    operations = [BulkOperation.parse(i, op) for i, op in enumerate(raw_ops)]
    seen: set[str] = set()
    for op in operations:
        if op.bulk_id in seen:
            op.problem = ScimError(400, f"bulkId {op.bulk_id} is used twice", "invalidValue")
        seen.add(op.bulk_id or "")
    return _fail_on_errors(get_ci(body, "failOnErrors")), operations


def _fail_on_errors(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ScimError(400, "failOnErrors must be a positive integer", "invalidValue")
    return value

"""Reading request bodies and coercing values, leniently where real IdPs need it.

Malformed JSON, bad UTF-8 or a body that is not an object is 400
``invalidSyntax``; a value of the wrong type is 400 ``invalidValue``. Entra
sends booleans as the strings "True"/"False" (MS-KI), so booleans accept them.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request

from provisor.domain.errors import InvalidValue
from provisor.scim.errors import ScimError

MAX_STRING = 512  # the width of the indexed columns (userName, externalId, email)
MAX_TEXT = 4096


async def json_object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ScimError(400, "the request body is not valid JSON", "invalidSyntax") from exc
    if not isinstance(body, dict):
        raise ScimError(400, "the request body must be a JSON object", "invalidSyntax")
    return body


def text(value: Any, name: str, *, limit: int = MAX_TEXT) -> str:
    """A string attribute: no NUL (PostgreSQL cannot store it), bounded length."""
    if not isinstance(value, str):
        raise InvalidValue(f"{name} must be a string", field=name)
    if "\x00" in value or len(value) > limit:
        raise InvalidValue(f"{name} is too long or contains a NUL character", field=name)
    return value


def optional_text(value: Any, name: str, *, limit: int = MAX_TEXT) -> str | None:
    return None if value is None else text(value, name, limit=limit)


def boolean(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise InvalidValue(f"{name} must be true or false", field=name)


def get_ci(body: dict[str, Any], name: str) -> Any:
    """Attribute names are case-insensitive (RFC 7643 §2.1)."""
    if name in body:
        return body[name]
    lowered = name.lower()
    return next((v for k, v in body.items() if k.lower() == lowered), None)


def has_ci(body: dict[str, Any], name: str) -> bool:
    lowered = name.lower()
    return any(k.lower() == lowered for k in body)

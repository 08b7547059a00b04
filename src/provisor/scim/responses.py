"""SCIM JSON responses: ``application/scim+json``, serialized with orjson."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

SCIM_MEDIA_TYPE = "application/scim+json"


class ScimResponse(Response):
    media_type = SCIM_MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def scim_json(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return ScimResponse(content, status_code=status, headers=headers)

"""Query parameters of the resource endpoints, declared so OpenAPI describes them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query

from provisor.domain.errors import NotFound

Text = str | None


# The dependencies below are ``async def`` so FastAPI calls them on the event
# loop: a sync ``def`` dependency costs a threadpool hop per request (issue 7).
async def list_params(
    filter: Annotated[Text, Query(description="RFC 7644 §3.4.2.2 filter")] = None,
    start_index: Annotated[Text, Query(alias="startIndex")] = None,
    count: Annotated[Text, Query()] = None,
    sort_by: Annotated[Text, Query(alias="sortBy")] = None,
    sort_order: Annotated[Text, Query(alias="sortOrder")] = None,
    attributes: Annotated[Text, Query()] = None,
    excluded: Annotated[Text, Query(alias="excludedAttributes")] = None,
    cursor: Annotated[Text, Query(description="RFC 9865 cursor; empty = first page")] = None,
) -> dict[str, Any]:
    values = {"filter": filter, "startIndex": start_index, "count": count, "sortBy": sort_by,
              "sortOrder": sort_order, "attributes": attributes,
              "excludedAttributes": excluded, "cursor": cursor}
    return {k: v for k, v in values.items() if v is not None}


async def projection_params(
    attributes: Annotated[Text, Query()] = None,
    excluded: Annotated[Text, Query(alias="excludedAttributes")] = None,
) -> tuple[str | None, str | None]:
    return attributes, excluded


ListParams = Annotated[dict[str, Any], Depends(list_params)]
ProjectionParams = Annotated[tuple[str | None, str | None], Depends(projection_params)]


def resource_id(value: str) -> str:
    """Ids are short; anything else cannot name a resource (and never reaches SQL)."""
    if len(value) > 64 or "\x00" in value:
        raise NotFound("resource not found")
    return value

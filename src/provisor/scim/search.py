"""POST /.search at the server root (RFC 7644 §3.4.3): Users and Groups in one listing.

The filter, sortBy and attributes are read with each resource type's own
listing parser (``scim.listing``), and each type is paged in SQL. A filter
that names an attribute one type does not have matches nothing of that type
(§3.4.3: the server searches every resource type it can); only a filter
neither type understands is an error. The combined result lists Users
before Groups, each in its own sort order; ``startIndex``/``count`` page over
that concatenation. RFC 9865 cursors are offered per resource type only, so
a root search with ``cursor`` is refused with 400 ``invalidValue``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from provisor.domain.errors import DomainError
from provisor.domain.query import ListQuery
from provisor.domain.usecases.read import view_groups, view_members
from provisor.scim import openapi as doc
from provisor.scim.attributes import GROUP, ResourceSchema
from provisor.scim.bodies import json_object
from provisor.scim.context import Scim, ScimContext
from provisor.scim.custom import OrgUserSchema
from provisor.scim.errors import ScimError
from provisor.scim.listing import LIST_RESPONSE, Listing, listing
from provisor.scim.represent import group_resource, projected_user
from provisor.scim.responses import scim_json

SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"

router = APIRouter()


@router.post("/.search", **doc.search_root())
async def search_root(scim: Scim, request: Request) -> Response:
    body = await json_object(request)
    params = {k: v for k, v in body.items() if k.lower() != "schemas"}
    if any(k.lower() == "cursor" for k in params):
        raise ScimError(400, "cursor pagination is offered on /Users and /Groups, "
                             "not on a search across resource types", "invalidValue")
    schemas = OrgUserSchema(scim)
    users, groups = _spec(schemas.listing(params), params), _spec(GROUP, params)
    if isinstance(users, DomainError) and isinstance(groups, DomainError):
        raise users
    first = users if isinstance(users, Listing) else groups
    assert isinstance(first, Listing)
    return scim_json(search(scim, first.query, _ok(users), _ok(groups), schemas))


def _spec(schema: ResourceSchema, params: dict[str, Any]) -> Listing | DomainError:
    try:
        return listing(schema, params)
    except DomainError as exc:
        return exc


def _ok(spec: Listing | DomainError) -> Listing | None:
    return spec if isinstance(spec, Listing) else None


def search(scim: ScimContext, query: ListQuery, users: Listing | None,
           groups: Listing | None, schemas: OrgUserSchema | None = None) -> dict[str, Any]:
    start, count = query.start_index, query.count
    resources, total_users = _users(scim, schemas or OrgUserSchema(scim), users, start, count)
    remaining = count - len(resources)
    group_start = max(1, start - total_users)
    more, total_groups = _groups(scim, groups, group_start, remaining)
    resources += more
    return {"schemas": [LIST_RESPONSE], "totalResults": total_users + total_groups,
            "itemsPerPage": len(resources), "startIndex": start, "Resources": resources}


def _users(scim: ScimContext, schemas: OrgUserSchema, spec: Listing | None, start: int,
           count: int) -> tuple[list[dict[str, Any]], int]:
    if spec is None:
        return [], 0
    query = replace(spec.query, start_index=start, count=count)
    page, groups = view_members(scim.deps, org_id=scim.org.id, query=query,
                                with_groups=spec.projection.wants("groups"))
    schema = schemas.for_members(page.items)
    return [projected_user(m, scim.base_url, None if groups is None else groups.get(m.id, []),
                           spec.projection, schema) for m in page.items], page.total


def _groups(scim: ScimContext, spec: Listing | None, start: int, count: int
            ) -> tuple[list[dict[str, Any]], int]:
    if spec is None:
        return [], 0
    query = replace(spec.query, start_index=start, count=count)
    page, members = view_groups(scim.deps, org_id=scim.org.id, query=query,
                                with_members=spec.projection.wants("members") and count > 0)
    return [spec.projection.apply(group_resource(
        g, scim.base_url, None if members is None else members[g.id]))
        for g in page.items], page.total

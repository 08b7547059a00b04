"""``/Users`` (RFC 7644 §3.3 to §3.6): create, read, list, search, replace, patch, delete.

Writes go through ``resource_writes`` (shared with /Bulk). Each request has
an ``OrgUserSchema``: the org's custom extension is read only when the request
or a member it shows involves it.

Handlers are ``async def`` and call the synchronous use cases directly: the
SQL work is sub-millisecond and one process serializes its database access.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from provisor.domain.group import Group
from provisor.domain.member import Member
from provisor.domain.usecases.read import member_groups, view_member, view_members
from provisor.scim import openapi as doc
from provisor.scim import resource_writes
from provisor.scim.bodies import json_object
from provisor.scim.context import Scim, ScimContext
from provisor.scim.custom import OrgUserSchema
from provisor.scim.etags import expected_version, not_modified
from provisor.scim.listing import list_response, listing
from provisor.scim.params import ListParams, ProjectionParams, resource_id
from provisor.scim.projection import Projection, projection
from provisor.scim.represent import etag, projected_user
from provisor.scim.responses import scim_json
from provisor.scim.writes import recorded

router = APIRouter(prefix="/Users", tags=["Users"])


def _answer(scim: ScimContext, schemas: OrgUserSchema, member: Member,
            groups: list[Group] | None, proj: Projection, status: int = 200) -> Response:
    headers = {"ETag": etag(member.version)}
    if status == 201:
        headers["Location"] = f"{scim.base_url}/Users/{member.id}"
    body = projected_user(member, scim.base_url, groups, proj, schemas.for_members([member]))
    return scim_json(body, status, headers)


def _written(scim: ScimContext, schemas: OrgUserSchema, member: Member,
             proj: Projection) -> Response:
    """The member as written, with its groups when the answer shows them (the
    write itself returns the member: reading it back cost a query per write)."""
    groups = member_groups(scim.deps, org_id=scim.org.id, member_id=member.id) \
        if proj.wants("groups") else None
    return _answer(scim, schemas, member, groups, proj)


@router.post("", status_code=201, **doc.write(doc.USER, 201))
async def create_user(scim: Scim, request: Request, shown: ProjectionParams) -> Response:
    schemas = OrgUserSchema(scim)
    proj = projection(schemas.schema(shown), *shown)
    with recorded(scim, "member.create", "member"):
        member = resource_writes.create_user(scim, schemas, await json_object(request))
    return _answer(scim, schemas, member, [], proj, 201)


@router.get("", **doc.read(doc.LIST))
async def list_users(scim: Scim, params: ListParams) -> Response:
    return _list(scim, params)


@router.post("/.search", **doc.search())
async def search_users(scim: Scim, request: Request) -> Response:
    body = await json_object(request)
    return _list(scim, {k: v for k, v in body.items() if k.lower() != "schemas"})


def _list(scim: ScimContext, params: dict[str, Any]) -> Response:
    schemas = OrgUserSchema(scim)
    spec = listing(schemas.listing(params), params)
    page, groups = view_members(scim.deps, org_id=scim.org.id, query=spec.query,
                                with_groups=spec.projection.wants("groups"))
    schema = schemas.for_members(page.items)
    resources = [projected_user(m, scim.base_url,
                                None if groups is None else groups.get(m.id, []),
                                spec.projection, schema) for m in page.items]
    return scim_json(list_response(page, resources, spec.query))


@router.get("/{member_id}", **doc.read(doc.USER, 304))
async def get_user(scim: Scim, request: Request, member_id: str,
                   shown: ProjectionParams) -> Response:
    schemas = OrgUserSchema(scim)
    proj = projection(schemas.schema(shown), *shown)
    member, groups = view_member(scim.deps, org_id=scim.org.id,
                                 member_id=resource_id(member_id),
                                 with_groups=proj.wants("groups"))
    if not_modified(request, member.version):
        return Response(status_code=304, headers={"ETag": etag(member.version)})
    return _answer(scim, schemas, member, groups, proj)


@router.put("/{member_id}", **doc.write(doc.USER, 200, 404, 412))
async def replace_user(scim: Scim, request: Request, member_id: str,
                       shown: ProjectionParams) -> Response:
    schemas = OrgUserSchema(scim)
    proj = projection(schemas.schema(shown), *shown)
    with recorded(scim, "member.replace", "member", member_id):
        body = await json_object(request)
        member = resource_writes.replace_user(scim, schemas, member_id, body,
                                              expected_version(request))
    return _written(scim, schemas, member, proj)


@router.patch("/{member_id}", **doc.write(doc.USER, 200, 404, 412, body=doc.PATCH))
async def patch_user(scim: Scim, request: Request, member_id: str,
                     shown: ProjectionParams) -> Response:
    schemas = OrgUserSchema(scim)
    proj = projection(schemas.schema(shown), *shown)
    with recorded(scim, "member.patch", "member", member_id):
        body = await json_object(request)
        member = resource_writes.patch_user(scim, schemas, member_id, body,
                                            expected_version(request))
    return _written(scim, schemas, member, proj)


@router.delete("/{member_id}", status_code=204, **doc.delete())
async def delete_user(scim: Scim, request: Request, member_id: str) -> Response:
    with recorded(scim, "member.delete", "member", member_id):
        resource_writes.remove_user(scim, member_id, expected_version(request))
    return Response(status_code=204)

"""``/Groups`` (RFC 7644 §3.3 to §3.6). Membership changes are deltas.

``excludedAttributes=members`` (Entra) skips the membership rows entirely.
PATCH answers 204 No Content (§3.5.2 allows it; Entra documents it) unless
the request names ``attributes``/``excludedAttributes``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from provisor.domain.group import Group, GroupMember
from provisor.domain.usecases.read import view_group, view_groups
from provisor.scim import openapi as doc
from provisor.scim import resource_writes
from provisor.scim.attributes import GROUP
from provisor.scim.bodies import json_object
from provisor.scim.context import Scim, ScimContext
from provisor.scim.etags import expected_version, not_modified
from provisor.scim.listing import list_response, listing
from provisor.scim.params import ListParams, ProjectionParams, resource_id
from provisor.scim.projection import Projection, projection
from provisor.scim.represent import etag, group_resource
from provisor.scim.responses import scim_json
from provisor.scim.writes import recorded

router = APIRouter(prefix="/Groups", tags=["Groups"])


def _answer(scim: ScimContext, group: Group, proj: Projection, status: int = 200,
            members: list[GroupMember] | None = None) -> Response:
    """``members``: the group's members when the caller knows them (a create)."""
    if not proj.wants("members"):
        members = None
    elif members is None:
        group, members = view_group(scim.deps, org_id=scim.org.id, group_id=group.id)
    headers = {"ETag": etag(group.version)}
    if status == 201:
        headers["Location"] = f"{scim.base_url}/Groups/{group.id}"
    return scim_json(proj.apply(group_resource(group, scim.base_url, members)), status, headers)


@router.post("", status_code=201, **doc.write(doc.GROUP, 201))
async def create(scim: Scim, request: Request, shown: ProjectionParams) -> Response:
    proj = projection(GROUP, *shown)
    with recorded(scim, "group.create", "group"):
        group, members = resource_writes.add_group(scim, await json_object(request))
    return _answer(scim, group, proj, 201, members)


@router.get("", **doc.read(doc.LIST))
async def list_all(scim: Scim, params: ListParams) -> Response:
    return _list(scim, params)


@router.post("/.search", **doc.search())
async def search(scim: Scim, request: Request) -> Response:
    body = await json_object(request)
    return _list(scim, {k: v for k, v in body.items() if k.lower() != "schemas"})


def _list(scim: ScimContext, params: dict[str, Any]) -> Response:
    spec = listing(GROUP, params)
    page, members = view_groups(scim.deps, org_id=scim.org.id, query=spec.query,
                                with_members=spec.projection.wants("members"))
    resources = [spec.projection.apply(group_resource(
        g, scim.base_url, None if members is None else members[g.id])) for g in page.items]
    return scim_json(list_response(page, resources, spec.query))


@router.get("/{group_id}", **doc.read(doc.GROUP, 304))
async def get(scim: Scim, request: Request, group_id: str, shown: ProjectionParams) -> Response:
    proj = projection(GROUP, *shown)
    group, members = view_group(scim.deps, org_id=scim.org.id, group_id=resource_id(group_id),
                                with_members=proj.wants("members"))
    if not_modified(request, group.version):
        return Response(status_code=304, headers={"ETag": etag(group.version)})
    return scim_json(proj.apply(group_resource(group, scim.base_url, members)),
                     headers={"ETag": etag(group.version)})


@router.put("/{group_id}", **doc.write(doc.GROUP, 200, 404, 412))
async def replace(scim: Scim, request: Request, group_id: str,
                  shown: ProjectionParams) -> Response:
    proj = projection(GROUP, *shown)
    with recorded(scim, "group.replace", "group", group_id):
        body = await json_object(request)
        group = resource_writes.replace_group(scim, group_id, body, expected_version(request))
    return _answer(scim, group, proj)


@router.patch("/{group_id}", status_code=204, **doc.write(doc.GROUP, 204, 200, 404, 412,
                                                           body=doc.PATCH))
async def patch(scim: Scim, request: Request, group_id: str,
                shown: ProjectionParams) -> Response:
    with recorded(scim, "group.patch", "group", group_id):
        body = await json_object(request)
        group = resource_writes.patch_group(scim, group_id, body, expected_version(request))
    if shown == (None, None):
        return Response(status_code=204, headers={"ETag": etag(group.version)})
    return _answer(scim, group, projection(GROUP, *shown))


@router.delete("/{group_id}", status_code=204, **doc.delete())
async def delete(scim: Scim, request: Request, group_id: str) -> Response:
    with recorded(scim, "group.delete", "group", group_id):
        resource_writes.remove_group(scim, group_id, expected_version(request))
    return Response(status_code=204)

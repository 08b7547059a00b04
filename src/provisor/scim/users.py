"""``/Users`` (RFC 7644 §3.3 to §3.6): create, read, list, search, replace, patch, delete.

Handlers are ``async def`` and call the synchronous use cases directly: the
SQL work is sub-millisecond and one process serializes its database access.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from provisor.domain.errors import PreconditionFailed
from provisor.domain.group import Group
from provisor.domain.member import Member
from provisor.domain.usecases.create_member import create_member
from provisor.domain.usecases.delete_member import delete_member
from provisor.domain.usecases.read import view_member, view_members
from provisor.domain.usecases.update_member import update_member
from provisor.scim import openapi as doc
from provisor.scim.attributes import USER
from provisor.scim.bodies import json_object
from provisor.scim.context import Scim, ScimContext
from provisor.scim.etags import expected_version, not_modified
from provisor.scim.listing import list_response, listing
from provisor.scim.params import ListParams, ProjectionParams, resource_id
from provisor.scim.patch_ops import parse_patch
from provisor.scim.projection import Projection, projection
from provisor.scim.represent import etag, user_resource, writable_user
from provisor.scim.responses import scim_json
from provisor.scim.user_body import user_draft
from provisor.scim.user_patch import apply_user_patch
from provisor.scim.writes import recorded

router = APIRouter(prefix="/Users", tags=["Users"])
PATCH_ATTEMPTS = 3


def _answer(scim: ScimContext, member: Member, groups: list[Group] | None, proj: Projection,
            status: int = 200) -> Response:
    headers = {"ETag": etag(member.version)}
    if status == 201:
        headers["Location"] = f"{scim.base_url}/Users/{member.id}"
    body = proj.apply(user_resource(member, scim.base_url, groups))
    return scim_json(body, status, headers)


def _reread(scim: ScimContext, member: Member, proj: Projection) -> Response:
    if not proj.wants("groups"):
        return _answer(scim, member, None, proj)
    fresh, groups = view_member(scim.deps, org_id=scim.org.id, member_id=member.id)
    return _answer(scim, fresh, groups, proj)


@router.post("", status_code=201, **doc.write(doc.USER, 201))
async def create_user(scim: Scim, request: Request, shown: ProjectionParams) -> Response:
    proj = projection(USER, *shown)
    with recorded(scim, "member.create", "member"):
        draft = user_draft(await json_object(request))
        member = create_member(scim.deps, org_id=scim.org.id, actor=scim.actor, draft=draft)
    return _answer(scim, member, [], proj, 201)


@router.get("", **doc.read(doc.LIST))
async def list_users(scim: Scim, params: ListParams) -> Response:
    return _list(scim, params)


@router.post("/.search", **doc.search())
async def search_users(scim: Scim, request: Request) -> Response:
    body = await json_object(request)
    return _list(scim, {k: v for k, v in body.items() if k.lower() != "schemas"})


def _list(scim: ScimContext, params: dict[str, Any]) -> Response:
    spec = listing(USER, params)
    page, groups = view_members(scim.deps, org_id=scim.org.id, query=spec.query,
                                with_groups=spec.projection.wants("groups"))
    resources = [spec.projection.apply(user_resource(
        m, scim.base_url, None if groups is None else groups.get(m.id, []))) for m in page.items]
    return scim_json(list_response(page, resources, spec.query))


@router.get("/{member_id}", **doc.read(doc.USER, 304))
async def get_user(scim: Scim, request: Request, member_id: str,
                   shown: ProjectionParams) -> Response:
    proj = projection(USER, *shown)
    member, groups = view_member(scim.deps, org_id=scim.org.id,
                                 member_id=resource_id(member_id),
                                 with_groups=proj.wants("groups"))
    if not_modified(request, member.version):
        return Response(status_code=304, headers={"ETag": etag(member.version)})
    return _answer(scim, member, groups, proj)


@router.put("/{member_id}", **doc.write(doc.USER, 200, 404, 412))
async def replace_user(scim: Scim, request: Request, member_id: str,
                       shown: ProjectionParams) -> Response:
    proj = projection(USER, *shown)
    with recorded(scim, "member.replace", "member", member_id):
        body = await json_object(request)
        expected = expected_version(request)
        current, _ = view_member(scim.deps, org_id=scim.org.id,
                                 member_id=resource_id(member_id), with_groups=False)
        draft = user_draft(body, current=current)
        member = update_member(scim.deps, org_id=scim.org.id, actor=scim.actor,
                               member_id=current.id, draft=draft, expected_version=expected)
    return _reread(scim, member, proj)


@router.patch("/{member_id}", **doc.write(doc.USER, 200, 404, 412, body=doc.PATCH))
async def patch_user(scim: Scim, request: Request, member_id: str,
                     shown: ProjectionParams) -> Response:
    proj = projection(USER, *shown)
    with recorded(scim, "member.patch", "member", member_id):
        ops = parse_patch(await json_object(request))
        expected = expected_version(request)
        member = _patch(scim, resource_id(member_id), ops, expected)
    return _reread(scim, member, proj)


def _patch(scim: ScimContext, member_id: str, ops: Any, expected: int | None) -> Member:
    """Apply in memory, write once; without If-Match a concurrent write is retried."""
    for attempt in range(PATCH_ATTEMPTS):
        current, _ = view_member(scim.deps, org_id=scim.org.id, member_id=member_id,
                                 with_groups=False)
        if expected is not None and current.version != expected:
            raise PreconditionFailed("the member was modified since that version")
        patched = apply_user_patch(writable_user(current), ops, current.id)
        draft = user_draft(patched, current=current, patched=True)
        try:
            return update_member(scim.deps, org_id=scim.org.id, actor=scim.actor,
                                 member_id=current.id, draft=draft,
                                 expected_version=current.version)
        except PreconditionFailed:
            if expected is not None or attempt == PATCH_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


@router.delete("/{member_id}", status_code=204, **doc.delete())
async def delete_user(scim: Scim, request: Request, member_id: str) -> Response:
    with recorded(scim, "member.delete", "member", member_id):
        delete_member(scim.deps, org_id=scim.org.id, actor=scim.actor,
                      member_id=resource_id(member_id), expected_version=expected_version(request))
    return Response(status_code=204)

"""/ResourceTypes and /ResourceTypes/{id} (RFC 7643 §6, RFC 7644 §4).

User carries the enterprise extension and, when the org defines custom
attributes, the org's custom extension; neither is required.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from scim2_models import EnterpriseUser, Group, Meta, ResourceType, SchemaExtension, User
from starlette.responses import Response

from provisor.domain.custom_attributes import custom_schema_urn
from provisor.scim import custom
from provisor.scim import openapi as doc
from provisor.scim.context import Scim, ScimContext
from provisor.scim.discovery import QUERY, refuse_filter
from provisor.scim.errors import ScimError
from provisor.scim.responses import scim_json
from provisor.scim.schemas import list_body

router = APIRouter()


def org_resource_types(scim: ScimContext) -> list[ResourceType]:
    user = ResourceType.from_resource(User[EnterpriseUser])
    user.description = "A member of the organization"
    if custom.definitions(scim):
        assert user.schema_extensions is not None
        user.schema_extensions.append(SchemaExtension(
            schema_=custom_schema_urn(scim.org.slug), required=False))
    group = ResourceType.from_resource(Group)
    group.description = "A group of members"
    return [user, group]


def dump(resource_type: ResourceType, base_url: str) -> dict[str, Any]:
    resource_type.meta = Meta(resource_type="ResourceType",
                              location=f"{base_url}/ResourceTypes/{resource_type.id}")
    body: dict[str, Any] = resource_type.model_dump(scim_ctx=QUERY)
    return body


@router.get("/ResourceTypes", **doc.discovery())
def list_resource_types(scim: Scim, request: Request) -> Response:
    refuse_filter(request)
    return scim_json(list_body([dump(t, scim.base_url) for t in org_resource_types(scim)]))


@router.get("/ResourceTypes/{type_id}", **doc.discovery(404))
def get_resource_type(type_id: str, scim: Scim) -> Response:
    for resource_type in org_resource_types(scim):
        if resource_type.id == type_id:
            return scim_json(dump(resource_type, scim.base_url))
    raise ScimError(404, "no resource type with this id")

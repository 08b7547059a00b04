"""/Schemas and /Schemas/{id} (RFC 7643 §7, RFC 7644 §4), generated from scim2-models.

Each resource class gives its schema (``to_schema()``); the few places where
this server does more or less than the RFC defaults are then stated: userName
and Group displayName are unique per org (``server``), a group's members are
users only (no nested groups) and their ``display`` is computed, ``groups`` is
read-only. The common attributes ``id``, ``externalId`` and ``meta`` are not
part of any resource schema (RFC 7643 §3.1). The org's custom extension is
listed when the org defines attributes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from scim2_models import (
    EnterpriseUser,
    Group,
    Meta,
    Mutability,
    ResourceType,
    Returned,
    Schema,
    ServiceProviderConfig,
    Uniqueness,
    User,
)
from starlette.responses import Response

from provisor.scim import custom
from provisor.scim import openapi as doc
from provisor.scim.context import Scim, ScimContext
from provisor.scim.discovery import QUERY, refuse_filter
from provisor.scim.errors import ScimError
from provisor.scim.responses import scim_json

LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

router = APIRouter()


def _group_schema() -> Schema:
    schema = Group.to_schema()
    schema["displayName"].uniqueness = Uniqueness.server
    members = schema["members"]
    members["$ref"].reference_types = ["User"]
    members["type"].canonical_values = ["User"]
    members["display"].mutability = Mutability.read_only
    return schema


@lru_cache(maxsize=1)
def static_schemas() -> tuple[Schema, ...]:
    """The schemas every org serves, built once."""
    user = User.to_schema()
    assert user["groups"].mutability is Mutability.read_only
    assert user["password"].returned is Returned.never
    return (user, EnterpriseUser.to_schema(), _group_schema(),
            ServiceProviderConfig.to_schema(), ResourceType.to_schema(), Schema.to_schema())


def org_schemas(scim: ScimContext) -> list[Schema]:
    schemas = list(static_schemas())
    definitions = custom.definitions(scim)
    if definitions:
        schemas.insert(3, custom.extension_schema(scim.org.slug, definitions))
    return schemas


def dump(schema: Schema, base_url: str) -> dict[str, Any]:
    located = schema.model_copy(update={"meta": Meta(
        resource_type="Schema", location=f"{base_url}/Schemas/{schema.id}")})
    body: dict[str, Any] = located.model_dump(scim_ctx=QUERY)
    return body


def list_body(resources: list[dict[str, Any]]) -> dict[str, Any]:
    """A ListResponse holding every resource on one page (RFC 7644 §3.4.2)."""
    # By hand: scim2-models' ListResponse needs one concrete resource class.
    return {"schemas": [LIST_RESPONSE], "totalResults": len(resources), "startIndex": 1,
            "itemsPerPage": len(resources), "Resources": resources}


@router.get("/Schemas", **doc.discovery())
def list_schemas(scim: Scim, request: Request) -> Response:
    refuse_filter(request)
    return scim_json(list_body([dump(s, scim.base_url) for s in org_schemas(scim)]))


@router.get("/Schemas/{schema_id:path}", **doc.discovery(404))
def get_schema(schema_id: str, scim: Scim) -> Response:
    """Schema URNs compare ignoring case (RFC 7643 §2.1)."""
    for schema in org_schemas(scim):
        if (schema.id or "").lower() == schema_id.lower():
            return scim_json(dump(schema, scim.base_url))
    raise ScimError(404, "no schema with this id")

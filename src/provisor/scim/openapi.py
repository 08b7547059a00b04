"""OpenAPI descriptions of the resource routes: bodies, responses, media type.

Bodies are parsed by hand (leniently, see ``user_body``), so FastAPI is told
their shapes here instead of through pydantic parameters that would refuse
what Okta and Entra really send. Schemas are JSON Schema (OpenAPI 3.1).
"""

from __future__ import annotations

from typing import Any

from provisor.scim.responses import SCIM_MEDIA_TYPE, ScimResponse

Schema = dict[str, Any]
_STR: Schema = {"type": "string"}
_MULTI: Schema = {"type": "array", "items": {"type": "object", "properties": {
    "value": _STR, "display": _STR, "type": _STR, "primary": {"type": "boolean"}}}}
_META: Schema = {"type": "object", "readOnly": True, "properties": {
    k: _STR for k in ("resourceType", "created", "lastModified", "location", "version")}}

USER: Schema = {"type": "object", "required": ["userName"], "properties": {
    "schemas": {"type": "array", "items": _STR}, "id": {**_STR, "readOnly": True},
    "externalId": _STR, "userName": _STR, "active": {"type": "boolean"},
    "name": {"type": "object", "properties": {k: _STR for k in (
        "formatted", "familyName", "givenName", "middleName", "honorificPrefix",
        "honorificSuffix")}},
    **{k: _STR for k in ("displayName", "nickName", "profileUrl", "title", "userType",
                         "preferredLanguage", "locale", "timezone")},
    **{k: _MULTI for k in ("emails", "phoneNumbers", "ims", "photos", "addresses",
                           "entitlements", "roles", "x509Certificates")},
    "groups": {**_MULTI, "readOnly": True},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"type": "object"},
    "meta": _META}}
GROUP: Schema = {"type": "object", "required": ["displayName"], "properties": {
    "schemas": {"type": "array", "items": _STR}, "id": {**_STR, "readOnly": True},
    "externalId": _STR, "displayName": _STR,
    "members": {"type": "array", "items": {"type": "object", "required": ["value"],
                                           "properties": {"value": _STR, "display": _STR,
                                                          "$ref": _STR, "type": _STR}}},
    "meta": _META}}
LIST: Schema = {"type": "object", "required": ["schemas", "totalResults", "Resources"],
                "properties": {"schemas": {"type": "array", "items": _STR},
                               "totalResults": {"type": "integer"},
                               "itemsPerPage": {"type": "integer"},
                               "startIndex": {"type": "integer"}, "nextCursor": _STR,
                               "Resources": {"type": "array", "items": {"type": "object"}}}}
PATCH: Schema = {"type": "object", "required": ["Operations"], "properties": {
    "schemas": {"type": "array", "items": _STR},
    "Operations": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["op"], "properties": {
            "op": {"type": "string", "description": "add, replace or remove (any case)"},
            "path": _STR, "value": {}}}}}}
SEARCH: Schema = {"type": "object", "properties": {
    "schemas": {"type": "array", "items": _STR}, "filter": _STR, "sortBy": _STR,
    "sortOrder": {"enum": ["ascending", "descending"]}, "startIndex": {"type": "integer"},
    "count": {"type": "integer"}, "cursor": _STR,
    "attributes": {"type": "array", "items": _STR},
    "excludedAttributes": {"type": "array", "items": _STR}}}
BULK: Schema = {"type": "object", "required": ["Operations"], "properties": {
    "schemas": {"type": "array", "items": _STR}, "failOnErrors": {"type": "integer"},
    "Operations": {"type": "array", "items": {
        "type": "object", "required": ["method"], "properties": {
            "method": _STR, "bulkId": _STR, "version": _STR, "path": _STR, "data": {},
            "location": _STR, "status": _STR, "response": {}}}}}}
ANY: Schema = {"type": "object"}
ERROR: Schema = {"type": "object", "required": ["schemas", "status"], "properties": {
    "schemas": {"type": "array", "items": _STR}, "status": _STR, "scimType": _STR,
    "detail": _STR}}
_DESCRIPTIONS = {200: "OK", 201: "Created", 204: "No Content", 304: "Not Modified",
                 400: "Bad request (SCIM error)", 401: "Unauthorized", 403: "Forbidden",
                 404: "Not found", 409: "Conflict (uniqueness)", 412: "Precondition failed",
                 413: "Payload too large (SCIM error)", 501: "Not implemented"}


def _content(schema: Schema) -> dict[str, Any]:
    return {SCIM_MEDIA_TYPE: {"schema": schema}, "application/json": {"schema": schema}}


def _responses(ok: Schema | None, statuses: tuple[int, ...]) -> dict[int | str, Any]:
    out: dict[int | str, Any] = {}
    for status in (*statuses, 400, 401, 403):
        entry: dict[str, Any] = {"description": _DESCRIPTIONS.get(status, "Error")}
        if status < 300 and status != 204 and ok is not None:
            entry["content"] = {SCIM_MEDIA_TYPE: {"schema": ok}}
        elif status >= 400:
            entry["content"] = {SCIM_MEDIA_TYPE: {"schema": ERROR}}
        out[status] = entry
    return out


def _body(schema: Schema) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": _content(schema)}}


def write(schema: Schema, *statuses: int, body: Schema | None = None) -> dict[str, Any]:
    return {"response_class": ScimResponse, "openapi_extra": _body(body or schema),
            "responses": _responses(schema, (*statuses, 404, 409, 412))}


def read(schema: Schema, *statuses: int) -> dict[str, Any]:
    return {"response_class": ScimResponse, "responses": _responses(schema, (200, *statuses, 404))}


def search() -> dict[str, Any]:
    return {"response_class": ScimResponse, "openapi_extra": _body(SEARCH),
            "responses": _responses(LIST, (200,))}


def discovery(*statuses: int) -> dict[str, Any]:
    """ServiceProviderConfig, Schemas and ResourceTypes (lists and single resources)."""
    return {"response_class": ScimResponse, "responses": _responses(ANY, (200, *statuses))}


def search_root() -> dict[str, Any]:
    return {"response_class": ScimResponse, "openapi_extra": _body(SEARCH),
            "responses": _responses(LIST, (200, 413))}


def bulk() -> dict[str, Any]:
    return {"response_class": ScimResponse, "openapi_extra": _body(BULK),
            "responses": _responses(BULK, (200, 413))}


def delete() -> dict[str, Any]:
    return {"response_class": Response204, "responses": _responses(None, (204, 404, 412))}


class Response204(ScimResponse):
    """Delete answers no body."""

"""/ServiceProviderConfig (RFC 7643 §5, RFC 7644 §4): what this server supports, truthfully.

The limits announced here are the ones the facade enforces: the page sizes
of every listing, the Bulk limits (RFC 7644 §3.7.4) and RFC 9865 pagination.
Discovery endpoints answer GET only; any other method gets a 405 SCIM error.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Context,
    ETag,
    Filter,
    Meta,
    Pagination,
    Patch,
    ServiceProviderConfig,
    Sort,
)
from starlette.responses import Response

from provisor.scim import openapi as doc
from provisor.scim.context import Scim
from provisor.scim.errors import ScimError
from provisor.scim.responses import scim_json

SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
MAX_RESULTS = 1000
DEFAULT_COUNT = 100
BULK_MAX_OPERATIONS = 1000
BULK_MAX_PAYLOAD = 1024 * 1024
QUERY = Context.RESOURCE_QUERY_RESPONSE

router = APIRouter()


def service_provider_config(base_url: str) -> dict[str, Any]:
    """Cursors are stateless keyset/offset tokens that never expire: no cursorTimeout."""
    config = ServiceProviderConfig(
        documentation_uri="https://github.com/provisor/provisor#readme",
        patch=Patch(supported=True),
        bulk=Bulk(supported=True, max_operations=BULK_MAX_OPERATIONS,
                  max_payload_size=BULK_MAX_PAYLOAD),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=True),
        etag=ETag(supported=True),
        authentication_schemes=[AuthenticationScheme(
            type="oauthbearertoken", name="OAuth Bearer Token",
            description="Authentication with a SCIM bearer token issued by Provisor",
            primary=True)],
        pagination=Pagination(
            cursor=True, index=True, default_pagination_method="index",
            default_page_size=DEFAULT_COUNT, max_page_size=MAX_RESULTS),
        meta=Meta(resource_type="ServiceProviderConfig",
                  location=f"{base_url}/ServiceProviderConfig"),
    )
    body: dict[str, Any] = config.model_dump(scim_ctx=QUERY)
    return body


def refuse_filter(request: Request) -> None:
    """RFC 7644 §4: discovery endpoints do not filter; a filter gets 403, not a lie."""
    if "filter" in request.query_params:
        raise ScimError(403, "discovery endpoints do not support filtering")


@router.get("/ServiceProviderConfig", **doc.discovery())
def get_service_provider_config(scim: Scim, request: Request) -> Response:
    refuse_filter(request)
    return scim_json(service_provider_config(scim.base_url))

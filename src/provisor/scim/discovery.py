"""/ServiceProviderConfig (RFC 7643 §5): what this server supports, truthfully."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from provisor.scim.context import Scim
from provisor.scim.responses import scim_json

SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
MAX_RESULTS = 1000
DEFAULT_COUNT = 100

router = APIRouter()


def service_provider_config(base_url: str) -> dict[str, Any]:
    return {
        "schemas": [SPC_SCHEMA],
        "documentationUri": "https://github.com/provisor/provisor#readme",
        "patch": {"supported": False},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": False, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [{
            "type": "oauthbearertoken", "name": "OAuth Bearer Token",
            "description": "Authentication with a SCIM bearer token issued by Provisor",
            "primary": True,
        }],
        "meta": {"resourceType": "ServiceProviderConfig",
                 "location": f"{base_url}/ServiceProviderConfig"},
    }


@router.get("/ServiceProviderConfig")
def get_service_provider_config(scim: Scim) -> Response:
    return scim_json(service_provider_config(scim.base_url))

"""/Me (RFC 7644 §3.11): not implemented, on purpose.

RFC 7644 §3.11 lets a service provider that does not support /Me answer
``501 Not Implemented``. A Provisor SCIM token belongs to an identity
provider's connection, not to a person, so there is no "authenticated
subject" for /Me to alias. Every method answers a 501 SCIM error; the token
is still checked first, so /Me reveals nothing to an anonymous caller.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from provisor.scim.context import Scim
from provisor.scim.errors import ScimError

router = APIRouter()

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@router.api_route("/Me", methods=METHODS, include_in_schema=False)
@router.api_route("/Me/{rest:path}", methods=METHODS, include_in_schema=False)
def me(scim: Scim) -> Response:
    raise ScimError(501, "/Me is not supported: a SCIM token identifies an identity "
                         "provider connection, not a user")

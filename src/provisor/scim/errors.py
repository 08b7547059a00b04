"""Domain errors → SCIM errors (RFC 7644 §3.12), in exactly one table."""

from __future__ import annotations

from typing import Any

from provisor.domain import errors as e

SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"

# (domain error class, HTTP status, scimType or None); the first match wins.
TABLE: tuple[tuple[type[e.DomainError], int, str | None], ...] = (
    (e.NotFound, 404, None),
    (e.Conflict, 409, "uniqueness"),
    (e.InvalidFilter, 400, "invalidFilter"),
    (e.InvalidPath, 400, "invalidPath"),
    (e.NoTarget, 400, "noTarget"),
    (e.InvalidCursor, 400, "invalidCursor"),
    (e.InvalidValue, 400, "invalidValue"),
    (e.Mutability, 400, "mutability"),
    (e.PreconditionFailed, 412, None),
    (e.Unauthorized, 401, None),
    (e.TooMany, 400, "tooMany"),
    (e.ProvisioningDisabled, 403, None),
    (e.Forbidden, 403, None),
    (e.SeatLimitReached, 403, None),
    (e.DomainNotAllowed, 403, None),
    (e.GroupSyncDisabled, 403, None),
    (e.PolicyViolation, 403, None),
)


class ScimError(Exception):
    """A protocol-level error raised by the facade itself (syntax, limits, methods)."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type
        self.headers = headers or {}


def from_domain(error: e.DomainError) -> ScimError:
    for cls, status, scim_type in TABLE:
        if isinstance(error, cls):
            return ScimError(status, error.detail, scim_type)
    return ScimError(400, error.detail, None)


def error_body(error: ScimError) -> dict[str, Any]:
    body: dict[str, Any] = {"schemas": [SCIM_ERROR], "status": str(error.status),
                            "detail": error.detail}
    if error.scim_type:
        body["scimType"] = error.scim_type
    return body

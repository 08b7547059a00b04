"""Typed error members of mutation result unions (all implement ``Error``)."""

from __future__ import annotations

import strawberry


@strawberry.interface(description="An expected failure of a mutation.")
class Error:
    message: str = strawberry.field(description="What went wrong, for people.")


@strawberry.type(description="The object does not exist in the caller's organization.")
class NotFound(Error):
    pass


@strawberry.type(description="The caller is not allowed to do this.")
class Forbidden(Error):
    pass


@strawberry.type(description="No valid credential was presented.")
class Unauthenticated(Error):
    pass


@strawberry.type(description="An input value is not acceptable.")
class ValidationError(Error):
    field: str = strawberry.field(description="The input field at fault ('' if none).")


@strawberry.type(description="The value is already in use (a unique name, slug or key).")
class Conflict(Error):
    field: str = strawberry.field(description="The input field that conflicts ('' if none).")


@strawberry.type(description="The organization's seat limit is reached.")
class SeatLimitReached(Error):
    limit: int = strawberry.field(description="The seat limit.")


@strawberry.type(description="SCIM cannot be enabled yet.")
class ScimNotReady(Error):
    missing: list[str] = strawberry.field(
        description="The missing prerequisites: sso_active, default_role, identity_provider.")


@strawberry.type(description="An organization policy refuses the change.")
class PolicyViolation(Error):
    reason: str = strawberry.field(description="A stable code naming the policy.")


@strawberry.type(description="The object changed since the version the caller read.")
class PreconditionFailed(Error):
    pass

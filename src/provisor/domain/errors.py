"""The one domain error hierarchy; each facade maps it in exactly one table.

    DomainError
    ├── NotFound
    ├── Conflict                 uniqueness (userName, email, externalId, names)
    ├── InvalidValue             a value the domain cannot accept
    │   ├── InvalidFilter
    │   ├── InvalidPath
    │   ├── NoTarget
    │   └── InvalidCursor
    ├── Mutability               an attempt to change what may not change
    ├── PreconditionFailed       a stale version (ETag)
    ├── Unauthorized             no, wrong, revoked or expired credential
    ├── Forbidden                a credential not allowed to do this
    ├── TooMany                  an input over a limit
    └── PolicyViolation          an org policy refuses the change
        ├── ProvisioningDisabled
        ├── DomainNotAllowed
        ├── SeatLimitReached
        ├── GroupSyncDisabled
        └── ScimNotReady         names the missing prerequisites
"""

from __future__ import annotations

from collections.abc import Sequence


class DomainError(Exception):
    """Base of every expected failure; ``code`` is stable, ``detail`` is for people."""

    code = "error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"

    def __init__(self, detail: str, *, field: str = "") -> None:
        super().__init__(detail)
        self.field = field


class InvalidValue(DomainError):
    code = "invalid_value"

    def __init__(self, detail: str, *, field: str = "") -> None:
        super().__init__(detail)
        self.field = field


class InvalidFilter(InvalidValue):
    code = "invalid_filter"


class InvalidPath(InvalidValue):
    code = "invalid_path"


class NoTarget(InvalidValue):
    code = "no_target"


class InvalidCursor(InvalidValue):
    """RFC 9865: the cursor is malformed, expired or not from this listing."""

    code = "invalid_cursor"


class Mutability(DomainError):
    code = "mutability"


class PreconditionFailed(DomainError):
    code = "precondition_failed"


class Unauthorized(DomainError):
    code = "unauthorized"


class Forbidden(DomainError):
    code = "forbidden"


class TooMany(DomainError):
    code = "too_many"


class PolicyViolation(DomainError):
    code = "policy_violation"


class ProvisioningDisabled(PolicyViolation):
    code = "provisioning_disabled"


class DomainNotAllowed(PolicyViolation):
    code = "domain_not_allowed"


class SeatLimitReached(PolicyViolation):
    code = "seat_limit_reached"

    def __init__(self, detail: str, *, limit: int) -> None:
        super().__init__(detail)
        self.limit = limit


class GroupSyncDisabled(PolicyViolation):
    code = "group_sync_disabled"


class ScimNotReady(PolicyViolation):
    code = "scim_not_ready"

    def __init__(self, missing: Sequence[str]) -> None:
        super().__init__("SCIM cannot be enabled yet; missing: " + ", ".join(missing))
        self.missing = tuple(missing)

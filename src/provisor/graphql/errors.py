"""The one table mapping domain errors to GraphQL.

Mutations return ``Success | Error`` unions: an expected failure is a typed
member of the union (``to_error``). Queries raise ``PublicError``, which
becomes a top-level error with ``extensions.code``. Anything else is an
unexpected exception and is masked ("Unexpected error.") by ``should_mask``.
"""

from __future__ import annotations

from collections.abc import Callable

from graphql import GraphQLError

from provisor.domain import errors as d
from provisor.graphql.types import errors as t

ErrorType = (t.NotFound | t.Forbidden | t.Unauthenticated | t.ValidationError | t.Conflict
             | t.SeatLimitReached | t.ScimNotReady | t.PolicyViolation | t.PreconditionFailed)

_TABLE: list[tuple[type[d.DomainError], Callable[[d.DomainError], ErrorType], str]] = [
    (d.NotFound, lambda e: t.NotFound(message=e.detail), "NOT_FOUND"),
    (d.Unauthorized, lambda e: t.Unauthenticated(message=e.detail), "UNAUTHENTICATED"),
    (d.Forbidden, lambda e: t.Forbidden(message=e.detail), "FORBIDDEN"),
    (d.Conflict, lambda e: t.Conflict(message=e.detail, field=getattr(e, "field", "")),
     "CONFLICT"),
    (d.InvalidValue, lambda e: t.ValidationError(message=e.detail,
                                                 field=getattr(e, "field", "")),
     "BAD_USER_INPUT"),
    (d.Mutability, lambda e: t.ValidationError(message=e.detail, field=""), "BAD_USER_INPUT"),
    (d.TooMany, lambda e: t.ValidationError(message=e.detail, field=""), "BAD_USER_INPUT"),
    (d.PreconditionFailed, lambda e: t.PreconditionFailed(message=e.detail),
     "PRECONDITION_FAILED"),
    (d.SeatLimitReached, lambda e: t.SeatLimitReached(message=e.detail,
                                                      limit=getattr(e, "limit", 0)),
     "SEAT_LIMIT_REACHED"),
    (d.ScimNotReady, lambda e: t.ScimNotReady(message=e.detail,
                                              missing=list(getattr(e, "missing", ()))),
     "SCIM_NOT_READY"),
    (d.PolicyViolation, lambda e: t.PolicyViolation(message=e.detail, reason=e.code),
     "POLICY_VIOLATION"),
]


def _entry(exc: d.DomainError) -> tuple[Callable[[d.DomainError], ErrorType], str]:
    for kind, build, code in _TABLE:  # most specific first: SeatLimitReached before Policy…
        if type(exc) is kind:
            return build, code
    for kind, build, code in _TABLE:
        if isinstance(exc, kind):
            return build, code
    return (lambda e: t.ValidationError(message=e.detail, field="")), "BAD_USER_INPUT"


def to_error(exc: d.DomainError) -> ErrorType:
    """The typed union member for an expected failure."""
    return _entry(exc)[0](exc)


class PublicError(Exception):
    """An error whose message is safe to show; carries ``extensions.code``."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.extensions = {"code": code}


def public(exc: d.DomainError) -> PublicError:
    return PublicError(exc.detail, _entry(exc)[1])


def should_mask(error: GraphQLError) -> bool:
    """Mask every error raised by code unless it was meant for the client.

    Parse and validation errors (depth, aliases, tokens, unknown fields) carry
    no original exception and are shown as they are.
    """
    original = error.original_error
    return original is not None and not isinstance(original, PublicError | GraphQLError)

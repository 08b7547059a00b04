"""What every schemathesis run against the SCIM contract shares (pytest and ``make fuzz``).

Checks (RFC 7644 §3.1, §3.12): no 5xx, the response conforms to its documented
schema, its status code is documented, its content type is documented and, for
SCIM answers with a body, is ``application/scim+json``. Cases are pinned to
one org and carry its bearer token; the rest of each request is generated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from schemathesis import Case, CheckContext
from schemathesis.checks import not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

SCIM_MEDIA_TYPE = "application/scim+json"
OPENAPI_PATH = "/scim/v2/openapi.json"


@schemathesis.check
def scim_media_type(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """A SCIM response with a body is ``application/scim+json`` (RFC 7644 §3.1)."""
    if not response.content:
        return None
    [content_type] = response.headers.get("content-type", [""])[:1] or [""]
    if content_type.split(";")[0].strip().lower() != SCIM_MEDIA_TYPE:
        raise AssertionError(f"content type {content_type!r}, expected {SCIM_MEDIA_TYPE}")
    return True


CHECKS: list[Any] = [not_a_server_error, response_schema_conformance, status_code_conformance,
                     content_type_conformance, scim_media_type]


# Response schemas describe full representations; ``attributes`` and
# ``excludedAttributes`` legitimately leave attributes out (RFC 7644 §3.9),
# which OpenAPI cannot express, so those responses skip the schema check.
PROJECTION = frozenset({"attributes", "excludedAttributes"})



def checks_for(case: Case) -> list[Any]:
    skipped: set[Any] = set()
    if PROJECTION & set(case.query or {}):
        skipped.add(response_schema_conformance)
    return [check for check in CHECKS if check not in skipped]


def pin(case: Case, org_slug: str) -> None:
    """Send every generated case to our org (the ``{org}`` path segment)."""
    if case.path_parameters is not None and "org" in case.path_parameters:
        case.path_parameters["org"] = org_slug


def failures_of(schema: Any, org_slug: str, auth: dict[str, str], settings: Any, *,
                calls: list[str] | None = None,
                **call_kwargs: Any) -> dict[str, str]:
    """Run every operation's generated cases; return ``{operation: first failure}``.

    Hypothesis is driven directly (``given`` per operation) rather than through
    schemathesis' pytest plugin, whose lazy fixtures do not run on pytest 9.
    """
    from hypothesis import given

    failures: dict[str, str] = {}
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings
        @given(case=operation.as_strategy())
        def run(case: Case) -> None:
            pin(case, org_slug)
            if calls is not None:
                calls.append(case.operation.label)
            case.call_and_validate(headers=auth, checks=checks_for(case),
                                   **call_kwargs)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # a failed check, per operation
            failures[operation.label] = f"{type(exc).__name__}: {exc}"[:2000]
    return failures


def stateful_machine(schema: Any, org_slug: str, auth: dict[str, str], *,
                     reset: Callable[[], None] | None = None,
                     **call_kwargs: Any) -> Any:
    """The schema's state machine (links inferred from path parameters and
    Location headers: create → get → patch → delete), pinned and authenticated.

    ``reset`` empties the org before each scenario: Hypothesis replays choice
    sequences, and a replay must meet the same server state (a userName left
    over from an earlier scenario turns a 201 into a 409 and empties a bundle,
    which Hypothesis reports as a flaky strategy)."""
    base = schema.as_state_machine()

    class ScimMachine(base):  # type: ignore[misc,valid-type]
        def setup(self) -> None:
            if reset is not None:
                reset()

        def before_call(self, case: Case) -> None:
            pin(case, org_slug)

        def get_call_kwargs(self, case: Case) -> dict[str, Any]:
            return {"headers": auth, **call_kwargs}

        def validate_response(self, response: Response, case: Case,
                              additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response, checks=checks_for(case),
                                   transport_kwargs=kwargs)

    return ScimMachine

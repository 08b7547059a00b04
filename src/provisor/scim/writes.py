"""Failed SCIM writes are recorded in the audit log, in their own transaction.

Each write also names its SCIM operation on the request span (``create``,
``replace``, ``patch``, ``delete``; the telemetry observer carries it onto the
use-case span), and a refusal its ``scimType``.

The use cases record successes in the same transaction as the change; a
refused write has rolled back, so its error is written afterwards by the
domain's ``record_failure``. That second write must never turn the client's
4xx into a 500: if it fails, the original error is still what answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from provisor.domain.errors import DomainError
from provisor.domain.usecases.record_failure import record_failure
from provisor.scim.context import ScimContext
from provisor.scim.errors import ScimError, from_domain
from provisor.scim.tracing import annotate


class _Refused(DomainError):
    """A protocol-level refusal (bad JSON, bad PatchOp) in the audit log's terms."""

    def __init__(self, error: ScimError) -> None:
        super().__init__(error.detail)
        self.code = error.scim_type or f"http_{error.status}"


@contextmanager
def recorded(scim: ScimContext, action: str, target_type: str,
             target_id: str = "") -> Iterator[None]:
    annotate(operation=action.partition(".")[2])
    try:
        yield
    except (DomainError, ScimError) as exc:
        error = exc if isinstance(exc, DomainError) else _Refused(exc)
        annotate(scim_type=(from_domain(exc) if isinstance(exc, DomainError) else exc).scim_type)
        with suppress(Exception):  # the audit write must not mask the client error
            record_failure(scim.deps, org_id=scim.org.id, actor=scim.actor, action=action,
                           target_type=target_type, target_id=target_id[:64], error=error)
        raise

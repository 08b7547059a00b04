"""Record a refused or failed request in the audit log, in its own transaction."""

from __future__ import annotations

from provisor.domain.deps import Deps
from provisor.domain.errors import DomainError
from provisor.domain.event import Actor, Outcome, ProvisioningEvent
from provisor.domain.observe import use_case


@use_case("event.record_failure")
def record_failure(
    deps: Deps, *, org_id: str, actor: Actor, action: str, target_type: str,
    error: DomainError, target_id: str = "",
) -> None:
    with deps.uow(write=True) as uow:
        uow.events.add(ProvisioningEvent(
            org_id=org_id, at=deps.clock(), actor=actor, action=action,
            target_type=target_type, target_id=target_id, outcome=Outcome.FAILURE,
            error_code=error.code, error_detail=error.detail[:500], trace_id=deps.trace_id(),
        ))
        uow.commit()

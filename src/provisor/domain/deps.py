"""What every use case is given: the ports, injected by the composition root."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Self

from provisor.domain.event import Actor, ProvisioningEvent
from provisor.domain.observe import Observer, no_observer
from provisor.domain.ports import (
    Clock,
    IdFactory,
    SecretHasher,
    TraceIdSource,
    UnitOfWork,
    UnitOfWorkFactory,
    VerifiedCredentialCache,
)


def _no_trace() -> str:
    return ""


@dataclass(frozen=True, slots=True)
class Deps:
    uow: UnitOfWorkFactory
    clock: Clock
    new_id: IdFactory
    hasher: SecretHasher
    credential_cache: VerifiedCredentialCache
    trace_id: TraceIdSource = _no_trace
    observer: Observer = no_observer

    @contextmanager
    def shared_transaction(self) -> Iterator[Deps]:
        """Deps whose use cases all join one write transaction, committed at the end.

        Bulk requests and multi-step writes use it to be all or nothing: the
        use cases' own ``commit()`` calls are deferred to the end of the block,
        and an exception anywhere rolls everything back.
        """
        with self.uow(write=True) as outer:
            yield replace(self, uow=_Joined(outer))
            outer.commit()

    def record(
        self, uow: UnitOfWork, *, org_id: str, actor: Actor, action: str, target_type: str,
        target_id: str = "", attributes: tuple[str, ...] = (),
    ) -> None:
        """Append a success event in the caller's transaction."""
        uow.events.add(ProvisioningEvent(
            org_id=org_id, at=self.clock(), actor=actor, action=action,
            target_type=target_type, target_id=target_id,
            attributes=tuple(sorted(set(attributes))), trace_id=self.trace_id(),
        ))


class _JoinedUnitOfWork:
    """A view of an outer unit of work: entering and committing are no-ops."""

    def __init__(self, outer: UnitOfWork) -> None:
        self._outer = outer
        self.orgs, self.members, self.groups = outer.orgs, outer.members, outer.groups
        self.roles, self.credentials, self.events = outer.roles, outer.credentials, outer.events
        self.custom_attributes = outer.custom_attributes

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        return None


class _Joined:
    def __init__(self, outer: UnitOfWork) -> None:
        self._outer = outer

    def __call__(self, *, write: bool = False) -> UnitOfWork:
        return _JoinedUnitOfWork(self._outer)

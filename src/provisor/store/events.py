"""The append-only provisioning event log: insert and read, nothing else."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from provisor.domain.event import Actor, ActorType, Outcome, ProvisioningEvent
from provisor.store._util import must_utc, utc
from provisor.store.hot import Hot
from provisor.store.tables import events

e = events.c
_INSERT = Hot(insert(events).returning(e.id))  # one per write (see provisor.store.hot)


def _from_row(row: Any) -> ProvisioningEvent:
    return ProvisioningEvent(
        org_id=row.org_id, at=must_utc(row.at),
        actor=Actor(ActorType(row.actor_type), row.actor_id, row.actor_source),
        action=row.action, target_type=row.target_type, target_id=row.target_id,
        attributes=tuple(row.attributes or ()), outcome=Outcome(row.outcome),
        error_code=row.error_code, error_detail=row.error_detail, trace_id=row.trace_id,
        id=row.id,
    )


class SqlEventRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, event: ProvisioningEvent) -> None:
        rows = _INSERT.all(self.conn, dict(
            org_id=event.org_id, at=utc(event.at), actor_type=event.actor.type.value,
            actor_id=event.actor.id, actor_source=event.actor.source, action=event.action,
            target_type=event.target_type, target_id=event.target_id,
            attributes=list(event.attributes), outcome=event.outcome.value,
            error_code=event.error_code, error_detail=event.error_detail,
            trace_id=event.trace_id,
        ))
        event.id = rows[0][0] if rows else None

    def find(
        self, org_id: str, *, after_id: int | None = None, limit: int = 100,
        action: str | None = None, actor_id: str | None = None, target_id: str | None = None,
        outcome: str | None = None, since: datetime | None = None, until: datetime | None = None,
    ) -> list[ProvisioningEvent]:
        stmt = select(events).where(e.org_id == org_id)
        for column, value in ((e.action, action), (e.actor_id, actor_id),
                              (e.target_id, target_id), (e.outcome, outcome)):
            if value is not None:
                stmt = stmt.where(column == value)
        if after_id is not None:
            stmt = stmt.where(e.id > after_id)
        if since is not None:
            stmt = stmt.where(e.at >= utc(since))
        if until is not None:
            stmt = stmt.where(e.at < utc(until))
        return [_from_row(r) for r in self.conn.execute(stmt.order_by(e.id).limit(limit))]

    def last_id(self, org_id: str) -> int:
        return int(self.conn.execute(
            select(func.coalesce(func.max(e.id), 0)).where(e.org_id == org_id)).scalar_one())

"""``provisioningEvents``: the org's audit log, live.

Events are read from the database, so a change made by any process reaches
every subscriber: each subscription polls the events table by id (an indexed
range read on ``(org_id, id)``) every ``poll_interval`` seconds. PostgreSQL
LISTEN/NOTIFY could wake subscribers sooner; polling works on both databases
and is the fallback such a design would keep anyway.

The key is re-checked on every poll, so a revoked key or a demoted member
stops receiving events within one interval.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from provisor.domain.usecases import dashboard_read as read
from provisor.graphql import pagination
from provisor.graphql.context import Info
from provisor.graphql.guard import session
from provisor.graphql.queries.inputs import EventFilter
from provisor.graphql.types.event import EventNode

BATCH = 100


@strawberry.type(description="Live feeds over graphql-transport-ws.")
class Subscription:
    @strawberry.subscription(description="Provisioning events as they happen (from now, or "
                             "after the cursor of an event already seen).")
    async def provisioning_events(
        self, info: Info, filter: EventFilter | None = None,
        after: str | None = None,
    ) -> AsyncGenerator[EventNode, None]:
        s = await session(info)
        last = pagination.event_after(after)
        if last is None:
            last = await info.context.run(read.last_event_id, org_id=s.org.id)
        f = filter or EventFilter()
        while True:
            batch = await info.context.run(
                read.list_events, org_id=s.org.id, after_id=last, limit=BATCH,
                action=f.action, actor_id=f.actor, target_id=f.target,
                outcome=f.outcome.value if f.outcome else None, since=f.since, until=f.until)
            for event in batch:
                last = event.id or last
                yield EventNode.of(event)
            if len(batch) < BATCH:
                await asyncio.sleep(info.context.config.poll_interval)
                s = await session(info, refresh=True)


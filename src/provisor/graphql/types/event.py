"""Provisioning events: the audit log."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from provisor.domain.event import ProvisioningEvent
from provisor.graphql.types.enums import ActorType, Outcome


@strawberry.type(name="ProvisioningEvent", description="One change: who, what, outcome, when.")
class EventNode(relay.Node):
    id: relay.NodeID[str]
    entity: strawberry.Private[ProvisioningEvent]

    @classmethod
    def of(cls, event: ProvisioningEvent) -> EventNode:
        return cls(id=str(event.id), entity=event)

    @strawberry.field(description="When it happened.")
    def at(self) -> datetime:
        return self.entity.at

    @strawberry.field(description="What happened, e.g. member.created.")
    def action(self) -> str:
        return self.entity.action

    @strawberry.field(description="What kind of caller made the change.")
    def actor_type(self) -> ActorType:
        return ActorType(self.entity.actor.type)

    @strawberry.field(description="The token or admin id that made the change.")
    def actor_id(self) -> str:
        return self.entity.actor.id

    @strawberry.field(description="Through what: scim, graphql, cli or system.")
    def source(self) -> str:
        return self.entity.actor.source

    @strawberry.field(description="The kind of target: member, group, organization…")
    def target_type(self) -> str:
        return self.entity.target_type

    @strawberry.field(description="The target's id.")
    def target_id(self) -> str:
        return self.entity.target_id

    @strawberry.field(description="The names of the changed attributes (never values).")
    def attributes(self) -> list[str]:
        return list(self.entity.attributes)

    @strawberry.field(description="SUCCESS or FAILURE.")
    def outcome(self) -> Outcome:
        return Outcome(self.entity.outcome)

    @strawberry.field(description="The error code of a failure.")
    def error_code(self) -> str:
        return self.entity.error_code

    @strawberry.field(description="The error detail of a failure.")
    def error_detail(self) -> str:
        return self.entity.error_detail

    @strawberry.field(description="The trace id, to find the request in traces.")
    def trace_id(self) -> str:
        return self.entity.trace_id


@strawberry.type(description="A page of provisioning events, oldest first.")
class EventConnection(relay.Connection[EventNode]):
    pass

"""Provisioning events: the append-only audit log of every change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ActorType(StrEnum):
    SCIM_TOKEN = "scim_token"
    ADMIN = "admin"
    PLATFORM = "platform"
    SYSTEM = "system"


class Outcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"


@dataclass(frozen=True, slots=True)
class Actor:
    type: ActorType
    id: str = ""
    source: str = ""  # "scim", "graphql", "cli"


SYSTEM = Actor(ActorType.SYSTEM, "system", "system")


@dataclass(slots=True)
class ProvisioningEvent:
    """Who did what to which target, with which outcome; never a secret or value."""

    org_id: str
    at: datetime
    actor: Actor
    action: str
    target_type: str
    target_id: str = ""
    attributes: tuple[str, ...] = ()
    outcome: Outcome = Outcome.SUCCESS
    error_code: str = ""
    error_detail: str = ""
    trace_id: str = ""
    id: int | None = None
    extra: dict[str, str] = field(default_factory=dict)

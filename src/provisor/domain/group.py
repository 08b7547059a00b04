"""A group of members; membership is changed by deltas, never rewritten whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class Group:
    id: str
    org_id: str
    display_name: str
    created_at: datetime
    updated_at: datetime
    external_id: str | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class GroupMember:
    """One membership row; ``pending`` while the member is only invited."""

    member_id: str
    display: str
    pending: bool = False


@dataclass(slots=True)
class MembershipDelta:
    """The members to add and remove in one write; applied row by row."""

    add: set[str] = field(default_factory=set)
    remove: set[str] = field(default_factory=set)
    replace_all: bool = False

    def __bool__(self) -> bool:
        return bool(self.add or self.remove or self.replace_all)

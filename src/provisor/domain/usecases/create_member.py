"""Create a member (SCIM POST /Users, or a manual invitation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from provisor.domain.deps import Deps
from provisor.domain.errors import InvalidValue
from provisor.domain.event import Actor
from provisor.domain.member import ManagedBy, Member, MemberState
from provisor.domain.observe import use_case
from provisor.domain.usecases._policy import (
    check_email_domain,
    check_seat,
    check_unique,
    load_org,
    recompute_role,
    require_scim,
)


@dataclass(slots=True)
class MemberDraft:
    """The writable state of a member as a client sends it (POST, PUT, PATCH result)."""

    user_name: str
    external_id: str | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    active: bool = True

    def validate(self) -> None:
        if not self.user_name or not self.user_name.strip():
            raise InvalidValue("userName is required", field="userName")


@use_case("member.create")
def create_member(
    deps: Deps, *, org_id: str, actor: Actor, draft: MemberDraft,
    managed_by: ManagedBy = ManagedBy.SCIM, invite: bool = False,
) -> Member:
    """Create a member; SCIM-created members start invited when auto-activate is off."""
    draft.validate()
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        if managed_by is ManagedBy.SCIM:
            require_scim(org)
        now = deps.clock()
        member = Member(
            id=deps.new_id(), org_id=org.id, user_name=draft.user_name.strip(),
            state=_initial_state(draft.active, org.settings.auto_activate and not invite),
            managed_by=managed_by, created_at=now, updated_at=now,
            external_id=draft.external_id, profile=draft.profile,
        )
        check_email_domain(uow, org, member.email)
        check_unique(uow, member)
        if member.holds_seat:
            check_seat(uow, org)
        recompute_role(uow, org, member, new=True)
        uow.members.add(member)
        action = "member.invited" if member.state is MemberState.INVITED else "member.created"
        deps.record(uow, org_id=org.id, actor=actor, action=action, target_type="member",
                    target_id=member.id, attributes=_named_attributes(draft))
        uow.commit()
        return member


def _named_attributes(draft: MemberDraft) -> tuple[str, ...]:
    """The attribute names the event records (names only, never values)."""
    extra = ("externalId",) if draft.external_id else ()
    return ("userName", *extra, *draft.profile)


def _initial_state(active: bool, auto_activate: bool) -> MemberState:
    if not active:
        return MemberState.DEACTIVATED
    return MemberState.ACTIVE if auto_activate else MemberState.INVITED

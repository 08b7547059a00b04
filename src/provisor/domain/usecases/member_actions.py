"""Manual member actions from a dashboard: invite, deactivate, reactivate, sign-in."""

from __future__ import annotations

from provisor.domain.deps import Deps
from provisor.domain.errors import NotFound
from provisor.domain.event import Actor
from provisor.domain.member import ManagedBy, Member, MemberState
from provisor.domain.observe import use_case
from provisor.domain.usecases.create_member import MemberDraft, create_member
from provisor.domain.usecases.read import get_member
from provisor.domain.usecases.update_member import update_member


@use_case("member.invite")
def invite_member(
    deps: Deps, *, org_id: str, actor: Actor, user_name: str, email: str | None = None,
    display_name: str | None = None,
) -> Member:
    """An invited, manually managed member; it becomes active at its first sign-in."""
    profile: dict[str, object] = {}
    if email:
        profile["emails"] = [{"value": email, "primary": True, "type": "work"}]
    if display_name:
        profile["displayName"] = display_name
    return create_member(deps, org_id=org_id, actor=actor, managed_by=ManagedBy.MANUAL,
                         invite=True, draft=MemberDraft(user_name=user_name, profile=profile))


@use_case("member.set_active")
def set_member_active(
    deps: Deps, *, org_id: str, actor: Actor, member_id: str, active: bool,
) -> Member:
    """Deactivate (frees the seat) or reactivate (takes one) through ``update_member``,
    so the seat and auto-activate rules are the same as SCIM's."""
    with deps.shared_transaction() as tx:
        member = get_member(tx, org_id=org_id, member_id=member_id)
        draft = MemberDraft(user_name=member.user_name, external_id=member.external_id,
                            profile=member.profile, active=active)
        return update_member(tx, org_id=org_id, actor=actor, member_id=member_id,
                             draft=draft, expected_version=member.version, via_scim=False)


@use_case("member.record_sign_in")
def record_sign_in(deps: Deps, *, org_id: str, actor: Actor, member_id: str) -> Member:
    """The host app reports a sign-in; an invited member becomes active."""
    with deps.uow(write=True) as uow:
        member = uow.members.get(org_id, member_id)
        if member is None:
            raise NotFound("member not found")
        now = deps.clock()
        member.last_sign_in_at = now
        activated = member.state is MemberState.INVITED
        if activated:
            member.state, member.version, member.updated_at = MemberState.ACTIVE, \
                member.version + 1, now
        uow.members.save(member)
        deps.record(uow, org_id=org_id, actor=actor,
                    action="member.activated" if activated else "member.signed_in",
                    target_type="member", target_id=member.id,
                    attributes=("active",) if activated else ())
        uow.commit()
        return member

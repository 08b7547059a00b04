"""Replace a member's writable state (SCIM PUT, and PATCH once applied)."""

from __future__ import annotations

from collections.abc import Callable

from provisor.domain.deps import Deps
from provisor.domain.errors import Mutability, NotFound, PreconditionFailed
from provisor.domain.event import Actor
from provisor.domain.member import ManagedBy, Member, MemberState, primary_email
from provisor.domain.observe import use_case
from provisor.domain.org import EmailPolicy, Organization
from provisor.domain.ports import UnitOfWork
from provisor.domain.usecases._policy import (
    check_email_domain,
    check_seat,
    check_unique,
    load_org,
    recompute_role,
    require_scim,
)
from provisor.domain.usecases.create_member import MemberDraft


@use_case("member.update")
def update_member(
    deps: Deps, *, org_id: str, actor: Actor, member_id: str,
    draft: MemberDraft | Callable[[Member], MemberDraft],
    expected_version: int | None = None, via_scim: bool = True,
) -> Member:
    """Last write wins unless ``expected_version`` asks for optimistic concurrency.

    ``draft`` may be a function of the current member (a PATCH): it is called
    inside the write transaction, on the member as it is locked for this write,
    so a read-modify-write needs no retry and loses no concurrent change. It
    must not modify the member it is given.
    """
    if isinstance(draft, MemberDraft):
        draft.validate()
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        if via_scim:
            require_scim(org)
        member = uow.members.get(org.id, member_id)
        if member is None:
            raise NotFound("member not found")
        if expected_version is not None and member.version != expected_version:
            raise PreconditionFailed("the member was modified since that version")
        if not isinstance(draft, MemberDraft):
            draft = draft(member)
            draft.validate()
        idp_roles_before = member.idp_roles
        changed, state_changed = _apply(uow, org, member, draft)
        if via_scim and member.managed_by is not ManagedBy.SCIM:
            member.managed_by = ManagedBy.SCIM
            changed.append("managedBy")
        if _role_inputs_changed(member, idp_roles_before) and recompute_role(uow, org, member):
            changed.append("role")
        if not changed:
            return member
        member.version += 1
        member.updated_at = deps.clock()
        uow.members.save(member)
        deps.record(uow, org_id=org.id, actor=actor, action=_action(state_changed, member),
                    target_type="member", target_id=member.id, attributes=tuple(changed))
        uow.commit()
        return member


_ABSENT = object()  # tells an attribute set to null from one not there


def _role_inputs_changed(member: Member, idp_roles_before: list[str]) -> bool:
    """Whether this write can change the member's effective role.

    The role depends on the manual override, the member's groups and their
    role mappings, the IdP ``roles`` values and their mappings, and the org's
    default role (``provisor.domain.role.effective_role``). An update of the
    member can only change the IdP ``roles`` values: every use case that changes
    the other inputs recomputes the members it touches (role_mappings,
    org_settings, update_group, delete_group, set_member_role). Skipping the
    recompute otherwise saved three queries per PATCH ``active`` (issue 7).
    """
    return member.idp_roles != idp_roles_before


def _apply(uow: UnitOfWork, org: Organization, member: Member, draft: MemberDraft
           ) -> tuple[list[str], bool]:
    """Apply ``draft``; the names of what changed, and whether the state did."""
    changed = [k for k in set(draft.profile) | set(member.profile)
               if draft.profile.get(k, _ABSENT) != member.profile.get(k, _ABSENT)]
    old_email, new_email = member.email, primary_email(draft.profile)
    old_unique = _unique_values(member)
    if (old_email or "").lower() != (new_email or "").lower():
        if org.settings.email_policy is EmailPolicy.IMMUTABLE and old_email:
            raise Mutability("this organization does not allow email changes")
        check_email_domain(uow, org, new_email)
    if draft.user_name.strip() != member.user_name:
        changed.append("userName")
    if draft.external_id != member.external_id:
        changed.append("externalId")
    member.user_name, member.external_id = draft.user_name.strip(), draft.external_id
    member.profile = draft.profile
    if _unique_values(member) != old_unique:  # unchanged values are already ours:
        check_unique(uow, member, exclude_id=member.id)  # the unique indexes say so
    state_changed = _set_active(uow, org, member, draft.active)
    if state_changed and "active" not in changed:
        changed.append("active")
    return changed, state_changed


def _unique_values(member: Member) -> tuple[str, str | None, str | None]:
    """What the unique indexes hold for a member (as ``members.to_row`` stores it)."""
    email = member.email
    return member.user_name.lower(), email.lower() if email else None, member.external_id


def _set_active(uow: UnitOfWork, org: Organization, member: Member, active: bool) -> bool:
    if not active and member.state is not MemberState.DEACTIVATED:
        member.state = MemberState.DEACTIVATED
        return True
    if active and member.state is MemberState.DEACTIVATED:
        check_seat(uow, org)
        signed_in = member.last_sign_in_at is not None
        member.state = (MemberState.ACTIVE if org.settings.auto_activate or signed_in
                        else MemberState.INVITED)
        return True
    return False


def _action(state_changed: bool, member: Member) -> str:
    if state_changed:
        return "member.deactivated" if member.state is MemberState.DEACTIVATED \
            else "member.reactivated"
    return "member.updated"

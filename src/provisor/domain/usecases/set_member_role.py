"""Set or clear a member's manual role override (Owners/Admins promote by hand)."""

from __future__ import annotations

from provisor.domain.deps import Deps
from provisor.domain.errors import Conflict, Forbidden, InvalidValue, NotFound
from provisor.domain.event import Actor, ActorType
from provisor.domain.listing import ROLE, STATE
from provisor.domain.member import Member, MemberState
from provisor.domain.observe import use_case
from provisor.domain.ports import UnitOfWork
from provisor.domain.query import And, Compare, ListQuery, Op
from provisor.domain.role import normalize_role_name
from provisor.domain.usecases._policy import load_org, recompute_role, roles_by_name


@use_case("member.set_role")
def set_member_role(
    deps: Deps, *, org_id: str, actor: Actor, member_id: str, role: str | None,
) -> Member:
    """``role=None`` clears the override; the mappings and default apply again."""
    with deps.uow(write=True) as uow:
        org = load_org(uow, org_id)
        member = uow.members.get(org.id, member_id)
        if member is None:
            raise NotFound("member not found")
        name = normalize_role_name(role) if role else None
        if name is not None and name not in roles_by_name(uow, org.id):
            raise InvalidValue("no such role", field="role")
        was_owner = member.role == OWNER
        member.role_override = name
        recompute_role(uow, org, member)
        if OWNER in (name, member.role) or was_owner:
            _check_owner_change(uow, org.id, actor, member, was_owner)
        member.version += 1
        member.updated_at = deps.clock()
        uow.members.save(member)
        deps.record(uow, org_id=org.id, actor=actor, action="member.role_set",
                    target_type="member", target_id=member.id, attributes=("role",))
        uow.commit()
        return member


OWNER = "owner"


def _check_owner_change(uow: UnitOfWork, org_id: str, actor: Actor, member: Member,
                        was_owner: bool) -> None:
    """Only an Owner grants or takes away Owner (an Admin cannot promote itself or
    anyone else past Admin), and the org's last active Owner keeps the role."""
    if actor.type is ActorType.ADMIN:
        caller = uow.members.get(org_id, actor.id)
        if caller is None or caller.role != OWNER:
            raise Forbidden("only an Owner may grant or remove the Owner role")
    if was_owner and member.role != OWNER:
        owners = uow.members.find_listed(org_id, ListQuery(
            filter=And((Compare(ROLE, Op.EQ, OWNER),
                        Compare(STATE, Op.EQ, MemberState.ACTIVE.value))), count=2))
        if not any(o.id != member.id for o in owners.items):
            raise Conflict("the organization's last active Owner cannot lose the role")

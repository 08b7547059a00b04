"""Set or clear a member's manual role override (Owners/Admins promote by hand)."""

from __future__ import annotations

from provisor.domain.deps import Deps
from provisor.domain.errors import InvalidValue, NotFound
from provisor.domain.event import Actor
from provisor.domain.member import Member
from provisor.domain.observe import use_case
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
        member.role_override = name
        recompute_role(uow, org, member)
        member.version += 1
        member.updated_at = deps.clock()
        uow.members.save(member)
        deps.record(uow, org_id=org.id, actor=actor, action="member.role_set",
                    target_type="member", target_id=member.id, attributes=("role",))
        uow.commit()
        return member

"""Manual member actions: invite, set role, deactivate, reactivate, record sign-in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry import relay

from provisor.domain.member import Member
from provisor.domain.usecases import member_actions as ma
from provisor.domain.usecases.admin_session import AdminSession
from provisor.domain.usecases.set_member_role import set_member_role
from provisor.graphql.context import Info
from provisor.graphql.guard import guarded
from provisor.graphql.ids import required_id
from provisor.graphql.mutations.results import MemberResult, MemberSuccess
from provisor.graphql.types.member import MemberNode


async def _act(info: Info, gid: relay.GlobalID, fn: Callable[..., Member],
               **kwargs: Any) -> MemberResult:
    async def body(s: AdminSession) -> MemberSuccess:
        member = await info.context.run(fn, org_id=s.org.id, actor=s.actor,
                                        member_id=required_id(gid, "Member"), **kwargs)
        return MemberSuccess(member=MemberNode.of(member))
    return await guarded(info, body)


@strawberry.type
class MemberMutations:
    @strawberry.mutation(description="Invite a member by hand (manually managed, invited).")
    async def invite_member(
        self, info: Info, user_name: str, email: str | None = None,
        display_name: str | None = None,
    ) -> MemberResult:
        async def body(s: AdminSession) -> MemberSuccess:
            member = await info.context.run(ma.invite_member, org_id=s.org.id, actor=s.actor,
                                            user_name=user_name, email=email,
                                            display_name=display_name)
            return MemberSuccess(member=MemberNode.of(member))
        return await guarded(info, body)

    @strawberry.mutation(description="Set a manual role override (wins over mappings); "
                         "null clears it.")
    async def set_member_role(
        self, info: Info, member_id: relay.GlobalID, role: str | None,
    ) -> MemberResult:
        return await _act(info, member_id, set_member_role, role=role)

    @strawberry.mutation(description="Deactivate a member (frees the seat).")
    async def deactivate_member(self, info: Info, member_id: relay.GlobalID) -> MemberResult:
        return await _act(info, member_id, ma.set_member_active, active=False)

    @strawberry.mutation(description="Reactivate a member (takes a seat).")
    async def reactivate_member(self, info: Info, member_id: relay.GlobalID) -> MemberResult:
        return await _act(info, member_id, ma.set_member_active, active=True)

    @strawberry.mutation(description="Record a sign-in reported by the host app; an invited "
                         "member becomes active.")
    async def record_sign_in(self, info: Info, member_id: relay.GlobalID) -> MemberResult:
        return await _act(info, member_id, ma.record_sign_in)

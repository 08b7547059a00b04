"""Custom roles, IdP role mappings and group → role / workspace mappings."""

from __future__ import annotations

import strawberry
from strawberry import relay

from provisor.domain.usecases import manage_roles
from provisor.domain.usecases import role_mappings as rm
from provisor.domain.usecases.admin_session import AdminSession
from provisor.graphql.context import Info
from provisor.graphql.guard import guarded
from provisor.graphql.ids import required_id
from provisor.graphql.mutations.results import (
    GroupRoleMappingResult,
    GroupRoleMappingSuccess,
    RemovedResult,
    RemovedSuccess,
    RoleMappingResult,
    RoleMappingSuccess,
    RoleResult,
    RoleSuccess,
)
from provisor.graphql.types.enums import AccessLevel
from provisor.graphql.types.settings import GroupRoleMappingType, RoleMapping, RoleType


@strawberry.type
class RoleMutations:
    @strawberry.mutation(description="Create a custom role (rank 101 to 399; default 150).")
    async def create_role(
        self, info: Info, name: str, description: str = "", rank: int = 150,
    ) -> RoleResult:
        async def body(s: AdminSession) -> RoleSuccess:
            role = await info.context.run(manage_roles.create_role, org_id=s.org.id,
                                          actor=s.actor, name=name, description=description,
                                          rank=rank)
            return RoleSuccess(role=RoleType.of(role))
        return await guarded(info, body)

    @strawberry.mutation(description="Delete a custom role no one uses.")
    async def delete_role(self, info: Info, name: str) -> RemovedResult:
        async def body(s: AdminSession) -> RemovedSuccess:
            await info.context.run(manage_roles.delete_role, org_id=s.org.id, actor=s.actor,
                                   name=name)
            return RemovedSuccess(id=name)
        return await guarded(info, body)

    @strawberry.mutation(description="Map an IdP role value (case-insensitive) to a role.")
    async def set_role_mapping(self, info: Info, idp_value: str, role: str) -> RoleMappingResult:
        async def body(s: AdminSession) -> RoleMappingSuccess:
            m = await info.context.run(rm.set_role_mapping, org_id=s.org.id, actor=s.actor,
                                       idp_value=idp_value, role=role)
            return RoleMappingSuccess(mapping=RoleMapping(idp_value=m.idp_value, role=m.role))
        return await guarded(info, body)

    @strawberry.mutation(description="Remove an IdP role value mapping.")
    async def remove_role_mapping(self, info: Info, idp_value: str) -> RemovedResult:
        async def body(s: AdminSession) -> RemovedSuccess:
            await info.context.run(rm.remove_role_mapping, org_id=s.org.id, actor=s.actor,
                                   idp_value=idp_value)
            return RemovedSuccess(id=idp_value)
        return await guarded(info, body)

    @strawberry.mutation(description="Map a group to a role and/or a workspace access level.")
    async def set_group_role_mapping(
        self, info: Info, group_id: relay.GlobalID, role: str | None = None,
        workspace: str | None = None, access: AccessLevel | None = None,
    ) -> GroupRoleMappingResult:
        async def body(s: AdminSession) -> GroupRoleMappingSuccess:
            m = await info.context.run(
                rm.set_group_role_mapping, org_id=s.org.id, actor=s.actor,
                group_id=required_id(group_id, "Group"), role=role, workspace=workspace,
                access=AccessLevel(access) if access else None)
            return GroupRoleMappingSuccess(mapping=GroupRoleMappingType(entity=m))
        return await guarded(info, body)

    @strawberry.mutation(description="Remove a group's mapping.")
    async def remove_group_role_mapping(
        self, info: Info, group_id: relay.GlobalID,
    ) -> RemovedResult:
        async def body(s: AdminSession) -> RemovedSuccess:
            await info.context.run(rm.remove_group_role_mapping, org_id=s.org.id, actor=s.actor,
                                   group_id=required_id(group_id, "Group"))
            return RemovedSuccess(id=str(group_id))
        return await guarded(info, body)

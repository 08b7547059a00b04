"""SCIM tokens and management keys: create (secret shown once), revoke."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from provisor.domain.token import CredentialKind
from provisor.domain.usecases.admin_session import AdminSession
from provisor.domain.usecases.credentials import issue_credential, revoke_credential
from provisor.domain.usecases.management_keys import create_management_key
from provisor.graphql.context import Info
from provisor.graphql.guard import guarded
from provisor.graphql.ids import required_id
from provisor.graphql.mutations.results import (
    CreateManagementKeyResult,
    CreateManagementKeySuccess,
    CreateScimTokenResult,
    CreateScimTokenSuccess,
    RemovedResult,
    RemovedSuccess,
)
from provisor.graphql.types.settings import ManagementKey, ScimToken


async def _revoke(info: Info, gid: relay.GlobalID, type_name: str,
                  kind: CredentialKind) -> RemovedResult:
    async def body(s: AdminSession) -> RemovedSuccess:
        await info.context.run(revoke_credential, org_id=s.org.id, actor=s.actor,
                               credential_id=required_id(gid, type_name), kind=kind)
        return RemovedSuccess(id=str(gid))
    return await guarded(info, body)


@strawberry.type
class CredentialMutations:
    @strawberry.mutation(description="Create a SCIM token; the secret is returned only now.")
    async def create_scim_token(
        self, info: Info, name: str, expires_at: datetime | None = None,
    ) -> CreateScimTokenResult:
        async def body(s: AdminSession) -> CreateScimTokenSuccess:
            issued = await info.context.run(issue_credential, org_id=s.org.id, actor=s.actor,
                                            kind=CredentialKind.SCIM_TOKEN, name=name,
                                            expires_at=expires_at)
            return CreateScimTokenSuccess(token=ScimToken.of(issued.credential),
                                          secret=issued.secret)
        return await guarded(info, body)

    @strawberry.mutation(description="Revoke a SCIM token; refused on the very next request.")
    async def revoke_scim_token(self, info: Info, id: relay.GlobalID) -> RemovedResult:
        return await _revoke(info, id, "ScimToken", CredentialKind.SCIM_TOKEN)

    @strawberry.mutation(description="Create a management key acting as an Owner/Admin "
                         "(the caller when memberId is omitted).")
    async def create_management_key(
        self, info: Info, name: str, member_id: relay.GlobalID | None = None,
        expires_at: datetime | None = None,
    ) -> CreateManagementKeyResult:
        async def body(s: AdminSession) -> CreateManagementKeySuccess:
            target = required_id(member_id, "Member") if member_id else s.member.id
            issued = await info.context.run(create_management_key, org_id=s.org.id,
                                            actor=s.actor, member_id=target, name=name,
                                            expires_at=expires_at)
            return CreateManagementKeySuccess(key=ManagementKey.of(issued.credential),
                                              secret=issued.secret)
        return await guarded(info, body)

    @strawberry.mutation(description="Revoke a management key.")
    async def revoke_management_key(self, info: Info, id: relay.GlobalID) -> RemovedResult:
        return await _revoke(info, id, "ManagementKey", CredentialKind.MANAGEMENT_KEY)

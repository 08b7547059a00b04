"""Email domains: add (shows the TXT record), verify, remove."""

from __future__ import annotations

import strawberry

from provisor.domain.usecases import email_domains as ed
from provisor.domain.usecases.admin_session import AdminSession
from provisor.graphql.context import Info
from provisor.graphql.guard import guarded
from provisor.graphql.mutations.results import (
    DomainResult,
    DomainSuccess,
    RemovedResult,
    RemovedSuccess,
)
from provisor.graphql.types.settings import EmailDomainType


@strawberry.type
class DomainMutations:
    @strawberry.mutation(description="Register an email domain (unverified).")
    async def add_domain(self, info: Info, name: str) -> DomainResult:
        async def body(s: AdminSession) -> DomainSuccess:
            d = await info.context.run(ed.add_domain, org_id=s.org.id, actor=s.actor, name=name)
            return DomainSuccess(domain=EmailDomainType(entity=d))
        return await guarded(info, body)

    @strawberry.mutation(description="Verify a domain once its TXT record is published.")
    async def verify_domain(self, info: Info, name: str) -> DomainResult:
        async def body(s: AdminSession) -> DomainSuccess:
            d = await info.context.run(ed.verify_domain, org_id=s.org.id, actor=s.actor,
                                       name=name, check=info.context.config.domain_check)
            return DomainSuccess(domain=EmailDomainType(entity=d))
        return await guarded(info, body)

    @strawberry.mutation(description="Remove a domain.")
    async def remove_domain(self, info: Info, name: str) -> RemovedResult:
        async def body(s: AdminSession) -> RemovedSuccess:
            await info.context.run(ed.remove_domain, org_id=s.org.id, actor=s.actor, name=name)
            return RemovedSuccess(id=name)
        return await guarded(info, body)

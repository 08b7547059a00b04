"""The schema: Query, Mutation and Subscription merged from the feature modules."""

from __future__ import annotations

from typing import Any

import strawberry

from provisor.graphql.limits import extensions
from provisor.graphql.mutations.credentials import CredentialMutations
from provisor.graphql.mutations.domains import DomainMutations
from provisor.graphql.mutations.members import MemberMutations
from provisor.graphql.mutations.organization import OrganizationMutations
from provisor.graphql.mutations.roles import RoleMutations
from provisor.graphql.queries.members import MemberQueries
from provisor.graphql.queries.settings import SettingsQueries
from provisor.graphql.subscriptions.events import Subscription
from provisor.graphql.types.settings import ManagementKey, ScimToken


@strawberry.type(description="Reads, all scoped to the caller's organization.")
class Query(SettingsQueries, MemberQueries):
    pass


@strawberry.type(description="Changes; each returns a Success | Error union.")
class Mutation(OrganizationMutations, CredentialMutations, RoleMutations, DomainMutations,
               MemberMutations):
    pass



def build_schema(*, introspection: bool = True, extra: tuple[Any, ...] = ()) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query, mutation=Mutation, subscription=Subscription,
        types=[ScimToken, ManagementKey],
        extensions=[*extensions(introspection=introspection), *extra])


def sdl() -> str:
    """The schema as SDL, exactly as committed in ``schema.graphql``."""
    return build_schema().as_str() + "\n"

"""Mount the GraphQL facade on a FastAPI app (called by the composition root)."""

from __future__ import annotations

from fastapi import FastAPI
from strawberry.fastapi import GraphQLRouter

from provisor.domain.deps import Deps
from provisor.graphql.config import GraphQLConfig
from provisor.graphql.context import Context
from provisor.graphql.schema import build_schema


def mount_graphql(app: FastAPI, deps: Deps, config: GraphQLConfig) -> None:
    """``/graphql``: POST (and GET) queries, graphql-transport-ws subscriptions, and
    GraphiQL only when ``config.graphiql`` (development)."""

    def context() -> Context:
        return Context(deps, config)

    router: GraphQLRouter[Context, None] = GraphQLRouter(
        build_schema(introspection=config.introspection, extra=config.extensions),
        context_getter=context,
        graphql_ide="graphiql" if config.graphiql else None)
    app.include_router(router, prefix="/graphql")

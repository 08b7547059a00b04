"""The typed per-request context: deps, the caller, DataLoaders."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import cached_property
from typing import Any, Concatenate, ParamSpec, TypeVar

import strawberry
from strawberry.fastapi import BaseContext

from provisor.domain.deps import Deps
from provisor.domain.errors import Forbidden, Unauthorized
from provisor.domain.usecases.admin_session import AdminSession, authorize_admin
from provisor.graphql.auth import bearer_from, is_platform_key
from provisor.graphql.config import GraphQLConfig
from provisor.graphql.dataloaders import Loaders

P = ParamSpec("P")
R = TypeVar("R")


class Context(BaseContext):
    def __init__(self, deps: Deps, config: GraphQLConfig) -> None:
        super().__init__()
        self.deps, self.config = deps, config
        self._session: AdminSession | None = None

    @property
    def bearer(self) -> str | None:
        headers = dict(self.request.headers) if self.request is not None else {}
        return bearer_from(headers, self.connection_params)

    @property
    def is_platform(self) -> bool:
        return is_platform_key(self.bearer, self.config.platform_key)

    async def admin(self, *, refresh: bool = False) -> AdminSession:
        """The Owner/Admin the key acts as, checked against the database."""
        if self._session is not None and not refresh:
            return self._session
        secret = self.bearer
        if secret is None:
            raise Unauthorized("a bearer management key is required")
        if self.is_platform:
            raise Forbidden("the platform key may only create organizations")
        self._session = await self.run(authorize_admin, secret=secret)
        return self._session

    @cached_property
    def loaders(self) -> Loaders:
        return Loaders(self.deps, self.admin)

    async def run(
        self, fn: Callable[Concatenate[Deps, P], R], *args: P.args, **kwargs: P.kwargs,
    ) -> R:
        """Run a (blocking) use case off the event loop."""
        return await asyncio.to_thread(fn, self.deps, *args, **kwargs)


Info = strawberry.Info[Context, Any]

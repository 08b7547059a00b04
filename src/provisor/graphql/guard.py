"""Resolver helpers: the caller's session, and running use cases with error mapping."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from provisor.domain.errors import DomainError
from provisor.domain.usecases.admin_session import AdminSession
from provisor.graphql.context import Info
from provisor.graphql.errors import ErrorType, public, to_error

T = TypeVar("T")


async def session(info: Info, *, refresh: bool = False) -> AdminSession:
    """For queries: the Owner/Admin session, or a top-level error with a code."""
    try:
        return await info.context.admin(refresh=refresh)
    except DomainError as exc:
        raise public(exc) from exc


async def guarded(info: Info, body: Callable[[AdminSession], Awaitable[T]]) -> T | ErrorType:
    """For mutations: run ``body`` as the Owner/Admin; expected failures become union members."""
    try:
        return await body(await info.context.admin())
    except DomainError as exc:
        return to_error(exc)

"""DataLoaders: one batched use-case call per kind of lookup and request.

A page of members asking for their groups, workspace access and roles costs a
fixed number of SQL statements whatever the page size (tested).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from provisor.domain.deps import Deps
from provisor.domain.group import Group
from provisor.domain.member import Member
from provisor.domain.role import Role
from provisor.domain.usecases import dashboard_read as read
from provisor.domain.usecases.admin_session import AdminSession

K = TypeVar("K")
V = TypeVar("V")


class Loaders:
    def __init__(self, deps: Deps, session: Callable[[], Awaitable[AdminSession]]) -> None:
        self.deps, self.session = deps, session
        self.member = self._loader(self._members)
        self.group = self._loader(self._groups)
        self.groups_of = self._loader(self._groups_of)
        self.workspace_grants = self._loader(self._grants)
        self.member_count = self._loader(self._counts)
        self.roles = self._loader(self._roles)

    def _loader(self, batch: Callable[[str, list[K]], list[V]]) -> DataLoader[K, V]:
        async def load(keys: list[K]) -> list[V]:
            org_id = (await self.session()).org.id
            return await asyncio.to_thread(batch, org_id, keys)
        return DataLoader(load_fn=load)

    def _call(self, fn: Callable[..., V], **kwargs: Any) -> V:
        return fn(self.deps, **kwargs)

    def _members(self, org_id: str, ids: list[str]) -> list[Member | None]:
        found = {m.id: m for m in self._call(read.members_by_id, org_id=org_id, member_ids=ids)}
        return [found.get(i) for i in ids]

    def _groups(self, org_id: str, ids: list[str]) -> list[Group | None]:
        found = {g.id: g for g in self._call(read.groups_by_id, org_id=org_id, group_ids=ids)}
        return [found.get(i) for i in ids]

    def _groups_of(self, org_id: str, ids: list[str]) -> list[list[Group]]:
        found = self._call(read.groups_of_members, org_id=org_id, member_ids=ids)
        return [found.get(i, []) for i in ids]

    def _grants(self, org_id: str, ids: list[str]) -> list[list[tuple[str, str, str]]]:
        found = self._call(read.workspace_grants, org_id=org_id, member_ids=ids)
        return [found.get(i, []) for i in ids]

    def _counts(self, org_id: str, ids: list[str]) -> list[int]:
        found = self._call(read.group_member_counts, org_id=org_id, group_ids=ids)
        return [found.get(i, 0) for i in ids]

    def _roles(self, org_id: str, keys: Sequence[str]) -> list[dict[str, Role]]:
        """Keyed by org id (one key per request): every role of the org by name."""
        roles = {r.name: r for r in self._call(read.list_roles, org_id=org_id)}
        return [roles for _ in keys]

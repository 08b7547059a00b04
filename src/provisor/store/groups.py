"""Groups and membership rows; deltas touch only the rows they change."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from provisor.domain.errors import InvalidValue
from provisor.domain.group import Group, GroupMember
from provisor.domain.member import MemberState
from provisor.domain.query import ListQuery, Page, ValueType
from provisor.store._util import conflict_from, must_utc
from provisor.store.engine import is_locking
from provisor.store.filters import Column, Compiler, Resource
from provisor.store.hot import Hot
from provisor.store.pages import find_page
from provisor.store.tables import group_members, groups, members

g, gm = groups.c, group_members.c
CHUNK = 500


def _members_any(compiler: Compiler, where: Any) -> Any:
    """``members[value eq "id"]`` on groups: an EXISTS over membership rows."""
    inner = Compiler(Resource({
        ("value",): Column(gm.member_id),
        ("display",): Column(members.c.user_name, members.c.user_name_ci),
    }, None), compiler.dialect)
    return exists(select(gm.member_id).join(members, members.c.id == gm.member_id)
                  .where(gm.group_id == g.id, inner.compile(where)))


GROUP_RESOURCE = Resource(
    columns={
        ("id",): Column(g.id),
        ("displayName",): Column(g.display_name, g.display_name_ci),
        ("externalId",): Column(g.external_id),
        ("meta", "created"): Column(g.created_at, None, ValueType.DATETIME),
        ("meta", "lastModified"): Column(g.updated_at, None, ValueType.DATETIME),
    },
    document=None,
    multi={("members",): _members_any},
)


def _to_row(group: Group) -> dict[str, Any]:
    return {"id": group.id, "org_id": group.org_id, "display_name": group.display_name,
            "display_name_ci": group.display_name.lower(), "external_id": group.external_id,
            "version": group.version, "created_at": group.created_at,
            "updated_at": group.updated_at}


def group_from_row(row: Sequence[Any]) -> Group:
    """A group from the columns of ``select(groups)``, in order."""
    id_, org_id, display_name, _, external_id, version, created_at, updated_at = row
    return Group(id_, org_id, display_name, must_utc(created_at), must_utc(updated_at),
                 external_id, version)


# Hot-path statements built once (see provisor.store.members for the measure).
_GET_PLAIN = select(groups).where(g.id == bindparam("group_id"), g.org_id == bindparam("org_id"))
_GET = Hot(_GET_PLAIN)
_GET_LOCKED = Hot(_GET_PLAIN.with_for_update())  # row lock: see engine.is_locking
_SAVE = Hot(update(groups).where(g.id == bindparam("key_id"), g.org_id == bindparam("key_org")))
_GROUPS_OF = Hot(
    select(gm.member_id, groups).join(groups, g.id == gm.group_id)
    .where(gm.org_id == bindparam("org_id"), gm.member_id == bindparam("member_id"))
    .order_by(g.display_name))
_GROUPS_OF_MANY = (
    select(gm.member_id, groups).join(groups, g.id == gm.group_id)
    .where(gm.org_id == bindparam("org_id"), gm.member_id.in_(bindparam("ids", expanding=True)))
    .order_by(g.display_name))
_PRESENT = select(gm.member_id).where(
    gm.group_id == bindparam("group_id"), gm.org_id == bindparam("org_id"),
    gm.member_id.in_(bindparam("ids", expanding=True)))
# A delta of one member (an IdP's usual PATCH): the same statements on ``=``, built
# once and run on the cursor. Through SQLAlchemy's execution, with its expanding
# ``IN``, the membership statements were ~20 % of a group PATCH (issue 7 profile).
_PRESENT_ONE = Hot(select(gm.member_id).where(
    gm.group_id == bindparam("group_id"), gm.org_id == bindparam("org_id"),
    gm.member_id == bindparam("member_id")))
_INSERT_MEMBERS = Hot(insert(group_members))
_ADD = Hot(insert(groups))
_DELETE_ONE = Hot(delete(group_members).where(
    gm.group_id == bindparam("group_id"), gm.member_id == bindparam("member_id")))
_NAME_TAKEN = select(g.id).where(
    g.org_id == bindparam("org_id"), g.display_name_ci == bindparam("name")).limit(1)
_NAME_TAKEN_EXCLUDING = select(g.id).where(
    g.org_id == bindparam("org_id"), g.display_name_ci == bindparam("name"),
    g.id != bindparam("exclude_id")).limit(1)
_MEMBERS = (select(gm.member_id, members.c.user_name,
                   members.c.profile["displayName"].as_string(), members.c.state)
            .join(members, members.c.id == gm.member_id)
            .where(gm.group_id == bindparam("group_id"), gm.org_id == bindparam("org_id"))
            .order_by(gm.member_id))
_MEMBERS_AFTER = _MEMBERS.where(gm.member_id > bindparam("after"))
_ENTRIES = (select(members.c.id, members.c.user_name,
                   members.c.profile["displayName"].as_string(), members.c.state)
            .where(members.c.org_id == bindparam("org_id"),
                   members.c.id.in_(bindparam("ids", expanding=True)))
            .order_by(members.c.id))
_DELETE_MEMBERS = delete(group_members).where(
    gm.group_id == bindparam("group_id"), gm.member_id.in_(bindparam("ids", expanding=True)))


def _entry(row: Sequence[Any]) -> GroupMember:
    """A member as a group shows it: id, displayName or else userName, pending if invited."""
    return GroupMember(row[0], row[2] or row[1], row[3] == MemberState.INVITED.value)


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    items = list(ids)
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


# What a save leaves out of its SET when unchanged: see provisor.store.members._INDEXED
# (a membership delta changes only the version and time, on the row's own page).
_INDEXED = ("display_name_ci", "external_id")


class SqlGroupRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._stored: dict[str, tuple[Any, ...]] = {}  # id -> indexed values as stored

    def get(self, org_id: str, group_id: str) -> Group | None:
        hot = _GET_LOCKED if is_locking(self.conn) else _GET
        row = hot.first(self.conn, {"group_id": group_id, "org_id": org_id})
        if row is None:
            return None
        self._stored[row[0]] = (row[3], row[4])
        return group_from_row(row)

    def add(self, group: Group) -> None:
        try:
            _ADD.rowcount(self.conn, _to_row(group))
        except IntegrityError as exc:
            raise conflict_from(exc) from exc

    def save(self, group: Group) -> None:
        values = _to_row(group)
        del values["id"], values["org_id"], values["created_at"]
        now = tuple(values[name] for name in _INDEXED)
        for name, new, old in zip(_INDEXED, now, self._stored.get(group.id, ()), strict=False):
            if new == old:  # unchanged since this unit of work read it: not in the SET
                del values[name]
        values["key_id"], values["key_org"] = group.id, group.org_id
        try:
            _SAVE.rowcount(self.conn, values)
        except IntegrityError as exc:
            raise conflict_from(exc) from exc
        self._stored[group.id] = now

    def delete(self, org_id: str, group_id: str) -> None:
        self.conn.execute(delete(group_members).where(gm.group_id == group_id, gm.org_id == org_id))
        self.conn.execute(delete(groups).where(g.id == group_id, g.org_id == org_id))

    def find(self, org_id: str, query: ListQuery) -> Page[Group]:
        return find_page(self.conn, groups, GROUP_RESOURCE, org_id, query, group_from_row)

    def name_taken(self, org_id: str, display_name: str, exclude_id: str | None = None) -> bool:
        params = {"org_id": org_id, "name": display_name.lower()}
        if exclude_id:
            params["exclude_id"] = exclude_id
        stmt = _NAME_TAKEN_EXCLUDING if exclude_id else _NAME_TAKEN
        return self.conn.execute(stmt, params).first() is not None

    def members(
        self, org_id: str, group_id: str, *, after: str | None = None, limit: int | None = None,
    ) -> list[GroupMember]:
        stmt = _MEMBERS_AFTER if after else _MEMBERS
        params: dict[str, Any] = {"group_id": group_id, "org_id": org_id, "after": after}
        if limit is not None:
            stmt = stmt.limit(limit)
        return [_entry(r) for r in self.conn.execute(stmt, params)]

    def entries(self, org_id: str, member_ids: Iterable[str]) -> list[GroupMember]:
        found: list[GroupMember] = []
        for chunk in _chunks(member_ids):
            found += map(_entry, self.conn.execute(_ENTRIES, {"org_id": org_id, "ids": chunk}))
        return found if len(found) <= CHUNK else sorted(found, key=lambda e: e.member_id)

    def member_count(self, org_id: str, group_id: str) -> int:
        return int(self.conn.execute(select(func.count()).select_from(group_members).where(
            gm.group_id == group_id, gm.org_id == org_id)).scalar_one())

    def member_ids(self, org_id: str, group_id: str) -> set[str]:
        return set(self.conn.execute(select(gm.member_id).where(
            gm.group_id == group_id, gm.org_id == org_id)).scalars())

    def _present(self, org_id: str, group_id: str, chunk: list[str]) -> set[str]:
        """Which of ``chunk`` are members of the group already."""
        if len(chunk) == 1:
            return {row[0] for row in _PRESENT_ONE.all(self.conn, {
                "group_id": group_id, "org_id": org_id, "member_id": chunk[0]})}
        return set(self.conn.execute(_PRESENT, {
            "group_id": group_id, "org_id": org_id, "ids": chunk}).scalars())

    def add_members(self, org_id: str, group_id: str, member_ids: Iterable[str]) -> set[str]:
        added: set[str] = set()
        for chunk in _chunks(member_ids):
            present = self._present(org_id, group_id, chunk)
            new = [i for i in chunk if i not in present]
            if new:
                _INSERT_MEMBERS.many(self.conn, [
                    {"group_id": group_id, "member_id": i, "org_id": org_id} for i in new])
            added.update(new)
        return added

    def insert_members(self, org_id: str, group_id: str, member_ids: Iterable[str]) -> None:
        """No check for rows present (the check was ~5 % of a POST /Groups). A member
        that is gone (deleted since the caller checked) fails the foreign key."""
        try:
            for chunk in _chunks(member_ids):
                _INSERT_MEMBERS.many(self.conn, [
                    {"group_id": group_id, "member_id": i, "org_id": org_id} for i in chunk])
        except IntegrityError as exc:
            raise InvalidValue("a member value no longer names a user of this organization",
                               field="members") from exc

    def remove_members(self, org_id: str, group_id: str, member_ids: Iterable[str]) -> set[str]:
        removed: set[str] = set()
        for chunk in _chunks(member_ids):
            present = self._present(org_id, group_id, chunk)
            if len(present) == 1:
                _DELETE_ONE.rowcount(self.conn, {"group_id": group_id,
                                                 "member_id": next(iter(present))})
            elif present:
                self.conn.execute(_DELETE_MEMBERS, {"group_id": group_id, "ids": list(present)})
            removed |= present
        return removed

    def remove_all_members(self, org_id: str, group_id: str) -> set[str]:
        ids = self.member_ids(org_id, group_id)
        self.conn.execute(delete(group_members).where(gm.group_id == group_id, gm.org_id == org_id))
        return ids

    def groups_of(self, org_id: str, member_id: str) -> list[Group]:
        rows = _GROUPS_OF.all(self.conn, {"org_id": org_id, "member_id": member_id})
        return [group_from_row(row[1:]) for row in rows]

    def groups_of_many(self, org_id: str, member_ids: Sequence[str]) -> dict[str, list[Group]]:
        if len(member_ids) == 1:  # a userName lookup's page: the hot statement
            found = self.groups_of(org_id, member_ids[0])
            return {member_ids[0]: found} if found else {}
        result: dict[str, list[Group]] = {}
        seen: dict[str, Group] = {}  # a page's members share groups: one Group each
        for chunk in _chunks(member_ids):
            rows = self.conn.execute(_GROUPS_OF_MANY, {"org_id": org_id, "ids": chunk})
            for row in rows:
                group = seen.get(row[1])
                if group is None:
                    group = seen[row[1]] = group_from_row(row[1:])
                result.setdefault(row[0], []).append(group)
        return result

    def member_counts(self, org_id: str, group_ids: Sequence[str]) -> dict[str, int]:
        """Member count per group, one statement per chunk of ids."""
        counts = dict.fromkeys(group_ids, 0)
        for chunk in _chunks(group_ids):
            rows = self.conn.execute(
                select(gm.group_id, func.count()).where(gm.org_id == org_id,
                                                        gm.group_id.in_(chunk))
                .group_by(gm.group_id))
            counts.update({r[0]: int(r[1]) for r in rows})
        return counts

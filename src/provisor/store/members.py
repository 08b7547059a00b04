"""Members: the SCIM User rows, with their hot-path columns and JSON profile."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from provisor.domain.group import Group
from provisor.domain.member import ManagedBy, Member, MemberState, RoleSource
from provisor.domain.query import ListQuery, Page, ValueType
from provisor.store import member_counts
from provisor.store._util import by_value, columns_in_order, conflict_from, must_utc, utc
from provisor.store.engine import is_locking
from provisor.store.filters import Column, Compiler, Resource
from provisor.store.groups import SqlGroupRepository, group_from_row
from provisor.store.hot import Hot
from provisor.store.pages import Beside, find_page, find_page_beside
from provisor.store.tables import group_members, groups, members

m = members.c


def _groups_any(compiler: Compiler, where: Any) -> Any:
    """``groups[value eq "id"]`` on users: an EXISTS over membership rows."""
    from sqlalchemy import exists
    inner = Compiler(Resource({("value",): Column(group_members.c.group_id)}, None),
                     compiler.dialect)
    return exists(select(group_members.c.group_id).where(
        group_members.c.member_id == m.id, inner.compile(where)))


MEMBER_RESOURCE = Resource(
    columns={
        ("id",): Column(m.id),
        ("userName",): Column(m.user_name, m.user_name_ci),
        ("externalId",): Column(m.external_id),
        ("active",): Column(m.state, m.state != MemberState.DEACTIVATED.value, ValueType.BOOLEAN),
        ("meta", "created"): Column(m.created_at, None, ValueType.DATETIME),
        ("meta", "lastModified"): Column(m.updated_at, None, ValueType.DATETIME),
    },
    document=m.profile,
    multi={("groups",): _groups_any},
)


def to_row(member: Member) -> dict[str, Any]:
    email = member.email
    return {
        "id": member.id, "org_id": member.org_id, "user_name": member.user_name,
        "user_name_ci": member.user_name.lower(), "external_id": member.external_id,
        "email_ci": email.lower() if email else None, "state": member.state.value,
        "managed_by": member.managed_by.value, "role": member.role,
        "role_source": member.role_source.value, "role_override": member.role_override,
        "profile": member.profile, "version": member.version, "created_at": member.created_at,
        "updated_at": member.updated_at, "last_sign_in_at": member.last_sign_in_at,
    }


# ``from_row`` unpacks the row by position and maps enum values through dicts:
# 2.8 µs a row instead of 8.6 µs with attribute access and Enum calls, which
# was ~10 % of a 100-member list page (issue 7 profile). Every caller passes a
# row of ``select(members)``, whose columns come in this order; the check below
# makes a change of the table fail at import instead of reading a wrong column.
_COLUMNS = ("id", "org_id", "user_name", "user_name_ci", "external_id", "email_ci", "state",
            "managed_by", "role", "role_source", "role_override", "profile", "version",
            "created_at", "updated_at", "last_sign_in_at")
columns_in_order(members, _COLUMNS, "members.from_row")
_STATE, _MANAGED_BY, _ROLE_SOURCE = by_value(MemberState), by_value(ManagedBy), \
    by_value(RoleSource)


def from_row(row: Any) -> Member:
    (id_, org_id, user_name, _, external_id, _, state, managed_by, role, role_source,
     role_override, profile, version, created_at, updated_at, last_sign_in_at) = row
    return Member(
        id=id_, org_id=org_id, user_name=user_name,
        state=_STATE(state),
        managed_by=_MANAGED_BY(managed_by),
        created_at=must_utc(created_at), updated_at=must_utc(updated_at),
        external_id=external_id, profile=dict(profile or {}), role=role,
        role_source=_ROLE_SOURCE(role_source),
        role_override=role_override, version=version, last_sign_in_at=utc(last_sign_in_at),
    )


# Hot-path statements are built once, at import, and executed with parameters
# (issue 7 profile): building ``select(...).where(...)`` per call and computing
# its cache key cost ~85 µs per statement against ~17 µs for a prebuilt one.
_GET_PLAIN = select(members).where(m.id == bindparam("member_id"),
                                   m.org_id == bindparam("org_id"))
_GET = Hot(_GET_PLAIN)
_GET_LOCKED = Hot(_GET_PLAIN.with_for_update())  # row lock: see engine.is_locking
# A member and its groups in one statement (GET /Users/{id}: the credential, then
# this; it was three statements with the groups read on their own, and each is a
# round trip on PostgreSQL). One row per group, or one with the group's columns
# NULL; the member's columns repeat on each row, which a user's few groups make
# cheaper than a second statement.
_gm = group_members.c


def _with_groups(source: Any) -> Any:
    """``source``'s rows (members, or a page of them) each beside its groups."""
    return (select(source, groups)
            .outerjoin(group_members, (_gm.member_id == source.c.id)
                       & (_gm.org_id == source.c.org_id))
            .outerjoin(groups, groups.c.id == _gm.group_id))


_WITH_GROUPS = Hot(_with_groups(members)
                   .where(m.id == bindparam("member_id"), m.org_id == bindparam("org_id"))
                   .order_by(groups.c.display_name))
_WIDTH = len(members.c)
# The same for a page of members (a userName lookup's, a list page's).
_GROUPS_BESIDE = Beside(lambda page: _with_groups(page).order_by(page.c.id,
                                                                 groups.c.display_name))
_GET_MANY = select(members).where(m.org_id == bindparam("org_id"),
                                  m.id.in_(bindparam("ids", expanding=True)))
_EXISTING = select(m.id).where(m.org_id == bindparam("org_id"),
                               m.id.in_(bindparam("ids", expanding=True)))
_EXISTS_ONE = Hot(select(m.id).where(m.org_id == bindparam("org_id"),
                                     m.id == bindparam("member_id")))  # a one-member delta
_INSERT = Hot(insert(members))
_SAVE = Hot(update(members).where(m.id == bindparam("key_id"),
                                  m.org_id == bindparam("key_org")))
_SEATS = select(func.count()).select_from(members).where(
    m.org_id == bindparam("org_id"), m.state != MemberState.DEACTIVATED.value)


# The indexed columns a save leaves out of its SET when they are unchanged. SQLite
# rewrites the entry of every index on a column the SET names, changed or not, and
# probes each unique one: a PATCH ``active`` that set the whole row dirtied six
# pages (the row and five index entries) where three do (the row and the state
# index's two entries), and every dirty page is a WAL frame written at commit
# (issue 7 measure). The other columns are always set: they share the row's page.
_INDEXED = ("user_name_ci", "email_ci", "external_id", "state")


def _indexed(row: Sequence[Any]) -> tuple[Any, ...]:
    """The ``_INDEXED`` values of a row of ``select(members)``."""
    return row[3], row[5], row[4], row[6]


def _conflict_probes(exclude: bool) -> Any:
    """One statement, one index seek per unique index: ``SELECT (probe), (probe), (probe)``.

    A single ``OR`` across the three columns made SQLite scan the org without
    ANALYZE statistics (18 ms at 10k members); each scalar subquery here is a
    seek on its own unique index, and the three share one round trip. A NULL
    parameter (no email, no externalId) matches nothing, as a skipped probe would.
    """
    probes = []
    for key, column in (("user_name", m.user_name_ci), ("email", m.email_ci),
                        ("external_id", m.external_id)):
        probe = select(literal(1)).select_from(members).where(
            m.org_id == bindparam("org_id"), column == bindparam(key))
        if exclude:
            probe = probe.where(m.id != bindparam("exclude_id"))
        probes.append(probe.limit(1).scalar_subquery())
    return select(*probes)


_CONFLICT = Hot(_conflict_probes(False))
_CONFLICT_EXCLUDING = Hot(_conflict_probes(True))


class SqlMemberRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._stored: dict[str, tuple[Any, ...]] = {}  # id -> indexed values as stored

    def _read(self, row: Sequence[Any]) -> Member:
        """A member read for this unit of work, remembering what its indexes hold."""
        self._stored[row[0]] = _indexed(row)
        return from_row(row)

    def get(self, org_id: str, member_id: str) -> Member | None:
        hot = _GET_LOCKED if is_locking(self.conn) else _GET
        row = hot.first(self.conn, {"member_id": member_id, "org_id": org_id})
        return self._read(row) if row else None

    def get_with_groups(self, org_id: str, member_id: str) -> tuple[Member, list[Group]] | None:
        rows = _WITH_GROUPS.all(self.conn, {"member_id": member_id, "org_id": org_id})
        if not rows:
            return None
        found = [group_from_row(row[_WIDTH:]) for row in rows if row[_WIDTH] is not None]
        return self._read(rows[0][:_WIDTH]), found

    def get_many(self, org_id: str, member_ids: Iterable[str]) -> list[Member]:
        ids = list(member_ids)
        found: list[Member] = []
        for start in range(0, len(ids), 500):
            rows = self.conn.execute(_GET_MANY, {"org_id": org_id, "ids": ids[start:start + 500]})
            found.extend(self._read(r) for r in rows)
        return found

    def existing_ids(self, org_id: str, member_ids: Iterable[str]) -> set[str]:
        """Ids only: checking a group's members loaded whole rows (about 20 % of
        POST /Groups with 100 members in the issue 7 profile)."""
        ids = list(member_ids)
        if len(ids) == 1:
            rows = _EXISTS_ONE.all(self.conn, {"org_id": org_id, "member_id": ids[0]})
            return {row[0] for row in rows}
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = {"org_id": org_id, "ids": ids[start:start + 500]}
            found.update(self.conn.execute(_EXISTING, chunk).scalars())
        return found

    def add(self, member: Member) -> None:
        try:
            _INSERT.rowcount(self.conn, to_row(member))
        except IntegrityError as exc:
            raise conflict_from(exc) from exc
        member_counts.note(self.conn, member.org_id, +1)

    def save(self, member: Member) -> None:
        values = to_row(member)
        del values["id"], values["org_id"], values["created_at"]
        now = tuple(values[name] for name in _INDEXED)
        for name, new, old in zip(_INDEXED, now, self._stored.get(member.id, ()), strict=False):
            if new == old:  # unchanged since this unit of work read it: not in the SET
                del values[name]
        values["key_id"], values["key_org"] = member.id, member.org_id
        try:
            _SAVE.rowcount(self.conn, values)
        except IntegrityError as exc:
            raise conflict_from(exc) from exc
        self._stored[member.id] = now

    def delete(self, org_id: str, member_id: str) -> None:
        self.conn.execute(delete(group_members).where(
            group_members.c.member_id == member_id, group_members.c.org_id == org_id))
        gone = self.conn.execute(delete(members).where(m.id == member_id, m.org_id == org_id))
        if gone.rowcount:
            member_counts.note(self.conn, org_id, -1)

    def find(self, org_id: str, query: ListQuery) -> Page[Member]:
        return find_page(self.conn, members, MEMBER_RESOURCE, org_id, query, from_row,
                         counted=True)

    def find_with_groups(
        self, org_id: str, query: ListQuery,
    ) -> tuple[Page[Member], dict[str, list[Group]]]:
        page, beside = find_page_beside(self.conn, members, MEMBER_RESOURCE, org_id, query,
                                        from_row, _GROUPS_BESIDE, counted=True)
        if beside is None:  # a sorted or filtered query's page: its groups on their own
            ids = [m.id for m in page.items]
            return page, SqlGroupRepository(self.conn).groups_of_many(org_id, ids) if ids else {}
        shown = {m.id for m in page.items}  # not the row past the page, read to see if any
        return page, {k: [group_from_row(r) for r in rows]
                      for k, rows in beside.items() if k in shown}

    def conflict(
        self, org_id: str, *, user_name: str, email: str | None, external_id: str | None,
        exclude_id: str | None = None,
    ) -> str | None:
        params = {"org_id": org_id, "user_name": user_name.lower(),
                  "email": email.lower() if email else None, "external_id": external_id or None}
        if exclude_id:
            params["exclude_id"] = exclude_id
        row = (_CONFLICT_EXCLUDING if exclude_id else _CONFLICT).first(self.conn, params)
        assert row is not None  # SELECT (probe), (probe), (probe) has exactly one row
        for name, hit in zip(("userName", "email", "externalId"), row, strict=True):
            if hit is not None:
                return name
        return None

    def seats_used(self, org_id: str) -> int:
        return int(self.conn.execute(_SEATS, {"org_id": org_id}).scalar_one())

    def ids_managed_by_scim(self, org_id: str) -> list[str]:
        return list(self.conn.execute(select(m.id).where(
            m.org_id == org_id, m.managed_by == ManagedBy.SCIM.value)).scalars())

    def set_state_bulk(
        self, org_id: str, member_ids: Sequence[str], *, state: MemberState | None,
        managed_by_manual: bool, at: datetime,
    ) -> None:
        values: dict[str, Any] = {"updated_at": at, "version": m.version + 1}
        if state is not None:
            values["state"] = state.value
        if managed_by_manual:
            values["managed_by"] = ManagedBy.MANUAL.value
        ids = list(member_ids)
        for start in range(0, len(ids), 500):
            self.conn.execute(update(members).where(
                m.org_id == org_id, m.id.in_(ids[start:start + 500])).values(values))

    def ids_with_idp_roles(self, org_id: str, values: Sequence[str]) -> list[str]:
        """Members whose SCIM roles carry any of ``values`` (case-insensitively)."""
        from provisor.domain.query import AnyOf, Attr, Compare, Op, Or
        if not values:
            return []
        where = AnyOf(Attr(("roles",)), Or(tuple(
            Compare(Attr(("value",)), Op.EQ, v) for v in values)))
        clause = Compiler(MEMBER_RESOURCE, self.conn.dialect.name).compile(where)
        return list(self.conn.execute(select(m.id).where(m.org_id == org_id, clause)).scalars())

    def find_listed(self, org_id: str, query: ListQuery) -> Page[Member]:
        """``find`` plus the dashboard attributes of ``provisor.domain.listing``."""
        from provisor.store.listing import find_listed
        return find_listed(self.conn, MEMBER_RESOURCE, org_id, query, from_row)

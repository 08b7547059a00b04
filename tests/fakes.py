"""In-memory fakes of the domain's ports (cosmicpython style): no I/O, honest rules.

``FakeStore`` is a unit-of-work factory over plain dicts. Entering a unit of
work copies the committed state; ``commit()`` publishes the copy; leaving
without commit drops it. Repositories hand out copies, so mutating an entity
without ``save`` changes nothing, as with the SQL store. Uniqueness that the
SQL schema enforces (userName, email, externalId, group names, slugs, token
prefixes) raises ``Conflict`` here too. The same contract suite
(``tests/contract``) runs against these fakes and the SQL store.

Concurrent units of work are not modelled: the last commit publishes its whole
copy (the SQLite store serializes writers; the use cases never overlap).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, ClassVar, Self, TypeVar

from provisor.domain import listing, ports
from provisor.domain.custom_attributes import CustomAttribute
from provisor.domain.deps import Deps
from provisor.domain.errors import Conflict, InvalidValue
from provisor.domain.event import ProvisioningEvent
from provisor.domain.group import Group, GroupMember
from provisor.domain.member import ManagedBy, Member, MemberState
from provisor.domain.observe import ObservedCall
from provisor.domain.org import EmailDomain, Organization
from provisor.domain.query import And, Compare, ListQuery, Op, Page
from provisor.domain.role import AccessLevel, GroupRoleMapping, Role, RoleMapping
from provisor.domain.token import Credential, CredentialKind


class UnsupportedByFake(Exception):
    """A query the in-memory fake does not model: the test needs the SQL store."""


@dataclass
class State:
    """Every table of the store, keyed as the SQL schema keys it."""

    orgs: dict[str, Organization] = field(default_factory=dict)
    domains: dict[tuple[str, str], EmailDomain] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    memberships: dict[tuple[str, str], str] = field(default_factory=dict)  # (group, member) → org
    roles: dict[tuple[str, str], Role] = field(default_factory=dict)
    role_mappings: dict[tuple[str, str], RoleMapping] = field(default_factory=dict)
    group_role_mappings: dict[tuple[str, str], GroupRoleMapping] = field(default_factory=dict)
    credentials: dict[str, Credential] = field(default_factory=dict)
    events: list[ProvisioningEvent] = field(default_factory=list)
    custom_attributes: list[CustomAttribute] = field(default_factory=list)
    # every membership row inserted (+) or deleted (-), to show deltas touch only those
    membership_writes: list[tuple[str, str, str]] = field(default_factory=list)


T = TypeVar("T")


def _copy(value: T) -> T:
    return copy.deepcopy(value)


class FakeOrgRepository:
    def __init__(self, state: State) -> None:
        self.s = state

    def get(self, org_id: str) -> Organization | None:
        return _copy(self.s.orgs.get(org_id))

    def get_by_slug(self, slug: str) -> Organization | None:
        return _copy(next((o for o in self.s.orgs.values() if o.slug == slug), None))

    def add(self, org: Organization) -> None:
        if org.id in self.s.orgs or self.get_by_slug(org.slug) is not None:
            raise Conflict("slug is already in use", field="slug")
        self.s.orgs[org.id] = _copy(org)

    def save(self, org: Organization) -> None:
        if org.id in self.s.orgs:
            self.s.orgs[org.id] = _copy(org)

    def domains(self, org_id: str) -> list[EmailDomain]:
        found = [d for (o, _), d in self.s.domains.items() if o == org_id]
        return _copy(sorted(found, key=lambda d: d.name))

    def save_domain(self, domain: EmailDomain) -> None:
        key = (domain.org_id, domain.name)
        old = self.s.domains.get(key)
        created = old.created_at if old is not None else domain.created_at
        self.s.domains[key] = replace(domain, created_at=created)

    def remove_domain(self, org_id: str, name: str) -> bool:
        return self.s.domains.pop((org_id, name), None) is not None


def _email_key(member: Member) -> str | None:
    email = member.email
    return email.lower() if email else None


class FakeMemberRepository:
    # path → (value of a member, case-exact?); RFC 7643 §4.1.1: userName ignores case,
    # externalId does not. The (URN, ...) paths are the dashboard's (domain.listing).
    FILTERABLE: ClassVar[dict[tuple[str, ...], tuple[Callable[[Member], object], bool]]] = {
        ("userName",): (lambda m: m.user_name, False),
        ("externalId",): (lambda m: m.external_id, True),
        ("id",): (lambda m: m.id, True),
        (listing.URN, "state"): (lambda m: m.state.value, True),
        (listing.URN, "managedBy"): (lambda m: m.managed_by.value, True),
        (listing.URN, "role"): (lambda m: m.role, True),
        (listing.URN, "roleSource"): (lambda m: m.role_source.value, True),
        (listing.URN, "email"): (lambda m: m.email, False),
    }

    def __init__(self, state: State) -> None:
        self.s = state

    def _of(self, org_id: str) -> Iterator[Member]:
        return (m for m in self.s.members.values() if m.org_id == org_id)

    def get(self, org_id: str, member_id: str) -> Member | None:
        found = self.s.members.get(member_id)
        return _copy(found) if found is not None and found.org_id == org_id else None

    def get_with_groups(self, org_id: str, member_id: str) -> tuple[Member, list[Group]] | None:
        member = self.get(org_id, member_id)
        if member is None:
            return None
        return member, FakeGroupRepository(self.s).groups_of(org_id, member_id)

    def get_many(self, org_id: str, member_ids: Iterable[str]) -> list[Member]:
        return [m for m in (self.get(org_id, i) for i in dict.fromkeys(member_ids)) if m]

    def existing_ids(self, org_id: str, member_ids: Iterable[str]) -> set[str]:
        return {m.id for m in self.get_many(org_id, member_ids)}

    def _check_unique(self, member: Member) -> None:
        taken = self.conflict(member.org_id, user_name=member.user_name, email=member.email,
                              external_id=member.external_id, exclude_id=member.id)
        if taken is not None:
            raise Conflict(f"{taken} is already in use in this organization", field=taken)

    def add(self, member: Member) -> None:
        if member.id in self.s.members:
            raise Conflict("the id is already in use")
        self._check_unique(member)
        self.s.members[member.id] = _copy(member)

    def save(self, member: Member) -> None:
        old = self.s.members.get(member.id)
        if old is None or old.org_id != member.org_id:
            return
        self._check_unique(member)
        self.s.members[member.id] = replace(_copy(member), created_at=old.created_at)

    def delete(self, org_id: str, member_id: str) -> None:
        if self.get(org_id, member_id) is None:
            return
        del self.s.members[member_id]
        for key in [k for k in self.s.memberships if k[1] == member_id]:
            del self.s.memberships[key]

    def find_with_groups(
        self, org_id: str, query: ListQuery,
    ) -> tuple[Page[Member], dict[str, list[Group]]]:
        page = self.find(org_id, query)
        ids = [m.id for m in page.items]
        return page, FakeGroupRepository(self.s).groups_of_many(org_id, ids)

    def find(self, org_id: str, query: ListQuery) -> Page[Member]:
        """Only ``eq`` on userName, externalId or id, offset pages, sorted by id."""
        if query.sort is not None or query.use_cursor:
            raise UnsupportedByFake("FakeMemberRepository.find: no sort or cursor paging")
        found = sorted(self._of(org_id), key=lambda m: m.id)
        if query.filter is not None:
            found = [m for m in found if self._matches(m, query.filter)]
        start = query.start_index - 1
        return Page(_copy(found[start:start + query.count]), len(found), start_index=start + 1)

    def find_listed(self, org_id: str, query: ListQuery) -> Page[Member]:
        """The dashboard listing: the fake supports what ``find`` supports."""
        return self.find(org_id, query)

    def _matches(self, member: Member, node: Any) -> bool:
        if isinstance(node, And):
            return all(self._matches(member, t) for t in node.terms)
        if not (isinstance(node, Compare) and node.op is Op.EQ
                and node.attr.path in self.FILTERABLE):
            raise UnsupportedByFake(
                "FakeMemberRepository.find supports only 'and' of 'eq' on "
                f"{sorted(self.FILTERABLE)}, not {node!r}")
        read, case_exact = self.FILTERABLE[node.attr.path]
        value = read(member)
        if value is None:
            return False
        if case_exact or node.attr.case_exact:
            return str(value) == str(node.value)
        return str(value).lower() == str(node.value).lower()

    def conflict(
        self, org_id: str, *, user_name: str, email: str | None, external_id: str | None,
        exclude_id: str | None = None,
    ) -> str | None:
        others = [m for m in self._of(org_id) if m.id != exclude_id]
        if any(m.user_name.lower() == user_name.lower() for m in others):
            return "userName"
        if email and any(_email_key(m) == email.lower() for m in others):
            return "email"
        if external_id and any(m.external_id == external_id for m in others):
            return "externalId"
        return None

    def seats_used(self, org_id: str) -> int:
        return sum(1 for m in self._of(org_id) if m.holds_seat)

    def ids_managed_by_scim(self, org_id: str) -> list[str]:
        return [m.id for m in self._of(org_id) if m.managed_by is ManagedBy.SCIM]

    def set_state_bulk(
        self, org_id: str, member_ids: Sequence[str], *, state: MemberState | None,
        managed_by_manual: bool, at: datetime,
    ) -> None:
        ids = set(member_ids)
        for member in self._of(org_id):
            if member.id in ids:
                member.state = state or member.state
                member.managed_by = ManagedBy.MANUAL if managed_by_manual else member.managed_by
                member.updated_at, member.version = at, member.version + 1

    def ids_with_idp_roles(self, org_id: str, values: Sequence[str]) -> list[str]:
        wanted = {v.lower() for v in values}
        return [m.id for m in self._of(org_id) if wanted & {r.lower() for r in m.idp_roles}]


class FakeGroupRepository:
    def __init__(self, state: State) -> None:
        self.s = state

    def get(self, org_id: str, group_id: str) -> Group | None:
        found = self.s.groups.get(group_id)
        return _copy(found) if found is not None and found.org_id == org_id else None

    def add(self, group: Group) -> None:
        if group.id in self.s.groups or self.name_taken(group.org_id, group.display_name):
            raise Conflict("displayName is already in use", field="displayName")
        self.s.groups[group.id] = _copy(group)

    def save(self, group: Group) -> None:
        old = self.s.groups.get(group.id)
        if old is None or old.org_id != group.org_id:
            return
        if self.name_taken(group.org_id, group.display_name, group.id):
            raise Conflict("displayName is already in use", field="displayName")
        self.s.groups[group.id] = replace(_copy(group), created_at=old.created_at)

    def delete(self, org_id: str, group_id: str) -> None:
        if self.get(org_id, group_id) is not None:
            self.remove_all_members(org_id, group_id)
            self.s.group_role_mappings.pop((org_id, group_id), None)  # ON DELETE CASCADE
            del self.s.groups[group_id]

    def find(self, org_id: str, query: ListQuery) -> Page[Group]:
        """Only unfiltered offset pages, sorted by id."""
        if query.filter is not None or query.sort is not None or query.use_cursor:
            raise UnsupportedByFake("FakeGroupRepository.find: no filter, sort or cursor")
        found = sorted((g for g in self.s.groups.values() if g.org_id == org_id),
                       key=lambda g: g.id)
        start = query.start_index - 1
        return Page(_copy(found[start:start + query.count]), len(found), start_index=start + 1)

    def name_taken(self, org_id: str, display_name: str, exclude_id: str | None = None) -> bool:
        return any(g.org_id == org_id and g.id != exclude_id
                   and g.display_name.lower() == display_name.lower()
                   for g in self.s.groups.values())

    def members(
        self, org_id: str, group_id: str, *, after: str | None = None, limit: int | None = None,
    ) -> list[GroupMember]:
        ids = sorted(i for i in self.member_ids(org_id, group_id) if after is None or i > after)
        return [self._entry(member_id) for member_id in ids[:limit]]

    def entries(self, org_id: str, member_ids: Iterable[str]) -> list[GroupMember]:
        return [self._entry(i) for i in sorted(set(member_ids))
                if i in self.s.members and self.s.members[i].org_id == org_id]

    def _entry(self, member_id: str) -> GroupMember:
        member = self.s.members[member_id]
        display = member.profile.get("displayName") or member.user_name
        return GroupMember(member_id, str(display), member.state is MemberState.INVITED)

    def member_count(self, org_id: str, group_id: str) -> int:
        return len(self.member_ids(org_id, group_id))

    def member_ids(self, org_id: str, group_id: str) -> set[str]:
        return {m for (g, m), o in self.s.memberships.items() if g == group_id and o == org_id}

    def add_members(self, org_id: str, group_id: str, member_ids: Iterable[str]) -> set[str]:
        added = set(member_ids) - self.member_ids(org_id, group_id)
        for member_id in sorted(added):
            self.s.memberships[(group_id, member_id)] = org_id
            self.s.membership_writes.append(("+", group_id, member_id))
        return added

    def insert_members(self, org_id: str, group_id: str, member_ids: Iterable[str]) -> None:
        ids = sorted(set(member_ids))
        if any(member_id not in self.s.members for member_id in ids):  # the foreign key
            raise InvalidValue("a member value no longer names a user of this organization",
                               field="members")
        for member_id in ids:
            if (group_id, member_id) in self.s.memberships:  # the database's primary key
                raise AssertionError(f"{member_id} is in {group_id} already")
            self.s.memberships[(group_id, member_id)] = org_id
            self.s.membership_writes.append(("+", group_id, member_id))

    def remove_members(self, org_id: str, group_id: str, member_ids: Iterable[str]) -> set[str]:
        removed = set(member_ids) & self.member_ids(org_id, group_id)
        for member_id in sorted(removed):
            del self.s.memberships[(group_id, member_id)]
            self.s.membership_writes.append(("-", group_id, member_id))
        return removed

    def remove_all_members(self, org_id: str, group_id: str) -> set[str]:
        return self.remove_members(org_id, group_id, self.member_ids(org_id, group_id))

    def member_counts(self, org_id: str, group_ids: Sequence[str]) -> dict[str, int]:
        return {g: self.member_count(org_id, g) for g in group_ids}

    def groups_of(self, org_id: str, member_id: str) -> list[Group]:
        return self.groups_of_many(org_id, [member_id]).get(member_id, [])

    def groups_of_many(self, org_id: str, member_ids: Sequence[str]) -> dict[str, list[Group]]:
        wanted, result = set(member_ids), dict[str, list[Group]]()
        for (group_id, member_id), org in sorted(self.s.memberships.items()):
            if org == org_id and member_id in wanted:
                result.setdefault(member_id, []).append(_copy(self.s.groups[group_id]))
        return {k: sorted(v, key=lambda g: g.display_name) for k, v in result.items()}


class FakeRoleRepository:
    def __init__(self, state: State) -> None:
        self.s = state

    def custom_roles(self, org_id: str) -> list[Role]:
        found = [r for (o, _), r in self.s.roles.items() if o == org_id]
        return sorted(found, key=lambda r: (-r.rank, r.name))

    def add_custom_role(self, org_id: str, role: Role) -> None:
        if (org_id, role.name) in self.s.roles:
            raise Conflict("a role with this name exists", field="name")
        self.s.roles[(org_id, role.name)] = replace(role, builtin=False)

    def delete_custom_role(self, org_id: str, name: str) -> bool:
        return self.s.roles.pop((org_id, name), None) is not None

    def role_mappings(self, org_id: str) -> list[RoleMapping]:
        return sorted((m for (o, _), m in self.s.role_mappings.items() if o == org_id),
                      key=lambda m: m.idp_value)

    def set_role_mapping(self, mapping: RoleMapping) -> None:
        self.s.role_mappings[(mapping.org_id, mapping.idp_value)] = mapping

    def remove_role_mapping(self, org_id: str, idp_value: str) -> bool:
        return self.s.role_mappings.pop((org_id, idp_value), None) is not None

    def group_role_mappings(self, org_id: str) -> list[GroupRoleMapping]:
        return sorted((m for (o, _), m in self.s.group_role_mappings.items() if o == org_id),
                      key=lambda m: m.group_id)

    def set_group_role_mapping(self, mapping: GroupRoleMapping) -> None:
        self.s.group_role_mappings[(mapping.org_id, mapping.group_id)] = mapping

    def remove_group_role_mapping(self, org_id: str, group_id: str) -> bool:
        return self.s.group_role_mappings.pop((org_id, group_id), None) is not None

    def _mappings_of(self, org_id: str, member_id: str) -> list[GroupRoleMapping]:
        return [m for m in self.group_role_mappings(org_id)
                if (m.group_id, member_id) in self.s.memberships]

    def mapped_group_roles(self, org_id: str, member_id: str) -> list[str]:
        return [m.role for m in self._mappings_of(org_id, member_id) if m.role]

    def workspace_grants(self, org_id: str, member_id: str) -> list[tuple[str, AccessLevel]]:
        return [(m.workspace, m.access) for m in self._mappings_of(org_id, member_id)
                if m.workspace and m.access]


    def workspace_grants_many(
        self, org_id: str, member_ids: Sequence[str],
    ) -> dict[str, list[tuple[str, str, str]]]:
        result: dict[str, list[tuple[str, str, str]]] = {}
        for member_id in member_ids:
            grants = sorted((m.workspace, m.access.value, m.group_id)
                            for m in self._mappings_of(org_id, member_id)
                            if m.workspace and m.access)
            if grants:
                result[member_id] = grants
        return result


class FakeCustomAttributeRepository:
    def __init__(self, state: State) -> None:
        self.s = state

    def list(self, org_id: str) -> list[CustomAttribute]:
        found = [a for a in self.s.custom_attributes if a.org_id == org_id]
        return sorted(found, key=lambda a: (a.created_at or datetime.min.replace(tzinfo=UTC),
                                            a.name.lower()))

    def add(self, attribute: CustomAttribute) -> None:
        if any(a.name.lower() == attribute.name.lower() for a in self.list(attribute.org_id)):
            raise Conflict("a custom attribute with this name exists", field="name")
        self.s.custom_attributes.append(attribute)

    def remove(self, org_id: str, name: str) -> bool:
        before = len(self.s.custom_attributes)
        self.s.custom_attributes = [a for a in self.s.custom_attributes if not (
            a.org_id == org_id and a.name.lower() == name.lower())]
        return len(self.s.custom_attributes) < before


class FakeCredentialRepository:
    def __init__(self, state: State) -> None:
        self.s = state

    def add(self, credential: Credential) -> None:
        if self.by_prefix(credential.prefix) is not None or credential.id in self.s.credentials:
            raise Conflict("prefix is already in use", field="prefix")
        self.s.credentials[credential.id] = _copy(credential)

    def get(self, credential_id: str) -> Credential | None:
        return _copy(self.s.credentials.get(credential_id))

    def get_with_org(self, credential_id: str) -> tuple[Credential, Organization] | None:
        found = self.s.credentials.get(credential_id)
        org = self.s.orgs.get(found.org_id) if found is not None else None
        if found is None or org is None:  # the SQL join finds no row either
            return None
        return _copy(found), _copy(org)

    def by_prefix(self, prefix: str) -> Credential | None:
        found = (c for c in self.s.credentials.values() if c.prefix == prefix)
        return _copy(next(found, None))

    def list(self, org_id: str, kind: CredentialKind) -> list[Credential]:
        found = [c for c in self.s.credentials.values() if c.org_id == org_id and c.kind is kind]
        return _copy(sorted(found, key=lambda c: (c.created_at, c.id)))

    def revoke(self, org_id: str, credential_id: str, at: datetime) -> bool:
        found = self.s.credentials.get(credential_id)
        if found is None or found.org_id != org_id or found.revoked_at is not None:
            return False
        found.revoked_at = at
        return True

    def revoke_all(self, org_id: str, kind: CredentialKind, at: datetime) -> int:
        return sum(self.revoke(org_id, c.id, at) for c in self.list(org_id, kind))

    def touch(self, credential_id: str, at: datetime) -> None:
        if credential_id in self.s.credentials:
            self.s.credentials[credential_id].last_used_at = at


class FakeEventRepository:
    def __init__(self, state: State) -> None:
        self.s = state

    def add(self, event: ProvisioningEvent) -> None:
        event.id = len(self.s.events) + 1
        self.s.events.append(_copy(event))

    def find(
        self, org_id: str, *, after_id: int | None = None, limit: int = 100,
        action: str | None = None, actor_id: str | None = None, target_id: str | None = None,
        outcome: str | None = None, since: datetime | None = None, until: datetime | None = None,
    ) -> list[ProvisioningEvent]:
        def keep(e: ProvisioningEvent) -> bool:
            return (e.org_id == org_id and (after_id is None or (e.id or 0) > after_id)
                    and action in (None, e.action) and actor_id in (None, e.actor.id)
                    and target_id in (None, e.target_id) and outcome in (None, e.outcome)
                    and (since is None or e.at >= since) and (until is None or e.at < until))
        return _copy([e for e in self.s.events if keep(e)][:limit])

    def last_id(self, org_id: str) -> int:
        return max((e.id or 0 for e in self.s.events if e.org_id == org_id), default=0)


class FakeUnitOfWork:
    """One transaction over a private copy of the store's committed state."""

    def __init__(self, store: FakeStore, *, write: bool) -> None:
        self.store, self.write = store, write

    def __enter__(self) -> Self:
        self.state = _copy(self.store.state)
        self.orgs: ports.OrgRepository = FakeOrgRepository(self.state)
        self.members: ports.MemberRepository = FakeMemberRepository(self.state)
        self.groups: ports.GroupRepository = FakeGroupRepository(self.state)
        self.roles: ports.RoleRepository = FakeRoleRepository(self.state)
        self.credentials: ports.CredentialRepository = FakeCredentialRepository(self.state)
        self.events: ports.EventRepository = FakeEventRepository(self.state)
        self.custom_attributes: ports.CustomAttributeRepository = (
            FakeCustomAttributeRepository(self.state))
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        if not self.write:
            raise RuntimeError("commit() in a read-only unit of work")
        self.store.state = _copy(self.state)
        self.store.commits += 1


class FakeStore:
    """The unit-of-work factory; ``state`` is what has been committed."""

    def __init__(self) -> None:
        self.state = State()
        self.commits = 0

    def __call__(self, *, write: bool = False) -> FakeUnitOfWork:
        return FakeUnitOfWork(self, write=write)


class FakeClock:
    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2025, 1, 6, 9, 0, 0, 123456, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


class FakeIds:
    """Sequential ids that sort in creation order, like the UUIDv7s of the real app."""

    def __init__(self, prefix: str = "id") -> None:
        self.prefix, self.n = prefix, 0

    def __call__(self) -> str:
        self.n += 1
        return f"{self.prefix}-{self.n:06d}"


class FakeHasher:
    """A cheap stand-in for Argon2 that counts its calls (SHA-256 with a tag)."""

    def __init__(self) -> None:
        self.hashes = 0
        self.verifies = 0

    def hash(self, secret: str) -> str:
        self.hashes += 1
        return "fake$" + hashlib.sha256(secret.encode()).hexdigest()

    def verify(self, secret_hash: str, secret: str) -> bool:
        self.verifies += 1
        return secret_hash == "fake$" + hashlib.sha256(secret.encode()).hexdigest()


class DictCredentialCache:
    def __init__(self) -> None:
        self.items: dict[str, str] = {}

    def get(self, digest: str) -> str | None:
        return self.items.get(digest)

    def put(self, digest: str, credential_id: str) -> None:
        self.items[digest] = credential_id

    def discard(self, digest: str) -> None:
        self.items.pop(digest, None)


@dataclass
class ObservedUseCase:
    name: str
    arguments: dict[str, object]
    results: list[object] = field(default_factory=list)
    error: BaseException | None = None

    def result(self, value: object) -> None:
        self.results.append(value)


@dataclass
class RecordingObserver:
    calls: list[ObservedUseCase] = field(default_factory=list)

    @contextmanager
    def __call__(self, name: str, arguments: Mapping[str, object]) -> Iterator[ObservedCall]:
        call = ObservedUseCase(name, dict(arguments))
        self.calls.append(call)
        try:
            yield call
        except BaseException as exc:
            call.error = exc
            raise


@dataclass
class FakeWorld:
    """Every fake wired into one ``Deps``, kept at hand for assertions."""

    store: FakeStore = field(default_factory=FakeStore)
    clock: FakeClock = field(default_factory=FakeClock)
    ids: FakeIds = field(default_factory=FakeIds)
    hasher: FakeHasher = field(default_factory=FakeHasher)
    cache: DictCredentialCache = field(default_factory=DictCredentialCache)
    observer: RecordingObserver = field(default_factory=RecordingObserver)

    @property
    def deps(self) -> Deps:
        return Deps(uow=self.store, clock=self.clock, new_id=self.ids, hasher=self.hasher,
                    credential_cache=self.cache, trace_id=lambda: "trace-1",
                    observer=self.observer)

    @property
    def events(self) -> list[ProvisioningEvent]:
        return self.store.state.events


__all__ = ["DictCredentialCache", "FakeClock", "FakeHasher", "FakeIds", "FakeStore",
           "FakeWorld", "RecordingObserver"]

"""The SQL unit of work: one connection, one transaction, the repositories on it."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine

from provisor.domain import ports
from provisor.store import member_counts
from provisor.store.credentials import SqlCredentialRepository
from provisor.store.custom_attributes import SqlCustomAttributeRepository
from provisor.store.engine import begin, finish, release_writer
from provisor.store.events import SqlEventRepository
from provisor.store.groups import SqlGroupRepository
from provisor.store.members import SqlMemberRepository
from provisor.store.orgs import SqlOrgRepository
from provisor.store.roles import SqlRoleRepository


class SqlUnitOfWork:
    conn: Connection

    def __init__(self, engine: Engine, *, write: bool) -> None:
        self.engine, self.write = engine, write

    def __enter__(self) -> Self:
        self.conn, self.tx = begin(self.engine, write=self.write)
        self.orgs: ports.OrgRepository = SqlOrgRepository(self.conn)
        self.members: ports.MemberRepository = SqlMemberRepository(self.conn)
        self.groups: ports.GroupRepository = SqlGroupRepository(self.conn)
        self.roles: ports.RoleRepository = SqlRoleRepository(self.conn)
        self.credentials: ports.CredentialRepository = SqlCredentialRepository(self.conn)
        self.events: ports.EventRepository = SqlEventRepository(self.conn)
        self.custom_attributes: ports.CustomAttributeRepository = (
            SqlCustomAttributeRepository(self.conn))
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self.tx is None:
                if self.conn.in_transaction():  # begun by a statement through SQLAlchemy
                    self.conn.rollback()
            elif self.tx.is_active:
                self.tx.rollback()
        finally:
            member_counts.forget(self.conn)
            finish(self.engine, self.conn, write=self.write)
            if self.write:
                release_writer(self.engine)

    def commit(self) -> None:
        member_counts.flush(self.conn)  # last: see provisor.store.member_counts
        if self.tx is None:
            self.conn.commit()  # a read's: whatever a statement began, if anything
        else:
            self.tx.commit()


class SqlUnitOfWorkFactory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self, *, write: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, write=write)

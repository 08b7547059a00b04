"""SCIM tokens and management keys: Argon2 hashes and metadata, never secrets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from provisor.domain.org import Organization
from provisor.domain.token import Credential, CredentialKind
from provisor.store._util import by_value, columns_in_order, must_utc, utc
from provisor.store.hot import Hot
from provisor.store.orgs import from_row as org_from_row
from provisor.store.tables import credentials, organizations

c = credentials.c

# Rows are unpacked by position (see provisor.store.members.from_row): the
# joined read below splits its row at ``_WIDTH``, so the column order is
# checked at import and a change of the table fails there.
_COLUMNS = ("id", "org_id", "kind", "name", "prefix", "secret_hash", "last_four",
            "created_at", "expires_at", "revoked_at", "last_used_at", "member_id")
_WIDTH = len(columns_in_order(credentials, _COLUMNS, "credentials._from_row"))
_KIND = by_value(CredentialKind)


def _from_row(row: Any) -> Credential:
    (id_, org_id, kind, name, prefix, secret_hash, last_four, created_at, expires_at,
     revoked_at, last_used_at, member_id) = row
    return Credential(
        id=id_, org_id=org_id, kind=_KIND(kind), name=name,
        prefix=prefix, secret_hash=secret_hash, last_four=last_four,
        created_at=must_utc(created_at), expires_at=utc(expires_at),
        revoked_at=utc(revoked_at), last_used_at=utc(last_used_at), member_id=member_id,
    )


# Built once (see provisor.store.members): authentication runs ``_GET_WITH_ORG``
# on every request, so a cached token costs one indexed read, credential and
# org together, instead of two.
_GET = select(credentials).where(c.id == bindparam("credential_id"))
_BY_PREFIX = select(credentials).where(c.prefix == bindparam("prefix"))
_GET_WITH_ORG = Hot(
    select(credentials, organizations)
    .join_from(credentials, organizations, c.org_id == organizations.c.id)
    .where(c.id == bindparam("credential_id"))
)


class SqlCredentialRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, credential: Credential) -> None:
        self.conn.execute(insert(credentials).values(
            id=credential.id, org_id=credential.org_id, kind=credential.kind.value,
            name=credential.name, prefix=credential.prefix, secret_hash=credential.secret_hash,
            last_four=credential.last_four, created_at=utc(credential.created_at),
            expires_at=utc(credential.expires_at), revoked_at=utc(credential.revoked_at),
            last_used_at=utc(credential.last_used_at), member_id=credential.member_id,
        ))

    def get(self, credential_id: str) -> Credential | None:
        row = self.conn.execute(_GET, {"credential_id": credential_id}).first()
        return _from_row(row) if row else None

    def get_with_org(self, credential_id: str) -> tuple[Credential, Organization] | None:
        row = _GET_WITH_ORG.first(self.conn, {"credential_id": credential_id})
        if row is None:
            return None
        return _from_row(row[:_WIDTH]), org_from_row(row[_WIDTH:])

    def by_prefix(self, prefix: str) -> Credential | None:
        row = self.conn.execute(_BY_PREFIX, {"prefix": prefix}).first()
        return _from_row(row) if row else None

    def list(self, org_id: str, kind: CredentialKind) -> list[Credential]:
        rows = self.conn.execute(select(credentials).where(
            c.org_id == org_id, c.kind == kind.value).order_by(c.created_at, c.id))
        return [_from_row(r) for r in rows]

    def revoke(self, org_id: str, credential_id: str, at: datetime) -> bool:
        return self.conn.execute(update(credentials).where(
            c.id == credential_id, c.org_id == org_id, c.revoked_at.is_(None),
        ).values(revoked_at=utc(at))).rowcount > 0

    def revoke_all(self, org_id: str, kind: CredentialKind, at: datetime) -> int:
        return int(self.conn.execute(update(credentials).where(
            c.org_id == org_id, c.kind == kind.value, c.revoked_at.is_(None),
        ).values(revoked_at=utc(at))).rowcount)

    def touch(self, credential_id: str, at: datetime) -> None:
        self.conn.execute(update(credentials).where(c.id == credential_id)
                          .values(last_used_at=utc(at)))

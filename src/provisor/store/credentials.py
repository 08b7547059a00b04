"""SCIM tokens and management keys: Argon2 hashes and metadata, never secrets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from provisor.domain.token import Credential, CredentialKind
from provisor.store._util import must_utc, utc
from provisor.store.tables import credentials

c = credentials.c
# built once: read on every authenticated request (see provisor.store.members)
_GET = select(credentials).where(c.id == bindparam("credential_id"))


def _from_row(row: Any) -> Credential:
    return Credential(
        id=row.id, org_id=row.org_id, kind=CredentialKind(row.kind), name=row.name,
        prefix=row.prefix, secret_hash=row.secret_hash, last_four=row.last_four,
        created_at=must_utc(row.created_at), expires_at=utc(row.expires_at),
        revoked_at=utc(row.revoked_at), last_used_at=utc(row.last_used_at),
        member_id=row.member_id,
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

    def by_prefix(self, prefix: str) -> Credential | None:
        row = self.conn.execute(select(credentials).where(c.prefix == prefix)).first()
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

"""Credentials: SCIM bearer tokens and management API keys.

A credential is ``<kind>_<prefix>_<secret>``. The prefix is a short,
non-secret lookup key stored in clear; the whole value is stored only as an
Argon2id hash and shown once, at creation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

LAST_USED_GRANULARITY = timedelta(minutes=1)


class CredentialKind(StrEnum):
    SCIM_TOKEN = "scim"
    MANAGEMENT_KEY = "mgmt"


@dataclass(slots=True)
class Credential:
    id: str
    org_id: str
    kind: CredentialKind
    name: str
    prefix: str
    secret_hash: str
    last_four: str
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    member_id: str | None = None  # management keys act as this Owner/Admin

    def usable_at(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def needs_last_used_write(self, now: datetime) -> bool:
        """last-used is written at most once a minute, never on every request."""
        last = self.last_used_at
        return last is None or now - last >= LAST_USED_GRANULARITY


@dataclass(frozen=True, slots=True)
class IssuedCredential:
    """What creation returns: the record and the secret, shown this once."""

    credential: Credential
    secret: str


def split_secret(secret: str) -> tuple[str, str] | None:
    """``(kind, prefix)`` of a presented credential, or None if it is malformed."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] not in {k.value for k in CredentialKind}:
        return None
    if len(parts[1]) != 8 or not parts[2]:
        return None
    return parts[0], parts[1]

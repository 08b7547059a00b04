"""Issue, revoke and authenticate SCIM tokens and management keys.

Authentication runs Argon2 once per secret and process: afterwards the
SHA-256 of the secret maps to the credential id in a cache, and every request
still reads the credential row, joined with its org (one indexed read by
primary key), to confirm it is neither revoked nor expired, so a revocation
made through any process is refused on the very next request to every process.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from provisor.domain.deps import Deps
from provisor.domain.errors import InvalidValue, NotFound, Unauthorized
from provisor.domain.event import Actor
from provisor.domain.observe import use_case
from provisor.domain.org import Organization
from provisor.domain.ports import UnitOfWork
from provisor.domain.token import Credential, CredentialKind, IssuedCredential, split_secret
from provisor.domain.usecases._policy import load_org

_dummy_hashes: dict[int, str] = {}


@use_case("credential.issue")
def issue_credential(
    deps: Deps, *, org_id: str, actor: Actor, kind: CredentialKind, name: str,
    expires_at: datetime | None = None, member_id: str | None = None,
) -> IssuedCredential:
    """Generate a secret, store only its Argon2id hash, and return it this once."""
    name = name.strip() or ("SCIM token" if kind is CredentialKind.SCIM_TOKEN else "API key")
    now = deps.clock()
    if expires_at is not None and expires_at <= now:
        raise InvalidValue("expiry must be in the future", field="expiresAt")
    prefix = secrets.token_hex(4)
    secret = f"{kind.value}_{prefix}_{secrets.token_urlsafe(32)}"
    credential = Credential(
        id=deps.new_id(), org_id=org_id, kind=kind, name=name[:200], prefix=prefix,
        secret_hash=deps.hasher.hash(secret), last_four=secret[-4:], created_at=now,
        expires_at=expires_at, member_id=member_id,
    )
    with deps.uow(write=True) as uow:
        load_org(uow, org_id)
        uow.credentials.add(credential)
        deps.record(uow, org_id=org_id, actor=actor, action=f"{kind.value}_credential.issued",
                    target_type="credential", target_id=credential.id)
        uow.commit()
    return IssuedCredential(credential, secret)


@use_case("credential.revoke")
def revoke_credential(
    deps: Deps, *, org_id: str, actor: Actor, credential_id: str, kind: CredentialKind,
) -> None:
    with deps.uow(write=True) as uow:
        found = uow.credentials.get(credential_id)
        if found is None or found.org_id != org_id or found.kind is not kind:
            raise NotFound("credential not found")
        uow.credentials.revoke(org_id, credential_id, deps.clock())
        deps.record(uow, org_id=org_id, actor=actor, action=f"{kind.value}_credential.revoked",
                    target_type="credential", target_id=credential_id)
        uow.commit()


@use_case("credential.authenticate")
def authenticate(
    deps: Deps, *, secret: str, kind: CredentialKind, org_slug: str | None = None,
) -> tuple[Organization, Credential]:
    """The org and credential a bearer secret stands for, or Unauthorized.

    With ``org_slug`` the credential must belong to that org: a token works
    only on its own org's URL.
    """
    digest = _digest(secret)
    now = deps.clock()
    with deps.uow() as uow:
        credential_id = deps.credential_cache.get(digest) or _verify(deps, uow, secret, digest)
        # the hot path's only statement: credential and org in one indexed read
        found = uow.credentials.get_with_org(credential_id) if credential_id else None
    if found is None or found[0].kind is not kind or not found[0].usable_at(now):
        deps.credential_cache.discard(digest)
        raise Unauthorized("the credential is invalid, revoked or expired")
    credential, org = found
    if org_slug is not None and org.slug != org_slug:
        raise Unauthorized("the credential is invalid, revoked or expired")
    if credential.needs_last_used_write(now):
        with deps.uow(write=True) as w:
            w.credentials.touch(credential.id, now)
            w.commit()
        credential.last_used_at = now
    return org, credential


def is_verified(deps: Deps, secret: str) -> bool:
    """Whether this process verified ``secret`` already, so that ``authenticate``
    costs one indexed read and no Argon2: an async caller may then run it on the
    event loop, and must run it off the loop otherwise (Argon2 takes tens of
    milliseconds, and a stream of bad tokens would stall every other request)."""
    return deps.credential_cache.get(_digest(secret)) is not None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _verify(deps: Deps, uow: UnitOfWork, secret: str, digest: str) -> str | None:
    """The id a secret verifies to, caching it; one Argon2 verify whether or not
    the prefix exists, so timing tells nothing."""
    parsed = split_secret(secret)
    found = uow.credentials.by_prefix(parsed[1]) if parsed else None
    target = found.secret_hash if found is not None else _dummy_hash(deps)
    if not deps.hasher.verify(target, secret) or found is None:
        return None
    deps.credential_cache.put(digest, found.id)
    return found.id


def _dummy_hash(deps: Deps) -> str:
    key = id(deps.hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = deps.hasher.hash(secrets.token_urlsafe(32))
    return _dummy_hashes[key]

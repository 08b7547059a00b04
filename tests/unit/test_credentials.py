"""SCIM tokens and management keys: shown once, stored hashed, Argon2 once per
secret, revocation and expiry checked on every request, last-used written at
most once a minute."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple, replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from provisor.domain.deps import Deps
from provisor.domain.errors import InvalidValue, NotFound, Unauthorized
from provisor.domain.token import Credential, CredentialKind, IssuedCredential
from provisor.domain.usecases.credentials import (
    authenticate,
    is_verified,
    issue_credential,
    revoke_credential,
)
from tests.fakes import (
    FakeCredentialRepository,
    FakeMemberRepository,
    FakeOrgRepository,
    FakeUnitOfWork,
    FakeWorld,
)
from tests.unit.helpers import ADMIN, ready_org

SCIM = CredentialKind.SCIM_TOKEN


def issue(deps: Deps, org_id: str, kind: CredentialKind = SCIM,
          expires_at: datetime | None = None) -> IssuedCredential:
    return issue_credential(deps, org_id=org_id, actor=ADMIN, kind=kind, name="IdP",
                            expires_at=expires_at)


def stored(world: FakeWorld, credential_id: str) -> Credential:
    with world.store() as uow:
        found = uow.credentials.get(credential_id)
    assert found is not None
    return found


def test_issuing_returns_the_secret_once_and_stores_only_its_hash(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    issued = issue(deps, org_id)
    kind, prefix, _ = issued.secret.split("_", 2)
    record = stored(world, issued.credential.id)
    assert (kind, prefix, record.prefix) == ("scim", record.prefix, prefix)
    assert record.secret_hash == world.hasher.hash(issued.secret)
    assert issued.secret not in repr(world.store.state)
    assert all(issued.secret not in str(v) for v in astuple(record))
    assert world.events[-1].action == "scim_credential.issued"


def test_a_valid_secret_authenticates_to_its_org(world: FakeWorld, deps: Deps,
                                                 org_id: str) -> None:
    issued = issue(deps, org_id)
    org, credential = authenticate(deps, secret=issued.secret, kind=SCIM, org_slug="acme")
    assert (org.id, credential.id) == (org_id, issued.credential.id)


def _wrong_secret(issued: IssuedCredential) -> str:
    last = issued.secret[-1]
    return issued.secret[:-1] + ("A" if last != "A" else "B")


@pytest.mark.parametrize("case", ["wrong secret", "revoked", "expired", "wrong kind",
                                  "wrong org", "malformed", "unknown prefix"])
def test_every_bad_credential_is_unauthorized(world: FakeWorld, deps: Deps, org_id: str,
                                              case: str) -> None:
    ready_org(world, slug="other")
    issued = issue(deps, org_id, expires_at=world.clock() + timedelta(hours=1))
    secret, kind, slug = issued.secret, SCIM, "acme"
    if case == "wrong secret":
        secret = _wrong_secret(issued)
    elif case == "revoked":
        revoke_credential(deps, org_id=org_id, actor=ADMIN, credential_id=issued.credential.id,
                          kind=SCIM)
    elif case == "expired":
        world.clock.advance(hours=1)
    elif case == "wrong kind":
        kind = CredentialKind.MANAGEMENT_KEY
    elif case == "wrong org":
        slug = "other"
    elif case == "malformed":
        secret = "Bearer nonsense"
    else:
        secret = "scim_00000000_" + issued.secret.split("_", 2)[2]
    with pytest.raises(Unauthorized):
        authenticate(deps, secret=secret, kind=kind, org_slug=slug)


def test_argon2_runs_once_per_secret_and_then_the_cache_answers(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    first, second = issue(deps, org_id), issue(deps, org_id)
    for _ in range(3):
        authenticate(deps, secret=first.secret, kind=SCIM)
        authenticate(deps, secret=second.secret, kind=SCIM)
    assert world.hasher.verifies == 2
    assert sorted(world.cache.items.values()) == sorted(
        [first.credential.id, second.credential.id])


def test_a_secret_counts_as_verified_only_after_it_authenticated(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    issued = issue(deps, org_id)
    assert not is_verified(deps, issued.secret)
    authenticate(deps, secret=issued.secret, kind=SCIM)
    assert is_verified(deps, issued.secret)
    with pytest.raises(Unauthorized):
        authenticate(deps, secret=issued.secret + "x", kind=SCIM)
    assert not is_verified(deps, issued.secret + "x"), "a wrong secret is never cached"
    revoke_credential(deps, org_id=org_id, actor=ADMIN, credential_id=issued.credential.id,
                      kind=SCIM)
    with pytest.raises(Unauthorized):
        authenticate(deps, secret=issued.secret, kind=SCIM)
    assert not is_verified(deps, issued.secret), "a refused secret leaves the cache"


@pytest.mark.parametrize("secret", ["scim_0badc0de_not-a-real-secret", "garbage"])
def test_an_unknown_or_malformed_secret_costs_exactly_one_verify(
    world: FakeWorld, deps: Deps, org_id: str, secret: str,
) -> None:
    issue(deps, org_id)
    with pytest.raises(Unauthorized):
        authenticate(deps, secret=secret, kind=SCIM)
    assert world.hasher.verifies == 1
    assert world.cache.items == {}


def test_revocation_is_seen_on_the_next_request_even_with_a_cached_secret(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    issued = issue(deps, org_id)
    authenticate(deps, secret=issued.secret, kind=SCIM)
    revoke_credential(deps, org_id=org_id, actor=ADMIN, credential_id=issued.credential.id,
                      kind=SCIM)
    with pytest.raises(Unauthorized):
        authenticate(deps, secret=issued.secret, kind=SCIM)
    assert world.cache.items == {}
    assert world.hasher.verifies == 1


def _recorded(method: Callable[..., Any], name: str, calls: list[str]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return method(*args, **kwargs)
    return call


def test_a_cached_secret_is_confirmed_by_one_read_of_credential_and_org(
    world: FakeWorld, deps: Deps, org_id: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    issued = issue(deps, org_id)
    authenticate(deps, secret=issued.secret, kind=SCIM, org_slug="acme")  # verifies, caches
    calls: list[str] = []
    for cls in (FakeCredentialRepository, FakeOrgRepository, FakeMemberRepository):
        for name in [n for n in vars(cls) if not n.startswith("_")]:
            monkeypatch.setattr(cls, name,
                                _recorded(getattr(cls, name), f"{cls.__name__}.{name}", calls))
    monkeypatch.setattr(FakeUnitOfWork, "__enter__",
                        _recorded(FakeUnitOfWork.__enter__, "unit of work", calls))
    org, credential = authenticate(deps, secret=issued.secret, kind=SCIM, org_slug="acme")
    assert (org.id, credential.id) == (org_id, issued.credential.id)
    assert calls == ["unit of work", "FakeCredentialRepository.get_with_org"]


def test_the_slug_binding_follows_the_org_as_stored_now(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    issued = issue(deps, org_id)
    authenticate(deps, secret=issued.secret, kind=SCIM, org_slug="acme")
    with world.store(write=True) as uow:
        org = uow.orgs.get(org_id)
        assert org is not None
        uow.orgs.save(replace(org, slug="acme-renamed"))
        uow.commit()
    with pytest.raises(Unauthorized):
        authenticate(deps, secret=issued.secret, kind=SCIM, org_slug="acme")
    org, _ = authenticate(deps, secret=issued.secret, kind=SCIM, org_slug="acme-renamed")
    assert org.slug == "acme-renamed"
    assert world.hasher.verifies == 1


def test_last_used_is_written_at_most_once_a_minute(world: FakeWorld, deps: Deps,
                                                    org_id: str) -> None:
    issued = issue(deps, org_id)
    first = world.clock()
    authenticate(deps, secret=issued.secret, kind=SCIM)
    commits = world.store.commits
    world.clock.advance(seconds=59)
    authenticate(deps, secret=issued.secret, kind=SCIM)
    assert stored(world, issued.credential.id).last_used_at == first
    assert world.store.commits == commits
    later = world.clock.advance(seconds=1)
    authenticate(deps, secret=issued.secret, kind=SCIM)
    assert stored(world, issued.credential.id).last_used_at == later


def test_an_expiry_in_the_past_is_refused(world: FakeWorld, deps: Deps, org_id: str) -> None:
    with pytest.raises(InvalidValue):
        issue(deps, org_id, expires_at=world.clock())


def test_credentials_of_another_org_or_kind_cannot_be_revoked(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    other = ready_org(world, slug="other")
    theirs = issue(deps, other.id)
    with pytest.raises(NotFound):
        revoke_credential(deps, org_id=org_id, actor=ADMIN, credential_id=theirs.credential.id,
                          kind=SCIM)
    with pytest.raises(NotFound):
        revoke_credential(deps, org_id=other.id, actor=ADMIN,
                          credential_id=theirs.credential.id, kind=CredentialKind.MANAGEMENT_KEY)
    assert stored(world, theirs.credential.id).revoked_at is None
    with pytest.raises(NotFound):
        issue(deps, "no-such-org")

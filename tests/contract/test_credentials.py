"""CredentialRepository contract: lookup by prefix, with its org, listing, revocation, last use."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from provisor.domain.org import OrgSettings, ProvisioningMethod
from provisor.domain.ports import UnitOfWorkFactory
from provisor.domain.token import Credential, CredentialKind
from tests.contract.backends import every_store
from tests.contract.builders import T0, add_org, at, new_id

pytestmark = every_store
SCIM, MGMT = CredentialKind.SCIM_TOKEN, CredentialKind.MANAGEMENT_KEY


def credential(org_id: str, kind: CredentialKind = SCIM, minutes: float = 0) -> Credential:
    return Credential(id=new_id(), org_id=org_id, kind=kind, name="Okta",
                      prefix=secrets.token_hex(4),
                      secret_hash="$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA",
                      last_four="abcd", created_at=at(minutes))


def add(store: UnitOfWorkFactory, *items: Credential) -> list[Credential]:
    with store(write=True) as uow:
        for item in items:
            uow.credentials.add(item)
        uow.commit()
    return list(items)


def test_a_credential_reads_back_equal_by_id_and_by_prefix(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    (key,) = add(store, replace(credential(o.id, MGMT), expires_at=at(60), member_id=new_id(),
                                last_used_at=at(1)))
    with store() as uow:
        assert uow.credentials.get(key.id) == key
        assert uow.credentials.by_prefix(key.prefix) == key
        assert uow.credentials.get("missing") is None
        assert uow.credentials.by_prefix("00000000") is None


def test_a_credential_reads_back_with_its_org_in_one_read(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    bare = add_org(store, idp=None, default_role=None, sso=None, seat_limit=None)
    key, token = add(store, replace(credential(o.id, MGMT), expires_at=at(60),
                                    member_id=new_id(), last_used_at=at(1)),
                     credential(bare.id))
    with store() as uow:
        assert uow.credentials.get_with_org(key.id) == (key, o)
        assert uow.credentials.get_with_org(token.id) == (token, bare)
        assert uow.credentials.get_with_org("missing") is None


def test_the_joined_read_sees_revocation_and_org_changes_committed_since(
    store: UnitOfWorkFactory,
) -> None:
    o = add_org(store)
    (token,) = add(store, credential(o.id))
    with store() as uow:
        assert uow.credentials.get_with_org(token.id) == (token, o)
    changed = replace(o, slug=f"{o.slug}-renamed", settings=OrgSettings(
        provisioning=ProvisioningMethod.NONE, seat_limit=None))
    with store(write=True) as uow:
        uow.credentials.revoke(o.id, token.id, at(3))
        uow.orgs.save(changed)
        uow.commit()
    with store() as uow:
        assert uow.credentials.get_with_org(token.id) == (replace(token, revoked_at=at(3)),
                                                          changed)


def test_credentials_are_listed_per_org_and_kind_in_creation_order(
    store: UnitOfWorkFactory,
) -> None:
    o, other = add_org(store), add_org(store)
    later, earlier, key, _ = add(store, credential(o.id, minutes=2), credential(o.id),
                                 credential(o.id, MGMT), credential(other.id))
    with store() as uow:
        assert uow.credentials.list(o.id, SCIM) == [earlier, later]
        assert uow.credentials.list(o.id, MGMT) == [key]


def test_revoke_marks_a_credential_once_and_only_in_its_org(store: UnitOfWorkFactory) -> None:
    o, other = add_org(store), add_org(store)
    (token,) = add(store, credential(o.id))
    with store(write=True) as uow:
        assert uow.credentials.revoke(other.id, token.id, at(1)) is False
        assert uow.credentials.revoke(o.id, token.id, at(2)) is True
        assert uow.credentials.revoke(o.id, token.id, at(3)) is False
        uow.commit()
    with store() as uow:
        assert uow.credentials.get(token.id) == replace(token, revoked_at=at(2))


def test_revoke_all_revokes_the_orgs_live_credentials_of_one_kind(
    store: UnitOfWorkFactory,
) -> None:
    o, other = add_org(store), add_org(store)
    a, b, gone, key, theirs = add(store, credential(o.id), credential(o.id),
                                  replace(credential(o.id), revoked_at=T0),
                                  credential(o.id, MGMT), credential(other.id))
    with store(write=True) as uow:
        assert uow.credentials.revoke_all(o.id, SCIM, at(5)) == 2
        uow.commit()
    with store() as uow:
        assert [uow.credentials.get(c.id) for c in (a, b, gone, key, theirs)] == [
            replace(a, revoked_at=at(5)), replace(b, revoked_at=at(5)), gone, key, theirs]


def test_touch_records_the_last_use(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    (token,) = add(store, credential(o.id))
    with store(write=True) as uow:
        uow.credentials.touch(token.id, at(7))
        uow.commit()
    with store() as uow:
        assert uow.credentials.get(token.id) == replace(token, last_used_at=at(7))


def test_an_expiry_given_with_an_utc_offset_reads_back_as_the_same_instant(
    store: UnitOfWorkFactory,
) -> None:
    o = add_org(store)
    expires = datetime(2025, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=-7)))
    (token,) = add(store, replace(credential(o.id), expires_at=expires))
    with store() as uow:
        found = uow.credentials.get(token.id)
    assert found is not None and found.expires_at == expires

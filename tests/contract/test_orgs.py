"""OrgRepository contract: organizations and their email domains."""

from __future__ import annotations

from dataclasses import replace

import pytest

from provisor.domain.errors import Conflict
from provisor.domain.org import EmailDomain, IdentityProvider, OrgSettings, ProvisioningMethod
from provisor.domain.ports import UnitOfWorkFactory
from tests.contract.backends import every_store
from tests.contract.builders import T0, add_org, at, org

pytestmark = every_store


def test_an_org_reads_back_equal_by_id_and_by_slug(store: UnitOfWorkFactory) -> None:
    created = add_org(store)
    bare = add_org(store, idp=None, default_role=None, sso=None, seat_limit=None)
    with store() as uow:
        assert uow.orgs.get(created.id) == created
        assert uow.orgs.get_by_slug(created.slug) == created
        assert uow.orgs.get(bare.id) == bare
        assert uow.orgs.get("missing") is None and uow.orgs.get_by_slug("missing") is None


def test_saving_an_org_replaces_its_name_and_settings(store: UnitOfWorkFactory) -> None:
    created = add_org(store)
    changed = replace(created, name="Renamed", settings=OrgSettings(
        idp=IdentityProvider.OKTA, provisioning=ProvisioningMethod.NONE, seat_limit=None))
    with store(write=True) as uow:
        uow.orgs.save(changed)
        uow.commit()
    with store() as uow:
        assert uow.orgs.get(created.id) == changed


def test_a_taken_slug_is_a_conflict(store: UnitOfWorkFactory) -> None:
    created = add_org(store)
    with pytest.raises(Conflict), store(write=True) as uow:
        uow.orgs.add(replace(org(), slug=created.slug))


def test_domains_are_upserted_listed_by_name_and_removed(store: UnitOfWorkFactory) -> None:
    mine, theirs = add_org(store), add_org(store)
    with store(write=True) as uow:
        for name in ("zeta.test", "acme.test"):
            uow.orgs.save_domain(EmailDomain(mine.id, name, f"token-{name}", False, T0))
        uow.orgs.save_domain(EmailDomain(theirs.id, "acme.test", "theirs", True, T0))
        uow.commit()
    with store(write=True) as uow:
        uow.orgs.save_domain(EmailDomain(mine.id, "acme.test", "token-2", True, at(5)))
        uow.commit()
    with store() as uow:
        assert uow.orgs.domains(mine.id) == [
            EmailDomain(mine.id, "acme.test", "token-2", True, T0),
            EmailDomain(mine.id, "zeta.test", "token-zeta.test", False, T0),
        ]
    with store(write=True) as uow:
        assert uow.orgs.remove_domain(mine.id, "zeta.test") is True
        assert uow.orgs.remove_domain(mine.id, "zeta.test") is False
        assert uow.orgs.remove_domain(mine.id, "nowhere.test") is False
        uow.commit()
    with store() as uow:
        assert [d.name for d in uow.orgs.domains(mine.id)] == ["acme.test"]
        assert uow.orgs.domains(theirs.id) == [
            EmailDomain(theirs.id, "acme.test", "theirs", True, T0)]

"""Enabling SCIM: the readiness checklist names every missing prerequisite."""

from __future__ import annotations

import pytest

from provisor.domain.deps import Deps
from provisor.domain.errors import ScimNotReady
from provisor.domain.org import (
    IdentityProvider,
    ProvisioningMethod,
    SsoConnection,
    SsoProtocol,
    SsoStatus,
)
from provisor.domain.usecases.set_scim import enable_scim
from tests.fakes import FakeWorld
from tests.unit.helpers import ADMIN, actions, seed_org


def test_enabling_scim_on_a_fresh_org_names_every_missing_prerequisite(
    world: FakeWorld, deps: Deps,
) -> None:
    org = seed_org(world)
    with pytest.raises(ScimNotReady) as refused:
        enable_scim(deps, org_id=org.id, actor=ADMIN)
    assert refused.value.missing == ("sso_active", "default_role", "identity_provider")
    assert "sso_active, default_role, identity_provider" in refused.value.detail
    assert actions(world) == []


def test_an_inactive_sso_connection_is_still_a_missing_prerequisite(
    world: FakeWorld, deps: Deps,
) -> None:
    org = seed_org(world, idp=IdentityProvider.OKTA, default_role="member",
                   sso=SsoConnection(SsoProtocol.SAML, "https://idp", SsoStatus.INACTIVE))
    with pytest.raises(ScimNotReady) as refused:
        enable_scim(deps, org_id=org.id, actor=ADMIN)
    assert refused.value.missing == ("sso_active",)


def test_only_the_items_still_missing_are_named(world: FakeWorld, deps: Deps) -> None:
    org = seed_org(world, idp=IdentityProvider.ENTRA,
                   sso=SsoConnection(SsoProtocol.OIDC, "https://idp", SsoStatus.ACTIVE))
    with pytest.raises(ScimNotReady) as refused:
        enable_scim(deps, org_id=org.id, actor=ADMIN)
    assert refused.value.missing == ("default_role",)


def test_a_ready_org_enables_scim_and_records_one_event(world: FakeWorld, deps: Deps) -> None:
    org = seed_org(world, idp=IdentityProvider.OKTA, default_role="member",
                   sso=SsoConnection(SsoProtocol.OIDC, "https://idp", SsoStatus.ACTIVE))
    enabled = enable_scim(deps, org_id=org.id, actor=ADMIN)
    assert enabled.settings.provisioning is ProvisioningMethod.SCIM
    with world.store() as uow:
        stored = uow.orgs.get(org.id)
    assert stored is not None and stored.scim_enabled
    enable_scim(deps, org_id=org.id, actor=ADMIN)
    assert actions(world) == ["scim.enabled"]

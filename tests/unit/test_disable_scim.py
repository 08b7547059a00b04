"""Disabling SCIM: SOFT hands members over to manual management, LOCK deactivates
them; both revoke every SCIM token of the org at once (and nothing else)."""

from __future__ import annotations

import pytest

from provisor.domain.deps import Deps
from provisor.domain.errors import Unauthorized
from provisor.domain.member import ManagedBy, MemberState
from provisor.domain.org import DisableMode, ProvisioningMethod
from provisor.domain.token import CredentialKind
from provisor.domain.usecases.create_member import create_member
from provisor.domain.usecases.credentials import authenticate, issue_credential
from provisor.domain.usecases.set_scim import disable_scim
from tests.fakes import FakeWorld
from tests.unit.helpers import ADMIN, IDP, draft, ready_org, stored_member


def _members(deps: Deps, org_id: str) -> dict[str, str]:
    active = create_member(deps, org_id=org_id, actor=IDP, draft=draft("active@acme.test"))
    manual = create_member(deps, org_id=org_id, actor=ADMIN, draft=draft("manual@acme.test"),
                           managed_by=ManagedBy.MANUAL)
    return {"scim": active.id, "manual": manual.id}


def test_soft_disable_makes_scim_members_manual_and_keeps_them_active(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    ids = _members(deps, org_id)
    manual_before = stored_member(world, org_id, ids["manual"])
    org, affected = disable_scim(deps, org_id=org_id, actor=ADMIN, mode=DisableMode.SOFT)
    assert affected == 1 and org.settings.provisioning is ProvisioningMethod.NONE
    member = stored_member(world, org_id, ids["scim"])
    assert (member.state, member.managed_by) == (MemberState.ACTIVE, ManagedBy.MANUAL)
    assert stored_member(world, org_id, ids["manual"]) == manual_before
    assert world.events[-1].action == "scim.disabled.soft"


def test_lock_disable_deactivates_scim_members_and_leaves_manual_ones_alone(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    ids = _members(deps, org_id)
    disable_scim(deps, org_id=org_id, actor=ADMIN, mode=DisableMode.LOCK)
    member = stored_member(world, org_id, ids["scim"])
    assert (member.state, member.managed_by) == (MemberState.DEACTIVATED, ManagedBy.SCIM)
    assert stored_member(world, org_id, ids["manual"]).state is MemberState.ACTIVE
    assert world.events[-1].action == "scim.disabled.lock"


@pytest.mark.parametrize("mode", list(DisableMode))
def test_disabling_revokes_every_scim_token_of_the_org_but_no_management_key(
    world: FakeWorld, deps: Deps, org_id: str, mode: DisableMode,
) -> None:
    other = ready_org(world, slug="other")
    tokens = [issue_credential(deps, org_id=o, actor=ADMIN, kind=CredentialKind.SCIM_TOKEN,
                               name="t") for o in (org_id, org_id, other.id)]
    key = issue_credential(deps, org_id=org_id, actor=ADMIN,
                           kind=CredentialKind.MANAGEMENT_KEY, name="k")
    authenticate(deps, secret=tokens[0].secret, kind=CredentialKind.SCIM_TOKEN)
    disable_scim(deps, org_id=org_id, actor=ADMIN, mode=mode)
    for issued in tokens[:2]:
        with pytest.raises(Unauthorized):
            authenticate(deps, secret=issued.secret, kind=CredentialKind.SCIM_TOKEN)
    still, _ = authenticate(deps, secret=tokens[2].secret, kind=CredentialKind.SCIM_TOKEN)
    own, _ = authenticate(deps, secret=key.secret, kind=CredentialKind.MANAGEMENT_KEY)
    assert (still.id, own.id) == (other.id, org_id)

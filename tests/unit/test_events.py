"""The audit log: one event per change, naming attributes and never their values."""

from __future__ import annotations

from provisor.domain.deps import Deps
from provisor.domain.errors import SeatLimitReached
from provisor.domain.event import Outcome
from provisor.domain.group import MembershipDelta
from provisor.domain.org import (
    DisableMode,
    IdentityProvider,
    OrgSettings,
    SsoConnection,
    SsoProtocol,
    SsoStatus,
)
from provisor.domain.token import CredentialKind
from provisor.domain.usecases.create_group import create_group
from provisor.domain.usecases.create_member import create_member
from provisor.domain.usecases.create_organization import create_organization
from provisor.domain.usecases.credentials import issue_credential, revoke_credential
from provisor.domain.usecases.delete_group import delete_group
from provisor.domain.usecases.delete_member import delete_member
from provisor.domain.usecases.record_failure import record_failure
from provisor.domain.usecases.set_member_role import set_member_role
from provisor.domain.usecases.set_scim import disable_scim, enable_scim
from provisor.domain.usecases.update_group import GroupChange, update_group
from provisor.domain.usecases.update_member import update_member
from provisor.domain.usecases.update_organization import set_sso, update_organization
from tests.fakes import FakeWorld
from tests.unit.helpers import ADMIN, IDP, actions, draft

EMAIL, NEW_EMAIL = "ada.lovelace@acme.test", "countess@acme.test"


def _settings(settings: OrgSettings) -> list[str]:
    settings.idp, settings.default_role = IdentityProvider.OKTA, "member"
    return ["idp", "defaultRole"]


def test_every_change_records_one_event_with_attribute_names_only(
    world: FakeWorld, deps: Deps,
) -> None:
    org = create_organization(deps, actor=ADMIN, slug="acme", name="Acme")
    update_organization(deps, org_id=org.id, actor=ADMIN, edit=_settings)
    update_organization(deps, org_id=org.id, actor=ADMIN, action="sso.updated", edit=set_sso(
        SsoConnection(SsoProtocol.OIDC, "https://idp.example", SsoStatus.ACTIVE)))
    enable_scim(deps, org_id=org.id, actor=ADMIN)
    token = issue_credential(deps, org_id=org.id, actor=ADMIN, kind=CredentialKind.SCIM_TOKEN,
                             name="Okta")
    member = create_member(deps, org_id=org.id, actor=IDP, draft=draft(
        "ada", EMAIL, name={"givenName": "Ada", "familyName": "Lovelace"}))
    update_member(deps, org_id=org.id, actor=IDP, member_id=member.id,
                  draft=draft("ada", NEW_EMAIL, name={"givenName": "Ada"}))
    set_member_role(deps, org_id=org.id, actor=ADMIN, member_id=member.id, role="admin")
    group, _ = create_group(deps, org_id=org.id, actor=IDP, display_name="Eng")
    update_group(deps, org_id=org.id, actor=IDP, group_id=group.id,
                 change=GroupChange(delta=MembershipDelta(add={member.id})))
    delete_group(deps, org_id=org.id, actor=IDP, group_id=group.id)
    delete_member(deps, org_id=org.id, actor=IDP, member_id=member.id)
    revoke_credential(deps, org_id=org.id, actor=ADMIN, credential_id=token.credential.id,
                      kind=CredentialKind.SCIM_TOKEN)
    disable_scim(deps, org_id=org.id, actor=ADMIN, mode=DisableMode.LOCK)
    assert actions(world) == [
        "organization.created", "settings.updated", "sso.updated", "scim.enabled",
        "scim_credential.issued", "member.created", "member.updated", "member.role_set",
        "group.created", "group.updated", "group.deleted", "member.deleted",
        "scim_credential.revoked", "scim.disabled.lock",
    ]
    created, updated = world.events[5], world.events[6]
    assert created.attributes == ("emails", "name", "userName")
    assert updated.attributes == ("emails", "name")
    log = repr(world.events)
    for value in (EMAIL, NEW_EMAIL, "Lovelace", "https://idp.example", token.secret):
        assert value not in log
    assert {e.org_id for e in world.events} == {org.id}
    assert {e.trace_id for e in world.events} == {"trace-1"}
    assert {e.outcome for e in world.events} == {Outcome.SUCCESS}


def test_a_refused_change_is_recorded_as_a_failure_in_its_own_transaction(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    error = SeatLimitReached("the organization's seat limit (3) is reached", limit=3)
    record_failure(deps, org_id=org_id, actor=IDP, action="member.create",
                   target_type="member", error=error)
    (event,) = world.events
    assert (event.outcome, event.error_code, event.action) == (
        Outcome.FAILURE, "seat_limit_reached", "member.create")
    assert event.error_detail == error.detail and event.actor == IDP


def test_creating_a_member_with_an_external_id_names_external_id_in_the_event(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    create_member(deps, org_id=org_id, actor=IDP, draft=draft("ada", external_id="00u1"))
    assert world.events[-1].attributes == ("externalId", "userName")

"""Creating members: initial state, domain restriction, seat limit, uniqueness."""

from __future__ import annotations

import pytest

from provisor.domain.deps import Deps
from provisor.domain.errors import (
    Conflict,
    DomainNotAllowed,
    InvalidValue,
    ProvisioningDisabled,
    SeatLimitReached,
)
from provisor.domain.member import ManagedBy, MemberState
from provisor.domain.org import EmailDomain
from provisor.domain.usecases.create_member import MemberDraft, create_member
from provisor.domain.usecases.delete_member import delete_member
from tests.fakes import FakeWorld
from tests.unit.helpers import ADMIN, IDP, actions, draft, ready_org, seed_org, verify_domain


def test_auto_activate_on_creates_active_members(deps: Deps, org_id: str) -> None:
    member = create_member(deps, org_id=org_id, actor=IDP, draft=draft("ada@acme.test"))
    assert (member.state, member.managed_by) == (MemberState.ACTIVE, ManagedBy.SCIM)


def test_auto_activate_off_creates_invited_members(world: FakeWorld, deps: Deps) -> None:
    org = ready_org(world, auto_activate=False)
    member = create_member(deps, org_id=org.id, actor=IDP, draft=draft("ada@acme.test"))
    assert member.state is MemberState.INVITED
    assert actions(world) == ["member.invited"]


def test_active_false_creates_a_deactivated_member(world: FakeWorld, deps: Deps) -> None:
    org = ready_org(world, auto_activate=False)
    member = create_member(deps, org_id=org.id, actor=IDP,
                           draft=draft("ada@acme.test", active=False))
    assert member.state is MemberState.DEACTIVATED


def test_scim_creation_is_refused_while_scim_is_off_but_manual_invites_work(
    world: FakeWorld, deps: Deps,
) -> None:
    org = seed_org(world, default_role="member")
    with pytest.raises(ProvisioningDisabled):
        create_member(deps, org_id=org.id, actor=IDP, draft=draft("ada@acme.test"))
    member = create_member(deps, org_id=org.id, actor=ADMIN, draft=draft("ada@acme.test"),
                           managed_by=ManagedBy.MANUAL, invite=True)
    assert (member.state, member.managed_by) == (MemberState.INVITED, ManagedBy.MANUAL)


def test_a_blank_user_name_is_an_invalid_value(deps: Deps, org_id: str) -> None:
    with pytest.raises(InvalidValue):
        create_member(deps, org_id=org_id, actor=IDP, draft=draft("   "))


@pytest.mark.parametrize("email", ["ada@other.test", "ada@unverified.test", None])
def test_domain_restriction_refuses_emails_outside_the_verified_domains(
    world: FakeWorld, deps: Deps, email: str | None,
) -> None:
    org = ready_org(world, domain_restriction=True)
    verify_domain(world, org.id, "acme.test")
    with world.store(write=True) as uow:  # registered but not verified
        uow.orgs.save_domain(EmailDomain(org.id, "unverified.test", "t", False, world.clock()))
        uow.commit()
    with pytest.raises(DomainNotAllowed):
        create_member(deps, org_id=org.id, actor=IDP, draft=draft("ada", email))
    assert actions(world) == []


def test_domain_restriction_admits_a_verified_domain_in_any_case(
    world: FakeWorld, deps: Deps,
) -> None:
    org = ready_org(world, domain_restriction=True)
    verify_domain(world, org.id, "acme.test")
    member = create_member(deps, org_id=org.id, actor=IDP, draft=draft("ada", "Ada@ACME.test"))
    assert member.email == "Ada@ACME.test"


def test_the_seat_limit_counts_invited_and_active_members_but_not_deactivated(
    world: FakeWorld, deps: Deps,
) -> None:
    org = ready_org(world, seat_limit=2, auto_activate=False)
    create_member(deps, org_id=org.id, actor=IDP, draft=draft("invited"))
    create_member(deps, org_id=org.id, actor=ADMIN, draft=draft("active"),
                  managed_by=ManagedBy.MANUAL)
    gone = create_member(deps, org_id=org.id, actor=IDP, draft=draft("gone", active=False))
    assert gone.state is MemberState.DEACTIVATED
    with pytest.raises(SeatLimitReached) as refused:
        create_member(deps, org_id=org.id, actor=IDP, draft=draft("third"))
    assert refused.value.limit == 2


@pytest.mark.parametrize(("first", "second", "field"), [
    (draft("Ada.Lovelace"), draft("ada.lovelace"), "userName"),
    (draft("ada", "Ada@Acme.test"), draft("lovelace", "ada@acme.TEST"), "email"),
    (draft("ada", external_id="ext-1"), draft("lovelace", external_id="ext-1"), "externalId"),
])
def test_user_name_email_and_external_id_are_unique_per_org(
    world: FakeWorld, deps: Deps, org_id: str, first: MemberDraft, second: MemberDraft,
    field: str,
) -> None:
    create_member(deps, org_id=org_id, actor=IDP, draft=first)
    with pytest.raises(Conflict) as refused:
        create_member(deps, org_id=org_id, actor=IDP, draft=second)
    assert refused.value.field == field
    other = ready_org(world, slug="other")
    create_member(deps, org_id=other.id, actor=IDP, draft=second)


def test_external_ids_differing_only_in_case_are_distinct(deps: Deps, org_id: str) -> None:
    create_member(deps, org_id=org_id, actor=IDP, draft=draft("ada", external_id="EXT-1"))
    member = create_member(deps, org_id=org_id, actor=IDP,
                           draft=draft("bob", external_id="ext-1"))
    assert member.external_id == "ext-1"


def test_deleting_a_member_frees_its_seat(world: FakeWorld, deps: Deps) -> None:
    org = ready_org(world, seat_limit=1)
    ada = create_member(deps, org_id=org.id, actor=IDP, draft=draft("ada"))
    with pytest.raises(SeatLimitReached):
        create_member(deps, org_id=org.id, actor=IDP, draft=draft("bob"))
    delete_member(deps, org_id=org.id, actor=IDP, member_id=ada.id)
    assert create_member(deps, org_id=org.id, actor=IDP, draft=draft("bob")).user_name == "bob"

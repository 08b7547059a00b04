"""Updating members: email policy, seats on reactivation, ETags, no-op writes."""

from __future__ import annotations

import pytest

from provisor.domain.deps import Deps
from provisor.domain.errors import Mutability, NotFound, PreconditionFailed, SeatLimitReached
from provisor.domain.member import MemberState
from provisor.domain.org import EmailPolicy
from provisor.domain.usecases.create_member import create_member
from provisor.domain.usecases.update_member import update_member
from tests.fakes import FakeWorld
from tests.unit.helpers import IDP, actions, draft, ready_org, stored_member


def test_an_immutable_email_policy_refuses_an_email_change(world: FakeWorld, deps: Deps) -> None:
    org = ready_org(world, email_policy=EmailPolicy.IMMUTABLE)
    member = create_member(deps, org_id=org.id, actor=IDP, draft=draft("ada", "ada@acme.test"))
    with pytest.raises(Mutability):
        update_member(deps, org_id=org.id, actor=IDP, member_id=member.id,
                      draft=draft("ada", "lovelace@acme.test"))
    assert stored_member(world, org.id, member.id).email == "ada@acme.test"
    same = update_member(deps, org_id=org.id, actor=IDP, member_id=member.id,
                         draft=draft("ada", "ADA@acme.test", title="Countess"))
    assert same.profile["title"] == "Countess"


def test_a_mutable_email_policy_accepts_an_email_change(deps: Deps, org_id: str) -> None:
    member = create_member(deps, org_id=org_id, actor=IDP, draft=draft("ada", "ada@acme.test"))
    changed = update_member(deps, org_id=org_id, actor=IDP, member_id=member.id,
                            draft=draft("ada", "lovelace@acme.test"))
    assert changed.email == "lovelace@acme.test"


def test_reactivation_past_the_seat_limit_is_refused_and_deactivation_frees_a_seat(
    world: FakeWorld, deps: Deps,
) -> None:
    org = ready_org(world, seat_limit=1)
    ada = create_member(deps, org_id=org.id, actor=IDP, draft=draft("ada"))
    update_member(deps, org_id=org.id, actor=IDP, member_id=ada.id,
                  draft=draft("ada", active=False))
    bob = create_member(deps, org_id=org.id, actor=IDP, draft=draft("bob"))
    with pytest.raises(SeatLimitReached):
        update_member(deps, org_id=org.id, actor=IDP, member_id=ada.id, draft=draft("ada"))
    assert stored_member(world, org.id, ada.id).state is MemberState.DEACTIVATED
    update_member(deps, org_id=org.id, actor=IDP, member_id=bob.id,
                  draft=draft("bob", active=False))
    back = update_member(deps, org_id=org.id, actor=IDP, member_id=ada.id, draft=draft("ada"))
    assert back.state is MemberState.ACTIVE
    assert actions(world)[-3:] == ["member.created", "member.deactivated", "member.reactivated"]


def test_a_stale_expected_version_is_a_failed_precondition(deps: Deps, org_id: str) -> None:
    member = create_member(deps, org_id=org_id, actor=IDP, draft=draft("ada"))
    updated = update_member(deps, org_id=org_id, actor=IDP, member_id=member.id,
                            draft=draft("ada", title="Countess"),
                            expected_version=member.version)
    assert updated.version == member.version + 1
    with pytest.raises(PreconditionFailed):
        update_member(deps, org_id=org_id, actor=IDP, member_id=member.id,
                      draft=draft("ada", title="Engineer"), expected_version=member.version)


def test_a_write_that_changes_nothing_records_no_event_and_keeps_the_version(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    member = create_member(deps, org_id=org_id, actor=IDP,
                           draft=draft("ada", "ada@acme.test", title="Countess"))
    before = len(world.events)
    same = update_member(deps, org_id=org_id, actor=IDP, member_id=member.id,
                         draft=draft("ada", "ada@acme.test", title="Countess"))
    assert same.version == member.version
    assert len(world.events) == before
    assert stored_member(world, org_id, member.id) == member


def test_the_event_names_the_changed_attributes(world: FakeWorld, deps: Deps,
                                                org_id: str) -> None:
    member = create_member(deps, org_id=org_id, actor=IDP, draft=draft("ada", title="Countess"))
    update_member(deps, org_id=org_id, actor=IDP, member_id=member.id,
                  draft=draft("Ada.L", title="Engineer", external_id="x-1"))
    assert world.events[-1].attributes == ("externalId", "title", "userName")


def test_another_orgs_member_is_not_found(world: FakeWorld, deps: Deps, org_id: str) -> None:
    other = ready_org(world, slug="other")
    member = create_member(deps, org_id=other.id, actor=IDP, draft=draft("ada"))
    with pytest.raises(NotFound):
        update_member(deps, org_id=org_id, actor=IDP, member_id=member.id, draft=draft("ada"))

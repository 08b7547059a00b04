"""Deps.shared_transaction: several use cases commit together or not at all."""

from __future__ import annotations

import pytest

from provisor.domain.deps import Deps
from provisor.domain.errors import Conflict
from provisor.domain.usecases.create_group import create_group
from provisor.domain.usecases.create_member import create_member
from tests.fakes import FakeWorld
from tests.unit.helpers import IDP, draft


def test_use_cases_in_a_shared_transaction_commit_once_at_the_end(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    commits = world.store.commits
    with deps.shared_transaction() as tx:
        ada = create_member(tx, org_id=org_id, actor=IDP, draft=draft("ada"))
        create_group(tx, org_id=org_id, actor=IDP, display_name="Eng", member_ids={ada.id})
        assert ada.id not in world.store.state.members  # nothing published yet
    assert world.store.commits == commits + 1
    assert ada.id in world.store.state.members
    assert [e.action for e in world.events[-2:]] == ["member.created", "group.created"]


def test_a_failure_in_a_shared_transaction_rolls_every_use_case_back(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    before = repr(world.store.state)
    with pytest.raises(Conflict), deps.shared_transaction() as tx:
        create_member(tx, org_id=org_id, actor=IDP, draft=draft("ada"))
        create_group(tx, org_id=org_id, actor=IDP, display_name="Eng")
        create_member(tx, org_id=org_id, actor=IDP, draft=draft("ADA"))
    assert repr(world.store.state) == before

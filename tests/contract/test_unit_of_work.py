"""Unit of work: writes become visible at commit and vanish when it is left without one."""

from __future__ import annotations

import pytest

from provisor.domain.ports import UnitOfWorkFactory
from tests.contract.backends import every_store
from tests.contract.builders import add_org, member, org

pytestmark = every_store


def test_committed_writes_are_seen_by_the_next_unit_of_work(store: UnitOfWorkFactory) -> None:
    created = org()
    with store(write=True) as uow:
        uow.orgs.add(created)
        assert uow.orgs.get(created.id) == created
        uow.commit()
    with store() as uow:
        assert uow.orgs.get(created.id) == created


def test_leaving_without_commit_rolls_every_write_back(store: UnitOfWorkFactory) -> None:
    created, existing = org(), add_org(store)
    with store(write=True) as uow:
        uow.orgs.add(created)
        uow.members.add(member(existing.id, "ada"))
    with store() as uow:
        assert uow.orgs.get(created.id) is None
        assert uow.members.conflict(existing.id, user_name="ada", email=None,
                                    external_id=None) is None


def test_an_exception_inside_the_unit_of_work_rolls_back(store: UnitOfWorkFactory) -> None:
    created = org()
    with pytest.raises(RuntimeError), store(write=True) as uow:
        uow.orgs.add(created)
        raise RuntimeError("boom")
    with store() as uow:
        assert uow.orgs.get(created.id) is None

"""Fixtures for the use-case tests: every port is an in-memory fake (no I/O)."""

from __future__ import annotations

import pytest

from provisor.domain.deps import Deps
from tests.fakes import FakeWorld
from tests.unit.helpers import ready_org


@pytest.fixture
def world() -> FakeWorld:
    return FakeWorld()


@pytest.fixture
def deps(world: FakeWorld) -> Deps:
    return world.deps


@pytest.fixture
def org_id(world: FakeWorld) -> str:
    """An org ready for SCIM: SSO active, IdP generic, default role member, SCIM on."""
    return ready_org(world).id

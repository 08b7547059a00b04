"""The store under test: the in-memory fake, or the SQL store on the session's
database (tests/conftest.py's ``database_url`` and ``container``)."""

from __future__ import annotations

import pytest

from provisor.api.bootstrap import Container
from provisor.domain.ports import UnitOfWorkFactory
from tests.fakes import FakeStore


@pytest.fixture
def store(request: pytest.FixtureRequest, database_url: str) -> UnitOfWorkFactory:
    """``request.param`` is "fake" or "sql" (see ``tests.contract.backends``)."""
    if request.param == "fake":
        return FakeStore()
    container: Container = request.getfixturevalue("container")
    assert container.settings.database_url == database_url
    return container.deps.uow

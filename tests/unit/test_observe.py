"""Every use case runs under the injected observer, which sees its name and result."""

from __future__ import annotations

import pytest

from provisor.domain.deps import Deps
from provisor.domain.errors import InvalidValue
from provisor.domain.usecases.create_member import create_member
from provisor.domain.usecases.create_organization import create_organization
from tests.fakes import FakeWorld
from tests.unit.helpers import ADMIN, IDP, draft


def test_the_observer_receives_the_use_case_name_arguments_and_result(
    world: FakeWorld, deps: Deps,
) -> None:
    org = create_organization(deps, actor=ADMIN, slug="acme", name="Acme")
    (call,) = world.observer.calls
    assert call.name == "organization.create"
    assert call.arguments == {"actor": ADMIN, "slug": "acme", "name": "Acme"}
    assert call.results == [org]


def test_a_use_case_that_raises_reports_no_result(world: FakeWorld, deps: Deps,
                                                  org_id: str) -> None:
    with pytest.raises(InvalidValue):
        create_member(deps, org_id=org_id, actor=IDP, draft=draft(""))
    (call,) = world.observer.calls
    assert (call.name, call.results) == ("member.create", [])
    assert isinstance(call.error, InvalidValue)


def test_use_cases_keep_their_name_and_docstring() -> None:
    assert create_member.__name__ == "create_member"
    assert create_member.__doc__ and "auto-activate" in create_member.__doc__
    assert getattr(create_member, "use_case_name", None) == "member.create"

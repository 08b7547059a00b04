"""update_member recomputes the role only when the SCIM ``roles`` change (issue 7),
and the role still follows every change of its inputs."""

from __future__ import annotations

from provisor.domain.deps import Deps
from provisor.domain.member import RoleSource
from provisor.domain.role import RoleMapping
from provisor.domain.usecases.create_member import create_member
from provisor.domain.usecases.update_member import update_member
from tests.fakes import FakeWorld
from tests.unit.helpers import IDP, draft, stored_member


def _map(deps: Deps, org_id: str, value: str, role: str) -> None:
    with deps.uow(write=True) as uow:
        uow.roles.set_role_mapping(RoleMapping(org_id, value, role))
        uow.commit()


def _changed(world: FakeWorld) -> tuple[str, ...]:
    return world.events[-1].attributes


def test_the_role_follows_the_scim_roles_and_survives_other_writes(
    world: FakeWorld, deps: Deps, org_id: str,
) -> None:
    _map(deps, org_id, "admins", "admin")
    ada = create_member(deps, org_id=org_id, actor=IDP, draft=draft("ada"))
    assert (ada.role, ada.role_source) == ("member", RoleSource.DEFAULT_ROLE)

    mapped = update_member(deps, org_id=org_id, actor=IDP, member_id=ada.id,
                           draft=draft("ada", roles=[{"value": "ADMINS"}]))
    assert (mapped.role, mapped.role_source) == ("admin", RoleSource.IDP_ROLE_MAPPING)
    assert "role" in _changed(world)

    for active in (False, True):  # PATCH active: no role input changes
        kept = update_member(deps, org_id=org_id, actor=IDP, member_id=ada.id,
                             draft=draft("ada", active=active, roles=[{"value": "ADMINS"}]))
        assert (kept.role, kept.role_source) == ("admin", RoleSource.IDP_ROLE_MAPPING)
        assert "role" not in _changed(world) and "active" in _changed(world)

    renamed = update_member(deps, org_id=org_id, actor=IDP, member_id=ada.id,
                            draft=draft("ada", title="Countess", roles=[{"value": "admins"}]))
    assert "role" not in _changed(world)
    assert renamed.role == "admin"  # a different spelling of the same mapped value

    dropped = update_member(deps, org_id=org_id, actor=IDP, member_id=ada.id,
                            draft=draft("ada", title="Countess"))
    assert (dropped.role, dropped.role_source) == ("member", RoleSource.DEFAULT_ROLE)
    assert "role" in _changed(world)
    assert stored_member(world, org_id, ada.id).role == "member"

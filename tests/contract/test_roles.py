"""RoleRepository contract: custom roles, IdP and group mappings, and their grants."""

from __future__ import annotations

import pytest

from provisor.domain.errors import Conflict
from provisor.domain.ports import UnitOfWorkFactory
from provisor.domain.role import AccessLevel, GroupRoleMapping, Role, RoleMapping
from tests.contract.backends import every_store
from tests.contract.builders import add_group, add_members, add_org, member

pytestmark = every_store


def test_custom_roles_are_listed_by_rank_then_name_and_deleted(store: UnitOfWorkFactory) -> None:
    o, other = add_org(store), add_org(store)
    with store(write=True) as uow:
        for role in (Role("auditor", 150, description="Reads logs"), Role("billing", 150),
                     Role("lead", 250)):
            uow.roles.add_custom_role(o.id, role)
        uow.roles.add_custom_role(other.id, Role("auditor", 120))
        uow.commit()
    with store(write=True) as uow:
        assert uow.roles.custom_roles(o.id) == [
            Role("lead", 250), Role("auditor", 150, description="Reads logs"),
            Role("billing", 150)]
        assert uow.roles.delete_custom_role(o.id, "auditor") is True
        assert uow.roles.delete_custom_role(o.id, "auditor") is False
        uow.commit()
    with store() as uow:
        assert [r.name for r in uow.roles.custom_roles(o.id)] == ["lead", "billing"]
        assert uow.roles.custom_roles(other.id) == [Role("auditor", 120)]


def test_role_mappings_are_upserted_and_removed(store: UnitOfWorkFactory) -> None:
    o, other = add_org(store), add_org(store)
    with store(write=True) as uow:
        uow.roles.set_role_mapping(RoleMapping(o.id, "eng", "member"))
        uow.roles.set_role_mapping(RoleMapping(o.id, "admins", "admin"))
        uow.roles.set_role_mapping(RoleMapping(o.id, "eng", "viewer"))
        uow.roles.set_role_mapping(RoleMapping(other.id, "eng", "owner"))
        uow.commit()
    with store(write=True) as uow:
        assert uow.roles.role_mappings(o.id) == [
            RoleMapping(o.id, "admins", "admin"), RoleMapping(o.id, "eng", "viewer")]
        assert uow.roles.remove_role_mapping(o.id, "eng") is True
        assert uow.roles.remove_role_mapping(o.id, "eng") is False
        uow.commit()
    with store() as uow:
        assert uow.roles.role_mappings(o.id) == [RoleMapping(o.id, "admins", "admin")]
        assert uow.roles.role_mappings(other.id) == [RoleMapping(other.id, "eng", "owner")]


def test_group_mappings_grant_roles_and_workspace_access_to_the_groups_members(
    store: UnitOfWorkFactory,
) -> None:
    o = add_org(store)
    ada, bob = add_members(store, member(o.id), member(o.id))
    admins = add_group(store, o.id, {ada.id})
    docs = add_group(store, o.id, {ada.id, bob.id})
    unmapped = add_group(store, o.id, {bob.id})
    with store(write=True) as uow:
        uow.roles.set_group_role_mapping(GroupRoleMapping(o.id, admins.id, "viewer"))
        uow.roles.set_group_role_mapping(GroupRoleMapping(o.id, admins.id, "admin"))
        uow.roles.set_group_role_mapping(
            GroupRoleMapping(o.id, docs.id, None, "docs", AccessLevel.EDIT))
        uow.commit()
    with store() as uow:
        assert sorted(uow.roles.group_role_mappings(o.id), key=lambda m: m.group_id) == sorted([
            GroupRoleMapping(o.id, admins.id, "admin"),
            GroupRoleMapping(o.id, docs.id, None, "docs", AccessLevel.EDIT),
        ], key=lambda m: m.group_id)
        assert uow.roles.mapped_group_roles(o.id, ada.id) == ["admin"]
        assert uow.roles.mapped_group_roles(o.id, bob.id) == []
        assert uow.roles.workspace_grants(o.id, bob.id) == [("docs", AccessLevel.EDIT)]
        assert uow.roles.workspace_grants_many(o.id, [ada.id, bob.id, "missing"]) == {
            ada.id: [("docs", "edit", docs.id)], bob.id: [("docs", "edit", docs.id)]}
    with store(write=True) as uow:
        assert uow.roles.remove_group_role_mapping(o.id, admins.id) is True
        assert uow.roles.remove_group_role_mapping(o.id, unmapped.id) is False
        uow.commit()
    with store() as uow:
        assert uow.roles.mapped_group_roles(o.id, ada.id) == []


def test_a_taken_custom_role_name_is_a_conflict(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    with store(write=True) as uow:
        uow.roles.add_custom_role(o.id, Role("lead", 250))
        uow.commit()
    with pytest.raises(Conflict), store(write=True) as uow:
        uow.roles.add_custom_role(o.id, Role("lead", 200))


def test_deleting_a_group_deletes_its_mappings(store: UnitOfWorkFactory) -> None:
    o = add_org(store)
    docs = add_group(store, o.id)
    with store(write=True) as uow:
        uow.roles.set_group_role_mapping(
            GroupRoleMapping(o.id, docs.id, None, "docs", AccessLevel.VIEW))
        uow.groups.delete(o.id, docs.id)
        uow.commit()
    with store() as uow:
        assert uow.roles.group_role_mappings(o.id) == []

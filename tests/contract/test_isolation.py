"""Cross-org isolation: every org-scoped read or write with another org's id sees
nothing and changes nothing."""

from __future__ import annotations

from provisor.domain.event import SYSTEM, ProvisioningEvent
from provisor.domain.member import MemberState
from provisor.domain.ports import UnitOfWorkFactory
from provisor.domain.query import ListQuery
from provisor.domain.role import AccessLevel, GroupRoleMapping, Role, RoleMapping
from provisor.domain.token import CredentialKind
from tests.contract.backends import every_store
from tests.contract.builders import T0, add_group, add_members, add_org, at, member

pytestmark = every_store


def test_another_orgs_id_reads_nothing_of_this_org(store: UnitOfWorkFactory) -> None:
    o, x = add_org(store), add_org(store)
    (ada,) = add_members(store, member(o.id, "ada", email="ada@acme.test", external_id="e",
                                       roles=[{"value": "eng"}]))
    g = add_group(store, o.id, {ada.id}, display_name="Eng")
    with store(write=True) as uow:
        uow.roles.add_custom_role(o.id, Role("lead", 250))
        uow.roles.set_role_mapping(RoleMapping(o.id, "eng", "admin"))
        uow.roles.set_group_role_mapping(GroupRoleMapping(o.id, g.id, "admin", "w",
                                                          AccessLevel.VIEW))
        uow.events.add(ProvisioningEvent(o.id, T0, SYSTEM, "member.created", "member", ada.id))
        uow.commit()
    with store() as uow:
        assert uow.members.get(x.id, ada.id) is None
        assert uow.members.get_many(x.id, [ada.id]) == []
        assert uow.members.find(x.id, ListQuery()).total == 0
        assert uow.members.conflict(x.id, user_name="ada", email="ada@acme.test",
                                    external_id="e") is None
        assert uow.members.seats_used(x.id) == 0
        assert uow.members.ids_managed_by_scim(x.id) == []
        assert uow.members.ids_with_idp_roles(x.id, ["eng"]) == []
        assert uow.groups.get(x.id, g.id) is None
        assert uow.groups.find(x.id, ListQuery()).total == 0
        assert uow.groups.name_taken(x.id, "Eng") is False
        assert uow.groups.members(x.id, g.id) == []
        assert uow.groups.member_ids(x.id, g.id) == set()
        assert uow.groups.member_count(x.id, g.id) == 0
        assert uow.groups.groups_of(x.id, ada.id) == []
        assert uow.groups.groups_of_many(x.id, [ada.id]) == {}
        assert uow.members.get_with_groups(x.id, ada.id) is None
        assert uow.roles.custom_roles(x.id) == []
        assert uow.roles.role_mappings(x.id) == []
        assert uow.roles.group_role_mappings(x.id) == []
        assert uow.roles.mapped_group_roles(x.id, ada.id) == []
        assert uow.roles.workspace_grants(x.id, ada.id) == []
        assert uow.roles.workspace_grants_many(x.id, [ada.id]) == {}
        assert uow.credentials.list(x.id, CredentialKind.SCIM_TOKEN) == []
        assert uow.events.find(x.id) == []
        assert uow.orgs.domains(x.id) == []


def test_another_orgs_id_changes_nothing_of_this_org(store: UnitOfWorkFactory) -> None:
    o, x = add_org(store), add_org(store)
    ada, bob = add_members(store, member(o.id), member(o.id))
    g = add_group(store, o.id, {ada.id})
    with store(write=True) as uow:
        assert uow.groups.remove_members(x.id, g.id, [ada.id]) == set()
        assert uow.groups.remove_all_members(x.id, g.id) == set()
        uow.members.set_state_bulk(x.id, [ada.id], state=MemberState.DEACTIVATED,
                                   managed_by_manual=True, at=at(1))
        uow.members.delete(x.id, bob.id)
        uow.groups.delete(x.id, g.id)
        uow.commit()
    with store() as uow:
        assert sorted(uow.members.get_many(o.id, [ada.id, bob.id]), key=lambda m: m.id) == \
            sorted([ada, bob], key=lambda m: m.id)
        assert uow.groups.member_ids(o.id, g.id) == {ada.id}

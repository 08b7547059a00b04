"""Member listings (filters, order, Relay pages) and manual member actions."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from provisor.domain.deps import Deps
from provisor.domain.listing import ROLE
from provisor.domain.query import Compare, ListQuery, Op
from provisor.domain.role import AccessLevel
from provisor.domain.usecases.member_actions import invite_member
from provisor.domain.usecases.role_mappings import set_group_role_mapping
from provisor.domain.usecases.update_organization import update_organization
from tests.conftest import CLI, ReadyOrg
from tests.integration.graphql.helpers import data, gid, scim_group, scim_member

LIST = """query($f: MemberFilter, $o: MemberOrder, $first: Int, $after: String) {
  members(filter: $f, orderBy: $o, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { userName } } } }"""


def _names(page: dict[str, Any]) -> list[str]:
    return [e["node"]["userName"] for e in page["members"]["edges"]]


def test_members_filter_by_state_managed_by_role_group_and_search(
    client: TestClient, deps: Deps, org: ReadyOrg,
) -> None:
    ann = scim_member(deps, org.id, "ann@list.test", displayName="Ann Zed")
    bob = scim_member(deps, org.id, "bob@list.test", active=False)
    scim_group(deps, org.id, "Crew", [ann])
    key = org.management_key

    def names(**f: Any) -> list[str]:
        return _names(data(client, key, LIST, f=f, o={"field": "USER_NAME"}))

    assert names(managedBy="SCIM") == ["ann@list.test", "bob@list.test"]
    assert names(state="DEACTIVATED") == ["bob@list.test"]
    assert names(role="OWNER") == [data(client, key, "{ viewer { userName } }")["viewer"][
        "userName"]]
    crew = data(client, key, '{ groups(filter: {search: "cre"}) { totalCount edges { node '
                "{ id memberCount } } } }")["groups"]
    assert crew["totalCount"] == 1 and crew["edges"][0]["node"]["memberCount"] == 1
    assert names(group=crew["edges"][0]["node"]["id"]) == ["ann@list.test"]
    assert names(search="ZED") == ["ann@list.test"]
    assert names(search="bob@LIST") == ["bob@list.test"]
    assert names(search="nobody-matches") == []
    assert names(group=gid("Member", bob.id)) == []  # a member id is not a group id


def test_members_page_with_relay_cursors_and_a_capped_first(
    client: TestClient, deps: Deps, org: ReadyOrg,
) -> None:
    for i in range(5):
        scim_member(deps, org.id, f"page{i}@list.test")
    order = {"field": "USER_NAME", "direction": "DESC"}
    seen: list[str] = []
    after = None
    while True:
        page = data(client, org.management_key, LIST, f={"search": "page"}, o=order, first=2,
                    after=after)
        assert page["members"]["totalCount"] == 5
        seen += _names(page)
        if not page["members"]["pageInfo"]["hasNextPage"]:
            break
        after = page["members"]["pageInfo"]["endCursor"]
    assert seen == [f"page{i}@list.test" for i in reversed(range(5))]
    body = client.post("/graphql", json={"query": "{ members(first: 101) { totalCount } }"},
                       headers={"Authorization": f"Bearer {org.management_key}"}).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_invited_members_activate_on_first_sign_in_and_deactivation_frees_a_seat(
    client: TestClient, deps: Deps, org: ReadyOrg,
) -> None:
    key = org.management_key
    invited = data(client, key, """mutation { inviteMember(userName: "new@list.test",
        email: "new@list.test") { ... on MemberSuccess { member { id state managedBy } } } }
        """)["inviteMember"]["member"]
    assert invited["state"] == "INVITED" and invited["managedBy"] == "MANUAL"
    member = invited["id"]
    signed = data(client, key, "mutation($m: ID!) { recordSignIn(memberId: $m) { "
                  "... on MemberSuccess { member { state lastSignInAt } } } }", m=member)
    assert signed["recordSignIn"]["member"]["state"] == "ACTIVE"
    assert signed["recordSignIn"]["member"]["lastSignInAt"]
    off = data(client, key, "mutation($m: ID!) { deactivateMember(memberId: $m) { "
               "... on MemberSuccess { member { state } } } }", m=member)
    assert off["deactivateMember"]["member"]["state"] == "DEACTIVATED"
    seats = data(client, key, "{ members(filter: {state: ACTIVE}) { totalCount } }")
    update_organization(deps, org_id=org.id, actor=CLI, edit=lambda s: _limit(s, seats))
    full = data(client, key, "mutation($m: ID!) { reactivateMember(memberId: $m) { "
                "__typename ... on SeatLimitReached { limit } } }", m=member)
    assert full["reactivateMember"]["__typename"] == "SeatLimitReached"


def _limit(settings: Any, seats: dict[str, Any]) -> list[str]:
    settings.seat_limit = seats["members"]["totalCount"]
    return ["seat_limit"]


def test_a_manual_role_override_wins_and_clearing_it_restores_the_mapping(
    client: TestClient, deps: Deps, org: ReadyOrg,
) -> None:
    ann = scim_member(deps, org.id, "override@list.test")
    q = "mutation($m: ID!, $r: String) { setMemberRole(memberId: $m, role: $r) { "
    q += "... on MemberSuccess { member { effectiveRole { role source } roleOverride } } } }"
    set_ = data(client, org.management_key, q, m=gid("Member", ann.id), r="admin")
    assert set_["setMemberRole"]["member"] == {
        "effectiveRole": {"role": "admin", "source": "MANUAL_OVERRIDE"}, "roleOverride": "admin"}
    cleared = data(client, org.management_key, q, m=gid("Member", ann.id), r=None)
    assert cleared["setMemberRole"]["member"]["effectiveRole"]["source"] == "DEFAULT_ROLE"


def test_a_new_default_role_reaches_members_whose_role_comes_from_the_default(
    client: TestClient, deps: Deps, org: ReadyOrg,
) -> None:
    plain = scim_member(deps, org.id, "plain@default.test")
    mapped = scim_member(deps, org.id, "mapped@default.test")
    data(client, org.management_key, "mutation($m: ID!) { setMemberRole(memberId: $m, "
         'role: "admin") { __typename } }', m=gid("Member", mapped.id))
    changed = data(client, org.management_key, """mutation { updateOrganizationSettings(
        input: {defaultRole: "viewer"}) { __typename } }""")
    assert changed["updateOrganizationSettings"]["__typename"] == "OrganizationSuccess"
    q = "query($m: ID!) { member(id: $m) { effectiveRole { role source } } }"
    assert data(client, org.management_key, q, m=gid("Member", plain.id))["member"][
        "effectiveRole"] == {"role": "viewer", "source": "DEFAULT_ROLE"}
    assert data(client, org.management_key, q, m=gid("Member", mapped.id))["member"][
        "effectiveRole"] == {"role": "admin", "source": "MANUAL_OVERRIDE"}


def test_an_invited_member_gets_workspace_access_when_it_becomes_active(
    client: TestClient, deps: Deps, org: ReadyOrg,
) -> None:
    invited = invite_member(deps, org_id=org.id, actor=CLI, user_name="pending@ws.test")
    group = scim_group(deps, org.id, "Writers", [invited])
    set_group_role_mapping(deps, org_id=org.id, actor=CLI, group_id=group.id,
                           workspace="Docs", access=AccessLevel.CHECK)
    q = "query($m: ID!) { member(id: $m) { state workspaceAccess { workspace access } } }"
    m = gid("Member", invited.id)
    assert data(client, org.management_key, q, m=m)["member"] == {
        "state": "INVITED", "workspaceAccess": []}
    data(client, org.management_key, "mutation($m: ID!) { recordSignIn(memberId: $m) "
         "{ __typename } }", m=m)
    assert data(client, org.management_key, q, m=m)["member"] == {
        "state": "ACTIVE", "workspaceAccess": [{"workspace": "Docs", "access": "CHECK"}]}


SET_ROLE = ("mutation($m: ID!, $r: String) { setMemberRole(memberId: $m, role: $r) { "
            "__typename ... on MemberSuccess { member { effectiveRole { role } } } } }")


def _owner_ids(deps: Deps, org_id: str) -> list[str]:
    with deps.uow() as uow:
        page = uow.members.find_listed(org_id, ListQuery(filter=Compare(ROLE, Op.EQ, "owner")))
    return [m.id for m in page.items]


def test_only_an_owner_grants_or_removes_owner_and_the_last_owner_stays(
    client: TestClient, deps: Deps, org: ReadyOrg,
) -> None:
    [owner_id] = _owner_ids(deps, org.id)
    admin = scim_member(deps, org.id, "admin@owners.test")
    ann = scim_member(deps, org.id, "ann@owners.test")
    data(client, org.management_key, SET_ROLE, m=gid("Member", admin.id), r="admin")
    admin_key = data(client, org.management_key, """mutation($m: ID!) {
      createManagementKey(name: "admin", memberId: $m) {
        ... on CreateManagementKeySuccess { secret } } }""",
                     m=gid("Member", admin.id))["createManagementKey"]["secret"]

    def as_(key: str, member_id: str, role: str | None) -> str:
        result = data(client, key, SET_ROLE, m=gid("Member", member_id), r=role)
        return str(result["setMemberRole"]["__typename"])

    assert as_(admin_key, admin.id, "owner") == "Forbidden", "an Admin cannot promote itself"
    assert as_(admin_key, ann.id, "owner") == "Forbidden"
    assert as_(admin_key, ann.id, "viewer") == "MemberSuccess", "below Owner an Admin may act"
    assert as_(org.management_key, owner_id, "member") == "Conflict", "the last Owner stays"
    assert as_(org.management_key, ann.id, "owner") == "MemberSuccess"
    assert as_(admin_key, ann.id, "member") == "Forbidden", "an Admin cannot demote an Owner"
    assert sorted(_owner_ids(deps, org.id)) == sorted([owner_id, ann.id])
    assert as_(org.management_key, ann.id, None) == "MemberSuccess"
    assert _owner_ids(deps, org.id) == [owner_id]

"""No query or mutation crosses orgs: every id of org B, tried with org A's key."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from provisor.domain.deps import Deps
from provisor.domain.usecases.email_domains import add_domain
from tests.conftest import CLI, ReadyOrg
from tests.integration.graphql.helpers import data, gid, scim_group, scim_member

MUTATIONS = {
    "setMemberRole": ('mutation($id: ID!) { setMemberRole(memberId: $id, role: "owner")'
                      " { __typename } }", "Member"),
    "deactivateMember": ("mutation($id: ID!) { deactivateMember(memberId: $id) "
                         "{ __typename } }", "Member"),
    "reactivateMember": ("mutation($id: ID!) { reactivateMember(memberId: $id) "
                         "{ __typename } }", "Member"),
    "recordSignIn": ("mutation($id: ID!) { recordSignIn(memberId: $id) { __typename } }",
                     "Member"),
    "createManagementKey": ('mutation($id: ID!) { createManagementKey(name: "x", '
                            "memberId: $id) { __typename } }", "Owner"),
    "setGroupRoleMapping": ('mutation($id: ID!) { setGroupRoleMapping(groupId: $id, '
                            'role: "admin") { __typename } }', "Group"),
    "removeGroupRoleMapping": ("mutation($id: ID!) { removeGroupRoleMapping(groupId: $id) "
                               "{ __typename } }", "Group"),
    "revokeScimToken": ("mutation($id: ID!) { revokeScimToken(id: $id) { __typename } }",
                        "ScimToken"),
    "revokeManagementKey": ("mutation($id: ID!) { revokeManagementKey(id: $id) "
                            "{ __typename } }", "ManagementKey"),
}


def _ids_of(client: TestClient, b: ReadyOrg, deps: Deps) -> dict[str, str]:
    member = scim_member(deps, b.id, "victim@b.test")
    group = scim_group(deps, b.id, "B team", [member])
    lists = data(client, b.management_key, "{ viewer { id } scimTokens { id } "
                 "managementKeys { id } }")
    return {"Member": gid("Member", member.id), "Group": gid("Group", group.id),
            "Owner": lists["viewer"]["id"], "ScimToken": lists["scimTokens"][0]["id"],
            "ManagementKey": lists["managementKeys"][0]["id"]}


def test_org_a_cannot_read_any_of_org_bs_objects_by_id(
    client: TestClient, deps: Deps, org: ReadyOrg, other_org: ReadyOrg,
) -> None:
    ids = _ids_of(client, other_org, deps)
    a = org.management_key
    for kind in ("Member", "Owner"):
        assert data(client, a, "query($id: ID!) { member(id: $id) { id } }",
                    id=ids[kind])["member"] is None
    assert data(client, a, "query($id: ID!) { group(id: $id) { id } }",
                id=ids["Group"])["group"] is None
    members = data(client, a, "query($g: ID!) { members(filter: {group: $g}) { totalCount } }",
                   g=ids["Group"])
    assert members["members"]["totalCount"] == 0
    everything: Any = data(client, a, """{ members(first: 100) { edges { node { id } } }
        groups(first: 100) { edges { node { id } } } scimTokens { id } managementKeys { id }
        provisioningEvents(first: 100) { edges { node { targetId } } } domains { name } }""")
    text = str(everything)
    assert not any(value in text for value in ids.values())


def test_org_a_cannot_change_any_of_org_bs_objects_by_id(
    client: TestClient, deps: Deps, org: ReadyOrg, other_org: ReadyOrg,
) -> None:
    ids = _ids_of(client, other_org, deps)
    add_domain(deps, org_id=other_org.id, actor=CLI, name="b-only.test")
    for name, (mutation, kind) in MUTATIONS.items():
        result = data(client, org.management_key, mutation, id=ids[kind])
        assert result[name]["__typename"] == "NotFound", name
    for mutation in ('mutation { removeDomain(name: "b-only.test") { __typename } }',
                     'mutation { verifyDomain(name: "b-only.test") { __typename } }'):
        assert next(iter(data(client, org.management_key, mutation).values()))[
            "__typename"] == "NotFound"
    b = data(client, other_org.management_key, """query($m: ID!) { member(id: $m) {
        state effectiveRole { role } } scimTokens { revokedAt } managementKeys { revokedAt }
        groupRoleMappings { role } domains { verified } }""", m=ids["Member"])
    assert b["member"] == {"state": "ACTIVE", "effectiveRole": {"role": "member"}}
    assert [t["revokedAt"] for t in b["scimTokens"] + b["managementKeys"]] == [None, None]
    assert b["groupRoleMappings"] == [] and b["domains"] == [{"verified": False}]
    assert client.get(f"{other_org.scim_base}/ServiceProviderConfig",
                      headers=other_org.auth).status_code == 200

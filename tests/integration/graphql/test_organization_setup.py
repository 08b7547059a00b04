"""Settings, readiness, enable/disable SCIM, tokens, roles, mappings and domains."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from provisor.domain.deps import Deps
from tests.integration.graphql.helpers import data, gid, scim_group, scim_member

CREATE = """mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
  ... on CreateOrganizationSuccess { managementKey } } }"""
ENABLE = """mutation { enableScim { __typename
  ... on ScimNotReady { missing } ... on OrganizationSuccess { organization { scimEnabled } } } }"""


def _new_org(client: TestClient, slug: str) -> str:
    key: str = data(client, "test-platform-key", CREATE, input={
        "slug": slug, "name": slug.title(), "ownerUserName": f"owner@{slug}.test",
    })["createOrganization"]["managementKey"]
    return key


def _mutate(client: TestClient, key: str, query: str, **variables: Any) -> Any:
    result = data(client, key, query, **variables)
    return next(iter(result.values()))


def test_enabling_scim_names_each_missing_prerequisite_until_all_are_met(
    client: TestClient,
) -> None:
    key = _new_org(client, "setup-flow")
    readiness = data(client, key, "{ organization { scimReadiness { ready missing ssoActive "
                     "defaultRoleChosen identityProviderSelected } } }")
    assert readiness["organization"]["scimReadiness"] == {
        "ready": False, "missing": ["sso_active", "default_role", "identity_provider"],
        "ssoActive": False, "defaultRoleChosen": False, "identityProviderSelected": False}
    assert _mutate(client, key, ENABLE)["missing"] == [
        "sso_active", "default_role", "identity_provider"]
    _mutate(client, key, """mutation { configureSso(input: {protocol: OIDC,
        issuer: "https://idp.test", status: ACTIVE}) { __typename } }""")
    bad = _mutate(client, key, """mutation { updateOrganizationSettings(input: {
        defaultRole: "nope"}) { __typename ... on ValidationError { field } } }""")
    assert bad == {"__typename": "ValidationError", "field": "defaultRole"}
    _mutate(client, key, """mutation { updateOrganizationSettings(input: {defaultRole: "viewer",
        identityProvider: OKTA, seatLimit: 10}) { __typename } }""")
    assert _mutate(client, key, ENABLE) == {"__typename": "OrganizationSuccess",
                                            "organization": {"scimEnabled": True}}
    settings = data(client, key, "{ organization { settings { identityProvider defaultRole "
                    "seatLimit provisioning sso { protocol status } } } }")
    assert settings["organization"]["settings"] == {
        "identityProvider": "OKTA", "defaultRole": "viewer", "seatLimit": 10,
        "provisioning": "SCIM", "sso": {"protocol": "OIDC", "status": "ACTIVE"}}


def test_a_scim_token_secret_is_shown_once_and_listed_only_by_its_last_four(
    client: TestClient,
) -> None:
    key = _new_org(client, "token-list")
    made = _mutate(client, key, """mutation { createScimToken(name: "okta") {
        ... on CreateScimTokenSuccess { secret token { id name lastFour } } } }""")
    listed = data(client, key, "{ scimTokens { id name lastFour createdAt lastUsedAt "
                  "revokedAt } }")["scimTokens"]
    assert [t["lastFour"] for t in listed] == [made["secret"][-4:]]
    assert made["secret"] not in str(listed)
    revoked = _mutate(client, key, "mutation($id: ID!) { revokeScimToken(id: $id) "
                      "{ __typename } }", id=made["token"]["id"])
    assert revoked["__typename"] == "RemovedSuccess"
    assert data(client, key, "{ scimTokens { revokedAt } }")["scimTokens"][0]["revokedAt"]


def test_role_and_group_mappings_recompute_effective_roles_and_workspace_access(
    client: TestClient, deps: Deps,
) -> None:
    key = _new_org(client, "mapping-flow")
    org_id = data(client, key, "{ organization { id } }")["organization"]["id"]
    for q in ("""mutation { configureSso(input: {protocol: SAML, issuer: "x", status: ACTIVE})
              { __typename } }""",
              """mutation { updateOrganizationSettings(input: {defaultRole: "member",
              identityProvider: ENTRA}) { __typename } }""", ENABLE,
              """mutation { createRole(name: "Billing", rank: 250) { __typename } }"""):
        assert "Success" in _mutate(client, key, q)["__typename"]
    ann = scim_member(deps, org_id, "ann@map.test", roles=("Finance",))
    bob = scim_member(deps, org_id, "bob@map.test")
    team = scim_group(deps, org_id, "Design", [bob])
    role = _mutate(client, key, """mutation { setRoleMapping(idpValue: "FINANCE", role: "billing")
        { ... on RoleMappingSuccess { mapping { idpValue role } } } }""")
    assert role["mapping"] == {"idpValue": "finance", "role": "billing"}
    mapped = _mutate(client, key, """mutation($g: ID!) { setGroupRoleMapping(groupId: $g,
        role: "admin", workspace: "Marketing", access: EDIT) { __typename } }""",
                     g=gid("Group", team.id))
    assert mapped["__typename"] == "GroupRoleMappingSuccess"
    query = """query($id: ID!) { member(id: $id) { effectiveRole { role source }
        workspaceAccess { workspace access viaGroup { displayName } } } }"""
    assert data(client, key, query, id=gid("Member", ann.id))["member"] == {
        "effectiveRole": {"role": "billing", "source": "IDP_ROLE_MAPPING"}, "workspaceAccess": []}
    assert data(client, key, query, id=gid("Member", bob.id))["member"] == {
        "effectiveRole": {"role": "admin", "source": "GROUP_MAPPING"},
        "workspaceAccess": [{"workspace": "Marketing", "access": "EDIT",
                             "viaGroup": {"displayName": "Design"}}]}
    _mutate(client, key, """mutation($g: ID!) { removeGroupRoleMapping(groupId: $g)
        { __typename } }""", g=gid("Group", team.id))
    assert data(client, key, query, id=gid("Member", bob.id))["member"]["effectiveRole"] == {
        "role": "member", "source": "DEFAULT_ROLE"}
    in_use = _mutate(client, key, 'mutation { deleteRole(name: "billing") { __typename } }')
    assert in_use["__typename"] == "Conflict"


def test_domains_are_added_with_a_txt_record_verified_and_removed(client: TestClient) -> None:
    key = _new_org(client, "domain-flow")
    added = _mutate(client, key, """mutation { addDomain(name: "Example.COM") {
        ... on DomainSuccess { domain { name verified txtRecord } } } }""")["domain"]
    assert added["name"] == "example.com" and not added["verified"]
    assert added["txtRecord"].startswith("provisor-verification=")
    verified = _mutate(client, key, """mutation { verifyDomain(name: "example.com") {
        ... on DomainSuccess { domain { verified } } } }""")
    assert verified["domain"]["verified"] is True
    bad = _mutate(client, key, 'mutation { addDomain(name: "not a domain") { __typename } }')
    assert bad["__typename"] == "ValidationError"
    assert _mutate(client, key, 'mutation { removeDomain(name: "example.com") { __typename } }'
                   )["__typename"] == "RemovedSuccess"
    assert data(client, key, "{ domains { name } }")["domains"] == []

"""Management keys act as an active Owner/Admin; the platform key only creates orgs."""

from __future__ import annotations

from starlette.testclient import TestClient

from provisor.domain.deps import Deps
from provisor.domain.usecases.set_member_role import set_member_role
from tests.conftest import CLI, ReadyOrg
from tests.integration.graphql.helpers import data, gid, gql, scim_member

PLATFORM = "test-platform-key"
ORG = "{ organization { slug } }"
CREATE = """mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
  __typename ... on Error { message }
  ... on CreateOrganizationSuccess { managementKey organization { slug }
        owner { userName effectiveRole { role } } } } }"""


def _code(body: dict[str, object]) -> str:
    errors = body["errors"]
    assert isinstance(errors, list)
    return str(errors[0]["extensions"]["code"])


def test_a_request_without_a_key_is_unauthenticated(client: TestClient) -> None:
    assert _code(gql(client, None, ORG)) == "UNAUTHENTICATED"


def test_a_wrong_or_malformed_key_is_unauthenticated(client: TestClient, org: ReadyOrg) -> None:
    assert _code(gql(client, org.management_key[:-2] + "xx", ORG)) == "UNAUTHENTICATED"
    assert _code(gql(client, "nonsense", ORG)) == "UNAUTHENTICATED"


def test_a_scim_token_is_not_a_management_key(client: TestClient, org: ReadyOrg) -> None:
    assert _code(gql(client, org.token, ORG)) == "UNAUTHENTICATED"


def test_the_platform_key_creates_an_organization_with_an_owner_key(client: TestClient) -> None:
    made = data(client, PLATFORM, CREATE, input={
        "slug": "acme-platform", "name": "Acme", "ownerUserName": "boss@acme.test"})
    result = made["createOrganization"]
    assert result["__typename"] == "CreateOrganizationSuccess"
    assert result["owner"]["effectiveRole"]["role"] == "owner"
    assert data(client, result["managementKey"], ORG)["organization"]["slug"] == "acme-platform"
    again = data(client, PLATFORM, CREATE, input={
        "slug": "acme-platform", "name": "Acme", "ownerUserName": "x@acme.test"})
    assert again["createOrganization"]["__typename"] == "Conflict"


def test_the_platform_key_may_do_nothing_else(client: TestClient) -> None:
    assert _code(gql(client, PLATFORM, ORG)) == "FORBIDDEN"
    body = data(client, PLATFORM, "mutation { enableScim { __typename } }")
    assert body["enableScim"]["__typename"] == "Forbidden"


def test_an_admin_key_may_not_create_organizations(client: TestClient, org: ReadyOrg) -> None:
    made = data(client, org.management_key, CREATE, input={
        "slug": "sneaky", "name": "Sneaky", "ownerUserName": "a@b.test"})
    assert made["createOrganization"]["__typename"] == "Forbidden"


def test_a_key_stops_working_when_its_member_is_demoted(
    client: TestClient, deps: Deps, org: ReadyOrg,
) -> None:
    admin = scim_member(deps, org.id, "admin@keys.test")
    set_member_role(deps, org_id=org.id, actor=CLI, member_id=admin.id, role="admin")
    made = data(client, org.management_key, """mutation($m: ID!) {
      createManagementKey(name: "ci", memberId: $m) {
        ... on CreateManagementKeySuccess { secret key { lastFour } } } }""",
                m=gid("Member", admin.id))["createManagementKey"]
    assert made["secret"].endswith(made["key"]["lastFour"])
    assert data(client, made["secret"], ORG)["organization"]["slug"] == org.slug
    set_member_role(deps, org_id=org.id, actor=CLI, member_id=admin.id, role="member")
    assert _code(gql(client, made["secret"], ORG)) == "FORBIDDEN"


def test_keys_are_bound_only_to_owners_and_admins(
    client: TestClient, deps: Deps, org: ReadyOrg,
) -> None:
    plain = scim_member(deps, org.id, "plain@keys.test")
    made = data(client, org.management_key, """mutation($m: ID!) {
      createManagementKey(name: "x", memberId: $m) { __typename } }""", m=gid("Member", plain.id))
    assert made["createManagementKey"]["__typename"] == "Forbidden"


def test_a_revoked_key_is_refused_on_the_next_request(client: TestClient, org: ReadyOrg) -> None:
    made = data(client, org.management_key, """mutation { createManagementKey(name: "tmp") {
        ... on CreateManagementKeySuccess { secret key { id } } } }""")["createManagementKey"]
    revoked = data(client, made["secret"], """mutation($id: ID!) {
        revokeManagementKey(id: $id) { __typename } }""", id=made["key"]["id"])
    assert revoked["revokeManagementKey"]["__typename"] == "RemovedSuccess"
    assert _code(gql(client, made["secret"], ORG)) == "UNAUTHENTICATED"

"""/ServiceProviderConfig, /Schemas, /ResourceTypes and /Me (RFC 7643 §5-§7, RFC 7644 §3.11, §4)."""

from __future__ import annotations

import pytest
from scim2_models import ResourceType, Schema, ServiceProviderConfig

from provisor.api.demo import CLI
from provisor.domain.custom_attributes import CustomAttributeType, custom_schema_urn
from provisor.domain.usecases.custom_attributes import define_custom_attribute


def test_the_service_provider_config_announces_what_the_server_enforces(client, org):
    body = client.get(f"{org.scim_base}/ServiceProviderConfig", headers=org.auth).json()
    config = ServiceProviderConfig.model_validate(body)
    assert config.patch.supported and config.sort.supported and config.etag.supported
    assert (config.bulk.max_operations, config.bulk.max_payload_size) == (1000, 1024 * 1024)
    assert config.filter.max_results == 1000 and not config.change_password.supported
    assert config.pagination.cursor and config.pagination.index
    assert (config.pagination.default_page_size, config.pagination.max_page_size) == (100, 1000)
    assert config.authentication_schemes[0].type == "oauthbearertoken"


@pytest.mark.parametrize("path", ["/ServiceProviderConfig", "/Schemas", "/ResourceTypes"])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_discovery_endpoints_refuse_other_methods_with_a_scim_405(client, org, path, method):
    response = client.request(method, f"{org.scim_base}{path}", headers=org.auth)
    assert response.status_code == 405
    assert response.json()["status"] == "405"


def test_discovery_refuses_a_filter_rather_than_ignoring_it(client, org):
    response = client.get(f"{org.scim_base}/Schemas", params={"filter": 'id pr'},
                          headers=org.auth)
    assert response.status_code == 403


def test_schemas_list_core_enterprise_group_and_the_discovery_schemas(client, org):
    body = client.get(f"{org.scim_base}/Schemas", headers=org.auth).json()
    schemas = {s["id"]: Schema.model_validate(s) for s in body["Resources"]}
    assert body["totalResults"] == len(schemas) == 6
    user = schemas["urn:ietf:params:scim:schemas:core:2.0:User"]
    assert user["userName"].uniqueness == "server" and not user["userName"].case_exact
    assert user["password"].returned == "never" and user["groups"].mutability == "readOnly"
    group = schemas["urn:ietf:params:scim:schemas:core:2.0:Group"]
    assert group["displayName"].uniqueness == "server"
    assert group["members"]["$ref"].reference_types == ["User"]


def test_a_schema_is_read_by_its_urn_ignoring_case_and_an_unknown_one_is_404(client, org):
    urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    found = client.get(f"{org.scim_base}/Schemas/{urn.upper()}", headers=org.auth)
    assert found.status_code == 200 and found.json()["id"] == urn
    missing = client.get(f"{org.scim_base}/Schemas/urn:nope:x", headers=org.auth)
    assert missing.status_code == 404 and missing.json()["status"] == "404"


def test_resource_types_name_users_with_the_enterprise_extension_and_groups(client, org):
    body = client.get(f"{org.scim_base}/ResourceTypes", headers=org.auth).json()
    types = {t["id"]: ResourceType.model_validate(t) for t in body["Resources"]}
    assert set(types) == {"User", "Group"}
    assert types["User"].endpoint == "/Users" and types["Group"].endpoint == "/Groups"
    assert [e.schema_ for e in types["User"].schema_extensions] == [
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]
    assert client.get(f"{org.scim_base}/ResourceTypes/Group", headers=org.auth).json()[
        "endpoint"] == "/Groups"
    assert client.get(f"{org.scim_base}/ResourceTypes/Nope", headers=org.auth).status_code == 404


def test_an_orgs_custom_attributes_are_published_only_to_that_org(client, deps, org, other_org):
    define_custom_attribute(deps, org_id=org.id, actor=CLI, name="costCenterCode")
    define_custom_attribute(deps, org_id=org.id, actor=CLI, name="badges",
                            type=CustomAttributeType.INTEGER, multi_valued=True)
    urn = custom_schema_urn(org.slug)
    schema = Schema.model_validate(
        client.get(f"{org.scim_base}/Schemas/{urn}", headers=org.auth).json())
    assert [(a.name, a.type, a.multi_valued, a.required.value) for a in schema.attributes] == [
        ("costCenterCode", "string", False, False), ("badges", "integer", True, False)]
    user = client.get(f"{org.scim_base}/ResourceTypes/User", headers=org.auth).json()
    assert {"schema": urn, "required": False} in user["schemaExtensions"]
    others = client.get(f"{other_org.scim_base}/Schemas", headers=other_org.auth).json()
    assert all("provisor" not in s["id"] for s in others["Resources"])
    assert client.get(f"{other_org.scim_base}/Schemas/{urn}",
                      headers=other_org.auth).status_code == 404


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_me_answers_501_with_a_scim_error(client, org, method):
    response = client.request(method, f"{org.scim_base}/Me", headers=org.auth)
    assert response.status_code == 501 and response.json()["status"] == "501"


def test_me_still_requires_a_valid_token(client, org):
    assert client.get(f"{org.scim_base}/Me").status_code == 401

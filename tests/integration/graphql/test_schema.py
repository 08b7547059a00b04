"""The schema is a product: committed, described, and introspectable only if allowed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from graphql import GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType
from starlette.testclient import TestClient

from provisor.api.app import create_app
from provisor.api.bootstrap import Container
from provisor.graphql.schema import build_schema, sdl
from tests.conftest import ReadyOrg
from tests.integration.graphql.helpers import gql

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "schema.graphql"
BUILTIN = {"String", "Boolean", "Int", "Float", "ID"}
INTROSPECT = "{ __schema { queryType { name } } }"


def test_the_committed_schema_graphql_is_the_schema_the_code_serves() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), \
        "schema.graphql is stale: run `python -m provisor.graphql.export`"


def test_every_type_and_field_of_the_schema_has_a_description() -> None:
    schema = build_schema()._schema
    missing = []
    for name, kind in schema.type_map.items():
        if name.startswith("__") or name in BUILTIN:
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, field in kind.fields.items() if not field.description]
    assert missing == []


def test_introspection_answers_in_development(client: TestClient, org: ReadyOrg) -> None:
    body = gql(client, org.management_key, INTROSPECT)
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_introspection_is_refused_when_configuration_turns_it_off(
    container: Container, org: ReadyOrg,
) -> None:
    settings = dataclasses.replace(container.settings, graphql_introspection=False,
                                   environment="production")
    app = create_app(container=dataclasses.replace(container, settings=settings))
    with TestClient(app) as production:
        body = gql(production, org.management_key, INTROSPECT)
        assert body["data"] is None
        assert "introspection" in body["errors"][0]["message"].lower()
        assert production.get("/graphql", headers={"Accept": "text/html"}).status_code != 200


def test_graphiql_is_served_in_development(client: TestClient) -> None:
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()

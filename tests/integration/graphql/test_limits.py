"""Abusive queries are refused with a clear error; internals never leak."""

from __future__ import annotations

from graphql import GraphQLError
from starlette.testclient import TestClient

from provisor.graphql.errors import PublicError, should_mask
from tests.conftest import ReadyOrg
from tests.integration.graphql.helpers import gql


def test_a_query_deeper_than_the_limit_is_refused(client: TestClient, org: ReadyOrg) -> None:
    deep = "{ members { edges { node { groups { members { edges { node { groups { members {" \
        " edges { node { userName } } } } } } } } } } } }"
    body = gql(client, org.management_key, deep)
    assert body["data"] is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


def test_a_query_with_too_many_aliases_is_refused(client: TestClient, org: ReadyOrg) -> None:
    aliases = " ".join(f"a{i}: organization {{ slug }}" for i in range(30))
    body = gql(client, org.management_key, "{ " + aliases + " }")
    assert body["data"] is None
    assert "aliases" in body["errors"][0]["message"].lower()


def test_a_query_with_too_many_tokens_is_refused(client: TestClient, org: ReadyOrg) -> None:
    fields = " ".join(["slug"] * 5000)
    body = gql(client, org.management_key, "{ organization { " + fields + " } }")
    assert body["data"] is None
    assert "token" in body["errors"][0]["message"].lower()


def test_a_bad_cursor_is_a_client_error_not_a_crash(client: TestClient, org: ReadyOrg) -> None:
    for query in ('{ members(after: "!!!") { totalCount } }',
                  '{ members(after: "bTpub3Rhbi1vZmZzZXQ=") { totalCount } }',
                  '{ provisioningEvents(after: "ZTpub3Rhbm51bWJlcg==") { edges { cursor } } }'):
        body = gql(client, org.management_key, query)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert body["errors"][0]["message"] == "the cursor is not valid"


def test_an_unexpected_failure_is_masked_and_a_public_error_is_not() -> None:
    unexpected = GraphQLError("boom", original_error=RuntimeError("db password=hunter2"))
    meant = GraphQLError("bad", original_error=PublicError("bad", "BAD_USER_INPUT"))
    invalid = GraphQLError("Cannot query field 'x' on type 'Query'.")
    assert should_mask(unexpected)
    assert not should_mask(meant) and not should_mask(invalid)

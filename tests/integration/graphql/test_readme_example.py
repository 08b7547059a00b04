"""The README's GraphQL example runs as printed against the real schema."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from tests.conftest import ReadyOrg
from tests.integration.graphql.helpers import data

README = Path(__file__).resolve().parents[3] / "README.md"


def _example() -> str:
    [block] = re.findall(r"```graphql\n(.*?)```", README.read_text(), flags=re.S)
    return block


def test_the_readme_settings_page_query_and_token_mutation_run(
    client: TestClient, org: ReadyOrg,
) -> None:
    document = _example()
    query, mutation = document.split("\nmutation", 1)
    page = data(client, org.management_key, query)
    assert page["organization"]["slug"] == org.slug
    assert page["scimTokens"] and page["members"]["totalCount"] >= 0
    made = data(client, org.management_key, "mutation" + mutation)["createScimToken"]
    assert made["__typename"] == "CreateScimTokenSuccess"
    assert made["secret"].endswith(made["token"]["lastFour"])

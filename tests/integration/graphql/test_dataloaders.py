"""N+1: a page of members with groups, roles and workspace access costs a constant
number of SQL statements, whatever its size."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from starlette.testclient import TestClient

from provisor.api.bootstrap import Container
from provisor.domain.deps import Deps
from provisor.domain.role import AccessLevel
from provisor.domain.usecases.role_mappings import set_group_role_mapping
from tests.conftest import CLI, ReadyOrg
from tests.integration.graphql.helpers import data, scim_group, scim_member

PAGE = """query($first: Int) { members(first: $first, orderBy: {field: USER_NAME}) {
  totalCount edges { cursor node { id userName email state managedBy
    effectiveRole { role source } roleOverride
    groups { id displayName memberCount }
    workspaceAccess { workspace access viaGroup { displayName } } } } } }"""


@contextmanager
def counted(container: Container) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(container.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(container.engine, "before_cursor_execute", count)


def test_a_page_of_100_members_costs_as_many_statements_as_a_page_of_10(
    client: TestClient, container: Container, deps: Deps, org: ReadyOrg,
) -> None:
    people = [scim_member(deps, org.id, f"n1-{i:03}@load.test") for i in range(100)]
    for g in range(4):
        group = scim_group(deps, org.id, f"Team {g}", people[g::4])
        set_group_role_mapping(deps, org_id=org.id, actor=CLI, group_id=group.id,
                               role="viewer", workspace=f"ws{g}", access=AccessLevel.VIEW)
    data(client, org.management_key, "{ viewer { id } }")  # the key's last-used write
    counts = {}
    for size in (10, 100):
        with counted(container) as statements:
            page = data(client, org.management_key, PAGE, first=size)
        assert len(page["members"]["edges"]) == size
        counts[size] = len(statements)
    assert counts[10] == counts[100]
    assert counts[100] <= 20, counts
    sample = page["members"]["edges"][5]["node"]
    assert sample["groups"][0]["memberCount"] == 25
    assert sample["workspaceAccess"][0]["viaGroup"]["displayName"] == sample["groups"][0][
        "displayName"]

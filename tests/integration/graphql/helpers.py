"""Calling /graphql as a dashboard would, and making test data through the domain."""

from __future__ import annotations

import base64
from typing import Any

from starlette.testclient import TestClient

from provisor.domain.deps import Deps
from provisor.domain.group import Group
from provisor.domain.member import Member
from provisor.domain.usecases.create_group import create_group
from provisor.domain.usecases.create_member import MemberDraft, create_member
from tests.conftest import CLI


def gql(client: TestClient, key: str | None, query: str, **variables: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = client.post("/graphql", json={"query": query, "variables": variables},
                           headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def data(client: TestClient, key: str | None, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(client, key, query, **variables)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


def gid(type_name: str, node_id: str) -> str:
    return base64.b64encode(f"{type_name}:{node_id}".encode()).decode()


def scim_member(deps: Deps, org_id: str, user_name: str, *, roles: tuple[str, ...] = (),
                active: bool = True, **profile: Any) -> Member:
    body: dict[str, Any] = {"emails": [{"value": user_name, "primary": True}], **profile}
    if roles:
        body["roles"] = [{"value": r} for r in roles]
    return create_member(deps, org_id=org_id, actor=CLI,
                         draft=MemberDraft(user_name=user_name, profile=body, active=active))


def scim_group(deps: Deps, org_id: str, name: str, members: list[Member]) -> Group:
    group, _ = create_group(deps, org_id=org_id, actor=CLI, display_name=name,
                            member_ids={m.id for m in members})
    return group

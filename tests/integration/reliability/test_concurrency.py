"""Concurrent IdP pushes against ``provisor serve --workers 2``: no lost writes,
uniqueness holds, If-Match is honoured, and SQLite never says "database is locked"."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from provisor.domain.deps import Deps
from provisor.domain.token import CredentialKind
from provisor.domain.usecases.credentials import issue_credential, revoke_credential
from tests.conftest import CLI, ReadyOrg, make_org
from tests.integration.reliability.conftest import headers
from tests.integration.reliability.server import Server, start

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
STATUSES: list[int] = []  # every status this module saw, checked for 5xx at the end


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start(database_url, tmp_path_factory.mktemp("conc") / "server.log", workers=2)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def org(deps: Deps) -> ReadyOrg:
    return make_org(deps)


def _together(server: Server, org: ReadyOrg, requests: list[tuple[str, str, Any, dict[str, str]]]
              ) -> list[httpx.Response]:
    """Send every request at once, each on its own connection."""

    async def one(method: str, path: str, body: Any, extra: dict[str, str]) -> httpx.Response:
        async with httpx.AsyncClient(base_url=server.url + org.scim_base, timeout=120) as http:
            return await http.request(method, path, json=body, headers={**headers(org), **extra})

    async def all_of() -> list[httpx.Response]:
        return list(await asyncio.gather(*(one(*r) for r in requests)))

    responses = asyncio.run(all_of())
    STATUSES.extend(r.status_code for r in responses)
    return responses


def _create_user(server: Server, org: ReadyOrg, user_name: str) -> dict[str, Any]:
    response = _together(server, org, [("POST", "/Users", {"schemas": [USER],
                                                           "userName": user_name}, {})])[0]
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _random_case(text: str) -> str:
    return "".join(c.upper() if random.random() < 0.5 else c.lower() for c in text)


def test_fifty_simultaneous_creates_of_one_user_name_in_any_case_make_exactly_one_user(
    server: Server, org: ReadyOrg,
):
    name = "race.user@example.com"
    body = {"schemas": [USER]}
    responses = _together(server, org, [("POST", "/Users", {**body, "userName": _random_case(name)},
                                         {}) for _ in range(50)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 49, statuses
    assert all(r.json().get("scimType") == "uniqueness" for r in responses if r.status_code == 409)
    found = _together(server, org, [("GET", f'/Users?filter=userName eq "{name.upper()}"',
                                      None, {})])[0]
    assert found.json()["totalResults"] == 1


def test_sixteen_connections_adding_distinct_members_to_one_group_lose_none(
    server: Server, org: ReadyOrg,
):
    users = [_create_user(server, org, f"member{i}@example.com")["id"] for i in range(16)]
    group = _together(server, org, [("POST", "/Groups", {"schemas": [GROUP],
                                                         "displayName": "Race Group"}, {})])[0]
    assert group.status_code == 201, group.text
    gid = group.json()["id"]
    responses = _together(server, org, [
        ("PATCH", f"/Groups/{gid}", {"schemas": [PATCH], "Operations": [
            {"op": "add", "path": "members", "value": [{"value": uid}]}]}, {})
        for uid in users])
    assert all(r.status_code in (200, 204) for r in responses), [r.text for r in responses]
    final = _together(server, org, [("GET", f"/Groups/{gid}", None, {})])[0].json()
    assert sorted(m["value"] for m in final["members"]) == sorted(users)


def test_concurrent_puts_with_one_if_match_let_exactly_one_win(server: Server, org: ReadyOrg):
    user = _create_user(server, org, "etag.user@example.com")
    version = user["meta"]["version"]
    responses = _together(server, org, [
        ("PUT", f"/Users/{user['id']}", {"schemas": [USER], "userName": "etag.user@example.com",
                                         "title": f"title {i}"}, {"If-Match": version})
        for i in range(12)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [412] * 11, statuses
    winner = next(r for r in responses if r.status_code == 200).json()
    now = _together(server, org, [("GET", f"/Users/{user['id']}", None, {})])[0].json()
    assert now["title"] == winner["title"] and now["meta"]["version"] != version


def test_mixed_concurrent_writes_never_fail_with_a_server_error_or_database_is_locked(
    server: Server, org: ReadyOrg,
):
    responses = _together(server, org, [
        ("POST", "/Users", {"schemas": [USER], "userName": f"mixed{i}@example.com"}, {})
        for i in range(30)])
    assert all(r.status_code == 201 for r in responses)
    _together(server, org, [("PATCH", f"/Users/{r.json()['id']}", {"schemas": [PATCH],
              "Operations": [{"op": "replace", "path": "active", "value": False}]}, {})
              for r in responses])
    assert not [s for s in STATUSES if s >= 500]  # this module's requests, all of them
    output = server.output()
    assert "database is locked" not in output and "Traceback" not in output


def test_a_revoked_token_is_refused_by_every_worker_on_the_next_request(
    server: Server, org: ReadyOrg, deps: Deps,
):
    issued = issue_credential(deps, org_id=org.id, actor=CLI, kind=CredentialKind.SCIM_TOKEN,
                              name="revoked soon")
    requests = [("GET", "/ServiceProviderConfig", None,
                 {"Authorization": f"Bearer {issued.secret}"})] * 12
    assert [r.status_code for r in _together(server, org, requests)] == [200] * 12
    revoke_credential(deps, org_id=org.id, actor=CLI, credential_id=issued.credential.id,
                      kind=CredentialKind.SCIM_TOKEN)
    assert [r.status_code for r in _together(server, org, requests)] == [401] * 12

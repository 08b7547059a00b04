"""SIGKILL the server in the middle of a write load, restart it, and check the
database against what was acknowledged: every 2xx write is there, multi-operation
PATCHes and failOnErrors Bulks are all or nothing, and each change has exactly
one provisioning event."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from provisor.domain.deps import Deps
from tests.conftest import ReadyOrg, make_org
from tests.integration.reliability.conftest import headers
from tests.integration.reliability.server import Server, start

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
CLIENTS, KILL_AFTER = 6, 40


@dataclass
class Ledger:
    """What the server acknowledged (2xx), and what was merely attempted."""

    users: dict[str, int] = field(default_factory=dict)  # id -> last acknowledged patch k
    bulks_sent: list[str] = field(default_factory=list)
    bulks_acked: list[str] = field(default_factory=list)
    acks: int = 0
    enough: asyncio.Event = field(default_factory=asyncio.Event)

    def ack(self) -> None:
        self.acks += 1
        if self.acks >= KILL_AFTER:
            self.enough.set()


def _patch(k: int) -> dict[str, Any]:
    return {"schemas": [PATCH], "Operations": [
        {"op": "replace", "path": "title", "value": f"t{k}"},
        {"op": "replace", "path": "nickName", "value": f"n{k}"}]}


def _bulk(tag: str) -> dict[str, Any]:
    return {"schemas": [BULK], "failOnErrors": 1, "Operations": [
        {"method": "POST", "path": "/Users", "bulkId": "a",
         "data": {"schemas": [USER], "userName": f"{tag}-a@example.com"}},
        {"method": "POST", "path": "/Users", "bulkId": "b",
         "data": {"schemas": [USER], "userName": f"{tag}-b@example.com"}},
        {"method": "POST", "path": "/Groups", "bulkId": "g",
         "data": {"schemas": [GROUP], "displayName": tag,
                  "members": [{"value": "bulkId:a"}, {"value": "bulkId:b"}]}}]}


async def _client(base: str, org: ReadyOrg, c: int, ledger: Ledger) -> None:
    async with httpx.AsyncClient(base_url=base, headers=headers(org), timeout=30) as http:
        try:
            for i in range(10_000):
                created = await http.post("/Users", json={"schemas": [USER],
                                                          "userName": f"c{c}-{i}@example.com"})
                assert created.status_code == 201, created.text
                uid = created.json()["id"]
                ledger.users[uid] = 0
                ledger.ack()
                for k in (1, 2):
                    patched = await http.patch(f"/Users/{uid}", json=_patch(k))
                    assert patched.status_code in (200, 204), patched.text
                    ledger.users[uid] = k
                    ledger.ack()
                tag = f"bulk-c{c}-{i}"
                ledger.bulks_sent.append(tag)
                done = await http.post("/Bulk", json=_bulk(tag))
                assert done.status_code == 200, done.text
                assert all(int(op["status"]) < 300 for op in done.json()["Operations"])
                ledger.bulks_acked.append(tag)
                ledger.ack()
        except httpx.TransportError:
            return  # the server was killed under us


async def _load_then_kill(server: Server, org: ReadyOrg, ledger: Ledger) -> None:
    tasks = [asyncio.create_task(_client(server.url + org.scim_base, org, c, ledger))
             for c in range(CLIENTS)]
    enough = asyncio.create_task(ledger.enough.wait())
    await asyncio.wait([enough, *tasks], return_when=asyncio.FIRST_COMPLETED)
    enough.cancel()
    server.stop(signal.SIGKILL)
    await asyncio.gather(*tasks)


def test_acknowledged_writes_survive_a_sigkill_whole_and_with_one_event_each(
    database_url: str, deps: Deps, tmp_path: Path,
):
    org, ledger = make_org(deps), Ledger()
    server = start(database_url, tmp_path / "server.log", workers=2)
    asyncio.run(_load_then_kill(server, org, ledger))
    assert ledger.acks >= KILL_AFTER and ledger.bulks_acked
    server = server.restart()
    try:
        with httpx.Client(base_url=server.url + org.scim_base, headers=headers(org)) as http:
            _check_users(http, deps, org, ledger)
            _check_bulks(http, ledger)
    finally:
        server.stop()


def _events(deps: Deps, org: ReadyOrg) -> Counter[tuple[str, str]]:
    with deps.uow() as uow:
        found = uow.events.find(org.id, limit=1_000_000)
    return Counter((e.action, e.target_id) for e in found if e.outcome.value == "success")


def _check_users(http: httpx.Client, deps: Deps, org: ReadyOrg, ledger: Ledger) -> None:
    events = _events(deps, org)
    for uid, acked_k in ledger.users.items():
        user = http.get(f"/Users/{uid}")
        assert user.status_code == 200, user.text
        body = user.json()
        k = int(body.get("title", "t0")[1:])
        assert body.get("nickName", "n0") == f"n{k}"  # both operations or neither
        assert k >= acked_k
        assert events[("member.created", uid)] == 1
        assert events[("member.updated", uid)] == k  # one event per applied PATCH
    created = [target for (action, target), n in events.items() if action == "member.created"]
    assert all(events[("member.created", t)] == 1 for t in created)


def _check_bulks(http: httpx.Client, ledger: Ledger) -> None:
    for tag in ledger.bulks_sent:
        users = [http.get("/Users", params={"filter": f'userName eq "{tag}-{x}@example.com"'})
                 .json()["totalResults"] for x in "ab"]
        groups = http.get("/Groups", params={"filter": f'displayName eq "{tag}"'}).json()
        present = [*users, groups["totalResults"]]
        assert present in ([1, 1, 1], [0, 0, 0]), (tag, present)  # all or nothing
        if tag in ledger.bulks_acked:
            assert present == [1, 1, 1]
        if present[2]:
            assert len(groups["Resources"][0].get("members", [])) == 2

"""``make soak``: mixed Okta- and Entra-like SCIM traffic with random faults, then a
consistency check of the database against every acknowledged write.

Environment: ``SOAK_SECONDS`` (60), ``SOAK_CLIENTS`` (8), ``SOAK_WORKERS`` (2),
``SOAK_PORT`` (a free port), ``SOAK_SEED``, ``SOAK_DATABASE_URL`` (default: a fresh
SQLite file; a PostgreSQL URL is used as is and must be migratable).

Faults: a client that hangs up before its answer (the write's outcome is then
unknown, never counted as acknowledged) and, every ``SOAK_SECONDS / 4``, a
SIGKILLed uvicorn worker (the supervisor starts another). The check: every
acknowledged user and group exists; entities with no write of unknown outcome
have exactly the last acknowledged state; every member has exactly one
``member.created`` event. Exits 1 on a missing write, a mismatch or any 5xx.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
# Above the production defaults, so the database sees real concurrency while
# 429 + Retry-After still happen; any PROVISOR_RATE_LIMIT_* in the environment wins.
RATE_LIMITS = {"PROVISOR_RATE_LIMIT_TOKEN_RATE": "150", "PROVISOR_RATE_LIMIT_TOKEN_BURST": "300",
               "PROVISOR_RATE_LIMIT_ORG_RATE": "300", "PROVISOR_RATE_LIMIT_ORG_BURST": "600"}


@dataclass
class Entity:
    kind: str  # "Users" | "Groups"
    org: str  # the org's slug
    id: str
    state: dict[str, Any]  # the last acknowledged state we compare against
    uncertain: bool = False  # a write of unknown outcome happened after the last ack


@dataclass
class Ledger:
    entities: dict[str, Entity] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    acked_writes: int = 0
    unknown_writes: int = 0


class Client:
    """One IdP connection; ``flavor`` picks Okta's or Entra's request shapes."""

    def __init__(self, http: httpx.AsyncClient, flavor: str, ledger: Ledger, rng: random.Random,
                 name: str) -> None:
        self.http, self.flavor, self.ledger, self.rng, self.name = http, flavor, ledger, rng, name
        self.users: list[Entity] = []
        self.groups: list[Entity] = []
        self.n = 0

    async def send(self, method: str, path: str, body: Any = None, *, write: bool,
                   entity: Entity | None = None) -> httpx.Response | None:
        disconnect = write and self.rng.random() < 0.03
        try:
            response = await self.http.request(
                method, path, json=body, timeout=0.002 if disconnect else 30)
        except httpx.HTTPError:
            self.ledger.faults["client_disconnect" if disconnect else "transport_error"] += 1
            if write:
                self.ledger.unknown_writes += 1
                if entity is not None:
                    entity.uncertain = True
            return None
        self.ledger.statuses[response.status_code] += 1
        if response.status_code == 429:  # as IdPs do: wait as long as we are told
            await asyncio.sleep(min(float(response.headers.get("Retry-After", "1")), 5.0))
        if write and response.status_code < 300:
            self.ledger.acked_writes += 1
        return response

    async def step(self) -> None:
        roll = self.rng.random()
        if not self.users or roll < 0.3:
            await self.create_user()
        elif roll < 0.55:
            await self.update_user(self.rng.choice(self.users))
        elif not self.groups or roll < 0.65:
            await self.create_group()
        elif roll < 0.85:
            await self.change_members(self.rng.choice(self.groups))
        else:
            await self.send("GET", "/Users", None, write=False)

    async def create_user(self) -> None:
        self.n += 1
        user_name = f"{self.name}-{self.n}@soak.example"
        key = "userName" if self.flavor == "okta" else "externalId"
        lookup = await self.send("GET", f'/Users?filter={key} eq "{user_name}"', write=False)
        if lookup is None or lookup.status_code != 200:
            return
        body = {"schemas": [USER], "userName": user_name, "externalId": user_name,
                "active": True, "name": {"givenName": "Soak", "familyName": str(self.n)}}
        created = await self.send("POST", "/Users", body, write=True)
        if created is not None and created.status_code == 201:
            entity = Entity("Users", self.flavor, created.json()["id"], {"userName": user_name,
                                                             "active": True, "title": None})
            self.users.append(entity)
            self.ledger.entities[entity.id] = entity

    async def update_user(self, user: Entity) -> None:
        title, active = f"title-{self.rng.randrange(10**6)}", self.rng.random() < 0.8
        if self.flavor == "okta":  # Okta: PUT the whole user, PATCH for active
            body = {"schemas": [USER], "userName": user.state["userName"], "title": title,
                    "externalId": user.state["userName"], "active": active}
            done = await self.send("PUT", f"/Users/{user.id}", body, write=True, entity=user)
        else:  # Entra: capitalized ops, a path-less value object, "False" as a string
            ops = [{"op": "Replace", "value": {"title": title,
                                               "active": "True" if active else "False"}}]
            done = await self.send("PATCH", f"/Users/{user.id}",
                                   {"schemas": [PATCH], "Operations": ops}, write=True,
                                   entity=user)
        if done is not None and done.status_code < 300:
            user.state.update(title=title, active=active)
            user.uncertain = False  # every update sets all compared attributes

    async def create_group(self) -> None:
        self.n += 1
        name = f"{self.name}-group-{self.n}"
        created = await self.send("POST", "/Groups", {"schemas": [GROUP], "displayName": name},
                                  write=True)
        if created is not None and created.status_code == 201:
            entity = Entity("Groups", self.flavor, created.json()["id"], {"members": set()})
            self.groups.append(entity)
            self.ledger.entities[entity.id] = entity

    async def change_members(self, group: Entity) -> None:
        user = self.rng.choice(self.users)
        op = "remove" if user.id in group.state["members"] and self.rng.random() < 0.4 else "add"
        operation = ({"op": op, "path": "members", "value": [{"value": user.id}]} if op == "add"
                     else {"op": "remove", "path": f'members[value eq "{user.id}"]'})
        done = await self.send("PATCH", f"/Groups/{group.id}",
                               {"schemas": [PATCH], "Operations": [operation]}, write=True,
                               entity=group)
        if done is not None and done.status_code < 300:
            members: set[str] = group.state["members"]
            (members.add if op == "add" else members.discard)(user.id)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _workers(supervisor: int) -> list[int]:
    """The uvicorn workers: the supervisor's children started by multiprocessing spawn."""
    try:
        children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
        return [int(pid) for pid in children
                if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]
    except OSError:
        return []


async def _faults(proc: subprocess.Popen[bytes], seconds: float, ledger: Ledger,
                  rng: random.Random) -> None:
    for _ in range(3):
        await asyncio.sleep(seconds / 4)
        workers = _workers(proc.pid)
        if len(workers) > 1:
            os.kill(rng.choice(workers), signal.SIGKILL)
            ledger.faults["worker_killed"] += 1


async def _run_clients(base: str, tokens: dict[str, str], seconds: float, n: int,
                       ledger: Ledger, seed: int) -> int:
    deadline, requests = time.monotonic() + seconds, 0

    async def run(i: int) -> None:
        nonlocal requests
        flavor = "okta" if i % 2 == 0 else "entra"
        rng = random.Random(seed + i)
        async with httpx.AsyncClient(base_url=f"{base}/scim/v2/{flavor}", headers={
                "Authorization": f"Bearer {tokens[flavor]}"}) as http:
            client = Client(http, flavor, ledger, rng, f"c{i}")
            while time.monotonic() < deadline:
                await client.step()
                requests += 1

    await asyncio.gather(*(run(i) for i in range(n)))
    return requests


def _check(database_url: str, ledger: Ledger) -> dict[str, int]:
    """Compare the database itself (not the API) with the acknowledged writes."""
    from provisor.api.bootstrap import build
    from provisor.api.settings import Settings
    from provisor.domain.query import ListQuery
    from provisor.store import member_counts

    container = build(Settings(database_url=database_url, hash_cost="low"))
    found = mismatched = bad_events = bad_counts = 0
    with container.deps.uow() as uow:
        orgs = {slug: uow.orgs.get_by_slug(slug) for slug in ("okta", "entra")}
        ids = {slug: org.id for slug, org in orgs.items() if org is not None}
        for entity in ledger.entities.values():
            state = _stored(uow, ids[entity.org], entity)
            found += state is not None
            mismatched += state is not None and not entity.uncertain and state != entity.state
        for org_id in ids.values():
            created = Counter(e.target_id for e in uow.events.find(org_id, limit=10**7)
                              if e.action in ("member.created", "member.invited"))
            bad_events += sum(1 for n in created.values() if n != 1)
            # the count row, kept in each add's and removal's transaction, matches
            counted = member_counts.read(uow.conn, org_id)
            actual = uow.members.find(org_id, ListQuery(count=0)).total  # totalResults
            bad_counts += counted is not None and counted.members != _count_all(uow, org_id)
            bad_counts += actual != _count_all(uow, org_id)
    container.engine.dispose()
    return {"acknowledged_entities": len(ledger.entities), "found": found,
            "missing": len(ledger.entities) - found, "mismatched": mismatched,
            "bad_created_events": bad_events, "bad_member_counts": bad_counts}


def _count_all(uow: Any, org_id: str) -> int:
    from sqlalchemy import func, select

    from provisor.store.tables import members
    return int(uow.conn.execute(select(func.count()).select_from(members).where(
        members.c.org_id == org_id)).scalar_one())


def _stored(uow: Any, org_id: str, entity: Entity) -> dict[str, Any] | None:
    if entity.kind == "Groups":
        group = uow.groups.get(org_id, entity.id)
        return None if group is None else {"members": uow.groups.member_ids(org_id, entity.id)}
    member = uow.members.get(org_id, entity.id)
    if member is None:
        return None
    return {"userName": member.user_name, "active": member.state.value != "deactivated",
            "title": member.profile.get("title")}


def _prepare(database_url: str) -> dict[str, str]:
    from provisor.api.bootstrap import build
    from provisor.api.demo import ensure_demo
    from provisor.api.settings import Settings
    from provisor.store.migrate import upgrade

    upgrade(database_url)
    container = build(Settings(database_url=database_url, hash_cost="low"))
    tokens = {flavor: ensure_demo(container.deps, flavor).scim_token for flavor in ("okta",
                                                                                     "entra")}
    container.engine.dispose()
    return tokens


def _start(database_url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**RATE_LIMITS, **os.environ, "PROVISOR_DATABASE_URL": database_url,
           "PROVISOR_HASH_COST": "low"}
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "provisor.api.cli", "serve", "--host",
                                 "127.0.0.1", "--port", str(port), "--workers", str(workers)],
                                env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit("the server did not start; see " + str(log))


def main() -> int:
    seconds = float(os.environ.get("SOAK_SECONDS", "60"))
    clients, workers = int(os.environ.get("SOAK_CLIENTS", "8")), int(
        os.environ.get("SOAK_WORKERS", "2"))
    seed = int(os.environ.get("SOAK_SEED", str(random.randrange(10**6))))
    port = int(os.environ.get("SOAK_PORT", "0")) or _free_port()
    work = Path(tempfile.mkdtemp(prefix="provisor-soak-"))
    database_url = os.environ.get("SOAK_DATABASE_URL") or f"sqlite:///{work / 'soak.db'}"
    tokens, ledger = _prepare(database_url), Ledger()
    proc = _start(database_url, port, workers, work / "server.log")
    base = f"http://127.0.0.1:{port}"
    try:
        requests = asyncio.run(_soak(base, tokens, seconds, clients, ledger, seed, proc))
        summary = {"seconds": seconds, "seed": seed, "client_steps": requests,
                   "requests": sum(ledger.statuses.values()) + sum(ledger.faults.values())
                   - ledger.faults["worker_killed"],
                   "statuses": dict(sorted(ledger.statuses.items())),
                   "faults": dict(ledger.faults), "acked_writes": ledger.acked_writes,
                   "unknown_outcome_writes": ledger.unknown_writes,
                   **_check(database_url, ledger)}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
    summary["server_errors_5xx"] = sum(n for s, n in ledger.statuses.items() if s >= 500)
    print(json.dumps(summary, indent=2))
    failed = summary["missing"] or summary["mismatched"] or summary["bad_created_events"] \
        or summary["bad_member_counts"] or summary["server_errors_5xx"]
    print("SOAK FAILED" if failed else "SOAK PASSED", f"(logs in {work})")
    return 1 if failed else 0


async def _soak(base: str, tokens: dict[str, str], seconds: float, clients: int,
                ledger: Ledger, seed: int, proc: subprocess.Popen[bytes]) -> int:
    faults = asyncio.create_task(_faults(proc, seconds, ledger, random.Random(seed)))
    requests = await _run_clients(base, tokens, seconds, clients, ledger, seed)
    faults.cancel()
    return requests


if __name__ == "__main__":
    raise SystemExit(main())

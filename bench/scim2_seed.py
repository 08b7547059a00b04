"""Seed scim2-server through its own API: N users, then one big group."""

from __future__ import annotations

import asyncio

import orjson

from bench.client import Connection
from bench.phases import GROUP, PATCH, user_body
from bench.seed import BIG_GROUP, user_name


async def _users(port: int, n: int, ids: list[str], w: int, conns: int) -> None:
    conn = await Connection.open(port, None)
    try:
        for i in range(w, n, conns):
            body = orjson.dumps(user_body(user_name(i), f"ext{i:06d}"))
            reply = await conn.request("POST", "/v2/Users", body)
            if reply.status != 201:
                raise RuntimeError(f"seeding scim2-server failed: {reply.status}")
            ids[i] = orjson.loads(reply.body)["id"]
    finally:
        await conn.close()


async def seed_scim2(port: int, n: int, conns: int = 16) -> tuple[list[str], str, int]:
    ids = [""] * n
    await asyncio.gather(*(_users(port, n, ids, w, conns) for w in range(conns)))
    size = min(n, BIG_GROUP)
    conn = await Connection.open(port, None)
    try:
        reply = await conn.request("POST", "/v2/Groups", orjson.dumps({
            "schemas": [GROUP], "displayName": "bench-big"}))
        if reply.status != 201:
            raise RuntimeError(f"seeding scim2-server's group failed: {reply.status}")
        group_id = orjson.loads(reply.body)["id"]
        # In chunks: one 50,000-member body would exceed its maximum payload size.
        for start in range(0, size, 1000):
            reply = await conn.request("PATCH", f"/v2/Groups/{group_id}", orjson.dumps({
                "schemas": [PATCH], "Operations": [{"op": "add", "path": "members", "value": [
                    {"value": uid} for uid in ids[start:min(size, start + 1000)]]}]}))
            if reply.status not in (200, 204):
                raise RuntimeError(f"filling scim2-server's group failed: {reply.status}")
        return ids, group_id, size
    finally:
        await conn.close()

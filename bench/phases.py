"""The phases: what each request is, and how its response is checked.

Each phase builds request ``seq`` of connection ``worker``. Paired phases
(deactivate then reactivate; remove then re-add a group member) keep both
halves of a pair on the same connection so they run in order and leave the
data as they found it. Every response is checked for its status and a key
field of its body; anything else counts as an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import orjson

from bench.client import Reply

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
Check = Callable[[Reply], bool]


@dataclass(frozen=True, slots=True)
class Call:
    method: str
    path: str
    body: bytes | None
    check: Check


@dataclass(slots=True)
class Target:
    """A server under test and the data seeded into it."""

    name: str
    port: int
    base: str  # e.g. "/scim/v2/bench" or "/v2"
    token: str | None
    user_ids: list[str]
    user_names: list[str]
    group_id: str
    group_size: int
    group_patch_ok: frozenset[int] = frozenset({204})
    user_patch_204: bool = False  # RFC 7644 §3.5.2 lets a server answer 204 instead of 200
    run: str = "r"
    extra: dict[Any, Any] = field(default_factory=dict)  # per-connection state (cursors)


@dataclass(frozen=True, slots=True)
class Phase:
    name: str
    make: Callable[[Target, int, int, int], Call]  # target, worker, seq, connections
    single: bool = False  # unloaded: one connection


def _json(reply: Reply) -> Any:
    return orjson.loads(reply.body) if reply.body else None


def _status(reply: Reply, *expected: int) -> bool:
    return reply.status in expected


def user_body(name: str, ext: str) -> dict[str, Any]:
    """An Okta-like create body (Okta's SCIM 2.0 reference, "Create the user")."""
    given, family = name.split("@")[0], "Bench"
    return {"schemas": [USER], "userName": name, "externalId": ext,
            "name": {"givenName": given, "familyName": family},
            "emails": [{"primary": True, "value": name, "type": "work"}],
            "displayName": f"{given} {family}", "locale": "en-US", "groups": [],
            "active": True}


def lookup(t: Target, w: int, j: int, c: int) -> Call:
    i = (w + c * j) % len(t.user_ids)
    expr = quote(f'userName eq "{t.user_names[i]}"', safe="")

    def check(r: Reply) -> bool:
        if r.status != 200:
            return False
        doc = _json(r)
        return bool(doc["totalResults"] == 1 and doc["Resources"][0]["id"] == t.user_ids[i])
    return Call("GET", f"{t.base}/Users?filter={expr}", None, check)


def get(t: Target, w: int, j: int, c: int) -> Call:
    uid = t.user_ids[(w + c * j) % len(t.user_ids)]
    return Call("GET", f"{t.base}/Users/{uid}", None,
                lambda r: _status(r, 200) and bool(_json(r)["id"] == uid))


def create(t: Target, w: int, j: int, c: int) -> Call:
    name = f"new-{t.run}-{w}-{j}@bench.example"
    body = orjson.dumps(user_body(name, f"x-{t.run}-{w}-{j}"))
    return Call("POST", f"{t.base}/Users", body,
                lambda r: _status(r, 201) and bool(_json(r)["userName"] == name))


def patch_active(t: Target, w: int, j: int, c: int) -> Call:
    uid = t.user_ids[(w + c * (j // 2)) % len(t.user_ids)]
    active = j % 2 == 1  # deactivate, then reactivate on the same connection
    body = orjson.dumps({"schemas": [PATCH],
                         "Operations": [{"op": "replace", "value": {"active": active}}]})

    def check(r: Reply) -> bool:
        if r.status == 204 and t.user_patch_204:
            return True
        return r.status == 200 and _json(r)["active"] is active
    return Call("PATCH", f"{t.base}/Users/{uid}", body, check)


def list_page(t: Target, w: int, j: int, c: int) -> Call:
    """Pages at startIndex spread over the whole org (a dashboard's random access)."""
    pages = max(1, -(-len(t.user_ids) // 100))
    return list_page_at(t, 1 + 100 * ((w + c * j) % pages))


def list_page_at(t: Target, start: int) -> Call:
    def check(r: Reply) -> bool:
        if r.status != 200:
            return False
        doc = _json(r)
        want = max(0, min(100, doc["totalResults"] - start + 1))
        got = doc.get("Resources") or []
        return bool(doc["totalResults"] >= len(t.user_ids) and len(got) == want
                    and all("id" in u for u in got))
    return Call("GET", f"{t.base}/Users?startIndex={start}&count=100", None, check)


def list_walk(t: Target, w: int, j: int, c: int) -> Call:
    """An IdP import: each connection pages through the org in order (``startIndex``
    1, 101, 201, ...), starting at its own share of the org and wrapping around."""
    pages = max(1, -(-len(t.user_ids) // 100))
    start = 1 + 100 * ((w * pages // c + j) % pages)
    return list_page_at(t, start)


def list_cursor(t: Target, w: int, j: int, c: int) -> Call:
    """Walk the org by RFC 9865 cursors; each connection follows its own ``nextCursor``."""
    key = ("cursor", w)
    cursor = t.extra.get(key, "")

    def check(r: Reply) -> bool:
        t.extra[key] = ""
        if r.status != 200:
            return False
        doc = _json(r)
        got = doc.get("Resources") or []
        t.extra[key] = doc.get("nextCursor") or ""
        return bool(got) and len(got) <= 100 and all("id" in u for u in got)
    return Call("GET", f"{t.base}/Users?count=100&cursor={quote(cursor, safe='')}", None, check)


def _group_member(t: Target, w: int, j: int, c: int) -> tuple[str, bool]:
    """The member a pair removes then re-adds, and whether this is the add."""
    return t.user_ids[(w + c * (j // 2)) % t.group_size], j % 2 == 1


def _group_call(t: Target, ops: list[dict[str, Any]]) -> Call:
    body = orjson.dumps({"schemas": [PATCH], "Operations": ops})
    return Call("PATCH", f"{t.base}/Groups/{t.group_id}", body,
                lambda r: r.status in t.group_patch_ok)


def group_okta(t: Target, w: int, j: int, c: int) -> Call:
    uid, add = _group_member(t, w, j, c)
    op = ({"op": "add", "path": "members", "value": [{"value": uid}]} if add
          else {"op": "remove", "path": f'members[value eq "{uid}"]'})
    return _group_call(t, [op])


def group_entra(t: Target, w: int, j: int, c: int) -> Call:
    uid, add = _group_member(t, w, j, c)
    return _group_call(t, [{"op": "Add" if add else "Remove", "path": "members",
                            "value": [{"value": uid}]}])


def create_group(t: Target, w: int, j: int, c: int) -> Call:
    n = len(t.user_ids)
    start = ((w + c * j) * 100) % n
    name = f"bench-{t.run}-{w}-{j}"
    body = orjson.dumps({"schemas": [GROUP], "displayName": name, "members": [
        {"value": t.user_ids[(start + k) % n]} for k in range(min(100, n))]})
    return Call("POST", f"{t.base}/Groups", body,
                lambda r: _status(r, 201) and bool(_json(r)["displayName"] == name))


PHASES = [
    Phase("userName eq lookup", lookup),
    Phase("GET /Users/{id}", get),
    Phase("POST /Users", create),
    Phase("PATCH active false/true", patch_active),
    Phase("list pages count=100", list_page),
    Phase("list pages in order", list_walk),
    Phase("list pages by cursor", list_cursor),
    Phase("group PATCH -1/+1 Okta", group_okta),
    Phase("group PATCH -1/+1 Entra", group_entra),
    Phase("POST /Groups 100 members", create_group),
    Phase("unloaded lookup", lookup, single=True),
    Phase("unloaded get", get, single=True),
    Phase("unloaded patch", patch_active, single=True),
]

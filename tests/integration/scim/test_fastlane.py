"""The fast lane answers exactly as FastAPI's routing does.

The same script of SCIM requests (every laned route, and the errors clients
cause) runs on the app as served, and on the same app with ``FastLane``
removed from the root application and the SCIM sub-application, each on an
org of its own; after ids, times and the org's slug are replaced by
placeholders, every status, header that matters and body must be equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from fastapi import FastAPI
from starlette.routing import Mount
from starlette.testclient import TestClient

from provisor.api.app import create_app
from provisor.api.bootstrap import Container
from provisor.domain.deps import Deps
from provisor.scim.fastlane import FastLane
from tests.conftest import ReadyOrg, make_org
from tests.integration.scim.helpers import patch, user_body

HEADERS = ("content-type", "etag", "location", "www-authenticate", "retry-after")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CURSOR = re.compile(r'"(next|previous)Cursor":"[^"]*"')  # an opaque encoding of an id
INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def _scim_app(app: FastAPI) -> FastAPI:
    for route in app.routes:
        if isinstance(route, Mount) and isinstance(route.app, FastAPI):
            return route.app
    raise AssertionError("no SCIM mount")


@pytest.fixture
def routed(container: Container) -> Iterator[TestClient]:
    """The app with every SCIM request dispatched by FastAPI."""
    app = create_app(container=container)
    scim = _scim_app(app)
    assert any(m.cls is FastLane for m in app.user_middleware)  # in front of the routing too
    for laned in (app, scim):
        laned.user_middleware = [m for m in laned.user_middleware if m.cls is not FastLane]
    with TestClient(app) as client:
        yield client


def _script(client: TestClient, org: ReadyOrg) -> list[tuple[Any, ...]]:
    base, auth = org.scim_base, org.auth
    seen: list[tuple[Any, ...]] = []

    def call(method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
             raw: bytes | None = None) -> Any:
        sent = {**auth, "Content-Type": "application/scim+json", **(headers or {})}
        content = raw if raw is not None else (orjson.dumps(body) if body is not None else None)
        reply = client.request(method, base + path, content=content, headers=sent)
        seen.append((method, path.replace(org.slug, "ORG"), reply.status_code,
                     {h: reply.headers.get(h) for h in HEADERS}, reply.content))
        return reply.json() if reply.content and reply.status_code != 304 else None

    alice = call("POST", "/Users", user_body("alice", externalId="x-1"))
    call("POST", "/Users", user_body("alice"))  # 409 uniqueness
    call("POST", "/Users", raw=b"{not json")  # 400 invalidSyntax
    call("POST", "/Users?attributes=userName", user_body("bob"))
    uid = alice["id"]
    call("GET", f"/Users/{uid}")
    call("GET", f"/Users/{uid}?attributes=userName&excludedAttributes=emails")
    call("GET", f"/Users/{uid}", headers={"If-None-Match": alice["meta"]["version"]})
    call("GET", "/Users/no-such-id")
    call("GET", "/Users/.search")
    call("GET", "/Users?filter=" + 'userName eq "alice@example.com"')
    call("GET", "/Users?filter=userName%20eq%20%22ALICE%40example.com%22&count=1&startIndex=1")
    call("GET", "/Users?filter=userName%20zz%20%22x%22")  # 400 invalidFilter
    call("GET", "/Users?sortBy=userName&sortOrder=descending&count=5&count=1")
    call("GET", "/Users?cursor=&count=1")
    call("PATCH", f"/Users/{uid}", patch({"op": "replace", "value": {"active": False}}))
    call("PATCH", f"/Users/{uid}", patch({"op": "replace", "path": "no][path", "value": 1}))
    call("PATCH", f"/Users/{uid}", patch({"op": "replace", "path": "displayName", "value": "A"}),
         headers={"If-Match": 'W/"1"'})  # 412
    call("PUT", f"/Users/{uid}", user_body("alice", displayName="Alice"))
    group = call("POST", "/Groups", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                     "displayName": "Team", "members": [{"value": uid}]})
    gid = group["id"]
    call("GET", f"/Groups/{gid}")
    call("GET", f"/Groups/{gid}?excludedAttributes=members")
    call("GET", "/Groups?filter=displayName%20eq%20%22Team%22")
    call("PATCH", f"/Groups/{gid}", patch({"op": "remove", "path": f'members[value eq "{uid}"]'}))
    call("PATCH", f"/Groups/{gid}?attributes=displayName",
         patch({"op": "add", "path": "members", "value": [{"value": uid}]}))
    call("PUT", f"/Groups/{gid}", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                   "displayName": "Team 2"})
    call("DELETE", f"/Groups/{gid}")
    call("DELETE", f"/Groups/{gid}")  # 404
    call("DELETE", f"/Users/{uid}")
    call("GET", "/Users/", headers={})  # trailing slash: FastAPI's answer either way
    call("HEAD", f"/Users/{uid}")  # not laned: 405 from FastAPI either way
    call("GET", "/Users", headers={"Authorization": "Bearer nope"})  # 401
    call("GET", "/Users", headers={"Authorization": "Basic abc"})  # 401
    call("GET", "/Users".replace("/Users", "/../x/Users"))
    return seen


def _normalized(seen: list[tuple[Any, ...]], org: ReadyOrg) -> list[tuple[Any, ...]]:
    out = []
    names: dict[str, str] = {}
    for method, path, status, headers, body in seen:
        text = body.decode().replace(org.slug, "ORG")
        for found in UUID.findall(text) + UUID.findall(path) + UUID.findall(
                str(headers.get("location"))):
            names.setdefault(found, f"ID{len(names)}")
        for real, name in names.items():
            text, path = text.replace(real, name), path.replace(real, name)
        location = headers.get("location")
        if location:
            for real, name in names.items():
                location = location.replace(real, name)
            headers = {**headers, "location": location.replace(org.slug, "ORG")}
        out.append((method, path, status, headers, CURSOR.sub("C", INSTANT.sub("T", text))))
    return out


def test_the_fast_lane_answers_as_fastapi_routing_does(
    client: TestClient, routed: TestClient, deps: Deps, monkeypatch: pytest.MonkeyPatch,
):
    served: list[str] = []
    original = FastLane._serve

    async def counting(self: FastLane, endpoint: Any, *args: Any) -> None:
        served.append(endpoint.__name__)
        await original(self, endpoint, *args)

    monkeypatch.setattr(FastLane, "_serve", counting)
    lane_org, routed_org = make_org(deps, "lane"), make_org(deps, "routed")
    laned = _normalized(_script(client, lane_org), lane_org)
    lane_count = len(served)
    plain = _normalized(_script(routed, routed_org), routed_org)
    assert len(served) == lane_count  # the routed app never entered the lane
    assert {"create_user", "get_user", "list_users", "patch_user", "replace_user",
            "delete_user", "create", "get", "list_all", "patch", "replace", "delete"} <= set(served)
    assert [s for _, _, s, _, _ in laned].count(200) >= 10  # the script did succeed
    for mine, theirs in zip(laned, plain, strict=True):
        assert mine == theirs


def test_locations_follow_each_requests_host(client: TestClient, deps: Deps):
    """The base URL is remembered per Host (and scheme, server, root path), never
    carried over from another request's."""
    org = make_org(deps, "host")
    created = client.post(org.scim_base + "/Users", json=user_body("hosted"), headers=org.auth)
    uid = created.json()["id"]
    for host in ("a.example", "b.example:8443", "a.example"):
        reply = client.get(f"{org.scim_base}/Users/{uid}", headers={**org.auth, "Host": host})
        assert reply.json()["meta"]["location"] == \
            f"http://{host}/scim/v2/{org.slug}/Users/{uid}"

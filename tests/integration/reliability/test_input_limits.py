"""Every input limit answers a clear SCIM error, never a 5xx, on a real server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from provisor.api.limit_settings import LimitSettings
from provisor.domain.deps import Deps
from tests.conftest import ReadyOrg, make_org
from tests.integration.reliability.conftest import assert_scim_error, headers
from tests.integration.reliability.server import Server, start

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
LIMITS = LimitSettings()


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start(database_url, tmp_path_factory.mktemp("limits") / "server.log")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def scim(server: Server, deps: Deps) -> Iterator[tuple[httpx.Client, ReadyOrg]]:
    org = make_org(deps)
    with httpx.Client(base_url=server.url + org.scim_base, headers=headers(org),
                      timeout=60) as http:
        yield http, org


def _user(**extra: object) -> dict[str, object]:
    return {"schemas": [USER], "userName": "limits.user@example.com", **extra}


def test_a_body_over_the_size_limit_is_refused_with_413(scim: tuple[httpx.Client, ReadyOrg]):
    http, _ = scim
    big = b'{"schemas":["' + USER.encode() + b'"],"x":"' + b"a" * LIMITS.max_body_bytes + b'"}'
    assert_scim_error(http.post("/Users", content=big), 413, "tooMany")


def test_a_chunked_body_over_the_size_limit_is_refused_with_413(
    scim: tuple[httpx.Client, ReadyOrg],
):
    http, _ = scim

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server must count
        for _ in range(LIMITS.max_body_bytes // 65536 + 2):
            yield b" " * 65536

    assert_scim_error(http.post("/Users", content=chunks()), 413, "tooMany")


def test_json_nested_too_deeply_is_refused_as_invalid_syntax(scim: tuple[httpx.Client, ReadyOrg]):
    http, _ = scim
    for depth in (LIMITS.max_json_depth + 1, 5000):
        deep = b'{"schemas":["' + USER.encode() + b'"],"x":' + b"[" * depth + b"]" * depth + b"}"
        assert_scim_error(http.post("/Users", content=deep), 400, "invalidSyntax")


def test_filters_too_long_or_too_deep_are_invalid_filters(scim: tuple[httpx.Client, ReadyOrg]):
    http, _ = scim
    long = 'userName eq "' + "a" * LIMITS.scim.max_filter_length + '"'
    deep = "(" * 40 + 'userName eq "a"' + ")" * 40
    for text in (long, deep):
        assert_scim_error(http.get("/Users", params={"filter": text}), 400, "invalidFilter")
        assert_scim_error(http.post("/Users/.search", json={"filter": text}), 400,
                          "invalidFilter")


def test_strings_and_multi_valued_attributes_have_limits(scim: tuple[httpx.Client, ReadyOrg]):
    http, _ = scim
    long_name = {"givenName": "a" * (LIMITS.scim.max_string_length + 1)}
    body = assert_scim_error(http.post("/Users", json=_user(name=long_name)), 400,
                             "invalidValue")
    assert "name.givenName" in str(body["detail"])
    n = LIMITS.scim.max_values_per_attribute + 1
    for attribute, value in (("emails", {"value": "x@example.com"}), ("phoneNumbers",
                                                                     {"value": "+1 555"})):
        body = assert_scim_error(http.post("/Users", json=_user(**{attribute: [value] * n})),
                                 400, "invalidValue")
        assert attribute in str(body["detail"])


def test_group_members_per_request_are_limited_in_post_put_and_patch(
    scim: tuple[httpx.Client, ReadyOrg],
):
    http, _ = scim
    members = [{"value": f"m{i}"} for i in range(LIMITS.scim.max_members_per_request + 1)]
    group = {"schemas": [GROUP], "displayName": "big", "members": members}
    assert_scim_error(http.post("/Groups", json=group), 400, "invalidValue")
    assert_scim_error(http.put("/Groups/some-id", json=group), 400, "invalidValue")
    patch = {"schemas": [PATCH], "Operations": [
        {"op": "add", "path": "members", "value": members[:6000]},
        {"op": "add", "path": "members", "value": members[6000:]}]}
    assert_scim_error(http.patch("/Groups/some-id", json=patch), 400, "invalidValue")


def test_a_patch_with_too_many_operations_is_refused(scim: tuple[httpx.Client, ReadyOrg]):
    http, _ = scim
    ops = [{"op": "replace", "path": "title", "value": "x"}] * (
        LIMITS.scim.max_patch_operations + 1)
    assert_scim_error(http.patch("/Users/some-id", json={"schemas": [PATCH], "Operations": ops}),
                      400, "invalidValue")


def test_a_graphql_body_over_the_size_limit_is_refused_with_413(server: Server):
    big = b'{"query":"' + b"a" * (LIMITS.max_body_bytes + 1) + b'"}'
    response = httpx.post(server.url + "/graphql", content=big,
                          headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "exceeds" in response.json()["errors"][0]["message"]


def test_a_user_at_every_limit_is_accepted(scim: tuple[httpx.Client, ReadyOrg]):
    http, _ = scim
    n = LIMITS.scim.max_values_per_attribute
    user = _user(emails=[{"value": f"u{i}@example.com", "type": "other"} for i in range(n)],
                 title="t" * LIMITS.scim.max_string_length)
    created = http.post("/Users", json=user)
    assert created.status_code == 201, created.text
    listed = http.get("/Users", params={"count": 5000})
    assert listed.status_code == 200 and listed.json()["itemsPerPage"] <= LIMITS.scim.max_count


def test_bulk_operations_carry_the_same_per_resource_limits(scim: tuple[httpx.Client, ReadyOrg]):
    http, _ = scim
    emails = [{"value": f"b{i}@example.com"} for i in range(
        LIMITS.scim.max_values_per_attribute + 1)]
    bulk = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
        {"method": "POST", "path": "/Users", "bulkId": "u",
         "data": _user(userName="bulk.limits@example.com", emails=emails)}]}
    body = assert_scim_error(http.post("/Bulk", json=bulk), 400, "invalidValue")
    assert "emails" in str(body["detail"])


HOSTILE: list[tuple[str, str, bytes | None]] = [
    ("POST", "/Users", b"\xff\xfe not utf-8"),
    ("POST", "/Users", b'{"schemas":["' + USER.encode() + b'"],"userName":"nul\\u0000byte"}'),
    ("POST", "/Users", b'{"schemas":["' + USER.encode() + b'"],"userName":{"a":1}}'),
    ("POST", "/Users", b'{"schemas":["' + USER.encode() + b'"],"userName":"x","emails":"no"}'),
    ("POST", "/Users", b'{"schemas":["' + USER.encode() + b'"],"userName":"x","active":1e400}'),
    ("POST", "/Users", b"[1, 2, 3]"),
    ("POST", "/Users", b'"just a string"'),
    ("POST", "/Groups", b'{"schemas":["' + GROUP.encode() + b'"],"displayName":"g",'
                        b'"members":[{"value":{"nested":true}}]}'),
    ("PATCH", "/Users/x", b'{"schemas":["' + PATCH.encode() + b'"],"Operations":"no"}'),
    ("PATCH", "/Users/x", b'{"schemas":["' + PATCH.encode() + b'"],"Operations":[{"op":"add",'
                          b'"path":"members[value eq","value":1}]}'),
    ("GET", "/Users?filter=userName%20eq%20%22%FF%22", None),
    ("GET", "/Users?filter=" + "not%20(" * 10 + "userName%20pr" + ")" * 10, None),
    ("GET", "/Users?startIndex=99999999999999999999999&count=-5", None),
    ("GET", "/Users?cursor=%00%FF garbage", None),
    ("GET", "/Users?sortBy=" + "a." * 300, None),
    ("GET", "/Users/" + "%2e%2e%2f" * 20, None),
    ("PUT", "/Users/" + "x" * 5000, b'{"schemas":["' + USER.encode() + b'"],"userName":"x"}'),
]


def test_hostile_input_never_produces_a_server_error(scim: tuple[httpx.Client, ReadyOrg]):
    http, _ = scim
    answers = [(method, path[:60], http.request(method, path, content=body).status_code)
               for method, path, body in HOSTILE]
    assert [a for a in answers if a[2] >= 500] == []  # tolerated or refused, never a 5xx

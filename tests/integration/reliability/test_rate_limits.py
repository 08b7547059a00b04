"""Rate limiting per token, per org and per failing client, on real servers.

Buckets refill at 0.01 token/s here, so no request of a test ever sees a
refill: outcomes depend on counts only, never on timing.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from provisor.domain.deps import Deps
from provisor.domain.token import CredentialKind
from provisor.domain.usecases.credentials import issue_credential
from tests.conftest import CLI, make_org
from tests.integration.reliability.conftest import assert_scim_error, client_from, headers
from tests.integration.reliability.server import Server, start

SPC = "/ServiceProviderConfig"
LIMITS = {
    "PROVISOR_RATE_LIMIT_ENABLED": "true",
    "PROVISOR_RATE_LIMIT_TOKEN_RATE": "0.01", "PROVISOR_RATE_LIMIT_TOKEN_BURST": "5",
    "PROVISOR_RATE_LIMIT_ORG_RATE": "0.01", "PROVISOR_RATE_LIMIT_ORG_BURST": "8",
    "PROVISOR_RATE_LIMIT_AUTH_FAILURE_RATE": "0.01",
    "PROVISOR_RATE_LIMIT_AUTH_FAILURE_BURST": "3",
}


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start(database_url, tmp_path_factory.mktemp("rl") / "server.log", env=LIMITS)
    yield running
    running.stop()


def _statuses(url: str, token: str, n: int, address: str = "127.0.0.1") -> list[int]:
    with client_from(address) as http:
        return [http.get(url, headers={"Authorization": f"Bearer {token}"}).status_code
                for _ in range(n)]


def test_a_token_past_its_burst_gets_429_with_retry_after_and_a_scim_error(
    server: Server, deps: Deps,
):
    org = make_org(deps)
    url = server.url + org.scim_base + SPC
    assert _statuses(url, org.token, 5) == [200] * 5
    with client_from("127.0.0.1") as http:
        refused = http.get(url, headers=headers(org))
    assert_scim_error(refused, 429)
    assert int(refused.headers["Retry-After"]) >= 1
    assert org.token not in refused.text


def test_an_orgs_budget_is_shared_by_its_tokens_and_other_orgs_are_unaffected(
    server: Server, deps: Deps,
):
    org, other = make_org(deps), make_org(deps, "other")
    second = issue_credential(deps, org_id=org.id, actor=CLI, kind=CredentialKind.SCIM_TOKEN,
                              name="rotation").secret
    url = server.url + org.scim_base + SPC
    assert _statuses(url, org.token, 5) == [200] * 5
    assert _statuses(url, second, 4) == [200, 200, 200, 429]  # the org's 8 are spent
    assert _statuses(server.url + other.scim_base + SPC, other.token, 1) == [200]


def test_the_limit_is_shared_by_replicas_through_redis(
    database_url: str, deps: Deps, tmp_path: Path,
):
    prefix = f"provisor-test-{secrets.token_hex(6)}"
    env = {**LIMITS, "PROVISOR_REDIS_URL": "redis://127.0.0.1:6379/0",
           "PROVISOR_RATE_LIMIT_REDIS_PREFIX": prefix}
    replicas = [start(database_url, tmp_path / f"replica{i}.log", env=env) for i in (1, 2)]
    try:
        org = make_org(deps)
        statuses = [_statuses(replicas[i % 2].url + org.scim_base + SPC, org.token, 1)[0]
                    for i in range(8)]
        assert statuses == [200] * 5 + [429] * 3  # one budget of 5 across both replicas
    finally:
        for replica in replicas:
            replica.stop()
        store = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        keys = list(store.scan_iter(match=f"{prefix}:*"))
        if keys:
            store.delete(*keys)
        store.close()
    assert keys  # the buckets did live in Redis, under this run's prefix


def test_repeated_authentication_failures_from_one_client_are_slowed(
    server: Server, deps: Deps,
):
    org = make_org(deps)
    url = server.url + org.scim_base + SPC
    assert _statuses(url, org.token, 1, "127.0.0.3") == [200]  # a token seen to work
    bad = [f"scim_{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}" for _ in range(4)]
    assert [_statuses(url, token, 1, "127.0.0.3")[0] for token in bad] == [401] * 3 + [429]
    with client_from("127.0.0.3") as http:
        slowed = http.get(url, headers=headers(org, bad[0]))
    body = assert_scim_error(slowed, 429)
    assert "authentication" in str(body["detail"]) and int(slowed.headers["Retry-After"]) >= 1
    assert _statuses(url, org.token, 1, "127.0.0.3") == [200]  # the working token still works
    assert _statuses(url, bad[0], 1, "127.0.0.4") == [401]  # other clients are not slowed
    assert all(token not in server.output() for token in [*bad, org.token])

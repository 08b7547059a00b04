"""Authentication hardening: bad tokens cost what good ones cost, and no token
value ever reaches an error body, a log line or a span."""

from __future__ import annotations

import secrets
from dataclasses import replace
from pathlib import Path

import httpx
from starlette.testclient import TestClient

from provisor.api.app import create_app
from provisor.api.bootstrap import Container
from provisor.api.security import Argon2Hasher
from provisor.domain.deps import Deps
from tests.conftest import make_org
from tests.integration.reliability.conftest import assert_scim_error, headers
from tests.integration.reliability.server import start


class CountingHasher:
    """The real Argon2 hasher, recording which hash each verify ran against."""

    def __init__(self) -> None:
        self.real = Argon2Hasher("low")
        self.verified: list[str] = []

    def hash(self, secret: str) -> str:
        return self.real.hash(secret)

    def verify(self, secret_hash: str, secret: str) -> bool:
        self.verified.append(secret_hash)
        return self.real.verify(secret_hash, secret)


def _parameters(argon2_hash: str) -> str:
    return "$".join(argon2_hash.split("$")[:4])  # $argon2id$v=19$m=...,t=...,p=...


def test_a_bad_token_runs_exactly_one_argon2_verify_of_the_same_cost_as_a_good_one(
    container: Container, deps: Deps,
):
    org = make_org(deps)
    spy = CountingHasher()
    spied = Container(container.settings, container.engine, replace(deps, hasher=spy))
    unknown_prefix = f"scim_{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}"
    known_prefix = org.token[:-6] + "xxxxxx"
    url = org.scim_base + "/ServiceProviderConfig"
    with TestClient(create_app(container=spied)) as client:
        for token in (unknown_prefix, known_prefix, "not-a-token", org.token):
            before = len(spy.verified)
            status = client.get(url, headers={"Authorization": f"Bearer {token}"}).status_code
            assert status == (200 if token == org.token else 401)
            assert len(spy.verified) == before + 1, token[:5]
        assert len({_parameters(h) for h in spy.verified}) == 1  # one work factor for all
        assert client.get(url, headers=headers(org)).status_code == 200
        assert len(spy.verified) == 4  # a verified token is not verified again


def test_no_token_appears_in_any_error_log_line_or_span(database_url: str, deps: Deps,
                                                       tmp_path: Path):
    org = make_org(deps)
    log = tmp_path / "server.log"
    server = start(database_url, log, env={
        "PROVISOR_LOG_LEVEL": "DEBUG", "OTEL_TRACES_EXPORTER": "console",
        "OTEL_LOGS_EXPORTER": "console", "OTEL_METRICS_EXPORTER": "none",
        "OTEL_BSP_SCHEDULE_DELAY": "100"})
    bad = [f"scim_{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}", org.token[:-6] + "yyyyyy",
           "Bearer-ish " + secrets.token_urlsafe(24)]
    try:
        base = server.url + org.scim_base
        for token in bad:
            refused = httpx.get(base + "/Users", headers=headers(org, token))
            assert_scim_error(refused, 401)
            assert token not in refused.text and token not in str(refused.headers)
        user = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "secret.keeper@example.com"}
        assert httpx.post(base + "/Users", json=user, headers=headers(org)).status_code == 201
        conflict = httpx.post(base + "/Users", json=user, headers=headers(org))
        assert_scim_error(conflict, 409, "uniqueness")
        assert org.token not in conflict.text
    finally:
        server.stop()  # flushes the span exporter
    output = log.read_text(errors="replace")
    assert "trace_id" in output  # spans were exported, so the check below means something
    for token in [*bad, org.token]:
        assert token not in output
    assert org.token.split("_", 2)[2][:12] not in output  # not even part of the secret
    assert "secret.keeper@example.com" not in output  # nor an email address

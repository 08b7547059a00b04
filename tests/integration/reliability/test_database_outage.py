"""PostgreSQL unreachable → 503 + Retry-After under /scim, /readyz fails, and the
service recovers by itself when the database returns.

The app reaches PostgreSQL through a TCP proxy of our own; cutting the proxy
is the outage (the real PostgreSQL server is never stopped).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from provisor.api.bootstrap import build
from provisor.api.settings import Settings
from provisor.store.migrate import upgrade
from tests.conftest import (
    PG_ENV,
    ReadyOrg,
    _drop_postgres_database,
    _fresh_postgres_database,
    make_org,
)
from tests.integration.reliability.conftest import assert_scim_error, headers
from tests.integration.reliability.proxy import TcpProxy
from tests.integration.reliability.server import Server, free_port, start


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    url, name = _fresh_postgres_database()
    upgrade(url)
    yield url
    _drop_postgres_database(name)


@pytest.fixture(scope="module")
def proxy() -> Iterator[TcpProxy]:
    target = make_url(os.environ[PG_ENV])
    running = TcpProxy(free_port(), (target.host or "127.0.0.1", target.port or 5432))
    running.start()
    yield running
    running.close()


@pytest.fixture(scope="module")
def org(database: str) -> ReadyOrg:
    container = build(Settings(database_url=database, hash_cost="low"))
    try:
        return make_org(container.deps)
    finally:
        container.engine.dispose()


@pytest.fixture(scope="module")
def server(database: str, proxy: TcpProxy, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Server]:
    via_proxy = make_url(database).set(host="127.0.0.1", port=proxy.port)
    running = start(via_proxy.render_as_string(hide_password=False),
                    tmp_path_factory.mktemp("outage") / "server.log",
                    env={"PROVISOR_DB_OUTAGE_RETRY_AFTER": "7"})
    yield running
    running.stop()


def _until(check: str, url: str, status: int, auth: dict[str, str], seconds: float = 60
           ) -> httpx.Response:
    """Poll until ``url`` answers ``status`` (a deadline, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while True:
        response = httpx.get(url, headers=auth, timeout=30)
        if response.status_code == status or time.monotonic() > deadline:
            assert response.status_code == status, f"{check}: {response.text}"
            return response
        time.sleep(0.2)


def test_an_unreachable_database_answers_503_and_the_service_recovers_by_itself(
    server: Server, proxy: TcpProxy, org: ReadyOrg,
):
    spc = server.url + org.scim_base + "/ServiceProviderConfig"
    assert httpx.get(spc, headers=headers(org)).status_code == 200
    assert httpx.get(server.url + "/readyz").status_code == 200
    proxy.stop()
    try:
        refused = httpx.get(spc, headers=headers(org), timeout=30)
        assert_scim_error(refused, 503)
        assert refused.headers["Retry-After"] == "7"
        assert httpx.get(server.url + "/readyz", timeout=30).status_code == 503
        with_bad_token = httpx.get(spc, headers=headers(org, "scim_00000000_x"), timeout=30)
        assert_scim_error(with_bad_token, 503)  # no 500, no 401 while the truth is unknown
    finally:
        proxy.start()
    _until("SCIM recovers", spc, 200, headers(org))
    _until("readyz recovers", server.url + "/readyz", 200, {})
    assert "Traceback" not in server.output()


def test_a_write_during_an_outage_is_refused_with_503_and_not_half_applied(
    server: Server, proxy: TcpProxy, org: ReadyOrg, database: str, tmp_path: Path,
):
    users = server.url + org.scim_base + "/Users"
    body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "outage.user@example.com"}
    proxy.stop()
    try:
        assert_scim_error(httpx.post(users, json=body, headers=headers(org), timeout=30), 503)
    finally:
        proxy.start()
    listed = _until("list recovers", users + '?filter=userName eq "outage.user@example.com"',
                    200, headers(org))
    assert listed.json()["totalResults"] == 0

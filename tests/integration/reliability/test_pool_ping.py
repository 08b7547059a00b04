"""The PostgreSQL pool pings a connection on checkout only after it sat idle.

A connection cut while idle is found dead by the ping and replaced before any
statement runs on it; one cut right after its last use (the price of not
pinging busy connections) fails one statement, which invalidates the pool, and
the next checkout reconnects. The cut is a TCP proxy of our own, as in
``test_database_outage``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from provisor.store.engine import make_engine
from tests.conftest import PG_ENV
from tests.integration.reliability.proxy import TcpProxy
from tests.integration.reliability.server import free_port

pytestmark = pytest.mark.skipif(not os.environ.get(PG_ENV),
                                reason="a connection pool to lose needs PostgreSQL")


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    target = make_url(os.environ[PG_ENV])
    running = TcpProxy(free_port(), (target.host or "127.0.0.1", target.port or 5432))
    running.start()
    yield running
    running.close()


def engine_via(proxy: TcpProxy, ping_idle_after: float) -> Engine:
    url = make_url(os.environ[PG_ENV]).set(host="127.0.0.1", port=proxy.port)
    return make_engine(url.render_as_string(hide_password=False),
                       ping_idle_after=ping_idle_after)


def server_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def cut_every_connection(proxy: TcpProxy) -> None:
    proxy.stop()
    proxy.start()


def test_a_connection_cut_while_idle_is_replaced_before_a_statement_runs(
    proxy: TcpProxy,
) -> None:
    engine = engine_via(proxy, ping_idle_after=0)  # every reused connection counts as idle
    try:
        first = server_pid(engine)
        assert server_pid(engine) == first  # the pooled connection is reused while alive
        cut_every_connection(proxy)
        assert server_pid(engine) != first  # pinged, found dead, reconnected: no error
    finally:
        engine.dispose()


def test_a_connection_cut_right_after_use_fails_once_then_the_pool_reconnects(
    proxy: TcpProxy,
) -> None:
    engine = engine_via(proxy, ping_idle_after=3600)  # never idle long enough to be pinged
    try:
        first = server_pid(engine)
        cut_every_connection(proxy)
        with pytest.raises(OperationalError) as refused:
            server_pid(engine)
        assert refused.value.connection_invalidated
        assert server_pid(engine) != first
    finally:
        engine.dispose()

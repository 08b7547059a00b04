"""Fixtures of the reliability suite: real servers on the session's database."""

from __future__ import annotations

import os

import httpx

from tests.conftest import PG_ENV, ReadyOrg

# A database outage is a network event: it is proven against PostgreSQL only
# (an embedded SQLite file has no connection to lose). Not collected without it.
collect_ignore = [] if os.environ.get(PG_ENV) else ["test_database_outage.py"]

ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"


def client_from(address: str, base_url: str = "") -> httpx.Client:
    """An HTTP client whose requests come from ``address`` (any of 127.0.0.0/8)."""
    return httpx.Client(base_url=base_url, timeout=60,
                        transport=httpx.HTTPTransport(local_address=address))


def headers(org: ReadyOrg, token: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token or org.token}",
            "Content-Type": "application/scim+json"}


def assert_scim_error(response: httpx.Response, status: int, scim_type: str | None = None
                      ) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/scim+json")
    body: dict[str, object] = response.json()
    assert body["schemas"] == [ERROR_SCHEMA] and body["status"] == str(status)
    if scim_type is not None:
        assert body.get("scimType") == scim_type, body
    return body

"""Schemathesis on the SCIM OpenAPI document, through the ASGI app, with a fixed seed.

Every operation gets a bounded number of generated requests, authenticated
with a ReadyOrg's token; then a stateful run follows the links schemathesis
infers (create → get → patch → delete). See harness.py for the checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, delete

from provisor.api.app import create_app
from provisor.api.bootstrap import build
from provisor.api.settings import Settings
from provisor.store.tables import group_members, groups, member_counts, members
from tests.conftest import ReadyOrg, make_org
from tests.fuzz.harness import OPENAPI_PATH, failures_of, stateful_machine

EXAMPLES_PER_OPERATION = 12
FIXED = {"derandomize": True, "deadline": None, "database": None,
         "suppress_health_check": list(HealthCheck)}


@dataclass(frozen=True)
class Target:
    app: FastAPI
    org: ReadyOrg
    engine: Engine


@pytest.fixture(scope="module")
def target(database_url: str) -> Iterator[Target]:
    container = build(Settings(database_url=database_url, hash_cost="low"))
    yield Target(create_app(container=container), make_org(container.deps, "fuzz"),
                 container.engine)
    container.engine.dispose()


def empty_org(target: Target) -> None:
    """Delete the org's groups and SCIM-made members (memberships first)."""
    org_id = target.org.id
    with target.engine.begin() as conn:
        conn.execute(delete(group_members).where(group_members.c.org_id == org_id))
        conn.execute(delete(groups).where(groups.c.org_id == org_id))
        conn.execute(delete(members).where(members.c.org_id == org_id,
                                           members.c.managed_by == "scim"))
        # members removed around the store: its count row goes too (recounted on use)
        conn.execute(delete(member_counts).where(member_counts.c.org_id == org_id))


def test_no_generated_request_breaks_the_scim_contract(target: Target) -> None:
    schema = schemathesis.openapi.from_asgi(OPENAPI_PATH, target.app)
    assert len(list(schema.get_all_operations())) >= 10
    failures = failures_of(schema, target.org.slug, target.org.auth,
                           settings(max_examples=EXAMPLES_PER_OPERATION, **FIXED))
    assert failures == {}


def test_linked_sequences_of_scim_calls_keep_the_contract(target: Target) -> None:
    schema = schemathesis.openapi.from_asgi(OPENAPI_PATH, target.app)
    machine = stateful_machine(schema, target.org.slug, target.org.auth,
                               reset=lambda: empty_org(target))
    machine.run(settings=settings(max_examples=15, stateful_step_count=6, **FIXED))

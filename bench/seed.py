"""A throwaway database, the bench org and token (via the CLI), and N users (bulk insert).

Users are inserted with SQLAlchemy Core in batches, in exactly the row shape
``provisor.store.members.to_row`` gives a :class:`Member`, so the server reads
them as if SCIM had created them. Seeding through HTTP would time the seeding,
not the server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select, text, update

from provisor.domain.member import ManagedBy, Member, MemberState, RoleSource
from provisor.store import make_engine
from provisor.store.members import to_row
from provisor.store.tables import group_members, groups, member_counts, members, organizations

NS = uuid.UUID("6f1c3c3e-5b8a-4a55-9d5e-2d1b7a0c0b11")
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
BATCH = 5000
BIG_GROUP = 50_000


@dataclass(frozen=True, slots=True)
class Seeded:
    org: str
    token: str
    user_ids: list[str]
    user_names: list[str]
    group_id: str
    group_size: int


def user_name(i: int) -> str:
    return f"user{i:06d}@bench.example"


def user_id(org: str, i: int) -> str:
    """Known in advance (ids are unique across orgs, so the org is part of the name)."""
    return str(uuid.uuid5(NS, f"{org}/{user_name(i)}"))


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh SQLite file or PostgreSQL database, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="provisor-bench-") as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    import psycopg

    name = f"provisor_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cli(url: str, *args: str) -> str:
    exe = Path(sys.executable).with_name("provisor")
    env = {**os.environ, "PROVISOR_DATABASE_URL": url}
    done = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True,
                          check=True, timeout=300)
    return done.stdout


def _profile(i: int) -> dict[str, object]:
    """What an Okta create leaves in a member's profile (the hot columns aside)."""
    given = f"user{i:06d}"
    return {"name": {"givenName": given, "familyName": "Bench"},
            "emails": [{"primary": True, "value": user_name(i), "type": "work"}],
            "displayName": f"{given} Bench", "locale": "en-US"}


def seed(url: str, n: int, org: str = "bench") -> Seeded:
    """Migrate, create the org and its SCIM token with the CLI, then insert the users."""
    cli(url, "migrate")
    token = json.loads(cli(url, "demo", "--json", "--org", org))["scim_token"]
    return insert_users(url, n, org, token)


def insert_users(url: str, n: int, org: str, token: str) -> Seeded:
    """N active SCIM members and one group of the first min(N, 50,000) of them."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    ids, names = [user_id(org, i) for i in range(n)], [user_name(i) for i in range(n)]
    group_id, size = str(uuid.uuid5(NS, f"{org}/bench-big-group")), min(n, BIG_GROUP)
    with engine.begin() as conn:
        row = conn.execute(select(organizations.c.id, organizations.c.default_role).where(
            organizations.c.slug == org)).one()
        org_id, role = row.id, row.default_role or "member"
        for start in range(0, n, BATCH):
            conn.execute(insert(members), [to_row(Member(
                id=ids[i], org_id=org_id, user_name=names[i], state=MemberState.ACTIVE,
                managed_by=ManagedBy.SCIM, created_at=now, updated_at=now,
                external_id=f"ext{i:06d}", profile=_profile(i), role=role,
                role_source=RoleSource.DEFAULT_ROLE)) for i in range(start, min(n, start + BATCH))])
        counts = member_counts.c  # the count the store keeps with every add (no row: none)
        conn.execute(update(member_counts).where(counts.org_id == org_id).values(
            members=counts.members + n, changes=counts.changes + n))
        conn.execute(insert(groups).values(
            id=group_id, org_id=org_id, display_name="bench-big", display_name_ci="bench-big",
            external_id=None, version=1, created_at=now, updated_at=now))
        for start in range(0, size, BATCH):
            conn.execute(insert(group_members), [
                {"group_id": group_id, "member_id": ids[i], "org_id": org_id}
                for i in range(start, min(size, start + BATCH))])
        if conn.dialect.name == "postgresql":  # planner statistics, as a live database has
            conn.execute(text("ANALYZE members, groups, group_members"))
    engine.dispose()
    return Seeded(org, token, ids, names, group_id, size)

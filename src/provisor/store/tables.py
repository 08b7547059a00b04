"""The schema, as SQLAlchemy Core tables (the only source Alembic reads).

Core tables rather than SQLModel classes: every hot path is a lean Core
statement, the domain has its own entities, so an ORM model layer would only
add a second set of classes and per-row overhead (DESIGN.md, "Shapes").

Case-insensitive uniqueness uses stored lowercase columns (``*_ci``) with
plain unique indexes: portable across SQLite and PostgreSQL and reflected
exactly by Alembic, unlike expression indexes on ``lower()``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

Json = JSON().with_variant(JSONB(), "postgresql")
Id = String(36)
Time = DateTime(timezone=True)
# An auto-incrementing integer key on both databases (SQLite needs INTEGER).
Serial = BigInteger().with_variant(Integer(), "sqlite")

organizations = Table(
    "organizations", metadata,
    Column("id", Id, primary_key=True),
    Column("slug", String(63), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("created_at", Time, nullable=False),
    Column("idp", String(20)),
    Column("provisioning", String(10), nullable=False, default="none"),
    Column("default_role", String(64)),
    Column("auto_activate", Boolean, nullable=False, default=True),
    Column("sync_groups", Boolean, nullable=False, default=True),
    Column("email_policy", String(10), nullable=False, default="mutable"),
    Column("domain_restriction", Boolean, nullable=False, default=False),
    Column("seat_limit", Integer),
    Column("sso_protocol", String(10)),
    Column("sso_issuer", String(2000)),
    Column("sso_status", String(10)),
)

email_domains = Table(
    "email_domains", metadata,
    Column("org_id", Id, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(253), primary_key=True),
    Column("verification_token", String(100), nullable=False),
    Column("verified", Boolean, nullable=False, default=False),
    Column("created_at", Time, nullable=False),
)

members = Table(
    "members", metadata,
    Column("id", Id, primary_key=True),
    Column("org_id", Id, ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
    Column("user_name", String(512), nullable=False),
    Column("user_name_ci", String(512), nullable=False),
    Column("external_id", String(512)),
    Column("email_ci", String(512)),
    Column("state", String(12), nullable=False),
    Column("managed_by", String(8), nullable=False),
    Column("role", String(64), nullable=False),
    Column("role_source", String(20), nullable=False),
    Column("role_override", String(64)),
    Column("profile", Json, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", Time, nullable=False),
    Column("updated_at", Time, nullable=False),
    Column("last_sign_in_at", Time),
    Index("ux_members_org_user_name", "org_id", "user_name_ci", unique=True),
    Index("ux_members_org_email", "org_id", "email_ci", unique=True),
    Index("ux_members_org_external_id", "org_id", "external_id", unique=True),
    Index("ix_members_org_id_id", "org_id", "id"),
    Index("ix_members_org_state", "org_id", "state"),
)

# The number of members of each org, kept in the transaction that adds or removes
# one (provisor.store.member_counts): totalResults of a whole-org list page without
# COUNT(*), which is O(N). A table of its own, not a column of organizations, so
# that member writes never lock the org's settings row. ``changes`` counts every
# add and removal: a list page may skip OFFSET only while it is unchanged.
member_counts = Table(
    "member_counts", metadata,
    Column("org_id", Id, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("members", BigInteger, nullable=False),
    Column("changes", BigInteger, nullable=False),
)

groups = Table(
    "groups", metadata,
    Column("id", Id, primary_key=True),
    Column("org_id", Id, ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
    Column("display_name", String(512), nullable=False),
    Column("display_name_ci", String(512), nullable=False),
    Column("external_id", String(512)),
    Column("version", Integer, nullable=False),
    Column("created_at", Time, nullable=False),
    Column("updated_at", Time, nullable=False),
    Index("ux_groups_org_display_name", "org_id", "display_name_ci", unique=True),
    Index("ix_groups_org_external_id", "org_id", "external_id"),
    Index("ix_groups_org_id_id", "org_id", "id"),
)

group_members = Table(
    "group_members", metadata,
    Column("group_id", Id, ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", Id, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("org_id", Id, nullable=False),
    Index("ix_group_members_member_id", "member_id"),
)

roles = Table(
    "roles", metadata,
    Column("org_id", Id, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(64), primary_key=True),
    Column("rank", Integer, nullable=False),
    Column("description", String(500), nullable=False, default=""),
)

role_mappings = Table(
    "role_mappings", metadata,
    Column("org_id", Id, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("idp_value", String(256), primary_key=True),
    Column("role", String(64), nullable=False),
)

group_role_mappings = Table(
    "group_role_mappings", metadata,
    Column("org_id", Id, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", Id, ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(64)),
    Column("workspace", String(256)),
    Column("access", String(8)),
)

credentials = Table(
    "credentials", metadata,
    Column("id", Id, primary_key=True),
    Column("org_id", Id, ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("name", String(200), nullable=False),
    Column("prefix", String(16), nullable=False, unique=True),
    Column("secret_hash", String(200), nullable=False),
    Column("last_four", String(4), nullable=False),
    Column("created_at", Time, nullable=False),
    Column("expires_at", Time),
    Column("revoked_at", Time),
    Column("last_used_at", Time),
    Column("member_id", Id),
    Index("ix_credentials_org_kind", "org_id", "kind"),
)

events = Table(
    "provisioning_events", metadata,
    Column("id", Serial, primary_key=True, autoincrement=True),
    Column("org_id", Id, nullable=False),
    Column("at", Time, nullable=False),
    Column("actor_type", String(16), nullable=False),
    Column("actor_id", String(64), nullable=False),
    Column("actor_source", String(16), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target_type", String(16), nullable=False),
    Column("target_id", String(64), nullable=False),
    Column("attributes", Json, nullable=False),
    Column("outcome", String(8), nullable=False),
    Column("error_code", String(32), nullable=False),
    Column("error_detail", Text, nullable=False),
    Column("trace_id", String(32), nullable=False),
    Index("ix_provisioning_events_org_id_id", "org_id", "id"),
)

custom_attributes = Table(
    "custom_attributes", metadata,
    Column("org_id", Id, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("name_ci", String(64), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("type", String(10), nullable=False),
    Column("multi_valued", Boolean, nullable=False, default=False),
    Column("case_exact", Boolean, nullable=False, default=False),
    Column("description", String(500), nullable=False, default=""),
    Column("created_at", Time, nullable=False),
)

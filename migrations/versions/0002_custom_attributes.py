"""custom attributes: each org's SCIM extension schema

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('custom_attributes',
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('name_ci', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('type', sa.String(length=10), nullable=False),
    sa.Column('multi_valued', sa.Boolean(), nullable=False),
    sa.Column('case_exact', sa.Boolean(), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_custom_attributes_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('org_id', 'name_ci', name=op.f('pk_custom_attributes'))
    )


def downgrade() -> None:
    op.drop_table('custom_attributes')

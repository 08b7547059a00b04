"""member counts: each org's number of members, for list pages without COUNT(*)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('member_counts',
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('members', sa.BigInteger(), nullable=False),
    sa.Column('changes', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_member_counts_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('org_id', name=op.f('pk_member_counts'))
    )
    # existing orgs start counted (an org without a row is counted on its next add)
    op.execute("INSERT INTO member_counts (org_id, members, changes) "
               "SELECT org_id, count(*), 0 FROM members GROUP BY org_id")


def downgrade() -> None:
    op.drop_table('member_counts')

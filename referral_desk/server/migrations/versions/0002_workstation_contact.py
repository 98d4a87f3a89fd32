"""Workstation contact: when each workstation last called, and the schema its desk said

Revision ID: 0002
Revises: 0001
Created: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None
SUMMARY_ZH = "记录每个工作站最近一次联系的时间、方式及其数据结构版本"  # what `server migrate` lists for the administrator


def upgrade() -> None:
    op.create_table('workstation_contact',
    sa.Column('workstation', sa.String(length=60), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('last_call', sa.String(length=16), nullable=False),
    sa.Column('desk_schema', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('workstation')
    )


def downgrade() -> None:
    op.drop_table('workstation_contact')

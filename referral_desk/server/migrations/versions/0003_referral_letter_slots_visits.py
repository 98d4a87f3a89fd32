"""The referral letter's document kind, urgent transport and notice, 优先 and slot overrides; outpatient
slot reserves (号源) and each unit's monthly 诊疗人次 (the store's schema 9)

Revision ID: 0003
Revises: 0002
Created: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None
SUMMARY_ZH = "转诊记录证件类型、急危重症转运与通知、优先与加号；门诊号源预留；各单位每月诊疗人次；催办层级"


def _synced(*columns: sa.Column) -> list[sa.Column]:
    return [sa.Column('id', sa.String(length=36), nullable=False),
            sa.Column('version', sa.Integer(), nullable=False),
            sa.Column('updated_at', sa.DateTime(), nullable=False),
            sa.Column('deleted_at', sa.DateTime(), nullable=True),
            sa.Column('change_seq', sa.Integer(), nullable=True),
            *columns]


def upgrade() -> None:
    # Plain ADD COLUMN (a batch would copy the referral table, which follow-ups and beds refer to).
    op.add_column('referral', sa.Column('patient_id_kind', sa.String(), nullable=False, server_default='resident'))
    op.add_column('referral', sa.Column('transport', sa.String(), nullable=False, server_default=''))
    op.add_column('referral', sa.Column('notified_to', sa.String(), nullable=False, server_default=''))
    op.add_column('referral', sa.Column('notified_at', sa.DateTime(), nullable=True))
    op.add_column('referral', sa.Column('priority', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column('referral', sa.Column('slot_override_by', sa.String(), nullable=False, server_default=''))
    op.add_column('referral', sa.Column('slot_override_reason', sa.String(), nullable=False, server_default=''))
    op.add_column('escalation_call', sa.Column('rung', sa.String(), nullable=False, server_default='specialist'))
    op.create_table('slot_reserve', *_synced(
        sa.Column('unit', sa.String(), nullable=False),
        sa.Column('department', sa.String(), nullable=False),
        sa.Column('reserved_slots', sa.Integer(), nullable=False),
        sa.Column('daily_slots', sa.Integer(), nullable=True),
        sa.Column('reserve_percent', sa.Integer(), nullable=True)),
        sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('slot_reserve', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slot_reserve_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_slot_reserve_unit_department', ['unit', 'department'], unique=False)
    op.create_table('visit_count', *_synced(
        sa.Column('unit', sa.String(), nullable=False),
        sa.Column('month', sa.String(), nullable=False),
        sa.Column('visits', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(), nullable=False)),
        sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('visit_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_count_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_visit_count_month', ['month', 'unit'], unique=False)


def downgrade() -> None:
    op.drop_table('visit_count')
    op.drop_table('slot_reserve')
    with op.batch_alter_table('escalation_call', schema=None) as batch_op:
        batch_op.drop_column('rung')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        for column in ('slot_override_reason', 'slot_override_by', 'priority', 'notified_at', 'notified_to',
                       'transport', 'patient_id_kind'):
            batch_op.drop_column(column)

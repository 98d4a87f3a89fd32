"""Release 0.1.0: the shared tables at store schema 8 (made before Alembic)

Frozen: never edited. It is what `SQLModel.metadata.create_all` made in that release; a change to
the tables is a new revision (and a new store step, for the desks).

Revision ID: 0001
Revises: (none: the first)
Created: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None
SUMMARY_ZH = "0.1.0 版的全部共用数据表（结构 8）"  # what `server migrate` lists for the administrator


def upgrade() -> None:
    op.create_table('applied_mutation',
    sa.Column('mutation_id', sa.String(), nullable=False),
    sa.Column('workstation', sa.String(), nullable=False),
    sa.Column('command', sa.String(), nullable=False),
    sa.Column('entity_id', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('result_json', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('mutation_id')
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=True),
    sa.Column('operator', sa.String(), nullable=False),
    sa.Column('workstation', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('entity_id', sa.String(), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.Column('detail_json', sa.String(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_entity', ['entity', 'entity_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_change_seq'), ['change_seq'], unique=False)

    op.create_table('department',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('phone', sa.String(), nullable=True),
    sa.Column('reserved_beds', sa.Integer(), nullable=False),
    sa.Column('total_beds', sa.Integer(), nullable=True),
    sa.Column('reserve_percent', sa.Integer(), nullable=True),
    sa.Column('window_offset_days', sa.Integer(), nullable=False),
    sa.Column('window_days', sa.Integer(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('search_key', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_change_seq'), ['change_seq'], unique=False)

    op.create_table('directory_entry',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('unit_name', sa.String(), nullable=False),
    sa.Column('contact', sa.String(), nullable=False),
    sa.Column('phone', sa.String(), nullable=True),
    sa.Column('phone_digits', sa.String(), nullable=False),
    sa.Column('purpose', sa.String(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('search_key', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('directory_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_entry_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_directory_order', ['sort_order', 'unit_name'], unique=False)
        batch_op.create_index('ix_directory_unit', ['unit_name'], unique=False)

    op.create_table('disease_list',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('edition', sa.Integer(), nullable=False),
    sa.Column('content_json', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('operator', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('disease_list', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disease_list_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ux_disease_list_edition', ['edition'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    op.create_table('drg_group',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('code', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('diagnoses_json', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('drg_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drg_group_change_seq'), ['change_seq'], unique=False)

    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('mutation_id', sa.String(), nullable=False),
    sa.Column('command', sa.String(), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('entity_id', sa.String(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('payload_json', sa.String(), nullable=False),
    sa.Column('operator', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('mutation_id')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_state_seq', ['state', 'seq'], unique=False)

    op.create_table('rd_meta',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('roster_import',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('file_name', sa.String(), nullable=False),
    sa.Column('layout', sa.String(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('operator', sa.String(), nullable=False),
    sa.Column('specialties_json', sa.String(), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('replaced', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('roster_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_import_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_roster_import_month', ['month', 'imported_at'], unique=False)

    op.create_table('specialty',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('search_key', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('specialty', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_specialty_change_seq'), ['change_seq'], unique=False)

    op.create_table('sync_conflict',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('mutation_id', sa.String(), nullable=False),
    sa.Column('command', sa.String(), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('entity_id', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('message', sa.String(), nullable=False),
    sa.Column('server_row_json', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.create_index('ix_conflict_open', ['acknowledged_at', 'created_at'], unique=False)

    op.create_table('sync_counter',
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('workstation_token',
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('token_hash', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('name'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_table('specialist',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('phone', sa.String(), nullable=False),
    sa.Column('specialty_id', sa.String(), nullable=False),
    sa.Column('search_key', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['specialty_id'], ['specialty.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('specialist', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_specialist_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_specialist_specialty', ['specialty_id'], unique=False)

    op.create_table('consultation',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('requesting_unit', sa.String(), nullable=False),
    sa.Column('requesting_doctor', sa.String(), nullable=False),
    sa.Column('requesting_phone', sa.String(), nullable=True),
    sa.Column('patient_name', sa.String(), nullable=False),
    sa.Column('patient_sex', sa.String(), nullable=True),
    sa.Column('patient_age', sa.Integer(), nullable=True),
    sa.Column('patient_id_number', sa.String(), nullable=True),
    sa.Column('patient_phone', sa.String(), nullable=True),
    sa.Column('diagnosis', sa.String(), nullable=False),
    sa.Column('specialty_id', sa.String(), nullable=False),
    sa.Column('specialist_id', sa.String(), nullable=False),
    sa.Column('appointment_at', sa.DateTime(), nullable=True),
    sa.Column('appointment_end', sa.DateTime(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('decline_reason', sa.String(), nullable=True),
    sa.Column('slot_start', sa.DateTime(), nullable=True),
    sa.Column('slot_end', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(), nullable=True),
    sa.Column('outcome_text', sa.String(), nullable=True),
    sa.Column('close_reason', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['specialist_id'], ['specialist.id'], ),
    sa.ForeignKeyConstraint(['specialty_id'], ['specialty.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_consultation_specialist_slot', ['specialist_id', 'slot_start'], unique=False)
        batch_op.create_index('ix_consultation_status_submitted', ['status', 'submitted_at'], unique=False)
        batch_op.create_index('ix_consultation_submitted', ['submitted_at'], unique=False)

    op.create_table('roster_entry',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('specialty_id', sa.String(), nullable=False),
    sa.Column('duty_date', sa.Date(), nullable=False),
    sa.Column('specialist_id', sa.String(), nullable=False),
    sa.Column('roster_import_id', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['roster_import_id'], ['roster_import.id'], ),
    sa.ForeignKeyConstraint(['specialist_id'], ['specialist.id'], ),
    sa.ForeignKeyConstraint(['specialty_id'], ['specialty.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('roster_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_entry_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_roster_specialist_day', ['specialist_id', 'duty_date'], unique=False)
        batch_op.create_index('ux_roster_day_specialty', ['duty_date', 'specialty_id'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    op.create_table('referral',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('direction', sa.String(), nullable=False),
    sa.Column('consultation_id', sa.String(), nullable=True),
    sa.Column('emergency', sa.Boolean(), nullable=False),
    sa.Column('inpatient', sa.Boolean(), nullable=False),
    sa.Column('patient_name', sa.String(), nullable=False),
    sa.Column('patient_sex', sa.String(), nullable=True),
    sa.Column('patient_age', sa.Integer(), nullable=True),
    sa.Column('patient_id_number', sa.String(), nullable=True),
    sa.Column('patient_phone', sa.String(), nullable=True),
    sa.Column('patient_address', sa.String(), nullable=False),
    sa.Column('diagnosis', sa.String(), nullable=False),
    sa.Column('from_unit', sa.String(), nullable=False),
    sa.Column('to_unit', sa.String(), nullable=False),
    sa.Column('department', sa.String(), nullable=False),
    sa.Column('criteria_json', sa.String(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('reviewed_by', sa.String(), nullable=False),
    sa.Column('consent_by', sa.String(), nullable=False),
    sa.Column('drg_code', sa.Integer(), nullable=True),
    sa.Column('eligibility', sa.String(), nullable=False),
    sa.Column('disease_list_edition', sa.Integer(), nullable=True),
    sa.Column('downward_basis', sa.String(), nullable=False),
    sa.Column('opinion', sa.String(), nullable=False),
    sa.Column('records_sent_json', sa.String(), nullable=False),
    sa.Column('receiver_confirmed_by', sa.String(), nullable=False),
    sa.Column('receiver_confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('follow_up_plan', sa.String(), nullable=False),
    sa.Column('follow_up_days_json', sa.String(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.Column('window_end', sa.DateTime(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(), nullable=False),
    sa.Column('transferred_at', sa.DateTime(), nullable=True),
    sa.Column('close_reason', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_referral_consultation', ['consultation_id'], unique=False)
        batch_op.create_index('ix_referral_requested', ['requested_at'], unique=False)
        batch_op.create_index('ix_referral_status_window', ['status', 'window_start'], unique=False)

    op.create_table('reminder',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('consultation_id', sa.String(), nullable=False),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('lead_minutes', sa.Integer(), nullable=True),
    sa.Column('mobile', sa.String(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('origin', sa.String(), nullable=False),
    sa.Column('queued_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_reminder_consultation', ['consultation_id'], unique=False)
        batch_op.create_index('ix_reminder_due', ['status', 'origin', 'next_attempt_at'], unique=False)

    op.create_table('bed_request',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('consultation_id', sa.String(), nullable=True),
    sa.Column('referral_id', sa.String(), nullable=True),
    sa.Column('department', sa.String(), nullable=False),
    sa.Column('department_phone', sa.String(), nullable=True),
    sa.Column('patient_name', sa.String(), nullable=False),
    sa.Column('patient_id_number', sa.String(), nullable=True),
    sa.Column('patient_phone', sa.String(), nullable=True),
    sa.Column('from_unit', sa.String(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.Column('window_end', sa.DateTime(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(), nullable=False),
    sa.Column('ward', sa.String(), nullable=True),
    sa.Column('bed_no', sa.String(), nullable=True),
    sa.Column('reserved_at', sa.DateTime(), nullable=True),
    sa.Column('close_reason', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], ),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('bed_request', schema=None) as batch_op:
        batch_op.create_index('ix_bed_consultation', ['consultation_id'], unique=False)
        batch_op.create_index('ix_bed_referral', ['referral_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bed_request_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_bed_status_window', ['status', 'window_start'], unique=False)
        batch_op.create_index('ix_bed_status_window_end', ['status', 'window_end'], unique=False)

    op.create_table('follow_up',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('referral_id', sa.String(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(), nullable=True),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('last_call_at', sa.DateTime(), nullable=True),
    sa.Column('operator', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_follow_up_due', ['status', 'due_date'], unique=False)
        batch_op.create_index('ix_follow_up_referral', ['referral_id'], unique=False)

    op.create_table('escalation_call',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('change_seq', sa.Integer(), nullable=True),
    sa.Column('consultation_id', sa.String(), nullable=True),
    sa.Column('bed_request_id', sa.String(), nullable=True),
    sa.Column('called_at', sa.DateTime(), nullable=False),
    sa.Column('callee', sa.String(), nullable=False),
    sa.Column('callee_phone', sa.String(), nullable=True),
    sa.Column('result', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('operator', sa.String(), nullable=False),
    sa.Column('workstation', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['bed_request_id'], ['bed_request.id'], ),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('escalation_call', schema=None) as batch_op:
        batch_op.create_index('ix_call_bed', ['bed_request_id', 'called_at'], unique=False)
        batch_op.create_index('ix_call_consultation', ['consultation_id', 'called_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalation_call_change_seq'), ['change_seq'], unique=False)



def downgrade() -> None:
    # Undoing the first schema would drop every record: going back is a restore of a backup.
    raise NotImplementedError("the baseline is not undone; restore a backup instead")

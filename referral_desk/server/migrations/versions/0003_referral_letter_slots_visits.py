"""The referral letter's document kind, urgent transport and notice, 优先 and slot overrides; outpatient
slot reserves (号源) and each unit's monthly 诊疗人次 (the store's schema 9)

Made from the change declared once for the desk and the server (store/database/changes.py, SCHEMA_9).

Revision ID: 0003
Revises: 0002
Created: 2026-12-06
"""

from __future__ import annotations

from alembic import op

from referral_desk.store.database.changes import SCHEMA_9 as CHANGE

revision = CHANGE.revision
down_revision = CHANGE.down_revision
branch_labels = None
depends_on = None
SUMMARY_ZH = CHANGE.summary_zh


def upgrade() -> None:
    CHANGE.upgrade(op)


def downgrade() -> None:
    CHANGE.downgrade(op)

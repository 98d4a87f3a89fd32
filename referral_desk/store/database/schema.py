"""Versioned schema, the way Alembic keeps its revisions.

A new store is created from the current tables in one step and stamped with the
current version. An older store is moved up by the steps after its version, in
order; a step is never edited once released, only new ones appended.

The central server shares these tables and moves its database with Alembic (server/migrate.py). Since
release 0.1.0 a change to them is declared once, as a SchemaChange (changes.py): the step here and the
server's revision are both made from it (tests/test_server_migrate.py checks each change has its revision).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from sqlalchemy import Connection, inspect
from sqlmodel import SQLModel

from referral_desk.store.database import tables as _tables  # noqa: F401  (registers the tables)
from referral_desk.store.database.changes import CHANGES, Added
from referral_desk.store.database.marker import (  # noqa: F401  (re-exported)
    APPLICATION,
    SCHEMA_VERSION,
    SQLITE_APPLICATION_ID,
)

# Pulled pages are written in this order; audit entries last, they only refer to rows.
SYNCED_TABLES = (
    "specialty", "specialist", "roster_import", "roster_entry", "consultation", "department", "referral",
    "bed_request", "follow_up", "escalation_call", "directory_entry", "drg_group", "disease_list", "reminder",
    "slot_reserve", "visit_count",
    "audit_entry",
)


def create_current(conn: Connection) -> None:
    SQLModel.metadata.create_all(conn)


def _v2_sync(conn: Connection) -> None:
    """Version 2: rows carry the server's change_seq; sync bookkeeping tables."""
    existing = {c["name"] for c in inspect(conn).get_columns("consultation")}
    for table in ("specialty", "specialist", "roster_entry", "consultation", "bed_request", "escalation_call",
                  "directory_entry", "drg_group"):
        if "change_seq" not in existing:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN change_seq INTEGER")
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_{table}_change_seq ON {table} (change_seq)")
    if "operator" not in {c["name"] for c in inspect(conn).get_columns("outbox")}:
        conn.exec_driver_sql("ALTER TABLE outbox ADD COLUMN operator VARCHAR NOT NULL DEFAULT ''")
    SQLModel.metadata.create_all(conn)  # the new tables only; existing ones are left alone


def _v3_audit_sync(conn: Connection) -> None:
    """Version 3: audit entries sync too (adding a nullable column is instant in SQLite)."""
    if "change_seq" not in {c["name"] for c in inspect(conn).get_columns("audit_entry")}:
        conn.exec_driver_sql("ALTER TABLE audit_entry ADD COLUMN change_seq INTEGER")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_audit_entry_change_seq ON audit_entry (change_seq)")


def _v4_roster_imports(conn: Connection) -> None:
    """Version 4: month imports of the roster, and which import wrote each duty."""
    SQLModel.metadata.tables["roster_import"].create(conn, checkfirst=True)
    if "roster_import_id" not in {c["name"] for c in inspect(conn).get_columns("roster_entry")}:
        conn.exec_driver_sql("ALTER TABLE roster_entry ADD COLUMN roster_import_id VARCHAR "
                             "REFERENCES roster_import (id)")


def _v5_reminders(conn: Connection) -> None:
    """Version 5: reminders to specialists and their delivery; a proposed slot's end."""
    SQLModel.metadata.tables["reminder"].create(conn, checkfirst=True)
    if "appointment_end" not in {c["name"] for c in inspect(conn).get_columns("consultation")}:
        conn.exec_driver_sql("ALTER TABLE consultation ADD COLUMN appointment_end TIMESTAMP")


def _v6_referrals(conn: Connection) -> None:
    """Version 6: referrals, their follow-ups, the receiving departments; a bed's referral; when a
    request was answered and a bed reserved."""
    for name in ("department", "referral", "follow_up"):
        SQLModel.metadata.tables[name].create(conn, checkfirst=True)
    if "referral_id" not in {c["name"] for c in inspect(conn).get_columns("bed_request")}:
        conn.exec_driver_sql("ALTER TABLE bed_request ADD COLUMN referral_id VARCHAR REFERENCES referral (id)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_bed_referral ON bed_request (referral_id)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_bed_status_window_end ON bed_request (status, window_end)")
    # For the statistics: when a request was answered, when a bed was reserved.
    if "answered_at" not in {c["name"] for c in inspect(conn).get_columns("consultation")}:
        conn.exec_driver_sql("ALTER TABLE consultation ADD COLUMN answered_at TIMESTAMP")
    if "reserved_at" not in {c["name"] for c in inspect(conn).get_columns("bed_request")}:
        conn.exec_driver_sql("ALTER TABLE bed_request ADD COLUMN reserved_at TIMESTAMP")


def _v7_audit_receipt(conn: Connection) -> None:
    """Version 7: the server's own receipt time beside the desk's time of each audit entry; tokens
    that expire."""
    if "received_at" not in {c["name"] for c in inspect(conn).get_columns("audit_entry")}:
        conn.exec_driver_sql("ALTER TABLE audit_entry ADD COLUMN received_at TIMESTAMP")
    if "expires_at" not in {c["name"] for c in inspect(conn).get_columns("workstation_token")}:
        conn.exec_driver_sql("ALTER TABLE workstation_token ADD COLUMN expires_at TIMESTAMP")


def _v8_disease_list(conn: Connection) -> None:
    """Version 8: the disease list in editions, its first edition loaded; what a referral records
    of consent, review and the list's advice, and the letter's opinion and records sent (003); a
    department's reserve as a share of its beds (004)."""
    from datetime import datetime

    from referral_desk.store.database.reference import ensure_disease_list

    SQLModel.metadata.tables["disease_list"].create(conn, checkfirst=True)
    ensure_disease_list(conn, datetime.now(UTC))
    have = {c["name"] for c in inspect(conn).get_columns("referral")}
    for column, kind in (("consent_by", "VARCHAR NOT NULL DEFAULT ''"), ("disease_list_edition", "INTEGER"),
                         ("downward_basis", "VARCHAR NOT NULL DEFAULT ''"), ("opinion", "VARCHAR NOT NULL DEFAULT ''"),
                         ("records_sent_json", "VARCHAR NOT NULL DEFAULT '[]'")):
        if column not in have:
            conn.exec_driver_sql(f"ALTER TABLE referral ADD COLUMN {column} {kind}")
    have = {c["name"] for c in inspect(conn).get_columns("department")}
    for column in ("total_beds", "reserve_percent"):
        if column not in have:
            conn.exec_driver_sql(f"ALTER TABLE department ADD COLUMN {column} INTEGER")


# STEPS[n] moves a store from version n to n + 1 (version 1 was the first release). The steps up to 8 were
# written before the server had Alembic; from 9 on each is a SchemaChange, the same one the server's
# revision applies (changes.py).
STEPS: dict[int, Callable[[Connection], None]] = {
    1: _v2_sync, 2: _v3_audit_sync, 3: _v4_roster_imports, 4: _v5_reminders, 5: _v6_referrals,
    6: _v7_audit_receipt, 7: _v8_disease_list,
    **{change.version - 1: change.apply_to_store for change in CHANGES.values()},
}
assert max(STEPS) + 1 == SCHEMA_VERSION, "a new change needs store.marker.SCHEMA_VERSION raised with it"
# ADDED_AT[n]: what version n added that a desk at n - 1 is never sent (tests/test_desks_one_schema_behind.py
# checks it against the previous release's store).
ADDED_AT: dict[int, Added] = {change.version: change.added for change in CHANGES.values()}
assert SCHEMA_VERSION in ADDED_AT, "the current version is a SchemaChange (changes.py)"


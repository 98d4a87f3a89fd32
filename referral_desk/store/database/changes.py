"""Each schema change since release 0.1.0, declared once for the desk's store and the server's database.

A `SchemaChange` is what one release adds to the shared tables: new columns of existing tables (with the
default that fills the rows already there) and new tables with their indexes. The desk's store step
(`schema.STEPS`) and the server's Alembic revision (`server/migrations/versions/`) are both made from it,
so the two can no longer say different things; what it added is also what a server keeps from a desk one
schema behind (`added`).

Frozen like a revision: a released change is never edited, and it names SQLAlchemy's own types, never
the project's table classes (which move on). The tables as they are now live in `tables.py`; a new
store is made from them in one step, and tests check that every path — a new store, a store moved up
step by step, a server built by its revisions — ends at the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy import Connection, inspect
from sqlalchemy.schema import CreateColumn


class Operations(Protocol):
    """The part of Alembic's `op` a change uses (the store never imports Alembic: the desk installs without it)."""

    def add_column(self, table_name: str, column: sa.Column[Any]) -> None: ...
    def drop_column(self, table_name: str, column_name: str) -> None: ...
    def create_table(self, table_name: str, *columns: sa.schema.SchemaItem) -> Any: ...
    def drop_table(self, table_name: str) -> None: ...
    def create_index(self, index_name: str, table_name: str, columns: list[str], unique: bool = False) -> Any: ...
    def batch_alter_table(self, table_name: str) -> Any: ...


def synced_columns() -> list[sa.Column[Any]]:
    """What every synced row carries (tables.SyncedRow), as a change made it."""
    return [sa.Column("id", sa.String(length=36), primary_key=True),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.Column("deleted_at", sa.DateTime(), nullable=True),
            sa.Column("change_seq", sa.Integer(), nullable=True)]


@dataclass(frozen=True)
class NewTable:
    name: str
    columns: tuple[sa.Column[Any], ...]
    indexes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (index name, its columns)

    def table(self) -> sa.Table:
        made = sa.Table(self.name, sa.MetaData(), *(c._copy() for c in self.columns))
        for name, columns in self.indexes:
            sa.Index(name, *(made.c[c] for c in columns))
        return made


@dataclass(frozen=True)
class Added:
    """What a schema added to the synced tables: a server leaves it out of what it sends a desk that is
    one schema behind (which has nowhere to keep it), and that desk pulls everything once it is upgraded."""

    tables: tuple[str, ...] = ()
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table -> its new columns


@dataclass(frozen=True)
class SchemaChange:
    version: int  # the store's schema it makes (marker.SCHEMA_VERSION)
    revision: str  # the server's Alembic revision that is this change
    down_revision: str
    summary_zh: str  # what `server migrate` lists for the administrator
    # (table, column): a NOT NULL column has the server default that fills the rows already there.
    columns: tuple[tuple[str, sa.Column[Any]], ...] = ()
    tables: tuple[NewTable, ...] = ()

    @property
    def added(self) -> Added:
        columns: dict[str, tuple[str, ...]] = {}
        for table, column in self.columns:
            columns[table] = (*columns.get(table, ()), column.name)
        return Added(tables=tuple(t.name for t in self.tables), columns=columns)

    def apply_to_store(self, conn: Connection) -> None:
        """The desk's step: plain ADD COLUMN (instant in SQLite; a table copy would take a year's rows), and
        what a half-applied earlier attempt already made is left as it is."""
        for table, column in self.columns:
            if column.name not in {c["name"] for c in inspect(conn).get_columns(table)}:
                ddl = CreateColumn(column._copy()).compile(dialect=conn.dialect)
                conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {ddl}")
        for new in self.tables:
            new.table().create(conn, checkfirst=True)

    def upgrade(self, op: Operations) -> None:
        """The server's revision: the same columns and tables through Alembic."""
        # Plain ADD COLUMN (a batch would copy the table, which others refer to).
        for table, column in self.columns:
            op.add_column(table, column._copy())
        for new in self.tables:
            made = new.table()
            op.create_table(new.name, *(c._copy() for c in made.columns))
            for index in made.indexes:
                op.create_index(str(index.name), new.name, [c.name for c in index.columns], unique=False)

    def downgrade(self, op: Operations) -> None:
        for new in reversed(self.tables):
            op.drop_table(new.name)
        for table, column in reversed(self.columns):
            with op.batch_alter_table(table) as batch:
                batch.drop_column(column.name)


def _text(name: str, default: str) -> sa.Column[Any]:
    return sa.Column(name, sa.String(), nullable=False, server_default=default)


# Release 0.2.0 (issue 24, and issue 25's escalation ladder): a referral's document kind (003 身份证号或个人编号),
# an urgent patient's transport and the notice to the receiving hospital (003 三(一)), 优先 and a slot
# override (004); outpatient slots kept for referred patients (004 号源); each unit's monthly 诊疗人次
# (002; 003); the rung of a chasing call.
SCHEMA_9 = SchemaChange(
    version=9, revision="0003", down_revision="0002",
    summary_zh="转诊记录证件类型、急危重症转运与通知、优先与加号；门诊号源预留；各单位每月诊疗人次；催办层级",
    columns=(
        ("referral", _text("patient_id_kind", "resident")),
        ("referral", _text("transport", "")),
        ("referral", _text("notified_to", "")),
        ("referral", sa.Column("notified_at", sa.DateTime(), nullable=True)),
        ("referral", sa.Column("priority", sa.Boolean(), nullable=False, server_default=sa.true())),
        ("referral", _text("slot_override_by", "")),
        ("referral", _text("slot_override_reason", "")),
        ("escalation_call", _text("rung", "specialist")),
    ),
    tables=(
        NewTable("slot_reserve", (
            *synced_columns(),
            sa.Column("unit", sa.String(), nullable=False),
            sa.Column("department", sa.String(), nullable=False),
            sa.Column("reserved_slots", sa.Integer(), nullable=False),
            sa.Column("daily_slots", sa.Integer(), nullable=True),
            sa.Column("reserve_percent", sa.Integer(), nullable=True)),
            indexes=(("ix_slot_reserve_change_seq", ("change_seq",)),
                     ("ix_slot_reserve_unit_department", ("unit", "department")))),
        NewTable("visit_count", (
            *synced_columns(),
            sa.Column("unit", sa.String(), nullable=False),
            sa.Column("month", sa.String(), nullable=False),
            sa.Column("visits", sa.Integer(), nullable=False),
            sa.Column("source", sa.String(), nullable=False)),
            indexes=(("ix_visit_count_change_seq", ("change_seq",)),
                     ("ix_visit_count_month", ("month", "unit")))),
    ),
)

# Every change since 0.1.0 (store schema 8, server revision 0001-0002), by the store schema it makes.
CHANGES: dict[int, SchemaChange] = {change.version: change for change in (SCHEMA_9,)}

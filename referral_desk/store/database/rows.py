"""Synced rows to and from JSON, column by column (both ends of the sync use it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, Table
from sqlmodel import SQLModel
from sqlmodel.main import default_registry

from referral_desk.store.database.schema import SYNCED_TABLES
from referral_desk.store.database.types import UTCDateTime


def synced_table(name: str) -> Table:
    if name not in SYNCED_TABLES:
        raise KeyError(name)
    return SQLModel.metadata.tables[name]


def synced_model(name: str) -> type[SQLModel]:
    """The model class of a synced table (a command's entity is its table's name)."""
    table = synced_table(name)
    return next(m.class_ for m in default_registry.mappers if m.local_table is table)


def to_json(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column in table.columns:
        value = values.get(column.name)
        if isinstance(value, (datetime, date)):
            value = value.isoformat()
        out[column.name] = value
    return out


def from_json(table: Table, data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column in table.columns:
        value = data.get(column.name)
        if value is not None and isinstance(column.type, UTCDateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        out[column.name] = value
    return out


def _stored_instant(value: str | None) -> str | None:
    """A wire instant as SQLite stores UTCDateTime (naive UTC, microseconds always written)."""
    if value is None:
        return None
    if value.endswith("+00:00") and value[10:11] == "T":
        if len(value) == 32:
            return f"{value[:10]} {value[11:26]}"
        if len(value) == 25:  # ISO 8601 leaves out a zero microsecond part
            return f"{value[:10]} {value[11:19]}.000000"
    return sqlite_instant(datetime.fromisoformat(value))


def sqlite_instant(at: datetime) -> str:
    """An aware instant as the text SQLite holds for a UTCDateTime column."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def sqlite_bulk(table: Table) -> tuple[str, Callable[[dict[str, Any]], tuple[object, ...]]]:
    """An upsert statement for SQLite and a converter from wire rows to its parameters.

    Bulk pulls bypass SQLAlchemy's per-value processing, which costs more than the
    write itself on a first sync of hundreds of thousands of rows.
    """
    names = [c.name for c in table.columns]
    instants = {c.name for c in table.columns if isinstance(c.type, UTCDateTime)}
    sql = (f'INSERT INTO "{table.name}" ({", ".join(names)}) VALUES ({", ".join("?" * len(names))}) '
           f'ON CONFLICT(id) DO UPDATE SET {", ".join(f"{n} = excluded.{n}" for n in names if n != "id")}')

    def convert(data: dict[str, Any]) -> tuple[object, ...]:
        return tuple(_stored_instant(data.get(n)) if n in instants else data.get(n) for n in names)

    return sql, convert

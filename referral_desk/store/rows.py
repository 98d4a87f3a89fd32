"""Synced rows to and from JSON, column by column (both ends of the sync use it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Table

from referral_desk.store.schema import SYNCED_TABLES
from referral_desk.store.tables import SQLModel
from referral_desk.store.types import UTCDateTime


def synced_table(name: str) -> Table:
    if name not in SYNCED_TABLES:
        raise KeyError(name)
    return SQLModel.metadata.tables[name]


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

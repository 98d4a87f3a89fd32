"""Bulk-copied rows must read back exactly as rows written through SQLAlchemy."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import orjson
import pytest
from sqlalchemy import insert, select

from referral_desk.store.database.engine import open_store
from referral_desk.store.database.rows import sqlite_bulk, synced_table

INSTANTS = [
    datetime(2026, 11, 23, 2, 0, tzinfo=UTC),  # no microseconds: ISO 8601 leaves them out
    datetime(2026, 11, 23, 2, 0, 5, 123456, tzinfo=UTC),
    datetime(2026, 11, 23, 10, 0, 5, 7, tzinfo=timezone(timedelta(hours=8))),  # an offset: the exact path
]


@pytest.mark.parametrize("instant", INSTANTS)
def test_a_bulk_copied_row_equals_one_written_by_sqlalchemy(tmp_path, instant):
    store = open_store(tmp_path / "rows.sqlite3")
    table = synced_table("roster_entry")
    row = {"version": 3, "updated_at": instant, "deleted_at": instant + timedelta(days=1), "change_seq": 7,
           "duty_date": date(2026, 12, 1), "specialty_id": "s", "specialist_id": "p"}
    sql, convert = sqlite_bulk(table)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.execute(insert(table).values(id="a", **row))
        conn.exec_driver_sql(sql, [convert(orjson.loads(orjson.dumps({"id": "b", **row})))])
        a = conn.execute(select(table).where(table.c.id == "a")).one()._asdict()
        b = conn.execute(select(table).where(table.c.id == "b")).one()._asdict()
        stored = conn.exec_driver_sql("SELECT updated_at, deleted_at, duty_date FROM roster_entry ORDER BY id").all()
    store.close()
    assert {**a, "id": "b"} == b
    assert stored[0] == stored[1]  # the same text, so text order stays time order

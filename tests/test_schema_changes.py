"""Issue 27: one source of schema truth. Since release 0.1.0 each change to the shared tables is declared
once (store/database/changes.py) and both the desk's store step and the server's Alembic revision are made
from it; every path ends at the tables `tables.py` declares."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from referral_desk.store.database.changes import CHANGES
from referral_desk.store.database.engine import open_store
from referral_desk.store.database.schema import ADDED_AT, STEPS

PREVIOUS = Path(__file__).parent / "previous_release"


def test_each_change_is_the_desks_step_and_the_servers_revision():
    from referral_desk.server.migrate import _scripts

    scripts = _scripts()
    for version, change in CHANGES.items():
        assert STEPS[version - 1] == change.apply_to_store
        assert ADDED_AT[version] == change.added
        script = scripts.get_revision(change.revision)
        assert script is not None and script.module.CHANGE is change, f"revision {change.revision} is not made from it"
        assert script.down_revision == change.down_revision
    # The newest change is the head of both: a revision written by hand beside it would be a second source.
    assert str(scripts.get_current_head()) == CHANGES[max(CHANGES)].revision


def _shape(path: Path) -> dict[str, object]:
    """Each table's columns (name, NOT NULL, primary key) and index names, as SQLite holds them."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: ({(r[1], r[3], r[5]) for r in con.execute(f"PRAGMA table_info({t})")},
                    {r[1] for r in con.execute(f"PRAGMA index_list({t})") if not r[1].startswith("sqlite_")})
                for t in tables}
    finally:
        con.close()


def test_the_previous_releases_store_moved_up_has_the_tables_a_new_store_has(tmp_path):
    """The previous release's real store (its dump), opened by this release: the steps bring it to the same
    columns, NOT NULLs and indexes as a store made new — a change that forgets one fails here."""
    old = tmp_path / "old.sqlite3"
    con = sqlite3.connect(old)
    con.executescript((PREVIOUS / "desk-of-sqlite-server.sql").read_text(encoding="utf-8"))
    con.close()
    open_store(old).close()
    open_store(tmp_path / "new.sqlite3").close()
    moved, new = _shape(old), _shape(tmp_path / "new.sqlite3")
    assert moved.keys() == new.keys(), f"tables a new store has and a moved one lacks: {new.keys() - moved.keys()}"
    for table in new:
        (moved_columns, moved_indexes), (new_columns, new_indexes) = moved[table], new[table]
        lacking = sorted(name for name, *_ in new_columns - moved_columns)
        assert moved_columns == new_columns, (
            f"{table}: the moved store differs in {lacking or sorted(moved_columns ^ new_columns)} "
            "(a column of tables.py missing from its SchemaChange in store/database/changes.py, or its NOT NULL)")
        assert moved_indexes == new_indexes, f"{table}: indexes {sorted(new_indexes ^ moved_indexes)} differ"

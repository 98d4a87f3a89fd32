"""For IT: check a store whole, and back it up while the desk is running."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from referral_desk.files.safe_output import OutputError, atomic_file, check_targets, refuse_folder, store_files
from referral_desk.store.database.engine import Store, mark_damaged


def integrity_check(store: Store) -> list[str]:
    """SQLite's full integrity_check on a read-only connection: [] when sound."""
    try:
        con = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
        try:
            found = [r[0] for r in con.execute("PRAGMA integrity_check")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        found = [str(exc)]
    problems = [] if found == ["ok"] else found
    mark_damaged(store, problems)
    return problems


def backup_store(store: Store, out: str, *, force: bool = False) -> Path:
    """SQLite's online backup API: a consistent copy even while desks write (it restarts on
    change), to a private temp file published whole; never over the store."""
    refuse_folder(out)
    [path] = check_targets([Path(out)], force=force, protect=store_files(store.path))
    with atomic_file(path, force=force) as tmp:
        source = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            # A backup must open on its own: no WAL companions to carry along.
            target.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as exc:
            raise OutputError(f"无法备份（{exc}）：数据文件可能已损坏，请用 store check 检查 / "
                              "cannot back up") from None
        finally:
            target.close()
            source.close()
    return path

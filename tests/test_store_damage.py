"""A damaged store: noticed on open (or at the first 'malformed' error), writes refused by every
path, the operator told to restore a backup; IT checks it and backs a store up while it runs."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from referral_desk.domain import commands as c
from referral_desk.domain.errors import DomainError
from referral_desk.store.database import engine as store_engine
from referral_desk.store.database.engine import open_store
from tests.commandline import run
from tests.fixtures import CONSULT_SOON, fid


def damage(path) -> None:
    """Garbage over the root pages of the consultation table and its indexes, as a failing disk
    would leave them: the file still opens, those tables no longer read."""
    con = sqlite3.connect(path)
    size = con.execute("PRAGMA page_size").fetchone()[0]
    pages = [r[0] for r in con.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = 'consultation'")]
    con.close()
    with open(path, "r+b") as f:
        for page in pages:
            f.seek((page - 1) * size + 8)
            f.write(b"\xde\xad\xbe\xef" * (size // 8))


def damage_schema(path) -> None:
    """Bytes that are not UTF-8 inside a table's CREATE statement in sqlite_master: SQLite then
    quotes them in its "malformed database schema" error, which Python cannot decode."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(path.read_bytes())
    at = data.index(b"CREATE TABLE consultation")
    data[at + 3:at + 6] = b"\xff\xfe\xff"
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged(db, tmp_path):
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    damage(tmp_path / "desk.sqlite3")
    return db


def test_a_damaged_store_is_noticed_on_open_and_refuses_every_write(damaged, policy, clock):
    from referral_desk.desk.desk import Desk
    from referral_desk.store.writes.actor import Actor

    store = open_store(damaged)
    try:
        assert store.damaged
        desk = Desk(store, policy, clock, Actor("张敏", "窗口8-1"))
        with pytest.raises(DomainError, match="数据文件已损坏.*备份"):
            desk.execute(c.UpsertSpecialty(specialty_id=fid(90), specialty_name="康复医学科"))
    finally:
        store.close()


def test_a_store_too_big_to_check_on_open_is_marked_at_its_first_malformed_error(damaged, monkeypatch):
    monkeypatch.setattr(store_engine, "QUICK_CHECK_MAX_BYTES", 0)
    store = open_store(damaged)
    try:
        assert store.damaged is None
        with pytest.raises(Exception), store.engine.connect() as conn:  # noqa: B017  whatever the read hits
            conn.exec_driver_sql("SELECT count(*), max(length(patient_name)) FROM consultation").all()
            conn.exec_driver_sql("SELECT * FROM audit_entry").all()
            conn.exec_driver_sql("PRAGMA integrity_check").all()
            raise sqlite3.DatabaseError("unreached")
        assert store.damaged and "malformed" in store.damaged.lower()
        with pytest.raises(DomainError, match="已损坏"), store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM rd_meta WHERE key = 'x'")
    finally:
        store.close()


def test_store_check_says_sound_or_damaged(db, damaged, capsys):
    code, out, _err = run(["store", "check", "--db", damaged], capsys)
    assert code == 1 and "数据文件已损坏" in out and "备份" in out


def test_store_check_passes_a_sound_store_and_backup_copies_it_while_it_is_open(filled, db_path, tmp_path, capsys):
    code, out, _err = run(["store", "check", "--db", str(db_path)], capsys)
    assert code == 0 and "完整性检查通过" in out
    out_file = tmp_path / "backup.sqlite3"
    code, out, _err = run(["store", "backup", str(out_file), "--db", str(db_path)], capsys)  # the desk still has it
    assert code == 0 and out_file.exists() and stat.S_IMODE(out_file.stat().st_mode) == 0o600
    con = sqlite3.connect(out_file)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT status FROM consultation WHERE id = ?", (CONSULT_SOON,)).fetchone()[0] == "submitted"
    con.close()
    code, _out, err = run(["store", "backup", str(out_file), "--db", str(db_path)], capsys)
    assert code == 2 and "已存在" in err
    code, _out, err = run(["store", "backup", str(db_path), "--db", str(db_path), "--force"], capsys)
    assert code == 2 and "正在使用的数据文件" in err


@pytest.mark.parametrize("argv", [["queue"], ["roster", "today"], ["directory", "search", "济南"], ["store", "check"],
                                  ["store", "backup", "BACKUP"], ["--headless", "--exit-when-ready"]],
                         ids=["queue", "roster", "directory", "check", "backup", "desk"])
def test_a_store_whose_schema_is_not_text_is_refused_in_words_by_every_command(db, tmp_path, capsys, argv):
    path = tmp_path / "desk.sqlite3"
    damage_schema(path)
    before = path.read_bytes()
    argv = [str(tmp_path / "backup.sqlite3") if a == "BACKUP" else a for a in argv]
    code, _out, err = run([*argv, "--db", str(path)], capsys)
    assert code == 2 and "结构信息已损坏" in err and "备份" in err and "Traceback" not in err
    assert path.read_bytes() == before and not (tmp_path / "backup.sqlite3").exists()


def test_a_sync_into_a_damaged_store_is_refused_in_words(damaged, tmp_path, clock, capsys):
    """A pull writes: the damaged store refuses it, and the operator reads why and what to do (it used
    to be "意外错误（StoreDamaged）", exit 3)."""
    from tests.sync_desks import Central

    central = Central(f"sqlite:///{tmp_path / 'server.sqlite3'}", clock)
    try:
        code, _out, err = run(["sync", "--db", damaged, "--server", central.url, "--token", central.token("窗口8-1")],
                              capsys)
    finally:
        central.close()
    assert code == 2 and "数据文件已损坏" in err and "备份恢复" in err and "意外错误" not in err


def test_a_store_whose_header_is_damaged_is_not_called_read_only(db, capsys):
    """A write version past 2 in the header makes SQLite open the file read-only; the operator used to
    read "数据文件只读", which sends them to the file's permissions instead of a backup."""
    data = bytearray(open(db, "rb").read())
    data[19] = 9
    open(db, "wb").write(bytes(data))
    code, _out, err = run(["queue", "--db", db], capsys)
    assert code == 2 and "文件头已损坏" in err and "备份恢复" in err and "只读" not in err
    assert open(db, "rb").read() == bytes(data)


def test_a_read_from_a_damaged_store_says_so_beside_what_it_shows(damaged, capsys):
    code, _out, err = run(["roster", "today", "--db", damaged], capsys)
    assert code == 1 and "数据文件已损坏" in err and "备份恢复" in err

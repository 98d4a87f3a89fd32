"""`server restore` reads the backup whole before it replaces anything, and refuses while a server
holds the database (issue 22 item 4): a damaged backup used to replace a healthy database (exit 0,
later pulls answered 500), and a restore under a running server let it acknowledge pushes into an
unlinked file."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from referral_desk.server import backup as backup_module
from referral_desk.server.backup import SCRATCH_PREFIX
from referral_desk.server.db import open_server_db, server_engine
from referral_desk.server.factory import DATABASE_ENV, app_from_environment
from referral_desk.store.database.errors import StoreOpenError
from tests.commandline import run
from tests.fixtures import NOW
from tests.live_server import PG_BIN, ServeProcess
from tests.sync_desks import Central, Workstation, seed_and_sync

DAMAGE = bytes(range(256)) * 16  # 4 KB, as a bad sector or a torn copy leaves them


def _damage(path: Path, offset: int) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(DAMAGE)


def _busy_server(url: str, tmp_path: Path, clock, policy, capsys) -> Path:
    """A server database two desks have synced the day into, a backup of it, and a token made after
    the backup (so a restore that went through would show)."""
    central = Central(url, clock)
    desks = [Workstation(central, name, tmp_path, clock, policy) for name in ("窗口1", "窗口2")]
    folder = tmp_path / "backups"
    folder.mkdir()
    try:
        seed_and_sync(*desks)
        code, out, err = run(["server", "backup", str(folder), "--database-url", url], capsys)
        assert code == 0, err
    finally:
        for ws in desks:
            ws.close()
        central.close()
    code, _out, err = run(["server", "token", "create", "--name", "窗口3", "--role", "operator",
                           "--database-url", url], capsys)
    assert code == 0, err
    return Path(out.strip())


def _tokens(url: str, capsys) -> list[str]:
    code, out, err = run(["server", "token", "list", "--database-url", url], capsys)
    assert code == 0, err
    return [line.split("\t", 1)[0] for line in out.splitlines()]


def _sha256(url: str) -> str:
    path = Path(make_url(url).database)
    wal = Path(f"{path}-wal")
    return hashlib.sha256(path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")).hexdigest()


def _table_page(backup: Path) -> int:
    """The offset of the middle leaf page of the table with the most of them: table data, not an index."""
    con = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        name = con.execute("SELECT name FROM dbstat WHERE pagetype = 'leaf' AND name IN"
                           " (SELECT name FROM sqlite_master WHERE type = 'table')"
                           " GROUP BY name ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        pages = [p for (p,) in con.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'"
                                           " ORDER BY pageno", (name,))]
    finally:
        con.close()
    assert page_size == len(DAMAGE) and len(pages) > 2
    return (pages[len(pages) // 2] - 1) * page_size


def test_a_damaged_sqlite_backup_is_refused_and_the_database_is_unchanged(tmp_path, clock, policy, capsys):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    backup = _busy_server(url, tmp_path, clock, policy, capsys)
    _damage(backup, _table_page(backup))
    before = _sha256(url)
    code, _out, err = run(["server", "restore", str(backup), "--database-url", url, "--force"], capsys)
    assert code == 2 and f"备份 {backup} 已损坏" in err and "integrity_check" in err and "Traceback" not in err
    assert _sha256(url) == before
    assert _tokens(url, capsys) == ["窗口1", "窗口2", "窗口3"]


@pytest.mark.parametrize("cut", [1, 4097, "half"])
def test_a_backup_cut_short_is_refused_although_integrity_check_may_pass(tmp_path, clock, policy, capsys, cut):
    """One byte lost at the end used to be restored, a value on the last page silently changed."""
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    backup = _busy_server(url, tmp_path, clock, policy, capsys)
    data = backup.read_bytes()
    backup.write_bytes(data[:len(data) // 2] if cut == "half" else data[:-cut])
    before = _sha256(url)
    code, _out, err = run(["server", "restore", str(backup), "--database-url", url, "--force"], capsys)
    assert code == 2 and "已损坏" in err and ("整页" in err or "页头" in err or "integrity" in err), err
    assert _sha256(url) == before


def test_a_copy_that_fails_its_check_does_not_replace_the_database(tmp_path, clock, policy, capsys, monkeypatch):
    """The copy is checked again before it replaces the database: a disk that writes wrong."""
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    backup = _busy_server(url, tmp_path, clock, policy, capsys)
    copy = backup_module._copy_sqlite

    def damaging_copy(source: Path, temp: Path) -> None:
        copy(source, temp)
        _damage(temp, _table_page(temp))

    monkeypatch.setattr(backup_module, "_copy_sqlite", damaging_copy)
    before = _sha256(url)
    code, _out, err = run(["server", "restore", str(backup), "--database-url", url, "--force"], capsys)
    assert code == 2 and "未通过完整性检查" in err
    assert _sha256(url) == before and not list(tmp_path.glob(".server.sqlite3.restoring"))
    monkeypatch.undo()
    code, _out, err = run(["server", "restore", str(backup), "--database-url", url, "--force"], capsys)
    assert code == 0, err
    assert _tokens(url, capsys) == ["窗口1", "窗口2"]  # the good copy goes through


def _pg_restore_ok(archive: Path, *args: str) -> bool:
    return subprocess.run([str(PG_BIN / "pg_restore"), *args, str(archive)], capture_output=True).returncode == 0


def _data_damaged(archive: Path) -> None:
    """4 KB of the archive's data blocks overwritten where its table of contents (pg_restore --list)
    and the rd_meta and alembic_version rows the restore reads first still read: the damage shows only
    when the rest of the data is read."""
    good = archive.read_bytes()
    for offset in range(len(good) - len(DAMAGE), 0, -1024):
        archive.write_bytes(good[:offset] + DAMAGE + good[offset + len(DAMAGE):])
        if (_pg_restore_ok(archive, "--list")
                and _pg_restore_ok(archive, "--data-only", "--table=rd_meta", "--table=alembic_version", "--file=-")
                and not _pg_restore_ok(archive, "--file=/dev/null")):
            return
    raise AssertionError("no 4 KB of data blocks to damage that pg_restore --list passes")


def _writes_before_it_fails(url: str, archive: Path) -> bool:
    """The premise of the rollback: outside a transaction, pg_restore has made tables by the time it
    reaches the damaged data and stops."""
    dbname = make_url(url).database
    port = make_url(url).port
    done = subprocess.run([str(PG_BIN / "pg_restore"), "--exit-on-error", "--no-owner",
                           f"--dbname=host=127.0.0.1 port={port} user=postgres dbname={dbname}", str(archive)],
                          capture_output=True)
    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname={dbname}") as conn:
        made = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    return done.returncode != 0 and made > 0


def _without_createdb(postgres) -> str:
    """A database owned by a role that may not create databases, as a hospital's may be."""
    role, name = f"rd_plain_{uuid.uuid4().hex[:8]}", f"rd_plain_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"host=127.0.0.1 port={postgres.port} user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f"CREATE ROLE {role} LOGIN NOCREATEDB")
        c.execute(f"CREATE DATABASE {name} OWNER {role}")
    with psycopg.connect(f"host=127.0.0.1 port={postgres.port} user=postgres dbname={name}", autocommit=True) as c:
        c.execute(f"ALTER SCHEMA public OWNER TO {role}")
    return f"postgresql+psycopg://{role}@127.0.0.1:{postgres.port}/{name}"


def _pg_state(url: str) -> tuple:
    """Row counts, a sample row and rd_meta: what a restore that went through, even in part, would change."""
    engine = server_engine(url)
    try:
        with engine.connect() as conn:
            counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                      for t in ("audit_entry", "consultation", "applied_mutation", "workstation_token", "drg_group")}
            sample = tuple(conn.execute(text("SELECT * FROM consultation ORDER BY id LIMIT 1")).one())
            meta = sorted(conn.execute(text("SELECT key, value FROM rd_meta")).all())
            scratch = conn.execute(text("SELECT count(*) FROM pg_database WHERE datname LIKE :p"),
                                   {"p": f"{SCRATCH_PREFIX}%"}).scalar()
    finally:
        engine.dispose()
    return counts, sample, meta, scratch


@pytest.mark.parametrize("damage, role", [("middle", "superuser"), ("data", "superuser"), ("data", "no CREATEDB")])
def test_a_damaged_postgresql_archive_is_refused_and_the_database_is_unchanged(
        postgres, tmp_path, clock, policy, capsys, damage, role):
    """Damaged mid-file (the table of contents of a small archive: pg_restore --list fails), or in its
    data blocks (found only by reading them: the trial restore into a scratch database, or, for a role
    without CREATEDB, the restore's single transaction rolling back after --clean dropped the tables)."""
    url = postgres.new_database() if role == "superuser" else _without_createdb(postgres)
    backup = _busy_server(url, tmp_path, clock, policy, capsys)
    if damage == "middle":
        _damage(backup, backup.stat().st_size // 2 // len(DAMAGE) * len(DAMAGE))
    else:
        _data_damaged(backup)
    before = _pg_state(url)
    code, _out, err = run(["server", "restore", str(backup), "--database-url", url, "--force"], capsys)
    assert code == 2 and "Traceback" not in err
    if damage == "middle":
        assert f"备份 {backup} 已损坏" in err and "pg_restore --list" in err
    elif role == "superuser":
        assert "试恢复到临时数据库时出错" in err
    else:
        assert "CREATEDB" in err and "单一事务" in err and "恢复失败" in err
        assert _writes_before_it_fails(postgres.new_database(), backup)  # so the transaction is what saved it
    assert _pg_state(url) == before
    assert _tokens(url, capsys) == ["窗口1", "窗口2", "窗口3"]


def test_without_createdb_a_good_archive_is_restored(postgres, tmp_path, clock, policy, capsys):
    url = _without_createdb(postgres)
    backup = _busy_server(url, tmp_path, clock, policy, capsys)
    code, _out, err = run(["server", "restore", str(backup), "--database-url", url, "--force"], capsys)
    assert code == 0 and "CREATEDB" in err
    assert _tokens(url, capsys) == ["窗口1", "窗口2"]


def test_a_restore_is_refused_while_a_server_serves_the_database(server_url, tmp_path, clock, policy, capsys):
    """A real `serve --workers 2` (its parent and two workers): refused in words, nothing changed; once
    the server has stopped, the same restore goes through."""
    backup = _busy_server(server_url, tmp_path, clock, policy, capsys)
    server = ServeProcess(server_url, 2, NOW, tmp_path / "config")
    try:
        code, _out, err = run(["server", "restore", str(backup), "--database-url", server_url, "--force"], capsys)
        assert code == 2 and "服务器正在使用该数据库" in err and "未做任何改动" in err
        assert _tokens(server_url, capsys) == ["窗口1", "窗口2", "窗口3"]
    finally:
        assert server.stop() == 0
    code, _out, err = run(["server", "restore", str(backup), "--database-url", server_url, "--force"], capsys)
    assert code == 0, err
    assert _tokens(server_url, capsys) == ["窗口1", "窗口2"]


def test_each_worker_holds_the_database_and_none_starts_during_a_restore(tmp_path, capsys, monkeypatch):
    """A worker of `serve --workers N` (server.factory) holds the database by itself, and one that starts
    while a restore is replacing the database refuses in words instead of serving it."""
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    monkeypatch.setenv(DATABASE_ENV, url)
    open_server_db(url).dispose()
    folder = tmp_path / "backups"
    folder.mkdir()
    code, out, _err = run(["server", "backup", str(folder), "--database-url", url], capsys)
    backup = out.strip()
    app = app_from_environment()
    try:
        code, _out, err = run(["server", "restore", backup, "--database-url", url, "--force"], capsys)
        assert code == 2 and "服务器正在使用该数据库" in err
    finally:
        app.state.serving_mark.release()  # as the worker's end would
    restore = backup_module.restore_server
    starting: list[str] = []

    def restore_while_a_worker_starts(*args, **kwargs) -> None:
        try:
            app_from_environment().state.serving_mark.release()
            starting.append("started")
        except StoreOpenError as exc:
            starting.append(exc.zh)
        restore(*args, **kwargs)

    monkeypatch.setattr(backup_module, "restore_server", restore_while_a_worker_starts)
    code, _out, err = run(["server", "restore", backup, "--database-url", url, "--force"], capsys)
    assert code == 0, err
    assert starting == ["正在从备份恢复该数据库：请等恢复结束后再启动服务；未做任何改动"]


def test_a_restore_to_a_database_url_that_does_not_parse_is_refused_in_words(tmp_path, capsys):
    """The server check comes first now, so it is what meets a mistyped URL: in words, never a traceback."""
    backup = tmp_path / "backup.pgdump"
    backup.write_bytes(b"PGDMP")
    for url in ("postgresql+psycopg://rd@127.0.0.1:notaport/rd", "nosuchdialect://rd@127.0.0.1/rd"):
        code, _out, err = run(["server", "restore", str(backup), "--database-url", url, "--force"], capsys)
        assert code == 2 and "数据库地址无效" in err


def test_a_restore_through_another_name_of_the_served_file_is_refused(tmp_path, clock, policy, capsys):
    """A symlink meets the server at the real file's lock; a hard link cannot be told apart and is refused.
    Both used to report a restore while the server went on serving the old data."""
    import os

    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    backup = _busy_server(url, tmp_path, clock, policy, capsys)
    alias, hard = tmp_path / "alias.sqlite3", tmp_path / "hard.sqlite3"
    alias.symlink_to(tmp_path / "server.sqlite3")
    server = ServeProcess(url, 1, NOW, tmp_path / "config")
    try:
        before = _sha256(url)
        code, _out, err = run(["server", "restore", str(backup), "--database-url", f"sqlite:///{alias}", "--force"],
                              capsys)
        assert code == 2 and "服务器正在使用该数据库" in err and alias.is_symlink()
        os.link(tmp_path / "server.sqlite3", hard)
        code, _out, err = run(["server", "restore", str(backup), "--database-url", f"sqlite:///{hard}", "--force"],
                              capsys)
        assert code == 2 and "硬链接" in err
        assert _sha256(url) == before
    finally:
        server.stop()  # one process: uvicorn ends by the SIGTERM it handled (systemd counts it clean)
    hard.unlink()
    code, _out, err = run(["server", "restore", str(backup), "--database-url", f"sqlite:///{alias}", "--force"],
                          capsys)
    assert code == 0, err
    assert alias.is_symlink() and _tokens(url, capsys) == ["窗口1", "窗口2"]


def test_a_restore_is_refused_while_serving_even_with_the_lock_file_moved_away(tmp_path, clock, policy, capsys):
    """A careless clean-up removes the lock file beside a running server: the server's hold on the
    database file itself still refuses the restore (it used to replace the file under the server)."""
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    backup = _busy_server(url, tmp_path, clock, policy, capsys)
    server = ServeProcess(url, 2, NOW, tmp_path / "config")
    try:
        (tmp_path / "server.sqlite3.serving.lock").rename(tmp_path / "moved-away.lock")
        before = _sha256(url)
        code, _out, err = run(["server", "restore", str(backup), "--database-url", url, "--force"], capsys)
        assert code == 2 and "服务器正在使用该数据库" in err
        assert _sha256(url) == before
    finally:
        assert server.stop() == 0
    code, _out, err = run(["server", "restore", str(backup), "--database-url", url, "--force"], capsys)
    assert code == 0, err

"""`server backup DIR` and `server restore FILE`: SQLite's online backup API or pg_dump/pg_restore.

A backup is a new file (never one that exists), private to its owner, written under a temporary name
and linked into place. A restore replaces the server's database (so it asks for --force, and the
server must be stopped) and records where it came from; desks that synced after the backup notice
by their anchors (server.pull.check_cursor) and send again what the restored database lacks.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from referral_desk.store.database.engine import create_private
from referral_desk.store.database.errors import StoreOpenError
from referral_desk.store.database.marker import SQLITE_APPLICATION_ID

RESTORED_FROM = "restored_from"  # rd_meta: the backup the database was last restored from, and when
PG_BIN = Path("/usr/lib/postgresql/15/bin")


class BackupRefused(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def _tool(name: str) -> str:
    found = shutil.which(name) or (str(PG_BIN / name) if (PG_BIN / name).exists() else None)
    if found is None:
        raise BackupRefused(f"找不到 {name}：请安装 PostgreSQL 客户端工具", f"{name} is not installed")
    return found


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password (it goes in PGPASSWORD, not on a command line `ps` shows)."""
    parsed = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    return parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["?"])[0][:200]
        raise BackupRefused(f"{what}失败：{first}", f"{argv[0].rsplit('/', 1)[-1]} failed: {first}")


def backup_server(engine: Engine, folder: Path, now: datetime) -> Path:
    folder = folder.expanduser()
    if not folder.is_dir():
        raise BackupRefused(f"备份目录 {folder} 不存在或不是目录", f"the backup folder {folder} is not a folder")
    sqlite = engine.url.get_backend_name() == "sqlite"
    target = folder / f"referral-desk-server-{now:%Y%m%d-%H%M%S}.{'sqlite3' if sqlite else 'pgdump'}"
    if target.exists():
        raise BackupRefused(f"{target} 已存在，未覆盖", f"{target} exists; not replaced")
    temp = folder / f".{target.name}.part"
    temp.unlink(missing_ok=True)
    create_private(temp)
    try:
        if sqlite:
            src, dst = sqlite3.connect(engine.url.database), sqlite3.connect(temp)
            try:
                src.backup(dst)  # a consistent copy while the server keeps running
            finally:
                src.close()
                dst.close()
        else:
            url, env = _libpq(engine.url.render_as_string(hide_password=False))
            _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={temp}", f"--dbname={url}"], env,
                 "备份")
            os.chmod(temp, 0o600)
        os.link(temp, target)  # fails rather than replace a file that appeared meanwhile
    except FileExistsError:
        raise BackupRefused(f"{target} 已存在，未覆盖", f"{target} exists; not replaced") from None
    finally:
        temp.unlink(missing_ok=True)
    return target


def restore_server(url: str, backup: Path, now: datetime) -> None:
    """Replace the server's database with `backup` (the server stopped), and remember it."""
    backup = backup.expanduser()
    if not backup.is_file():
        raise BackupRefused(f"备份文件 {backup} 不存在", f"the backup {backup} does not exist")
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    _check_backup(backup, sqlite, url)
    if sqlite:
        target = Path(parsed.database).expanduser()
        temp = target.with_name(f".{target.name}.restoring")
        temp.unlink(missing_ok=True)
        create_private(temp)
        try:
            src, dst = sqlite3.connect(f"file:{backup}?mode=ro", uri=True), sqlite3.connect(temp)
            try:
                src.backup(dst)
            finally:
                src.close()
                dst.close()
            for suffix in ("-wal", "-shm"):  # the replaced database's journal must not be replayed into the backup
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
    else:
        libpq, env = _libpq(url)
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={libpq}", str(backup)], env, "恢复")


def mark_restored(engine: Engine, backup: Path, now: datetime) -> None:
    """Where the database came from, and a new restore epoch: desks see the same installation, restored."""
    from referral_desk.server.db import RESTORE_EPOCH

    with engine.begin() as conn:
        for key, value in ((RESTORED_FROM, f"{backup.name} @ {now.isoformat(timespec='seconds')}"),
                           (RESTORE_EPOCH, f"{now.isoformat(timespec='seconds')} {uuid.uuid4()}")):
            conn.execute(text("DELETE FROM rd_meta WHERE key = :k"), {"k": key})
            conn.execute(text("INSERT INTO rd_meta (key, value) VALUES (:k, :v)"), {"k": key, "v": value})


def _check_backup(backup: Path, sqlite: bool, url: str) -> None:
    """Before anything is replaced: the file is a backup of a Referral Desk server (not a desk's store)
    that this release can run, judged by the same rules as a database it opens (server.db)."""
    from referral_desk.server.db import desk_store_refused, refuse_unusable

    not_ours = BackupRefused(f"{backup} 不是转诊台服务器的备份，未做任何改动", f"{backup} is not a Referral Desk backup")
    if sqlite:
        try:
            con = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
            try:
                desk = con.execute("PRAGMA application_id").fetchone()[0] == SQLITE_APPLICATION_ID
                meta = dict(con.execute("SELECT key, value FROM rd_meta").fetchall())
                has_revision = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone()
                revision = con.execute("SELECT version_num FROM alembic_version").fetchone() if has_revision else None
            finally:
                con.close()
        except sqlite3.DatabaseError:
            raise not_ours from None
        if desk:
            error = desk_store_refused("备份")
            raise BackupRefused(error.zh, error.en)
    else:
        meta, revision = _pg_backup_meta(backup, url, not_ours)
    if not meta:
        raise not_ours
    try:
        refuse_unusable(meta, revision[0] if revision else None)
    except StoreOpenError as exc:
        raise BackupRefused(f"{exc.zh}（备份 {backup.name} 未恢复，服务器数据库未改动）",
                            f"{exc.en} (backup not restored; nothing replaced)") from None


def _pg_backup_meta(backup: Path, url: str, not_ours: BackupRefused) -> tuple[dict[str, str], tuple[str] | None]:
    """rd_meta and alembic_version as the archive holds them (pg_restore writes their data to stdout)."""
    _, env = _libpq(url)
    done = subprocess.run([_tool("pg_restore"), "--data-only", "--table=rd_meta", "--table=alembic_version",
                           "--file=-", str(backup)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise not_ours
    tables: dict[str, list[list[str]]] = {}
    rows = None
    for line in done.stdout.splitlines():
        if line.startswith("COPY "):
            rows = tables.setdefault(line.split()[1].rsplit(".", 1)[-1], [])
        elif line == "\\.":
            rows = None
        elif rows is not None:
            rows.append(line.split("\t"))
    meta = {row[0]: row[1] for row in tables.get("rd_meta", []) if len(row) == 2}
    revision = tuple(tables["alembic_version"][0][:1]) if tables.get("alembic_version") else None
    return meta, revision

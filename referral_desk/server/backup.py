"""`server backup DIR` and `server restore FILE`: SQLite's online backup API or pg_dump/pg_restore.

A backup is a new file (never one that exists), private to its owner, written under a temporary name
and linked into place. A restore replaces the server's database (so it asks for --force, and the
server must be stopped: server.serving) and records where it came from; desks that synced after the
backup notice by their anchors (server.pull.check_cursor) and send again what the restored database
lacks. The backup is read whole before anything is replaced: a damaged one is refused in words.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from referral_desk.store.database.engine import create_private
from referral_desk.store.database.errors import StoreOpenError, driver_words
from referral_desk.store.database.marker import SQLITE_APPLICATION_ID

RESTORED_FROM = "restored_from"  # rd_meta: the backup the database was last restored from, and when
PG_BIN = Path("/usr/lib/postgresql/15/bin")
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_ARCHIVE_MAGIC = b"PGDMP"  # pg_dump's custom format
SCRATCH_PREFIX = "rd_restore_check_"  # trial restores' databases, dropped after (a name to find leftovers by)


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
        first = _first_error(done)
        raise BackupRefused(f"{what}失败：{first}", f"{argv[0].rsplit('/', 1)[-1]} failed: {first}")


def _first_error(done: subprocess.CompletedProcess) -> str:
    if done.returncode < 0:  # pg_restore dies of SIGSEGV on some damaged archives, saying nothing
        return f"killed by signal {-done.returncode}"
    return (done.stderr.strip().splitlines() or ["?"])[0][:200]


def backup_server(engine: Engine, folder: Path, now: datetime) -> Path:
    folder = folder.expanduser()
    if not folder.is_dir():
        raise BackupRefused(f"备份目录 {folder} 不存在或不是目录", f"the backup folder {folder} is not a folder")
    sqlite = engine.url.get_backend_name() == "sqlite"
    target = folder / f"referral-desk-server-{now:%Y%m%d-%H%M%S}.{'sqlite3' if sqlite else 'pgdump'}"
    if target.exists():
        raise BackupRefused(f"{target} 已存在，未覆盖", f"{target} exists; not replaced")
    # A name of its own: two backups in the same second (the nightly timer and one by hand) once shared the
    # temporary file, and one linked the other's half-written file into place as a 0-byte backup.
    temp = folder / f".{target.name}.{uuid.uuid4().hex[:12]}.part"
    _remove_stale_parts(folder, now)
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
        if temp.stat().st_size == 0:  # never a backup that restores nothing
            raise BackupRefused("备份结果为空文件，未保存：请查看磁盘空间与数据库日志",
                                "the backup came out empty; not kept")
        os.link(temp, target)  # fails rather than replace a file that appeared meanwhile
    except FileExistsError:
        raise BackupRefused(f"{target} 已存在，未覆盖", f"{target} exists; not replaced") from None
    finally:
        temp.unlink(missing_ok=True)
    return target


def _remove_stale_parts(folder: Path, now: datetime) -> None:
    """Temporary files of backups that died (a killed pg_dump, a full disk) more than a day ago."""
    for part in folder.glob(".referral-desk-server-*.part"):
        try:
            if now.timestamp() - part.stat().st_mtime > 86400:
                part.unlink()
        except OSError:
            pass


BACKUP_NAME = re.compile(r"referral-desk-server-\d{8}-\d{6}\.(sqlite3|pgdump)")


def keep_newest(folder: Path, count: int) -> list[Path]:
    """Remove all but the newest `count` server backups in `folder` (by the time in their names, which
    `backup_server` writes; other files are never touched); what was removed."""
    backups = sorted((p for p in folder.expanduser().iterdir() if BACKUP_NAME.fullmatch(p.name) and p.is_file()),
                     key=lambda p: p.name.removeprefix("referral-desk-server-"))
    removed = backups[:-count] if count < len(backups) else []
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def restore_server(url: str, backup: Path, now: datetime, say: Callable[[str], None] = lambda _words: None) -> None:
    """Replace the server's database with `backup` (the server stopped: the caller holds it, see
    server.serving), and remember it. The backup is checked whole first; `say` hears how, when a
    PostgreSQL role cannot make the scratch database of a trial restore."""
    backup = backup.expanduser()
    if not backup.is_file():
        raise BackupRefused(f"备份文件 {backup} 不存在", f"the backup {backup} does not exist")
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    _check_backup(backup, sqlite, url)
    if sqlite:
        target = Path(parsed.database).expanduser().resolve()  # a symlink stays a symlink to the restored file
        temp = target.with_name(f".{target.name}.restoring")
        temp.unlink(missing_ok=True)
        create_private(temp)
        try:
            _copy_sqlite(backup, temp)
            problem = _sqlite_problem(temp)
            if problem is not None:  # the copy, not the backup: a disk that writes wrong must not replace it
                raise BackupRefused(f"备份 {backup} 复制到 {target.parent} 后未通过完整性检查（{problem}）："
                                    "请检查磁盘；"
                                    "服务器数据库未改动",
                                    f"the copy of the backup {backup} in {target.parent} fails integrity_check "
                                    f"({problem}): check the disk; nothing was replaced")
            for suffix in ("-wal", "-shm"):  # the replaced database's journal must not be replayed into the backup
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
    else:
        _trial_restore(url, backup, say)
        libpq, env = _libpq(url)
        # One transaction: an error anywhere (a data block unreadable after the tables were dropped)
        # rolls the whole restore back (tests/test_server_restore_checks.py shows it).
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={libpq}", str(backup)], env, "恢复")


def _static(path: Path) -> str:
    """A backup (or the copy about to replace the database) is a file nobody writes: read as immutable,
    it leaves no -wal or -shm beside it."""
    return f"file:{quote(str(path))}?mode=ro&immutable=1"


def _copy_sqlite(backup: Path, temp: Path) -> None:
    src, dst = sqlite3.connect(_static(backup), uri=True), sqlite3.connect(temp)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _sqlite_problem(path: Path) -> str | None:
    """None if the whole file passes `PRAGMA integrity_check` (not quick_check: it also ties every index
    to its rows) and holds every page its header counts, else the first finding. A page too damaged to
    parse makes SQLite raise instead."""
    cut = _cut_short(path)
    if cut is not None:
        return cut
    try:
        con = sqlite3.connect(_static(path), uri=True)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)[:200]
    first = str(rows[0][0]) if rows else "?"
    return None if first == "ok" else f"{first[:200]}{f' (+{len(rows) - 1})' if len(rows) > 1 else ''}"


def _cut_short(path: Path) -> str | None:
    """A file cut short (a copy that stopped, a byte lost at the end) can pass integrity_check: SQLite
    reads a short last page as if zeros followed, and a value on it silently changes. Its size must be
    whole pages, as many as the header counts (when the header's count is current)."""
    header = _head(path, 100)
    if len(header) < 100:
        return "文件不足一个页头 / shorter than a header"
    page = int.from_bytes(header[16:18], "big")
    page = 65536 if page == 1 else page
    size = path.stat().st_size
    if page < 512 or page & (page - 1) or size % page:
        return f"文件大小 {size} 不是整页（页大小 {page}）/ the file is not whole pages"
    counted, change, valid_for = (int.from_bytes(header[i:i + 4], "big") for i in (28, 24, 92))
    if counted and change == valid_for and counted != size // page:
        return f"页头记有 {counted} 页，文件只有 {size // page} 页 / the header counts {counted} pages"
    return None


def _damaged(backup: Path, finding: str) -> BackupRefused:
    return BackupRefused(f"备份 {backup} 已损坏（{finding}），未恢复，服务器数据库未改动",
                         f"the backup {backup} is damaged ({finding}); not restored, nothing was replaced")


def _head(backup: Path, size: int) -> bytes:
    try:
        with open(backup, "rb") as f:
            return f.read(size)
    except OSError as exc:
        raise BackupRefused(f"无法读取备份 {backup}：{exc.strerror or exc}",
                            f"cannot read the backup {backup}") from None


def _trial_restore(url: str, backup: Path, say: Callable[[str], None]) -> None:
    """The whole archive restored into a scratch database, then dropped: pg_restore --list reads only
    the table of contents, and a damaged data block shows only when it is read. A role without
    CREATEDB cannot make one; the restore then relies on --single-transaction rolling back, and says so."""
    admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT", hide_parameters=True)
    scratch = f"{SCRATCH_PREFIX}{uuid.uuid4().hex[:16]}"
    try:
        try:
            with admin.connect() as conn:
                encoding, collate, ctype = conn.execute(text(
                    "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database"
                    " WHERE datname = current_database()")).one()
                # template0 and the server database's own encoding: the trial differs from the real
                # restore only in the database it writes to.
                conn.exec_driver_sql(f"CREATE DATABASE {scratch} TEMPLATE template0 ENCODING {_literal(encoding)}"
                                     f" LC_COLLATE {_literal(collate)} LC_CTYPE {_literal(ctype)}")
        except DBAPIError as exc:
            reason = driver_words(exc)
            say(f"提示：无法建立试恢复用的临时数据库（{reason}；需要 CREATEDB 权限），未做试恢复；"
                "恢复将在单一事务中进行，"
                "备份任何一处读不出都会整体回滚，服务器数据库保持原样\n"
                f"note: no scratch database for a trial restore ({reason}); the restore runs in a single "
                "transaction, which rolls back whole at any unreadable part of the backup")
            return
        try:
            target, env = _libpq(make_url(url).set(database=scratch).render_as_string(hide_password=False))
            done = subprocess.run([_tool("pg_restore"), "--no-owner", "--single-transaction", "--exit-on-error",
                                   f"--dbname={target}", str(backup)], env=env, capture_output=True, text=True)
            if done.returncode != 0:  # the real restore has the same options but --clean: it would fail alike
                first = _first_error(done)
                raise BackupRefused(f"备份 {backup} 试恢复到临时数据库时出错（{first}）：备份已损坏或无法在此恢复；"
                                    "服务器数据库未改动",
                                    f"the backup {backup} failed a trial restore into a scratch database ({first}): "
                                    "damaged, or not restorable here; nothing was replaced")
        finally:
            try:
                with admin.connect() as conn:
                    conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {scratch}")
            except DBAPIError:
                say(f"提示：试恢复用的临时数据库 {scratch} 未能删除，请手动删除（DROP DATABASE {scratch}）\n"
                    f"note: could not drop the scratch database {scratch}; drop it by hand")
    finally:
        admin.dispose()


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


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

    not_ours = BackupRefused(f"{backup} 不是转诊台服务器的备份，未做任何改动",
                             f"{backup} is not a Referral Desk backup")
    if sqlite:
        if _head(backup, len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise not_ours
        problem = _sqlite_problem(backup)
        if problem is not None:
            raise _damaged(backup, f"integrity_check: {problem}")
        try:
            con = sqlite3.connect(_static(backup), uri=True)
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
        _pg_list(backup, url, not_ours)
        meta, revision = _pg_backup_meta(backup, url, _damaged(backup, "rd_meta 或 alembic_version 的数据读不出"))
    if not meta:
        raise not_ours
    try:
        refuse_unusable(meta, revision[0] if revision else None)
    except StoreOpenError as exc:
        raise BackupRefused(f"{exc.zh}（备份 {backup.name} 未恢复，服务器数据库未改动）",
                            f"{exc.en} (backup not restored; nothing replaced)") from None


def _pg_list(backup: Path, url: str, not_ours: BackupRefused) -> None:
    """The archive's table of contents reads (a custom-format archive damaged there fails here)."""
    _, env = _libpq(url)
    done = subprocess.run([_tool("pg_restore"), "--list", str(backup)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        if _head(backup, len(PG_ARCHIVE_MAGIC)) != PG_ARCHIVE_MAGIC:
            raise not_ours
        raise _damaged(backup, f"pg_restore --list: {_first_error(done)}")


def _pg_backup_meta(backup: Path, url: str, unreadable: BackupRefused) -> tuple[dict[str, str], tuple[str] | None]:
    """rd_meta and alembic_version as the archive holds them (pg_restore writes their data to stdout)."""
    _, env = _libpq(url)
    done = subprocess.run([_tool("pg_restore"), "--data-only", "--table=rd_meta", "--table=alembic_version",
                           "--file=-", str(backup)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise unreadable
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

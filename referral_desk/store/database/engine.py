"""Opening a store: check the file is ours and current before touching it."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, ExceptionContext, ExecutionContext, create_engine, event, text
from sqlalchemy.engine.interfaces import DBAPIConnection, DBAPICursor
from sqlalchemy.pool import ConnectionPoolEntry

from referral_desk.domain.errors import DomainError
from referral_desk.store.database import day_figures_cache
from referral_desk.store.database.errors import StoreOpenError, describe_db_error
from referral_desk.store.database.marker import (
    APPLICATION,
    PULL_CURSOR,
    SCHEMA_VERSION,
    SQLITE_APPLICATION_ID,
    inspect_existing,
)
from referral_desk.store.database.schema import STEPS, create_current
from referral_desk.store.database.transaction import immediate_transaction


@dataclass
class Store:
    path: Path
    engine: Engine
    # Why the file is known to be damaged (a failed check, a "malformed" error), or None: once
    # set, nothing more is written to it, by any path (see _guard_writes).
    damaged: str | None = None

    def close(self) -> None:
        self.engine.dispose()


class StoreDamaged(DomainError):
    def __init__(self, why: str) -> None:
        super().__init__(f"数据文件已损坏（{why}），已停止写入，已有内容未改动："
                         "请联系信息科，用 referral-desk store check "
                         "检查、从最近的备份恢复 / the store is damaged: writes are refused; restore a backup")


# Small enough to check whole on every open (a year's store is far larger: it is checked on the
# first "malformed" error instead, and by `referral-desk store check`).
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
_READS = ("SELECT", "PRAGMA", "EXPLAIN")


def _is_damage(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text)


def _guard_writes(store: Store) -> None:
    def refuse(_conn: Connection, _cursor: DBAPICursor, statement: str, _params: object,
               _context: ExecutionContext | None, _many: bool) -> None:
        if store.damaged and not statement.lstrip().upper().startswith(_READS):
            raise StoreDamaged(store.damaged)

    def notice(context: ExceptionContext) -> None:
        if _is_damage(context.original_exception):
            mark_damaged(store, [str(context.original_exception)])

    event.listen(store.engine, "before_cursor_execute", refuse)
    event.listen(store.engine, "handle_error", notice)


def quick_check(store: Store) -> list[str]:
    """SQLite's quick_check: [] when sound, else its findings (the store is then marked damaged)."""
    try:
        with store.engine.connect() as conn:
            found = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").all()]
    except Exception as exc:  # noqa: BLE001  a file too damaged to check is damaged
        found = [str(getattr(exc, "orig", exc))]
    problems = [] if found == ["ok"] else found
    mark_damaged(store, problems)
    return problems


def mark_damaged(store: Store, problems: list[str]) -> None:
    """Remember the first finding, in one line, as the reason writes are refused."""
    lines = [line for p in problems for line in p.splitlines() if line.strip() and not line.startswith("***")]
    if lines and not store.damaged:
        store.damaged = lines[0][:120]


def _on_connect(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    # FULL: once the desk says "saved", a power cut must not take the request back.
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def create_private(path: Path) -> None:
    """A new database file, readable by its owner only: SQLite gives its -wal and -shm files the
    main file's mode, so the patient data in all three stay private."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass


def _prepare_parent(path: Path, make_folder: bool) -> None:
    if not make_folder and not path.parent.is_dir():
        # A typing mistake in --db must not create a new, empty store somewhere unexpected.
        raise StoreOpenError(f"文件夹 {path.parent} 不存在：请检查 --db 的路径。",
                             f"the folder {path.parent} does not exist: check the --db path.")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreOpenError(
            f"无法创建数据目录 {path.parent}：{exc.strerror or exc}",
            f"cannot create the data directory {path.parent}: {exc.strerror or exc}",
        ) from None
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise StoreOpenError(f"数据文件 {path} 不可写。", f"the data file {path} is not writable.")


def open_store(path: str | os.PathLike[str], *, make_folder: bool = False) -> Store:
    """Open (creating or migrating as needed) the store at `path`; its folder is made only when
    asked (the desk's own data folder), never for a path someone typed."""
    path = Path(path).expanduser().absolute()
    if path.is_dir():
        raise StoreOpenError(f"{path} 是目录，不是数据文件。", f"{path} is a directory, not a data file.")
    if path.exists() and not path.is_file():  # a pipe or a device: reading its header would wait for ever
        raise StoreOpenError(f"{path} 不是普通文件（管道或设备），不能作为数据文件。",
                             f"{path} is not a regular file (a pipe or a device).")
    version = inspect_existing(path) if path.exists() else 0
    _prepare_parent(path, make_folder)
    created = not path.exists()
    if created:
        try:
            create_private(path)
        except OSError as exc:
            raise StoreOpenError(f"无法创建数据文件 {path}：{exc.strerror or exc}",
                                 f"cannot create {path}: {exc.strerror or exc}") from None
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": 5},
        hide_parameters=True,  # an error's text must never quote patient data
    )
    event.listen(engine, "connect", _on_connect)
    try:
        with engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode=WAL").scalar()
            if mode != "wal":
                raise StoreOpenError(f"{path} 无法启用 WAL 模式（{mode}）。", f"cannot enable WAL on {path} ({mode}).")
            if version:
                day_figures_cache.repair(conn)
        if version < SCHEMA_VERSION:
            _migrate(engine, version)
    except Exception as exc:  # sqlite3 errors from a disk or lock problem
        engine.dispose()
        if created:  # a 0-byte file left behind (a full disk) would be refused as foreign next time
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        if isinstance(exc, StoreOpenError):
            raise
        zh, en = describe_db_error(exc, path)
        raise StoreOpenError(f"无法打开数据文件 {path}：{zh}", f"cannot open {path}: {en}") from None
    store = Store(path=path, engine=engine)
    _guard_writes(store)
    if version and path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
        quick_check(store)
    return store


def _migrate(engine: Engine, from_version: int) -> None:
    """All steps in one transaction: a failure leaves the file as it was, at its old version."""
    with immediate_transaction(engine) as conn:
        if from_version == 0:
            create_current(conn)
        else:
            for version in range(from_version, SCHEMA_VERSION):
                STEPS[version](conn)
            # While behind, the server sent this store none of what the new schema added (server.pull):
            # the next sync pulls everything again, and the rows come back whole.
            conn.execute(text("DELETE FROM rd_meta WHERE key = :k"), {"k": PULL_CURSOR})
        conn.execute(
            text("INSERT INTO rd_meta(key, value) VALUES ('application', :a), ('schema_version', :v) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
            {"a": APPLICATION, "v": str(SCHEMA_VERSION)},
        )
        if from_version == 0:
            from referral_desk.store.database.reference import load_reference_data  # only a new store needs it

            load_reference_data(conn, datetime.now(UTC))
        conn.exec_driver_sql(f"PRAGMA application_id={SQLITE_APPLICATION_ID}")
        conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")

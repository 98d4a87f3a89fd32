"""Who is serving the server's database. Every `serve` process (the parent, and each worker of
`--workers N`) marks that it holds the database for as long as it runs, and `server restore` refuses
while any does: a restore under a running SQLite server replaces a file the server keeps writing into
(pushes acknowledged into an unlinked file, lost), and a PostgreSQL server keeps the ids and restore
epoch it read at start, so desks would not notice the restore.

SQLite: a shared flock on a lock file beside the database's real file (a server started through a
symlink meets a restore through the real path there), and a shared flock on the database file itself
(it holds when a clean-up moves the lock file away, and under every name of the file); a restore takes
both exclusively and holds them through the replace. flock, never fcntl: POSIX locks are SQLite's own,
and closing any descriptor of the file would drop them, so the descriptors stay open while held.
PostgreSQL: `serve`'s connections carry an application_name that a restore looks for in
pg_stat_activity."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from referral_desk.server.db import invalid_url, open_server_db, sqlite_path
from referral_desk.store.database.errors import StoreOpenError, driver_words

SERVE_APPLICATION = "referral-desk-serve"  # application_name of every PostgreSQL connection `serve` makes


class ServingMark:
    """The shared locks a serving process holds (SQLite), released when the process ends or on release()."""

    def __init__(self, *fds: int) -> None:
        self._fds = list(fds)

    def hold(self, fd: int | None) -> None:
        if fd is not None:
            self._fds.append(fd)

    def release(self) -> None:
        while self._fds:
            os.close(self._fds.pop())


def _file_lock(database: Path, how: int) -> int | None:
    """A flock on the database file itself, beside the lock file: it holds through a lock file moved away
    and through every name of the file. flock, not fcntl: Linux keeps the two apart, and SQLite's own
    locks are fcntl's. The descriptor stays open for as long as the lock is wanted (closing one would drop
    this process's fcntl locks on the file, SQLite's included). None: no such file yet."""
    try:
        fd = os.open(database, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, how | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise
    return fd


def lock_file(database: Path) -> Path:
    """Beside the file itself: a server started through a symlink and a restore through the real path
    (or the other way round) meet at one lock."""
    database = database.resolve()
    return database.with_name(f"{database.name}.serving.lock")


def _open_lock(database: Path) -> int:
    """The lock file, made private (0600) if new, and never deleted: a process that unlinked it while
    another held it would let the next comer lock a new file beside the old lock."""
    path = lock_file(database)
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise StoreOpenError(f"无法打开锁文件 {path}：{exc.strerror or exc}；未做任何改动",
                             f"cannot open the lock file {path}: {exc.strerror or exc}; nothing was changed") from None


def open_for_serving(url: str) -> tuple[Engine, ServingMark]:
    """The database opened by a `serve` process, marked as served until the process ends. Refused in
    words while a restore holds it (the server would start on a database being replaced)."""
    mark = ServingMark()
    path = sqlite_path(url)
    if path is not None and path.parent.is_dir():
        fd = _open_lock(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreOpenError("正在从备份恢复该数据库：请等恢复结束后再启动服务；未做任何改动",
                                 "a restore of this database is under way: start the server when it has finished"
                                 ) from None
        mark = ServingMark(fd)
    try:
        engine = open_server_db(url, application_name=SERVE_APPLICATION)
        if path is not None:
            mark.hold(_file_lock(path, fcntl.LOCK_SH))
        return engine, mark
    except BaseException:
        mark.release()
        raise


@contextmanager
def held_for_restore(url: str) -> Iterator[None]:
    """Refused in words while any `serve` process holds the database; for SQLite the database is then
    held against a server starting until the restore is done."""
    path = sqlite_path(url)
    if path is None:
        if not url.startswith("sqlite"):
            _refuse_if_served_postgres(url)
        yield
        return
    if not path.parent.is_dir():  # nothing serves a database in a folder that is not there
        yield
        return
    if path.exists() and path.resolve().stat().st_nlink > 1:
        # Another name for the same file may be what a server serves, under a lock this name cannot see.
        raise StoreOpenError(f"数据库文件 {path} 另有硬链接（其他文件名指向同一文件），无法确认是否有服务正在使用它："
                             "请用服务所用的原路径恢复，或先删除多余的链接；未做任何改动",
                             f"the database file {path} has other hard links; restore through the path the server "
                             "uses; nothing was changed")
    fd = _open_lock(path)
    held = None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held = _file_lock(path.resolve(), fcntl.LOCK_EX)  # a server whose lock file was moved away
        except BlockingIOError:
            raise _in_use("") from None
        yield
    finally:
        os.close(fd)
        if held is not None:
            os.close(held)


def _refuse_if_served_postgres(url: str) -> None:
    try:
        engine = create_engine(url, poolclass=NullPool, hide_parameters=True)
    except Exception:  # the parser's message quotes the URL, password and all: not repeated
        raise invalid_url() from None
    try:
        with engine.connect() as conn:
            served = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND application_name = :a AND pid <> pg_backend_pid()"), {"a": SERVE_APPLICATION}).scalar()
    except DBAPIError as exc:
        first = driver_words(exc)
        raise StoreOpenError(f"无法连接服务器数据库：{first}；未做任何改动",
                             f"cannot connect to the server database: {first}; nothing was changed") from None
    finally:
        engine.dispose()
    if served:
        raise _in_use(f"（{served} 个服务连接）")


def _in_use(detail: str) -> StoreOpenError:
    return StoreOpenError(f"服务器正在使用该数据库{detail}："
                          "请先停止服务（systemctl stop referral-desk-server）再恢复；未做任何改动",
                          "a server is using this database: stop it first (systemctl stop referral-desk-server); "
                          "nothing was changed")

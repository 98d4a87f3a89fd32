"""Errors opening a store, worded for the operator in Chinese and English."""

import shutil
from pathlib import Path


class StoreOpenError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh}\n{en}")
        self.zh = zh
        self.en = en


_SQLITE_WORDS = (
    ("database is locked", "数据文件正被其他程序占用（锁定），请稍后再试", "the store is locked by another program"),
    ("disk i/o error", "磁盘读写错误：请检查磁盘或网络盘", "disk I/O error"),
    ("database or disk is full", "磁盘已满", "the disk is full"),
    ("unable to open database file", "无法打开数据文件：请检查路径和权限",
     "cannot open the file: check path and permissions"),
    ("readonly database", "数据文件只读，无法写入", "the store is read-only"),
    ("malformed", "数据文件已损坏：请从备份恢复", "the store is damaged: restore a backup"),
)


# Less than this free beside the store, and SQLite's "disk I/O error" is the disk being full: a
# reader that cannot grow its -shm file to 32 KB says so, never "full".
_NEARLY_FULL = 1024 * 1024


def disk_full(where: Path) -> bool:
    """Nearly no room left where the database file lives."""
    return _disk_full(where)


def _disk_full(where: Path) -> bool:
    try:
        return shutil.disk_usage(where if where.is_dir() else where.parent).free < _NEARLY_FULL
    except OSError:
        return False


def describe_db_error(exc: BaseException, where: Path | None = None) -> tuple[str, str]:
    """A database error in words (Chinese, English), without the driver's SQL, parameters or URL;
    `where` (the store's path) lets an I/O error on a full disk be said as a full disk."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).splitlines()[0] if str(original) else type(original).__name__
    if where is not None and "disk i/o error" in text.lower() and _disk_full(where):
        text = "database or disk is full"
    for needle, zh, en in _SQLITE_WORDS:
        if needle in text.lower():
            return zh, en
    return f"数据库错误（{type(original).__name__}）", f"database error ({type(original).__name__})"


def driver_words(exc: BaseException, limit: int = 200) -> str:
    """The database driver's first line of an error (SQLAlchemy's `orig`), cut to `limit`: never the SQL
    statement or its parameters that SQLAlchemy's own message adds, which may name a patient."""
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0][:limit]

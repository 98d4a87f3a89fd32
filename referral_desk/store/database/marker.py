"""Whose file it is and which schema it holds: read with the standard library alone, so the desk
can look before SQLAlchemy is loaded (store.first_look) and the engine before it opens a file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from referral_desk.store.database.errors import StoreOpenError, describe_db_error

APPLICATION = "referral_desk"
# SQLite's header field for "which program owns this file" ('RDSK').
SQLITE_APPLICATION_ID = 0x5244534B
# store.schema.STEPS moves a store up to this version (schema.py checks the two agree).
SCHEMA_VERSION = 9
# rd_meta's key for where a desk's pulls have reached (the sync client's cursor).
PULL_CURSOR = "sync_since"

_SQLITE_HEADER = b"SQLite format 3\x00"


def inspect_existing(path: Path) -> int:
    """Return the schema version of an existing file (0: a SQLite file with no tables yet), or raise."""
    try:
        with path.open("rb") as fh:
            first = fh.read(100)
        header = first[:16]
    except OSError as exc:
        raise StoreOpenError(f"无法读取数据文件 {path}：{exc.strerror}",
                             f"cannot read {path}: {exc.strerror}") from None
    if not header:  # nobody's store: a typo may point at it, and it would not be made private
        raise StoreOpenError(f"{path} 是空文件（0 字节），不是转诊台的数据文件，未做任何改动。",
                             f"{path} is an empty file, not a Referral Desk store; it was left untouched.")
    if header != _SQLITE_HEADER:
        raise StoreOpenError(
            f"{path} 不是 SQLite 数据库文件，未做任何改动。",
            f"{path} is not a SQLite database; it was left untouched.",
        )
    if len(first) == 100 and (first[18] > 2 or first[19] > 2):
        # SQLite opens such a file read-only and every write then says "readonly database": the header is
        # damaged (or written by a SQLite far newer than any we ship), not the file's permissions.
        raise StoreOpenError(
            f"{path} 的文件头已损坏（读写版本 {first[18]}/{first[19]}），未做任何改动：请从最近的备份恢复。",
            f"{path} has a damaged header (read/write version {first[18]}/{first[19]}); it was left untouched: "
            "restore a backup.")
    try:
        # Read-only: inspecting must never change the file.
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:
                return 0
            if "rd_meta" not in tables:
                raise StoreOpenError(
                    f"{path} 是其他程序的数据库（没有转诊台的标记），未做任何改动。",
                    f"{path} belongs to another application (no Referral Desk marker); it was left untouched.",
                )
            meta = dict(con.execute("SELECT key, value FROM rd_meta").fetchall())
        finally:
            con.close()
    except sqlite3.OperationalError as exc:  # the disk, a lock, permissions: nothing wrong with the file
        zh, en = describe_db_error(exc, path)
        raise StoreOpenError(f"无法读取数据文件 {path}：{zh}。文件未改动。",
                             f"cannot read {path}: {en}; it was left untouched.") from None
    except sqlite3.DatabaseError as exc:
        raise StoreOpenError(
            f"{path} 无法作为数据库打开（{exc}），未做任何改动："
            "文件可能已损坏，请用 referral-desk store check 检查或从最近的备份恢复。",
            f"{path} could not be read as a database ({exc}); it was left untouched: "
            "restore a backup if it is damaged.",
        ) from None
    except UnicodeDecodeError:
        # SQLite quotes a damaged schema's bytes in its error, and Python fails decoding that text.
        raise StoreOpenError(
            f"{path} 的结构信息已损坏（含无法识别的字节），未做任何改动：请从最近的备份恢复。",
            f"{path} has a damaged schema (bytes that are not text); it was left untouched: restore a backup.",
        ) from None
    if meta.get("application") != APPLICATION:
        raise StoreOpenError(
            f"{path} 是其他程序的数据库，未做任何改动。",
            f"{path} belongs to another application; it was left untouched.",
        )
    try:
        version = int(meta.get("schema_version", ""))
    except ValueError:
        raise StoreOpenError(
            f"{path} 的结构版本无法识别，未做任何改动。",
            f"{path} has an unreadable schema version; it was left untouched.",
        ) from None
    if version > SCHEMA_VERSION:
        raise StoreOpenError(
            f"{path} 由更新版本的转诊台创建（结构版本 {version}，本程序支持 {SCHEMA_VERSION}），"
            "请升级程序。文件未改动。",
            f"{path} was written by a newer Referral Desk (schema {version}, this one knows {SCHEMA_VERSION}); "
            "please upgrade. The file was left untouched.",
        )
    return version

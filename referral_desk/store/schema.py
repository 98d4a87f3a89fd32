"""Versioned schema: each migration moves the file one version up, in order.

Version 1 is the first schema; a later change appends a function here and never
edits an old one, the way Alembic keeps its revisions.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection
from sqlmodel import SQLModel

from referral_desk.store import tables  # noqa: F401  (registers the tables)

APPLICATION = "referral_desk"
# SQLite's header field for "which program owns this file" ('RDSK').
SQLITE_APPLICATION_ID = 0x5244534B


def _v1(conn: Connection) -> None:
    SQLModel.metadata.create_all(conn)


MIGRATIONS: list[Callable[[Connection], None]] = [_v1]
SCHEMA_VERSION = len(MIGRATIONS)

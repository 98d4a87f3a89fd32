"""The desk's first frame, read before the store is opened.

Opening the store loads SQLAlchemy, SQLModel and the table classes (about 0.4 s). The panes need none
of that: a store that exists, is ours and holds the current schema is read here with the standard
library, read-only, and the desk opens the store properly right after its first frame. Anything
unusual (no file yet, an older schema to migrate, another program's file, a lock) answers None,
and the desk takes the usual path, which says what is wrong.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from referral_desk.clock import Clock, LocalTime
from referral_desk.domain.policy import Policy
from referral_desk.store.database.errors import StoreOpenError
from referral_desk.store.database.marker import SCHEMA_VERSION, inspect_existing
from referral_desk.store.reads.pane_reads import PaneReads, Snapshot
from referral_desk.store.reads.roles import READ_ONLY_ROLES, ROLE, ROLE_SQL
from referral_desk.store.writes.actor import Actor


class FirstLook(LocalTime):
    """Stands for the Desk until the store is open: its clock, rules and operator, the panes' reads, and
    whether the desk is read-only."""

    def __init__(self, path: Path, policy: Policy, clock: Clock, actor: Actor) -> None:
        self.path = path
        self.policy = policy
        self.clock = clock
        self.actor = actor
        self.readonly = False
        self.panes = PaneReads(self, self._cursor)

    @contextmanager
    def _cursor(self) -> Iterator[sqlite3.Cursor]:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=1)
        try:
            yield conn.cursor()
        finally:
            conn.close()

    def remembered_role(self) -> str | None:
        with self._cursor() as cur:
            row = cur.execute(ROLE_SQL, (ROLE,)).fetchone()
        return row[0] if row else None


def first_look(path: Path, policy: Policy, clock: Clock, actor: Actor, *,
               readonly: bool = False) -> tuple[FirstLook, Snapshot] | None:
    """The panes' rows of a current store at `path`, or None when the store must be opened first."""
    try:
        if not path.is_file() or inspect_existing(path) != SCHEMA_VERSION:
            return None
        look = FirstLook(path, policy, clock, actor)
        look.readonly = readonly or look.remembered_role() in READ_ONLY_ROLES
        return look, look.panes.snapshot()
    except (OSError, StoreOpenError, sqlite3.Error):
        return None

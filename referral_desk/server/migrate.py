"""The server's schema, moved by Alembic revisions (server/migrations/versions).

Release 0.1.0 made its database without Alembic: from the tables at store schema 8, or moved up to it
by the store's own steps. Such a database is brought to schema 8 by those steps, stamped with the
baseline revision (which declares exactly that schema), then upgraded like any other. An empty
database is built by the revisions from nothing, so every server runs the same DDL.

Upgrading an existing database is asked for (`referral-desk server migrate`), never done by `serve`:
the administrator backs up first, and several worker processes never race to migrate. Everything
happens in one transaction under a lock (PostgreSQL advisory lock; SQLite BEGIN IMMEDIATE): a failed
upgrade leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, inspect, text
from sqlmodel import SQLModel

from referral_desk.server.tables import SERVER_METADATA
from referral_desk.store.database import tables  # noqa: F401  (registers the shared tables)
from referral_desk.store.database.schema import STEPS
from referral_desk.store.database.transaction import immediate_transaction

TARGET_METADATA = [SQLModel.metadata, SERVER_METADATA]
BASELINE = "0001"  # the schema release 0.1.0 made without Alembic
BASELINE_STORE_SCHEMA = 8  # ... which was the store's schema 8
_LOCK_KEY = 8_750_001  # PostgreSQL advisory lock: one migration at a time, whatever the process
_SCRIPTS = Path(__file__).with_name("migrations")


class UnknownRevision(Exception):
    """The database names a revision this release does not have: a newer server made it."""


@dataclass(frozen=True)
class SchemaState:
    empty: bool
    current: str | None  # the Alembic revision; None for an empty database or one made before Alembic
    legacy_version: int | None  # rd_meta's schema_version of a database made before Alembic
    head: str
    pending: tuple[str, ...]  # revisions still to apply, oldest first, as "id summary" (SUMMARY_ZH)

    @property
    def up_to_date(self) -> bool:
        return not self.pending

    def current_words(self) -> str:
        if self.empty:
            return "空数据库"
        if self.current is None:
            return f"0.1.0 版结构 {self.legacy_version}（未用 Alembic）"
        return f"修订 {self.current}"


def _config(conn: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_SCRIPTS))
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def is_known(revision: str) -> bool:
    """A revision of this release (or before it); an unknown one was written by a newer server."""
    try:
        return _scripts().get_revision(revision) is not None
    except CommandError:
        return False


def read_state(conn: Connection) -> SchemaState:
    """Where the database stands against this release's revisions; reads only."""
    names = set(inspect(conn).get_table_names())
    scripts = _scripts()
    head = scripts.get_current_head()
    current = MigrationContext.configure(conn).get_current_revision() if "alembic_version" in names else None
    legacy = None
    if current is None and "rd_meta" in names:
        value = conn.execute(text("SELECT value FROM rd_meta WHERE key = 'schema_version'")).scalar()
        legacy = int(value) if value and value.isdigit() else None
    if current is not None and not is_known(current):
        raise UnknownRevision(current)
    pending = _pending(scripts, head, current)
    if current is None and legacy is not None and legacy >= BASELINE_STORE_SCHEMA:
        pending = pending[1:]  # the baseline is what it already has: stamped, not run
    return SchemaState(empty=not names, current=current, legacy_version=legacy, head=head,
                       pending=pending)


def nothing_yet() -> SchemaState:
    """The state of a database that does not exist yet (looked at without creating it)."""
    scripts = _scripts()
    head = scripts.get_current_head()
    return SchemaState(empty=True, current=None, legacy_version=None, head=head, pending=_pending(scripts, head, None))


def _pending(scripts: ScriptDirectory, head: str, current: str | None) -> tuple[str, ...]:
    """The revisions after `current`, oldest first, as "id summary" (SUMMARY_ZH)."""
    revisions = list(scripts.iterate_revisions(head, current if current is not None else "base"))
    return tuple(f"{r.revision} {getattr(r.module, 'SUMMARY_ZH', r.doc)}" for r in reversed(revisions))


def upgrade(conn: Connection, state: SchemaState) -> None:
    """Bring the database to the head, inside the caller's transaction."""
    cfg = _config(conn)
    if state.current is None and not state.empty:
        for version in range(state.legacy_version or 1, BASELINE_STORE_SCHEMA):
            STEPS[version](conn)
        command.stamp(cfg, BASELINE)
    command.upgrade(cfg, "head")


@contextmanager
def exclusive(engine: Engine) -> Iterator[Connection]:
    """One transaction that no other migration or writer can interleave with."""
    if engine.dialect.name == "sqlite":
        with immediate_transaction(engine) as conn:  # DDL included, write lock at once
            yield conn
        return
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        yield conn

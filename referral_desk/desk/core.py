"""What every workflow of the desk builds on: the open store, the rules, the clock, the person at the desk,
the one way to change anything (commands through the executor) and who hears of a change.

Each workflow (desk.referrals, desk.shift, ...) is handed this core, and, by name in its constructor, the
other workflows it reads from; `Desk` (desk.desk) composes them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from referral_desk.clock import Clock, LocalTime
from referral_desk.domain.policy import Policy
from referral_desk.store.database.engine import Store
from referral_desk.store.reads import queries as q
from referral_desk.store.writes.actor import Actor, Applied

if TYPE_CHECKING:  # built on the first change: opening the panes needs no command machinery
    from referral_desk.desk.undo import UndoLog
    from referral_desk.domain.commands import Command
    from referral_desk.store.writes.executor import CommandExecutor


@dataclass(frozen=True)
class DeskFolders:
    """Where the desk writes what an operator exports (config: report_dir, slip_dir, slip_font)."""

    reports: Path = field(default_factory=lambda: Path("."))
    slips: Path = field(default_factory=lambda: Path("."))
    slip_font: str = ""  # a .ttf/.ttc with Chinese; found on the system when empty
    font_cache: Path | None = None  # where a font collection's face is kept; None: the user's cache folder


class DeskCore(LocalTime):
    def __init__(self, store: Store, policy: Policy, clock: Clock, actor: Actor,
                 folders: DeskFolders | None = None) -> None:
        from referral_desk.desk.undo import UndoLog

        self.store = store
        self.policy = policy
        self.clock = clock
        self.actor = actor
        self.folders = folders or DeskFolders()
        self.undo_log: UndoLog = UndoLog()
        self._executor: CommandExecutor | None = None
        self._readonly = False
        self._listeners: list[Callable[[], None]] = []
        self._version_conn: sqlite3.Connection | None = None

    # -- who is at the desk ---------------------------------------------------
    @property
    def readonly(self) -> bool:
        """True on a supervisor's desk (--readonly, or a supervisor token): nothing but audit events."""
        return self._readonly

    @readonly.setter
    def readonly(self, value: bool) -> None:
        self._readonly = value
        if self._executor is not None:
            self._executor.readonly = value

    def sign_in_as(self, actor: Actor) -> None:
        """Every change from now on is `actor`'s; the last change was the previous operator's to undo."""
        self.actor = actor
        self.undo_log.forget()
        if self._executor is not None:
            self._executor.actor = actor

    # -- changes --------------------------------------------------------------
    @property
    def executor(self) -> CommandExecutor:
        if self._executor is None:
            from referral_desk.store.writes.executor import CommandExecutor

            self._executor = CommandExecutor(self.store, self.policy, self.clock, self.actor, readonly=self._readonly)
        return self._executor

    def execute(self, command: Command) -> Applied:
        """The one way the desk changes anything: applied, remembered for Ctrl+Z, and announced."""
        before = self.undo_log.state_before(self.store, command)
        applied = self.executor.execute(command)
        self.undo_log.remember(command, applied, before, self.now(), self.actor.operator)
        self.changed()
        return applied

    def execute_batch(self, commands: list[Command], summary: str) -> list[Applied]:
        """Several commands as one change (批量标记过期): Ctrl+Z undoes all of it or none."""
        applied = self.executor.execute_many(commands)
        self.undo_log.remember_batch(commands, applied, summary, self.now(), self.actor.operator)
        self.changed()
        return applied

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` after every change this desk commits (from the committing thread); returns the
        function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def changed(self) -> None:
        """Tell the listeners (the dashboard, the sync runner) that this desk committed a change."""
        for listener in self._listeners:
            listener()

    # -- reads every workflow shares ------------------------------------------
    def data_version(self) -> int | None:
        """A number that changes whenever anything commits to the store (this desk's other connections,
        its sync, another process): the periodic re-read is skipped while it stands still (issue 28).
        SQLite's data_version is per connection, so one connection of its own is kept to ask."""
        try:
            if self._version_conn is None:
                self._version_conn = sqlite3.connect(f"file:{self.store.path}?mode=ro", uri=True,
                                                     check_same_thread=False)
            version: int = self._version_conn.execute("PRAGMA data_version").fetchone()[0]
            return version
        except sqlite3.Error:
            return None  # unknown: read as before

    @contextmanager
    def pane_cursor(self) -> Iterator[sqlite3.Cursor]:
        # The pool's own connection (its PRAGMAs and the damaged-file guard's notice apply).
        conn = self.store.engine.raw_connection()
        try:
            cursor = cast(sqlite3.Cursor, conn.cursor())  # the desk's store is SQLite: the driver's own cursor
            try:
                yield cursor
            finally:
                cursor.close()
        finally:
            conn.close()

    def unit_names(self) -> list[str]:
        with self.store.engine.connect() as conn:
            return q.unit_names(conn)

    def output_targets(self, targets: Callable[[Path], list[Path]], out: Any, default: Path | None, *,
                       force: bool = False) -> list[Path]:
        """The files an export will write, checked before any is written (files.safe_output): a
        named `out` as given; otherwise `default` in the desk's own folder (made if missing),
        numbered past any earlier export of the same name."""
        from referral_desk.files.safe_output import check_targets, refuse_folder, store_files

        if out is None:
            assert default is not None, "an export without `out` names its default"
            default.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            n, paths = 1, targets(default)
            while any(p.exists() for p in paths):
                n += 1
                paths = targets(default.with_name(f"{default.stem} ({n}){default.suffix}"))
            force = False
        else:
            refuse_folder(out)
            paths = targets(Path(out))
        return check_targets(paths, force=force, protect=store_files(self.store.path))


class Workflow(LocalTime):
    """A workflow's access to the core, under the names its code has always used."""

    def __init__(self, core: DeskCore) -> None:
        self.core = core

    @property
    def store(self) -> Store:
        return self.core.store

    @property
    def policy(self) -> Policy:
        return self.core.policy

    @property
    def clock(self) -> Clock:
        return self.core.clock

    @property
    def actor(self) -> Actor:
        return self.core.actor

    @property
    def executor(self) -> CommandExecutor:
        return self.core.executor

    @property
    def folders(self) -> DeskFolders:
        return self.core.folders

    @property
    def readonly(self) -> bool:
        return self.core.readonly

    def execute(self, command: Command) -> Applied:
        return self.core.execute(command)

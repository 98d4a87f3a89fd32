"""Ctrl+Z: the desk remembers its own last change (UndoLog, kept by the core as each change is made) and
undoes it, within two minutes, with the compensating command domain.undo names (Undo)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from referral_desk.desk.core import Workflow
from referral_desk.domain.errors import DomainError
from referral_desk.store.reads import queries as q
from referral_desk.store.writes.actor import Applied

if TYPE_CHECKING:  # the command models are not part of the desk's start-up
    from referral_desk.domain.commands import Command
    from referral_desk.store.database.engine import Store


@dataclass(frozen=True)
class LastChange:
    command: object  # the Command, or the batch's list of them
    applied: Applied
    at: datetime
    operator: str
    compensation: object | None  # None: this change cannot be undone; a tuple: a batch, undone whole


class UndoLog:
    """The desk's last change and what would undo it."""

    def __init__(self) -> None:
        self.last: LastChange | None = None

    def forget(self) -> None:
        self.last = None

    def state_before(self, store: Store, command: Command) -> str | None:
        """A bed's state before the change (it may come back to one of several)."""
        if getattr(command, "entity", None) != "bed_request" or not getattr(command, "bed_request_id", None):
            return None
        with store.engine.connect() as conn:
            return q.bed_status(conn, command.entity_id)

    def remember(self, command: Command, applied: Applied, before: str | None, at: datetime, operator: str) -> None:
        from referral_desk.domain import undo

        if command.name == "log_audit_event":  # a reveal or an export changes no record
            return
        self.last = LastChange(command, applied, at, operator, undo.compensation(command, applied.version, before))

    def remember_batch(self, commands: list[Command], applied: list[Applied], summary: str, at: datetime,
                       operator: str) -> None:
        from referral_desk.domain import undo

        backs = tuple(undo.compensation(command, done.version, None)
                      for command, done in zip(commands, applied, strict=True))
        self.last = LastChange(commands, replace(applied[0], summary=summary), at, operator,
                               None if None in backs else backs)


class Undo(Workflow):
    def last_change(self) -> LastChange | None:
        """What Ctrl+Z would undo now, or None (nothing, too old, or another operator's)."""
        from referral_desk.domain import undo

        last = self.core.undo_log.last
        if last is None or last.operator != self.actor.operator or not undo.still_undoable(last.at, self.now()):
            return None
        return last

    def undo_last(self) -> Applied:
        from referral_desk.domain import undo

        last = self.last_change()
        if last is None:
            raise DomainError(f"没有可撤销的更改（只能撤销本工作站、本人{int(undo.UNDO_WITHIN.total_seconds() // 60)}"
                              "分钟内的上一项更改）")
        if last.compensation is None:
            raise DomainError(f"「{last.applied.summary}」不能撤销：请在详情中更正")
        if isinstance(last.compensation, tuple):
            done = self.executor.execute_many(list(last.compensation))
            applied = replace(done[0], summary=f"撤销上一步：{last.applied.summary}（{len(done)} 条已回到原状态）")
        else:
            applied = self.executor.execute(last.compensation)  # type: ignore[arg-type]
        self.core.undo_log.forget()  # an undo is not itself undone (no redo)
        self.core.changed()
        return applied

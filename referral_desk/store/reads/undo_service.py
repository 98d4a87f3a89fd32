"""Ctrl+Z (mixed into DeskService): the desk remembers its own last change and undoes it, within
two minutes, with the compensating command domain.undo names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from referral_desk.domain.errors import DomainError
from referral_desk.store.reads import queries as q
from referral_desk.store.writes.actor import Applied


@dataclass(frozen=True)
class LastChange:
    command: object  # the Command
    applied: Applied
    at: datetime
    operator: str
    compensation: object | None  # None: this change cannot be undone; a tuple: a batch, undone whole


class UndoService:
    _last_change: LastChange | None = None

    def _before_change(self, command) -> str | None:
        """A bed's state before the change (it may come back to one of several)."""
        if getattr(command, "entity", None) != "bed_request" or not getattr(command, "bed_request_id", None):
            return None
        with self.store.engine.connect() as conn:
            return q.bed_status(conn, command.bed_request_id)

    def _remember(self, command, applied: Applied, before: str | None) -> None:
        # Imported here: the command models are not part of the desk's start-up.
        from referral_desk.domain import undo

        if command.name == "log_audit_event":  # a reveal or an export changes no record
            return
        self._last_change = LastChange(command, applied, self.now(), self.actor.operator,
                                       undo.compensation(command, applied.version, before))

    def _remember_batch(self, commands: list, applied: list[Applied], summary: str) -> None:
        """A change made of several (批量标记过期): Ctrl+Z undoes all of it, in one transaction, or none."""
        from dataclasses import replace

        from referral_desk.domain import undo

        backs = tuple(undo.compensation(command, done.version, None) for command, done in zip(commands, applied, strict=False))
        self._last_change = LastChange(commands, replace(applied[0], summary=summary), self.now(),
                                       self.actor.operator, None if None in backs else backs)

    def last_change(self) -> LastChange | None:
        """What Ctrl+Z would undo now, or None (nothing, too old, or another operator's)."""
        from referral_desk.domain import undo

        last = self._last_change
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
            from dataclasses import replace

            done = self.executor.execute_many(list(last.compensation))
            applied = replace(done[0], summary=f"撤销上一步：{last.applied.summary}（{len(done)} 条已回到原状态）")
        else:
            applied = self.executor.execute(last.compensation)
        self._last_change = None  # an undo is not itself undone (no redo)
        self._changed()
        return applied

"""Shifts: who signs in, what they hand over, the notes they leave.

A sign-in and a handover are audit events (synced like every change): the log then names the
person at the desk, not the login in the config file, and the notes reach every desk of the center.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from referral_desk.desk.core import DeskCore, Workflow
from referral_desk.desk.referrals import Referrals
from referral_desk.domain.bed import row_needs_call
from referral_desk.domain.identity import mask_name
from referral_desk.store.reads import queries as q
from referral_desk.store.reads.pane_reads import PaneReads
from referral_desk.store.writes.actor import Actor

if TYPE_CHECKING:  # imported where used: the handover is not part of the desk's start-up
    from referral_desk.domain import handover as h


class Shift(Workflow):
    def __init__(self, core: DeskCore, panes: PaneReads, referrals: Referrals) -> None:
        super().__init__(core)
        self.panes = panes
        self.referrals = referrals

    def sign_in(self, name: str) -> str:
        """The person at the desk from now on; each change after it is theirs in the audit log."""
        from referral_desk.domain import handover as h
        from referral_desk.domain.commands import LogAuditEvent

        name = h.check_operator_name(name)
        previous = self.actor.operator
        self.core.sign_in_as(Actor(name, self.actor.workstation))
        self.execute(LogAuditEvent(action="sign_in", subject_entity="shift", subject_id=self.actor.workstation[:64],
                                   summary=f"接班签到：{name}" + (f"（接替 {previous}）" if previous != name else ""),
                                   detail={"previous": previous[:60]}))
        return name

    def hand_over(self, note: str) -> None:
        """The leaving operator's handover, with the note for the next shift (may be empty)."""
        from referral_desk.domain import handover as h
        from referral_desk.domain.commands import LogAuditEvent

        note = h.check_note(note)
        handover = self.handover()
        self.execute(LogAuditEvent(action="hand_over", subject_entity="shift", subject_id=self.actor.workstation[:64],
                                   summary=note or "交班（无留言）",
                                   detail={"note": note, "open": handover.open_count}))

    def handover_notes(self, since: datetime) -> list[h.Note]:
        from referral_desk.domain import handover as h

        with self.store.engine.connect() as conn:
            rows = q.audit_events(conn, "hand_over", since, limit=50)
        notes = []
        for at, operator, workstation, detail in rows:
            try:
                text = json.loads(detail or "{}").get("note") or ""
            except (ValueError, AttributeError):
                text = ""
            if text:
                notes.append(h.Note(at, operator, workstation, str(text)))
        return notes

    def recent_operators(self, limit: int = 8) -> list[str]:
        """Who signed in lately, the latest first: the sign-in screen offers them."""
        with self.store.engine.connect() as conn:
            rows = [operator for _at, operator, _ws, _detail in q.audit_events(conn, "sign_in")]
        return list(dict.fromkeys(rows))[:limit]

    def handover(self) -> h.Handover:
        """What is open now, as the next shift must hear it (domain.handover)."""
        from referral_desk.domain import handover as h

        now = self.now()
        horizon = self.policy.bed_coordination_horizon
        return h.build_handover(
            now=now, operator=self.actor.operator, local=self.local,
            pending=[(p.row, p.deadline) for p in self.panes.pending_approvals()],
            beds=self.panes.beds_to_coordinate(), bed_needs_call=lambda b: row_needs_call(b, now, horizon),
            follow_ups=self.referrals.follow_ups_due(), notes=self.handover_notes(now - h.NOTES_SINCE), mask=mask_name)

    def write_handover(self, out: str | None = None, *, force: bool = False) -> Path:
        """The handover as a UTF-8 text file to print (the report folder, a name not yet taken,
        unless `out`, never replaced unless `force`); the export is audited."""
        from referral_desk.domain.bounds import visible
        from referral_desk.domain.commands import LogAuditEvent
        from referral_desk.files.safe_output import atomic_file

        handover = self.handover()
        local_now = self.local(handover.at)
        [path] = self.core.output_targets(lambda o: [o], out,
                                          self.folders.reports / f"交接班-{local_now:%Y%m%d-%H%M}.txt", force=force)
        with atomic_file(path, force=force) as tmp:
            Path(tmp).write_text(handover.as_text(self.local), encoding="utf-8")
        self.execute(LogAuditEvent(action="export_report", subject_entity="shift",
                                   subject_id=self.actor.workstation[:64],
                                   summary=f"导出交接班：{visible(Path(path).name)}"[:400],
                                   detail={"file": visible(str(path))[:1000]}))
        return Path(path)

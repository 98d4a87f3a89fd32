"""The desk's application layer: what screens ask for and the commands they send, one workflow per object.

Screens never see SQL or sessions; they get plain rows with the domain's judgements (deadline, urgency)
already applied. `Desk` composes the workflows over one core (desk.core); each workflow's constructor
names the others it reads from.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from referral_desk.clock import Clock
from referral_desk.desk.core import DeskCore, DeskFolders, Workflow
from referral_desk.desk.directory import Directory
from referral_desk.desk.referrals import Referrals
from referral_desk.desk.reminders import Reminders
from referral_desk.desk.reports import Reports
from referral_desk.desk.review import Review
from referral_desk.desk.shift import Shift
from referral_desk.desk.undo import Undo
from referral_desk.domain.bed import REPLY_RESULTS
from referral_desk.domain.consultation import approval_deadline, expiry_due, expiry_reason
from referral_desk.domain.errors import DomainError
from referral_desk.domain.escalation import CallResult, Rung
from referral_desk.domain.policy import Policy
from referral_desk.store.database.engine import Store
from referral_desk.store.database.tables import (
    BedRequest,
    Consultation,
    RosterImport,
    Specialist,
    Specialty,
    SyncConflict,
)
from referral_desk.store.reads import queries as q
from referral_desk.store.reads.pane_reads import PaneReads, PendingApproval
from referral_desk.store.writes.actor import Actor, Applied

if TYPE_CHECKING:  # imported where used: conflicts, imports and the command models are not needed at start-up
    from referral_desk.desk.conflict_views import ConflictView
    from referral_desk.desk.roster_import import ImportReport
    from referral_desk.domain.commands import Command
    from referral_desk.store.reads.ladder import Ladder


@dataclass(frozen=True)
class ConsultationDetail:
    consultation: Consultation
    specialty_name: str
    specialist_name: str
    specialist_phone: str
    deadline: datetime | None
    timeline: list[q.TimelineItem]
    notices: list[str] = field(default_factory=list)  # the SMS the requesting doctor gets (000 一.2)
    referral_id: str | None = None  # the upward referral made of it, if any (not a cancelled one)


@dataclass(frozen=True)
class BedDetail:
    bed: BedRequest
    timeline: list[q.TimelineItem]
    department_phone: str | None = None  # the department list's, else the one the request was made with
    reply_deadline: datetime | None = None  # 002 五(二)
    answered_at: datetime | None = None


@dataclass(frozen=True)
class SpecialistMonth:
    specialist: Specialist
    specialty_name: str
    month: date
    duties: list[q.DutyDay]


@dataclass(frozen=True)
class RosterMonth:
    month: date
    days: list[date]
    specialties: list[tuple[str, str]]  # (id, name) in the desk's order
    cells: dict[tuple[str, date], q.RosterCell]

    def gaps(self, specialty_id: str) -> int:
        return sum((specialty_id, d) not in self.cells for d in self.days)


class Requests(Workflow):
    """Consultation and bed requests: their details, the escalation ladder, expiry, a revealed ID number."""

    def __init__(self, core: DeskCore, panes: PaneReads, reminders: Reminders) -> None:
        super().__init__(core)
        self.panes = panes
        self.reminders = reminders

    def escalation_ladder(self, item: PendingApproval) -> Ladder:
        """Whom to call at each rung for this request, and which rung next (issue 25)."""
        from referral_desk.store.reads.ladder import read_ladder

        return read_ladder(self.store.engine, item, self.now())

    def overdue_for_expiry(self, grace: timedelta = timedelta(0)) -> list[PendingApproval]:
        """Requests still waiting at least `grace` past their approval deadline."""
        now = self.now()
        return [p for p in self.panes.pending_approvals() if expiry_due(p.deadline, now, grace)]

    def expire_overdue(self, grace: timedelta = timedelta(0), *, by_policy: bool = False,
                       only: set[str] | None = None) -> int:
        """Mark overdue requests expired as one change, each with its reason in the timeline;
        `only`: the requests the operator confirmed (one approved meanwhile is left alone)."""
        from referral_desk.domain.commands import ExpireConsultation

        reason = expiry_reason(grace, by_policy)
        commands: list[Command] = [ExpireConsultation(consultation_id=p.row.consultation_id, reason=reason)
                    for p in self.overdue_for_expiry(grace) if only is None or p.row.consultation_id in only]
        if commands:
            if by_policy:
                self.executor.execute_many(commands)
                self.core.changed()
            else:  # the operator's own change: Ctrl+Z undoes the batch (issue 25)
                self.core.execute_batch(commands, f"批量标记过期 {len(commands)} 条")
        return len(commands)

    def expire_by_policy(self) -> int:
        """The configured expiry policy, if any (the dashboard runs it now and then)."""
        if self.policy.expire_after is None:
            return 0
        return self.expire_overdue(self.policy.expire_after, by_policy=True)

    def other_names_for_id_number(self, id_number: str, name: str) -> list[str]:
        """The names, other than `name`, this ID number was registered under: a wrong ID number or
        a wrong name is caught before a second record for the same person goes out."""
        with self.store.engine.connect() as conn:
            names = q.names_for_id_number(conn, id_number)
        same = "".join(name.split())
        return sorted(n for n in names if "".join(n.split()) != same)

    def consultation_detail(self, consultation_id: str) -> ConsultationDetail:
        with Session(self.store.engine) as s:
            row = s.get(Consultation, consultation_id)
            if row is None:
                raise DomainError(f"找不到会诊申请（{consultation_id}）")
            specialist = s.get(Specialist, row.specialist_id)
            specialty = s.get(Specialty, row.specialty_id)
            conn = s.connection()
            timeline = q.audit_timeline(conn, "consultation", consultation_id)
            timeline += [_call_item(c) for c in q.calls_for(conn, consultation_id=consultation_id)]
            timeline += self.reminders.reminder_timeline(conn, consultation_id)
            referral_id = q.referral_of_consultation(conn, consultation_id)
        timeline.sort(key=lambda t: t.at)
        deadline = (
            approval_deadline(row.submitted_at, row.appointment_at, self.policy) if row.status == "submitted" else None
        )
        return ConsultationDetail(row, specialty.name if specialty else "", specialist.name if specialist else "",
                                  specialist.phone if specialist else "", deadline, timeline,
                                  self.reminders.notice_preview(consultation_id), referral_id)

    def bed_detail(self, bed_request_id: str) -> BedDetail:
        with Session(self.store.engine) as s:
            row = s.get(BedRequest, bed_request_id)
            if row is None:
                raise DomainError(f"找不到床位申请（{bed_request_id}）")
            conn = s.connection()
            timeline = q.audit_timeline(conn, "bed_request", bed_request_id)
            calls = q.calls_for(conn, bed_request_id=bed_request_id)
            timeline += [_call_item(c, "协调电话") for c in calls]
            phone = q.department_phone(conn, row.department) or row.department_phone
        timeline.sort(key=lambda t: t.at)
        answers = ([c.called_at for c in calls if c.result in REPLY_RESULTS]
                   + ([row.reserved_at] if row.reserved_at else []))
        return BedDetail(row, timeline, phone, approval_deadline(row.requested_at, None, self.policy),
                         min(answers, default=None))

    def reveal_id_number(self, entity: str, entity_id: str) -> str:
        """Show a patient's full ID number; the reveal itself is audited (and synced)."""
        from referral_desk.domain.commands import LogAuditEvent
        from referral_desk.store.database.tables import Referral

        models: dict[str, type[Consultation] | type[BedRequest] | type[Referral]] = {
            "consultation": Consultation, "bed_request": BedRequest, "referral": Referral}
        model = models[entity]
        with Session(self.store.engine) as s, s.begin():
            row = s.get(model, entity_id)
            if row is None:
                raise DomainError(f"找不到记录（{entity_id}）")
            self.executor.apply_in(s, LogAuditEvent(action="reveal_id_number", subject_entity=entity,
                                                    subject_id=entity_id, detail={"field": "patient_id_number"}))
            number: str | None = getattr(row, "patient_id_number", None)  # each of the three has it
            return number or ""


class Roster(Workflow):
    """The on-duty roster: a month, a specialist's month, its imports and their history."""

    def specialist_month(self, specialist_id: str, month: date | None = None) -> SpecialistMonth:
        month = (month or self.today()).replace(day=1)
        last = month.replace(day=monthrange(month.year, month.month)[1])
        with Session(self.store.engine) as s:
            specialist = s.get(Specialist, specialist_id)
            if specialist is None:
                raise DomainError(f"找不到会诊医师（{specialist_id}）")
            specialty = s.get(Specialty, specialist.specialty_id)
            duties = q.specialist_duties(s.connection(), specialist_id, month, last)
        return SpecialistMonth(specialist, specialty.name if specialty else "", month, duties)

    def roster_month(self, month: date | None = None) -> RosterMonth:
        month = (month or self.today()).replace(day=1)
        last = month.replace(day=monthrange(month.year, month.month)[1])
        with self.store.engine.connect() as conn:
            cells = q.roster_cells(conn, month, last)
            specialties = q.specialties(conn)
        days = [month.replace(day=d) for d in range(1, last.day + 1)]
        return RosterMonth(month, days, specialties, {(c.specialty_id, c.duty_date): c for c in cells})

    def roster_version(self, roster_import: RosterImport) -> RosterMonth:
        """The month as one import wrote it (its specialties only), for looking back."""
        import json

        month = roster_import.month
        last = month.replace(day=monthrange(month.year, month.month)[1])
        with self.store.engine.connect() as conn:
            cells = q.roster_version_cells(conn, roster_import.id)
            names = set(json.loads(roster_import.specialties_json))
            specialties = [(i, n) for i, n in q.specialties(conn) if n in names or any(c.specialty_id == i
                                                                                     for c in cells)]
        days = [month.replace(day=d) for d in range(1, last.day + 1)]
        return RosterMonth(month, days, specialties, {(c.specialty_id, c.duty_date): c for c in cells})

    def roster_imports(self, month: date) -> list[RosterImport]:
        """The imports of a month, newest first: the month's history."""
        with Session(self.store.engine) as s:
            return list(s.exec(select(RosterImport).where(col(RosterImport.month) == month.replace(day=1))
                               .order_by(col(RosterImport.imported_at).desc())))

    def prepare_roster_import(self, path: Path, month: date | None = None,
                              default_month: date | None = None) -> ImportReport:
        """Read and check a roster file; writes nothing."""
        from referral_desk.desk.roster_import import prepare_import  # spreadsheets: not at start-up

        with self.store.engine.connect() as conn:
            return prepare_import(conn, Path(path), month, default_month)

    def import_roster(self, report: ImportReport) -> Applied:
        """The checked month as one change (the handler checks it again against the store)."""
        if not report.ok or report.command is None:
            raise DomainError("排班表有错误，未导入")
        return self.execute(report.command)


class Conflicts(Workflow):
    """Sync conflicts the server decided against this desk: read, acknowledged, escalated or registered again."""

    def open_conflicts(self) -> list[ConflictView]:
        from referral_desk.desk import conflict_views as conflicts

        with Session(self.store.engine) as s:
            return conflicts.open_conflicts(s)

    def acknowledge_conflict(self, conflict_id: str, *, escalate: bool = False) -> None:
        """The operator has read it (and, escalating, hands it to the supervisor); the
        audit log, which syncs, records which."""
        from referral_desk.domain.commands import AUDITED_ACTIONS, LogAuditEvent

        action = "escalate_conflict" if escalate else "acknowledge_conflict"
        self._close_conflict(conflict_id, lambda row, _s: LogAuditEvent(
            action=action, subject_entity=row.entity, subject_id=row.entity_id,
            summary=f"{AUDITED_ACTIONS[action]}：{row.message}"[:400], detail={"mutation_id": row.mutation_id}))

    def reopen_conflict(self, conflict_id: str) -> Applied | None:
        """Register the request again as a new one (the server's decision on the old one stands)."""
        from referral_desk.desk import conflict_views as conflicts

        return self._close_conflict(conflict_id, lambda row, s: conflicts.reopen_command(
            s, row, self.local(self.now()).date()))

    def _close_conflict(self, conflict_id: str, command_for: Callable[[SyncConflict, Session], Command]
                        ) -> Applied | None:
        from referral_desk.desk import conflict_views as conflicts

        with Session(self.store.engine) as s, s.begin():
            row = s.get(SyncConflict, conflict_id)
            if row is None or row.acknowledged_at is not None:
                return None
            command = command_for(row, s)  # a DomainError here writes nothing
            conflicts.close(s, row, self.now())
            applied = self.executor.apply_in(s, command)
        self.core.changed()
        return applied


class Desk(Workflow):
    """The desk's workflows over one store, for one person at one workstation."""

    def __init__(self, store: Store, policy: Policy, clock: Clock, actor: Actor,
                 folders: DeskFolders | None = None) -> None:
        super().__init__(DeskCore(store, policy, clock, actor, folders))
        core = self.core
        self.panes = PaneReads(core, core.pane_cursor)
        self.directory = Directory(core)
        self.reminders = Reminders(core, self.panes)
        self.requests = Requests(core, self.panes, self.reminders)
        self.referrals = Referrals(core, self.panes, self.directory)
        self.reports = Reports(core, self.directory)
        self.review = Review(core)
        self.shift = Shift(core, self.panes, self.referrals)
        self.roster = Roster(core)
        self.conflicts = Conflicts(core)
        self.undo = Undo(core)

    # Beyond what every workflow reads (Workflow): what the app and the tests set while the desk runs.
    @property
    def store(self) -> Store:
        return self.core.store

    @store.setter
    def store(self, store: Store) -> None:  # the store opened again (the panes read through the core)
        self.core.store = store

    @property
    def policy(self) -> Policy:
        return self.core.policy

    @policy.setter
    def policy(self, policy: Policy) -> None:  # the rules changed while the desk runs: every workflow reads them
        self.core.policy = policy
        if self.core._executor is not None:
            self.core._executor.policy = policy

    @property
    def actor(self) -> Actor:
        return self.core.actor

    @actor.setter
    def actor(self, actor: Actor) -> None:
        self.core.actor = actor
        if self.core._executor is not None:
            self.core._executor.actor = actor

    @property
    def readonly(self) -> bool:
        return self.core.readonly

    @readonly.setter
    def readonly(self, value: bool) -> None:
        self.core.readonly = value

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        return self.core.on_change(listener)

    def data_version(self) -> int | None:
        return self.core.data_version()


def _call_item(call: q.CallRow, word: str = "催办电话") -> q.TimelineItem:
    rung = f"（{Rung(call.rung).label}）" if call.rung != Rung.SPECIALIST else ""  # the ladder (issue 25)
    text = f"{word}{rung}：{call.callee} {CallResult(call.result).label}"
    if call.note:
        text += f"（{call.note}）"
    return q.TimelineItem(call.called_at, call.operator, call.workstation, text)

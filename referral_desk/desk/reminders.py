"""Reminders to specialists: queued by hand or ahead of a deadline, and the notices the requesting doctor gets."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy import select as select_columns  # sqlmodel's select types at most four columns
from sqlmodel import Session, col, select

from referral_desk.desk.core import DeskCore, Workflow
from referral_desk.domain.consultation import approval_deadline
from referral_desk.domain.errors import DomainError
from referral_desk.domain.identity import is_mobile
from referral_desk.domain.reminders import CHANNELS, due_leads, notice_events, notice_text, reminder_text
from referral_desk.store.database.ids import seed_id, short_ref
from referral_desk.store.database.tables import Consultation, Reminder, Specialist, Specialty
from referral_desk.store.reads.pane_reads import PaneReads
from referral_desk.store.reads.queries import TimelineItem
from referral_desk.store.reads.roles import own_names
from referral_desk.store.writes.actor import Applied

if TYPE_CHECKING:
    from referral_desk.domain.commands import QueueReminder

STATUS_WORDS = {"queued": "待发送", "sent": "已发送", "failed": "发送失败"}
NOTICE_WINDOW = timedelta(hours=2)  # answers older than this (a desk that was off) are not announced late


class Reminders(Workflow):
    def __init__(self, core: DeskCore, panes: PaneReads) -> None:
        super().__init__(core)
        self.panes = panes

    def _reminder_commands(self, s: Session, consultation: Consultation, channels: tuple[str, ...], *,
                           lead: int | None = None) -> list[QueueReminder]:
        from referral_desk.domain.commands import QueueReminder  # the command models: not at start-up

        specialist = s.get(Specialist, consultation.specialist_id)
        if specialist is None:  # the reminder goes to the specialist's phone: there is none to send
            raise DomainError(f"找不到会诊医师（{consultation.specialist_id}）")
        specialty = s.get(Specialty, consultation.specialty_id)
        deadline = approval_deadline(consultation.submitted_at, consultation.appointment_at, self.policy)
        text = reminder_text(specialist=specialist.name, specialty=specialty.name if specialty else "",
                             unit=consultation.requesting_unit, doctor=consultation.requesting_doctor,
                             ref=short_ref(consultation.id), deadline_local=self.local(deadline))
        common = {"consultation_id": consultation.id, "mobile": specialist.phone, "text": text,
                  "origin": self.actor.workstation}
        if lead is None:
            return [QueueReminder(channel=channel, **common) for channel in channels]
        # One automatic reminder per request, channel and lead, whichever desk queues it.
        return [QueueReminder(channel=channel, kind="auto", lead_minutes=lead, **common,
                                reminder_id=seed_id("auto-reminder", consultation.id, channel, str(lead)))
                for channel in channels]

    def answer_notices(self, s: Session, consultation: Consultation) -> list[tuple[str, str]]:
        """(event, text) for each thing the requesting doctor is to be told about this request."""
        specialist = s.get(Specialist, consultation.specialist_id)
        specialty = s.get(Specialty, consultation.specialty_id)
        events = notice_events(status=consultation.status, answered=consultation.answered_at is not None,
                               declined_reason=consultation.decline_reason, slot_start=consultation.slot_start)
        return [(event, notice_text(event, doctor=consultation.requesting_doctor, patient=consultation.patient_name,
                                    specialist=specialist.name if specialist else "",
                                    specialty=specialty.name if specialty else "", ref=short_ref(consultation.id),
                                    slot_local=self.local(consultation.slot_start) if consultation.slot_start else None,
                                    reason=consultation.decline_reason))
                for event in events]

    def notice_preview(self, consultation_id: str) -> list[str]:
        """The SMS the requesting doctor gets (or would get, on a desk without an SMS gateway)."""
        with Session(self.store.engine) as s:
            consultation = s.get(Consultation, consultation_id)
            if consultation is None or not is_mobile(consultation.requesting_phone):
                return []
            return [text for _event, text in self.answer_notices(s, consultation)]

    def queue_answer_notices(self, channels: tuple[str, ...]) -> int:
        """000 一.2: tell the requesting doctor by SMS that the request was approved, declined or given
        a time, once per request and event whichever desk queues it; returns how many were queued."""
        from referral_desk.domain.commands import QueueReminder

        if "sms" not in channels:
            return 0
        since = self.now() - NOTICE_WINDOW
        commands: list[QueueReminder] = []
        with Session(self.store.engine) as s:
            rows = s.exec(select(Consultation).where(
                col(Consultation.requesting_phone).is_not(None), col(Consultation.deleted_at).is_(None),
                col(Consultation.status).in_(("approved", "declined", "scheduled")),
                col(Consultation.status_changed_at) >= since))
            for consultation in rows:
                if not is_mobile(consultation.requesting_phone):
                    continue
                for event, text in self.answer_notices(s, consultation):
                    reminder_id = seed_id("answer-notice", consultation.id, event)
                    if s.get(Reminder, reminder_id) is None:
                        commands.append(QueueReminder(
                            reminder_id=reminder_id, consultation_id=consultation.id, channel="sms", kind="notice",
                            mobile=consultation.requesting_phone, text=text, origin=self.actor.workstation))
        if commands:
            self.executor.execute_many(commands)
            self.core.changed()
        return len(commands)

    def queue_reminders(self, consultation_id: str, channels: tuple[str, ...]) -> list[Applied]:
        """Remind the booked specialist now through each configured channel."""
        if not channels:
            raise DomainError("未配置提醒渠道：请在 config.toml 设置 wecom_webhook 或 sms_webhook")
        with Session(self.store.engine) as s:
            consultation = s.get(Consultation, consultation_id)
            if consultation is None:
                raise DomainError(f"找不到会诊申请（{consultation_id}）")
            commands = self._reminder_commands(s, consultation, channels)
        applied = self.executor.execute_many(commands)
        self.core.changed()
        return applied

    def queue_auto_reminders(self, leads: tuple[int, ...], channels: tuple[str, ...]) -> int:
        """Queue the automatic reminders that are due now; returns how many."""
        if not leads or not channels:
            return 0
        now = self.now()
        commands: list[QueueReminder] = []
        with Session(self.store.engine) as s:
            for item in self.panes.pending_approvals():
                # The column is nullable for a manual reminder; an automatic one always has its lead.
                done = {lead for lead in s.exec(select(col(Reminder.lead_minutes)).where(
                    col(Reminder.consultation_id) == item.row.consultation_id, col(Reminder.kind) == "auto"))
                    if lead is not None}
                for lead in due_leads(item.deadline, now, leads, done):
                    consultation = s.get(Consultation, item.row.consultation_id)
                    if consultation is None:
                        raise DomainError(f"找不到会诊申请（{item.row.consultation_id}）")
                    commands += self._reminder_commands(s, consultation, channels, lead=lead)
        if commands:
            self.executor.execute_many(commands)
            self.core.changed()
        return len(commands)

    def reminders_due(self, now: datetime) -> list[Reminder]:
        """This desk's reminders waiting to be (re)sent."""
        with Session(self.store.engine) as s:
            return list(s.exec(select(Reminder).where(
                col(Reminder.status) == "queued",
                col(Reminder.origin).in_(own_names(self.store, self.actor.workstation)),
                col(Reminder.next_attempt_at) <= now).order_by(col(Reminder.next_attempt_at))))

    def reminder_timeline(self, conn: Connection, consultation_id: str) -> list[TimelineItem]:
        rows = conn.execute(select_columns(col(Reminder.queued_at), col(Reminder.origin), col(Reminder.kind),
                                           col(Reminder.channel), col(Reminder.status), col(Reminder.attempts),
                                           col(Reminder.last_error))
                            .where(col(Reminder.consultation_id) == consultation_id)).all()
        items = []
        for queued_at, origin, kind, channel, state, attempts, last_error in rows:
            status = STATUS_WORDS.get(state, state)
            if state == "queued" and attempts:
                status = f"第{attempts}次发送失败，将重试"
            what = {"auto": "自动提醒", "notice": "通知申请医师"}.get(kind, "提醒")
            items.append(TimelineItem(queued_at, "", origin, f"{what}（{CHANNELS.get(channel, channel)}）{status}"
                                      + (f"：{last_error}" if last_error and state != "sent" else "")))
        return items

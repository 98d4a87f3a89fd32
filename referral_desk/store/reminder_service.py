"""Reminders to specialists, as the desk service offers them (mixed into DeskService)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import Session

from referral_desk.domain.consultation import approval_deadline
from referral_desk.domain.errors import DomainError
from referral_desk.domain.reminders import CHANNELS, due_leads, reminder_text
from referral_desk.store.ids import seed_id, short_ref
from referral_desk.store.queries import TimelineItem
from referral_desk.store.tables import Consultation, Reminder, Specialist, Specialty

if TYPE_CHECKING:
    from referral_desk.domain.commands import QueueReminder

STATUS_WORDS = {"queued": "待发送", "sent": "已发送", "failed": "发送失败"}


class ReminderService:
    """Needs the DeskService it is mixed into: store, policy, actor, executor, now, local, _changed."""

    def _reminder_commands(self, s: Session, consultation: Consultation, channels: tuple[str, ...], *,
                           lead: int | None = None) -> list[QueueReminder]:
        from referral_desk.domain.commands import QueueReminder  # the command models: not at start-up

        specialist = s.get(Specialist, consultation.specialist_id)
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

    def queue_reminders(self, consultation_id: str, channels: tuple[str, ...]):
        """Remind the booked specialist now through each configured channel."""
        if not channels:
            raise DomainError("未配置提醒渠道：请在 config.toml 设置 wecom_webhook 或 sms_webhook")
        with Session(self.store.engine) as s:
            consultation = s.get(Consultation, consultation_id)
            if consultation is None:
                raise DomainError(f"找不到会诊申请（{consultation_id}）")
            commands = self._reminder_commands(s, consultation, channels)
        applied = self.executor.execute_many(commands)
        self._changed()
        return applied

    def queue_auto_reminders(self, leads: tuple[int, ...], channels: tuple[str, ...]) -> int:
        """Queue the automatic reminders that are due now; returns how many."""
        if not leads or not channels:
            return 0
        now = self.now()
        commands = []
        with Session(self.store.engine) as s:
            for item in self.pending_approvals():
                done = set(s.exec(select(Reminder.lead_minutes).where(
                    Reminder.consultation_id == item.row.consultation_id, Reminder.kind == "auto")).scalars())
                for lead in due_leads(item.deadline, now, leads, done):
                    consultation = s.get(Consultation, item.row.consultation_id)
                    commands += self._reminder_commands(s, consultation, channels, lead=lead)
        if commands:
            self.executor.execute_many(commands)
            self._changed()
        return len(commands)

    def reminders_due(self, now: datetime) -> list[Reminder]:
        """This desk's reminders waiting to be (re)sent."""
        with Session(self.store.engine) as s:
            return list(s.exec(select(Reminder).where(
                Reminder.status == "queued", Reminder.origin == self.actor.workstation,
                Reminder.next_attempt_at <= now).order_by(Reminder.next_attempt_at)).scalars())

    def reminder_timeline(self, conn, consultation_id: str) -> list[TimelineItem]:
        rows = conn.execute(select(Reminder.queued_at, Reminder.origin, Reminder.kind, Reminder.channel,
                                   Reminder.status, Reminder.attempts, Reminder.last_error)
                            .where(Reminder.consultation_id == consultation_id)).all()
        items = []
        for r in rows:
            status = STATUS_WORDS.get(r.status, r.status)
            if r.status == "queued" and r.attempts:
                status = f"第{r.attempts}次发送失败，将重试"
            what = "自动提醒" if r.kind == "auto" else "提醒"
            items.append(TimelineItem(r.queued_at, "", r.origin, f"{what}（{CHANNELS.get(r.channel, r.channel)}）{status}"
                                      + (f"：{r.last_error}" if r.last_error and r.status != "sent" else "")))
        return items

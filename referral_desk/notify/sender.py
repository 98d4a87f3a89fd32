"""Delivering queued reminders: one POST per attempt, the outcome recorded as a command.

At least once, never twice after a success: a reminder is marked sent only after the
receiver said yes, and a sent one is never picked again. The SMS body carries the
reminder's id, so the gateway can drop a resend after a lost answer; WeCom has no such key.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import httpx

from referral_desk.domain import commands as c
from referral_desk.domain.errors import DomainError
from referral_desk.domain.reminders import next_attempt, sms_body, wecom_body


@dataclass(frozen=True)
class Channels:
    wecom_webhook: str = ""
    sms_webhook: str = ""
    sms_token: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, url in (("wecom", self.wecom_webhook), ("sms", self.sms_webhook)) if url)


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class ReminderSender:
    def __init__(self, service, channels: Channels, *, transport: httpx.BaseTransport | None = None,
                 timeout: float = 10.0) -> None:
        self.service = service
        self.channels = channels
        self.http = httpx.Client(transport=transport, timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def deliver_due(self) -> DeliveryReport:
        report = DeliveryReport()
        now = self.service.now()
        for reminder in self.service.reminders.reminders_due(now):
            error = self._post(reminder)
            attempts = reminder.attempts + 1
            if error is None:
                outcome, retry_at = "sent", None
                report.sent += 1
            else:
                retry_at = next_attempt(attempts, now)
                outcome = "retry" if retry_at else "failed"
                report.errors.append(error)
                if retry_at:
                    report.retrying += 1
                else:
                    report.failed += 1
            try:
                self.service.execute(c.RecordReminderAttempt(
                    reminder_id=reminder.id, outcome=outcome, error=(error or "")[:300], next_attempt_at=retry_at))
            except DomainError as exc:  # changed meanwhile (e.g. by a sync); judged again next round
                report.errors.append(exc.message)
        return report

    def _post(self, reminder) -> str | None:
        """None when the receiver took it; otherwise what went wrong, in words."""
        if reminder.channel == "wecom":
            url, body, headers = self.channels.wecom_webhook, wecom_body(reminder.text, reminder.mobile), {}
        else:
            url, body = self.channels.sms_webhook, sms_body(reminder.id, reminder.mobile, reminder.text)
            headers = {"Authorization": f"Bearer {self.channels.sms_token}"} if self.channels.sms_token else {}
        if not url:
            return "该渠道未配置"
        try:
            response = self.http.post(url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            return f"无法连接：{type(exc).__name__}"
        if response.status_code >= 300:
            return f"HTTP {response.status_code}"
        if reminder.channel == "wecom":
            # The robot answers 200 with errcode != 0 when it refuses (bad key, too many messages).
            try:
                answer = response.json()
            except ValueError:
                return "企业微信的回应无法识别"
            if answer.get("errcode", 0) != 0:
                return f"企业微信拒绝：{answer.get('errcode')} {answer.get('errmsg', '')}".strip()
        return None


class ReminderRunner:
    """One round: queue the automatic reminders that are due, then send what is due.
    Rounds never overlap; the desk runs one every few seconds in a worker thread."""

    def __init__(self, service, channels: Channels, auto_leads: tuple[int, ...] = (), **sender_kwargs) -> None:
        self.service = service
        self.channels = channels
        self.auto_leads = auto_leads
        self.sender = ReminderSender(service, channels, **sender_kwargs)
        self._lock = threading.Lock()

    def run_once(self) -> DeliveryReport | None:
        if not self._lock.acquire(blocking=False):
            return None
        try:
            self.service.reminders.queue_auto_reminders(self.auto_leads, self.channels.names)
            self.service.reminders.queue_answer_notices(self.channels.names)
            return self.sender.deliver_due()
        finally:
            self._lock.release()

    def close(self) -> None:
        self.sender.close()

"""Reminding a specialist to approve (000 part 一: the center reminds specialists as the
appointment nears): the message, the channels' bodies, retries and automatic reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from referral_desk.domain.errors import DomainError

CHANNELS = {"wecom": "企业微信", "sms": "短信"}
CENTER_PHONES = "13346252918 / 13346251660"  # 000: the center's numbers for doctors
# Waits after the 1st, 2nd, ... failed attempt; after the last one the reminder is given up.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=5), timedelta(minutes=10),
                timedelta(minutes=30))


def reminder_text(*, specialist: str, specialty: str, unit: str, doctor: str, ref: str,
                  deadline_local: datetime) -> str:
    return (f"【转会诊中心】{specialist}医生您好：{unit}{doctor}的会诊申请 #{ref}（{specialty}）待您审核，"
            f"审核截止 {deadline_local:%m-%d %H:%M}。请尽快在平台审核；如有疑问请致电 {CENTER_PHONES}。")


def wecom_body(text: str, mobile: str) -> dict:
    """A WeCom group robot text message that @-mentions the specialist by mobile."""
    return {"msgtype": "text", "text": {"content": text, "mentioned_mobile_list": [mobile]}}


def sms_body(reminder_id: str, mobile: str, text: str) -> dict:
    """The hospital SMS gateway's JSON; `id` lets the gateway drop a resent duplicate."""
    return {"id": reminder_id, "mobile": mobile, "content": text}


def next_attempt(attempts: int, now: datetime) -> datetime | None:
    """When to try again after `attempts` failed tries; None: give up."""
    if attempts > len(RETRY_DELAYS):
        return None
    return now + RETRY_DELAYS[attempts - 1]


def parse_leads(text: str) -> tuple[int, ...]:
    """'30,10' -> (30, 10): minutes before the approval deadline for automatic reminders."""
    if not text.strip():
        return ()
    try:
        leads = tuple(sorted({int(part) for part in text.replace("，", ",").split(",") if part.strip()},
                             reverse=True))
    except ValueError:
        raise DomainError(f"自动提醒时间应写作分钟数，如 30,10；收到「{text}」") from None
    if any(lead <= 0 for lead in leads):
        raise DomainError(f"自动提醒的分钟数须为正数；收到「{text}」")
    return leads


def due_leads(deadline: datetime, now: datetime, leads: tuple[int, ...], done: set[int]) -> list[int]:
    """The automatic reminders due now: inside their lead before the deadline, not yet queued.
    Only the nearest one is sent when several are due at once (a desk that was off)."""
    due = [lead for lead in leads if deadline - timedelta(minutes=lead) <= now < deadline and lead not in done]
    return due[-1:]

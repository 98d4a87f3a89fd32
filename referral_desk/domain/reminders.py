"""Reminding a specialist to approve (000 part 一: the center reminds specialists as the
appointment nears): the message, the channels' bodies, retries and automatic reminders."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

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


# 000 一.2: the requesting doctor is told when the specialist approves, declines or a time is agreed.
NOTICE_EVENTS = {"approved": "审核通过", "declined": "未通过审核", "scheduled": "已约定会诊时间"}


def notice_events(*, status: str, answered: bool, declined_reason: str | None,
                  slot_start: datetime | None) -> list[str]:
    """What the requesting doctor is to be told about a request in this state, in order."""
    if status == "declined":
        return ["declined"]
    events = ["approved"] if answered and status in ("approved", "scheduled", "completed", "no_show") else []
    if slot_start is not None and status in ("scheduled", "completed", "no_show"):
        events.append("scheduled")
    return events


def notice_text(event: str, *, doctor: str, patient: str, specialist: str, specialty: str, ref: str,
                slot_local: datetime | None = None, reason: str | None = None) -> str:
    """The SMS to the requesting doctor (patient by surname only: an SMS is not a private channel)."""
    title = "" if doctor.endswith(("医生", "医师", "大夫", "主任")) else "医生"
    who = f"{doctor}{title}您好：您为{patient[:1]}**申请的{specialty}会诊 #{ref}"
    if event == "approved":
        body = f"{specialist}医生已审核通过，请与专家沟通确定会诊时间。"
    elif event == "declined":
        body = f"{specialist}医生未通过审核" + (f"（{reason}）" if reason else "") + "，如需改约请致电转会诊中心。"
    else:
        body = f"会诊时间已约定：{slot_local:%m-%d %H:%M}，请按时进行。" if slot_local else "会诊时间已约定。"
    return f"【转会诊中心】{who}{body}如有疑问请致电 {CENTER_PHONES}。"


def wecom_body(text: str, mobile: str) -> dict[str, Any]:
    """A WeCom group robot text message that @-mentions the specialist by mobile."""
    return {"msgtype": "text", "text": {"content": text, "mentioned_mobile_list": [mobile]}}


def sms_body(reminder_id: str, mobile: str, text: str) -> dict[str, Any]:
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

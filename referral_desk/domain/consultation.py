"""Consultation request (会诊申请) life cycle and approval deadline (000 一; 002 五(二))."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from referral_desk.domain.errors import DomainError, IllegalTransition
from referral_desk.domain.policy import Policy


class ConsultationStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_final(self) -> bool:
        return not TRANSITIONS[self]


STATUS_LABELS = {
    ConsultationStatus.SUBMITTED: "待审核",
    ConsultationStatus.APPROVED: "已通过",
    ConsultationStatus.DECLINED: "已拒绝",
    ConsultationStatus.WITHDRAWN: "已撤回",
    ConsultationStatus.EXPIRED: "已过期",
    ConsultationStatus.SCHEDULED: "已约定时间",
    ConsultationStatus.COMPLETED: "已完成",
    ConsultationStatus.NO_SHOW: "未到场",
    ConsultationStatus.CANCELLED: "已取消",
}

_S = ConsultationStatus
TRANSITIONS: dict[ConsultationStatus, frozenset[ConsultationStatus]] = {
    _S.SUBMITTED: frozenset({_S.APPROVED, _S.DECLINED, _S.WITHDRAWN, _S.EXPIRED}),
    _S.APPROVED: frozenset({_S.SCHEDULED}),
    _S.SCHEDULED: frozenset({_S.COMPLETED, _S.NO_SHOW, _S.CANCELLED}),
    _S.DECLINED: frozenset(),
    _S.WITHDRAWN: frozenset(),
    _S.EXPIRED: frozenset(),
    _S.COMPLETED: frozenset(),
    _S.NO_SHOW: frozenset(),
    _S.CANCELLED: frozenset(),
}


class Outcome(StrEnum):
    REFER_UP = "refer_up"
    TREATMENT_PLAN = "treatment_plan"

    @property
    def label(self) -> str:
        return {"refer_up": "需上转", "treatment_plan": "给出诊疗方案"}[self.value]


def check_transition(current: str, target: str) -> ConsultationStatus:
    """Return the target status if the move is legal; raise IllegalTransition otherwise."""
    cur, tgt = ConsultationStatus(current), ConsultationStatus(target)
    if tgt not in TRANSITIONS[cur]:
        raise IllegalTransition("会诊申请", cur.value, tgt.value, cur.label, tgt.label)
    return tgt


def check_outcome(outcome: str | None, text: str | None) -> Outcome:
    """A completed consultation ends in a referral up or a treatment plan in words."""
    try:
        kind = Outcome(outcome or "")
    except ValueError:
        raise DomainError("会诊结果须为「需上转」或「给出诊疗方案」", field="outcome") from None
    if kind is Outcome.TREATMENT_PLAN and not (text or "").strip():
        raise DomainError("给出诊疗方案时须填写方案内容", field="outcome_text")
    return kind


def approval_deadline(submitted_at: datetime, appointment_at: datetime | None, policy: Policy) -> datetime:
    """The earlier of submitted + reply limit and appointment - reminder lead."""
    if policy.reply_limit_in_service_hours:
        by_reply = policy.service_hours.add_service_time(submitted_at, policy.reply_limit, policy.tz)
    else:
        by_reply = submitted_at + policy.reply_limit
    if appointment_at is None:
        return by_reply
    return min(by_reply, appointment_at - policy.reminder_lead)


def expiry_due(deadline: datetime, now: datetime, grace: timedelta) -> bool:
    """Past the deadline by at least `grace`: the request may be marked expired."""
    return now >= deadline + grace


def expiry_reason(grace: timedelta, by_policy: bool) -> str:
    minutes = int(grace.total_seconds() // 60)
    if by_policy:
        return f"超过审核截止 {minutes} 分钟未审核（过期策略）"
    return "超过审核截止未审核（批量处理）" if not minutes else f"超过审核截止 {minutes} 分钟未审核（批量处理）"


class Urgency(StrEnum):
    OVERDUE = "overdue"
    UNDER_15 = "lt15"
    UNDER_60 = "lt60"
    LATER = "later"

    @property
    def label(self) -> str:
        return {"overdue": "已超时", "lt15": "<15分钟", "lt60": "<60分钟", "later": "稍后"}[self.value]

    @property
    def mark(self) -> str:
        """Told by a mark as well as a colour (issue 25: NO_COLOR, 16 colours): !! overdue, ! under 15 minutes."""
        return {"overdue": "!!", "lt15": "! "}.get(self.value, "  ")


def urgency(deadline: datetime, now: datetime) -> Urgency:
    left = deadline - now
    if left <= timedelta(0):
        return Urgency.OVERDUE
    if left < timedelta(minutes=15):
        return Urgency.UNDER_15
    if left < timedelta(minutes=60):
        return Urgency.UNDER_60
    return Urgency.LATER


def short_time(at: datetime, now_local: datetime) -> str:
    """16:30 today, 24日16:30 on another day: a time of yesterday shown bare reads as today's (a booking on
    12-31 must not widen a column so far that the requesting unit is cut, hence no month). Both local."""
    return f"{at:%H:%M}" if at.date() == now_local.date() else f"{at.day}日{at:%H:%M}"


def format_countdown(deadline: datetime, now: datetime) -> str:
    """'-0:12:05' when overdue, '0:42:10' when not: to the second within the hour either side of the deadline,
    where seconds count; then to the minute, '-3小时05分', from ten hours to the hour, '-15小时', past a day
    '1天3小时', in the words the handover and the beds use. (Seconds ticking on a request 15 hours overdue told
    nobody anything and repainted its row every second, issue 28; '15:37' without its unit read as a clock
    time, outside trial; no form is wider than '-0:12:05' by more than two cells, so 80x24 keeps its columns.)"""
    seconds = int((deadline - now).total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{sign}{days}天{hours}小时"
    if hours >= 10:
        return f"{sign}{hours}小时"
    if seconds > 3600:
        return f"{sign}{hours}小时{minutes:02d}分"
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}"

"""Local policy held as configuration; the seeds give the defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from referral_desk.domain.service_hours import ServiceHours


@dataclass(frozen=True)
class Policy:
    tz: tzinfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    service_hours: ServiceHours = field(default_factory=ServiceHours)
    # 002 五(二): reply within 1 hour of receiving the request.
    reply_limit: timedelta = timedelta(minutes=60)
    # Counting the reply limit in service hours only keeps 23:30 requests from
    # being "overdue" at 00:30; set False to count wall-clock time.
    reply_limit_in_service_hours: bool = True
    # 000 一.2: the center reminds specialists as the appointment time nears.
    reminder_lead: timedelta = timedelta(minutes=30)
    # A bed not reserved this close to the admission window needs the center.
    bed_coordination_horizon: timedelta = timedelta(hours=24)
    # 003 附件1 三(一): an upward referral is followed up this many days after the transfer.
    up_follow_up_days: int = 5
    # Hours a department admits referred patients (the default window's ends).
    admission_opens: time = time(8, 0)
    admission_closes: time = time(17, 0)
    # Requests this long past their approval deadline are marked expired by the desk
    # (an explicit, audited change); None: only an operator expires them.
    expire_after: timedelta | None = None


def shared_terms(policy: Policy) -> dict[str, str]:
    """What desk and server must agree on: the server judges pushed bookings and deadlines by its own policy,
    the desk shows countdowns by its own; if they differ a desk shows one deadline and the server holds another."""
    return {"timezone": str(getattr(policy.tz, "key", policy.tz)), "service_hours": policy.service_hours.label(),
            "reply_limit_minutes": str(int(policy.reply_limit.total_seconds() // 60)),
            "reply_limit_in_service_hours": "true" if policy.reply_limit_in_service_hours else "false"}


TERM_WORDS = {"timezone": "时区", "service_hours": "服务时间", "reply_limit_minutes": "审核时限（分钟）",
              "reply_limit_in_service_hours": "时限只计服务时间"}


def differences(mine: dict[str, str], theirs: object) -> str:
    """In words, what the server's terms say otherwise than this desk's ("" when they agree, or when the
    server does not say: a server of the previous release)."""
    if not isinstance(theirs, dict):
        return ""
    said = [f"{TERM_WORDS[key]} 本机 {mine[key]} / 服务器 {str(theirs[key])[:40]}" for key in TERM_WORDS
            if key in theirs and str(theirs[key]) != mine[key]]
    return "；".join(said)

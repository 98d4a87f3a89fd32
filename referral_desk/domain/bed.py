"""Bed request (床位预留) life cycle and when it needs the center's coordination."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from referral_desk.domain.errors import DomainError, IllegalTransition


class BedStatus(StrEnum):
    REQUESTED = "requested"
    NEEDS_COORDINATION = "needs_coordination"
    RESERVED = "reserved"
    ADMITTED = "admitted"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return BED_LABELS[self]


# 002 五(二): an institution answers a referral application within the reply limit (1 hour). A bed
# request is answered when the department reserves a bed, or when a coordination call reached
# someone who gave an answer; until then it runs the same countdown as a consultation's approval.
REPLY_RESULTS = ("reached", "will_approve", "declined", "bed_reserved")


BED_LABELS = {
    BedStatus.REQUESTED: "已申请",
    BedStatus.NEEDS_COORDINATION: "需协调",
    BedStatus.RESERVED: "已预留",
    BedStatus.ADMITTED: "已入院",
    BedStatus.NO_SHOW: "未到院",
    BedStatus.CANCELLED: "已取消",
    BedStatus.EXPIRED: "已过期",
}

_B = BedStatus
# Every open state can be closed with a reason (cancelled, or expired when its window passed
# unused): nothing stays in the beds pane that nobody can act on.
BED_TRANSITIONS: dict[BedStatus, frozenset[BedStatus]] = {
    _B.REQUESTED: frozenset({_B.RESERVED, _B.NEEDS_COORDINATION, _B.CANCELLED, _B.EXPIRED}),
    _B.NEEDS_COORDINATION: frozenset({_B.RESERVED, _B.CANCELLED, _B.EXPIRED}),
    _B.RESERVED: frozenset({_B.ADMITTED, _B.NO_SHOW, _B.CANCELLED, _B.EXPIRED}),
    _B.ADMITTED: frozenset(),
    _B.NO_SHOW: frozenset(),
    _B.CANCELLED: frozenset(),
    _B.EXPIRED: frozenset(),
}
# Not yet closed: what a cancelled referral releases.
UNCLOSED_BED_STATUSES = (BedStatus.REQUESTED.value, BedStatus.NEEDS_COORDINATION.value, BedStatus.RESERVED.value)

OPEN_BED_STATUSES = (BedStatus.REQUESTED.value, BedStatus.NEEDS_COORDINATION.value)


def check_bed_transition(current: str, target: str) -> BedStatus:
    cur, tgt = BedStatus(current), BedStatus(target)
    if tgt not in BED_TRANSITIONS[cur]:
        raise IllegalTransition("床位申请", cur.value, tgt.value, cur.label, tgt.label)
    return tgt


def check_window(start: datetime, end: datetime) -> None:
    if not start < end:
        raise DomainError("预约入住时间的结束须晚于开始", field="window_end")


def needs_coordination(status: str, window_start: datetime, now: datetime, horizon: timedelta) -> bool:
    """Flagged by hand, or still unreserved when the admission window is near."""
    if status == BedStatus.NEEDS_COORDINATION:
        return True
    return status == BedStatus.REQUESTED and window_start - now <= horizon


# A call logged this recently is still being answered: the pane does not ask for another yet.
CALL_AGAIN_AFTER = timedelta(minutes=30)


def needs_call(*, status: str, window_start: datetime, reply_deadline: datetime | None,
               answered_at: datetime | None, last_call_at: datetime | None, now: datetime,
               horizon: timedelta) -> bool:
    """The beds pane's `k` filter: whom the desk should ring now. Flagged by hand, the department's
    reply overdue (002 五(二)), or the window near and no bed reserved; unless a call was logged in
    the last half hour."""
    if status not in OPEN_BED_STATUSES:
        return False
    if last_call_at is not None and now - last_call_at < CALL_AGAIN_AFTER:
        return False
    if status == BedStatus.NEEDS_COORDINATION:
        return True
    if reply_deadline is not None and answered_at is None and reply_deadline <= now:
        return True
    return window_start - now <= horizon


class BedCallFacts(Protocol):
    """What `row_needs_call` reads of a bed request's row."""

    @property
    def status(self) -> str: ...
    @property
    def window_start(self) -> datetime: ...
    @property
    def reply_deadline(self) -> datetime | None: ...
    @property
    def answered_at(self) -> datetime | None: ...
    @property
    def last_call_at(self) -> datetime | None: ...


def row_needs_call(row: BedCallFacts, now: datetime, horizon: timedelta) -> bool:
    """needs_call for a row of the beds pane (anything with those fields)."""
    return needs_call(status=row.status, window_start=row.window_start, reply_deadline=row.reply_deadline,
                      answered_at=row.answered_at, last_call_at=row.last_call_at, now=now, horizon=horizon)


def format_until(window_start: datetime, now: datetime) -> str:
    """Time until the admission window opens: '3小时20分', '已开始 1小时05分'."""
    minutes = int((window_start - now).total_seconds() // 60)
    prefix = ""
    if minutes < 0:
        prefix, minutes = "已开始 ", -minutes
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{prefix}{days}天{hours}小时"
    if hours:
        return f"{prefix}{hours}小时{mins:02d}分"
    return f"{prefix}{mins}分钟"

"""Two-way referral (双向转诊): the upward criteria, the life cycle, admission windows,
follow-ups and the beds a department holds for referred patients (000 二/三; 001; 003; 004)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from referral_desk.domain.errors import DomainError, IllegalTransition


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"

    @property
    def label(self) -> str:
        return "上转" if self is Direction.UP else "下转"


# 000 二: who may be referred up, in the seed's words and order.
UP_CRITERIA: dict[str, str] = {
    "surgery_level3": "需行三级及以上手术",
    "critical": "危急重症",
    "undiagnosed": "无法明确诊断或治疗三天未达预期疗效",
    "two_organs": "同时合并两个主要脏器功能不全",
    "beyond_means": "超出下级单位诊治能力和设备条件",
}


class ReferralStatus(StrEnum):
    APPLIED = "applied"
    TRANSFERRED = "transferred"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"applied": "已申请", "transferred": "已转诊", "no_show": "未到院", "cancelled": "已取消"}[self.value]


_R = ReferralStatus
REFERRAL_TRANSITIONS = {
    _R.APPLIED: frozenset({_R.TRANSFERRED, _R.NO_SHOW, _R.CANCELLED}),
    _R.TRANSFERRED: frozenset(),
    _R.NO_SHOW: frozenset(),
    _R.CANCELLED: frozenset(),
}


def check_referral_transition(current: str, target: str) -> ReferralStatus:
    cur, tgt = ReferralStatus(current), ReferralStatus(target)
    if tgt not in REFERRAL_TRANSITIONS[cur]:
        raise IllegalTransition("转诊", cur.value, tgt.value, cur.label, tgt.label)
    return tgt


def check_up_referral(*, consultation_status: str | None, outcome: str | None, emergency: bool,
                      criteria: list[str], reason: str, reviewed_by: str) -> None:
    """000 二: only after a consultation that found referral needed; 003 三(四): an emergency
    admitted first is recorded afterwards; 001: reviewed by the department head or team leader."""
    if not emergency:
        if consultation_status is None:
            raise DomainError("上转须来自已完成的会诊（急诊先入院的请按急诊补录）", field="consultation_id")
        if consultation_status != "completed" or outcome != "refer_up":
            raise DomainError("该会诊未以「需上转」完成，不能申请上转", field="consultation_id")
    unknown = [c for c in criteria if c not in UP_CRITERIA]
    if unknown:
        raise DomainError(f"未知的上转标准：{'、'.join(unknown)}", field="criteria")
    if not criteria:
        raise DomainError("请至少勾选一项上转标准", field="criteria")
    if not reason.strip():
        raise DomainError("请写明上转理由", field="reason")
    if not reviewed_by.strip():
        raise DomainError("住院上转须经科主任或医疗组长审核，请填写审核人", field="reviewed_by")


@dataclass(frozen=True)
class WindowRule:
    """A department's default admission window: from `offset_days` after today, `days` long,
    within the admission hours."""

    offset_days: int = 1
    days: int = 2
    opens: time = time(8, 0)
    closes: time = time(17, 0)


def check_admission_hours(start: datetime, end: datetime, opens: time, closes: time, tz: ZoneInfo) -> None:
    """000 二.3: the city hospital's departments admit within their admission hours (`admission_hours`): a
    window that opens before them or closes after them books a time nobody is there to admit."""
    s, e = start.astimezone(tz).time(), end.astimezone(tz).time()
    if not (opens <= s < closes and opens < e <= closes):
        raise DomainError(f"预约入住时间须在科室收治时间 {opens:%H:%M}-{closes:%H:%M} 之内（起止各在此时段内）",
                          field="window")


def default_window(today: date, rule: WindowRule, tz: ZoneInfo) -> tuple[datetime, datetime]:
    first = today + timedelta(days=rule.offset_days)
    last = first + timedelta(days=max(rule.days, 1) - 1)
    return datetime.combine(first, rule.opens, tz), datetime.combine(last, rule.closes, tz)


_WINDOW = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})\s+(\d{1,2}:\d{2})\s*[~～至到—-]+\s*(?:(\d{4}-\d{1,2}-\d{1,2})\s+)?(\d{1,2}:\d{2})$")


def format_window(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    s, e = start.astimezone(tz), end.astimezone(tz)
    return f"{s:%Y-%m-%d %H:%M} ~ {e:%Y-%m-%d %H:%M}"


def parse_window(text: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """'2026-11-24 08:00 ~ 2026-11-25 17:00', or '2026-11-24 08:00 ~ 17:00' for one day."""
    clean = unicodedata.normalize("NFKC", text or "").strip().replace("/", "-").replace("：", ":")
    m = _WINDOW.match(clean)
    if not m:
        raise DomainError(f"入住时间应写作 2026-11-24 08:00 ~ 2026-11-25 17:00，收到「{text.strip()}」",
                          field="window")
    try:
        first = date.fromisoformat("-".join(f"{int(x):02d}" for x in m[1].split("-")))
        last = date.fromisoformat("-".join(f"{int(x):02d}" for x in m[3].split("-"))) if m[3] else first
        opens = time(*map(int, m[2].split(":")))
        closes = time(*map(int, m[4].split(":")))
    except ValueError:
        raise DomainError(f"入住时间里有不存在的日期或时刻：「{text.strip()}」", field="window") from None
    start, end = datetime.combine(first, opens, tz), datetime.combine(last, closes, tz)
    if not start < end:
        raise DomainError("入住时间的结束须晚于开始", field="window")
    return start, end


def reserve_from_share(total_beds: int | None, percent: int | None, count: int) -> int:
    """004 二(四)1: the beds kept for referred patients, as a count or as a share of the department's
    beds (rounded up: a share of a small ward still keeps one)."""
    if percent is None:
        return count
    if not total_beds:
        raise DomainError("按比例设置转诊专用床位须先填写科室总床位数", field="total_beds")
    return -(-total_beds * percent // 100)


# 003 附件1 三(一): follow up within 5 days after an upward transfer.
UP_FOLLOW_UP_DAYS = (5,)


def parse_follow_up_days(text: str) -> tuple[int, ...]:
    """'7,30' -> (7, 30): days after the transfer for a downward referral's follow-up plan."""
    clean = unicodedata.normalize("NFKC", text or "").replace("，", ",").replace("、", ",")
    parts = [p.strip().removesuffix("天") for p in clean.split(",") if p.strip()]
    if not parts:
        raise DomainError("请填写随访天数，如 7,30（转诊后第7天、第30天）", field="follow_up_days")
    days = []
    for p in parts:
        if not p.isdigit() or not 1 <= int(p) <= 365:
            raise DomainError(f"随访天数应为 1–365 的整数，收到「{p}」", field="follow_up_days")
        days.append(int(p))
    return tuple(sorted(set(days)))


def follow_up_dates(transferred_on: date, days: tuple[int, ...]) -> list[date]:
    return [transferred_on + timedelta(days=d) for d in days]


class FollowUpResult(StrEnum):
    RECOVERING = "recovering"
    NEEDS_CARE = "needs_care"
    NO_ANSWER = "no_answer"
    READMITTED = "readmitted"
    OTHER = "other"

    @property
    def label(self) -> str:
        return FOLLOW_UP_LABELS[self]

    @property
    def closes(self) -> bool:
        """An unanswered call leaves the follow-up due; anything heard closes it."""
        return self is not FollowUpResult.NO_ANSWER


FOLLOW_UP_LABELS = {
    FollowUpResult.RECOVERING: "已随访：恢复良好",
    FollowUpResult.NEEDS_CARE: "已随访：需进一步诊治",
    FollowUpResult.NO_ANSWER: "未接通",
    FollowUpResult.READMITTED: "已随访：再次入院",
    FollowUpResult.OTHER: "已随访：其他",
}


def follow_up_state(due: date, today: date) -> str:
    if due < today:
        return "overdue"
    return "today" if due == today else "later"


def free_quota(quota: int, held: int) -> int:
    """Beds a department keeps for referred patients (004 二(四)1) less those held today."""
    return max(quota - held, 0)

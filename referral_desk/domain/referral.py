"""Two-way referral (双向转诊): the upward criteria, the life cycle, admission windows,
follow-ups and the beds a department holds for referred patients (000 二/三; 001; 003; 004)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

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


def check_admission_hours(start: datetime, end: datetime, opens: time, closes: time, tz: tzinfo) -> None:
    """000 二.3: the city hospital's departments admit within their admission hours (`admission_hours`): a
    window that opens before them or closes after them books a time nobody is there to admit."""
    s, e = start.astimezone(tz).time(), end.astimezone(tz).time()
    if not (opens <= s < closes and opens < e <= closes):
        raise DomainError(f"预约入住时间须在科室收治时间 {opens:%H:%M}-{closes:%H:%M} 之内（起止各在此时段内）",
                          field="window")


def default_window(today: date, rule: WindowRule, tz: tzinfo) -> tuple[datetime, datetime]:
    first = today + timedelta(days=rule.offset_days)
    last = first + timedelta(days=max(rule.days, 1) - 1)
    return datetime.combine(first, rule.opens, tz), datetime.combine(last, rule.closes, tz)


def _clock_time(text: str) -> time:
    """'8:00' or '08:00' (the pattern has matched H:MM); ValueError past 23:59."""
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


_WINDOW = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})\s+(\d{1,2}:\d{2})\s*[~～至到—-]+\s*(?:(\d{4}-\d{1,2}-\d{1,2})\s+)?(\d{1,2}:\d{2})$")


def format_window(start: datetime, end: datetime, tz: tzinfo) -> str:
    s, e = start.astimezone(tz), end.astimezone(tz)
    return f"{s:%Y-%m-%d %H:%M} ~ {e:%Y-%m-%d %H:%M}"


def parse_window(text: str, tz: tzinfo) -> tuple[datetime, datetime]:
    """'2026-11-24 08:00 ~ 2026-11-25 17:00', or '2026-11-24 08:00 ~ 17:00' for one day."""
    clean = unicodedata.normalize("NFKC", text or "").strip().replace("/", "-").replace("：", ":")
    m = _WINDOW.match(clean)
    if not m:
        raise DomainError(f"入住时间应写作 2026-11-24 08:00 ~ 2026-11-25 17:00，收到「{text.strip()}」",
                          field="window")
    try:
        first = date.fromisoformat("-".join(f"{int(x):02d}" for x in m[1].split("-")))
        last = date.fromisoformat("-".join(f"{int(x):02d}" for x in m[3].split("-"))) if m[3] else first
        opens = _clock_time(m[2])
        closes = _clock_time(m[4])
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


class Transport(StrEnum):
    """003 附件1 三(一): 遇急危重症患者应联系救护车（必要时需有医护人员护送）."""

    AMBULANCE_ESCORTED = "ambulance_escorted"
    AMBULANCE = "ambulance"
    ESCORTED = "escorted"  # 陪护: family or staff travel with the patient, not by ambulance
    SELF = "self"

    @property
    def label(self) -> str:
        return TRANSPORT_LABELS[self]


TRANSPORT_LABELS = {Transport.AMBULANCE_ESCORTED: "救护车（医护人员护送）", Transport.AMBULANCE: "救护车",
                    Transport.ESCORTED: "陪护前往（非救护车）", Transport.SELF: "自行前往"}


def read_transport(text: str) -> Transport | None:
    """'救护车', '护送', '自行' (or the code): the form's word for how the patient travels."""
    clean = unicodedata.normalize("NFKC", text or "").strip()
    if not clean:
        return None
    if clean in {t.value for t in Transport}:
        return Transport(clean)
    ambulance = "救护" in clean or "120" in clean
    escorted = any(w in clean for w in ("护送", "陪护", "陪同"))
    if ambulance:
        return Transport.AMBULANCE_ESCORTED if escorted else Transport.AMBULANCE
    if "医护护送" in clean or "医护人员护送" in clean:
        return Transport.AMBULANCE_ESCORTED  # 003: 救护车，必要时医护人员护送
    if escorted:
        return Transport.ESCORTED
    if "自行" in clean or "自己" in clean:
        return Transport.SELF
    raise DomainError(f"转运方式应为 救护车、救护车医护护送、陪护 或 自行，收到「{text.strip()}」", field="transport")


def urgent(emergency: bool, criteria: list[str]) -> bool:
    """An emergency admitted first, or an upward referral for 危急重症 (000 二): 003 asks for the
    ambulance and the notice to the receiving hospital."""
    return emergency or "critical" in criteria


def check_urgent_handover(*, transport: str, notified_to: str, notified_at: datetime | None,
                          now: datetime) -> None:
    """003 附件1 三(一): how the patient travels, and who at the receiving hospital was told when."""
    if not transport:
        raise DomainError("急危重症转诊须写明转运方式（救护车、医护护送或自行，003 三(一)）", field="transport")
    if not notified_to.strip():
        raise DomainError("急危重症转诊须通知转入医院做好接诊：请写明通知了谁（003 三(一)）", field="notified_to")
    if notified_at is None:
        raise DomainError("请写明通知转入医院的时间", field="notified_at")
    if notified_at > now:
        raise DomainError("通知时间不能晚于现在", field="notified_at")


@dataclass(frozen=True)
class SlotState:
    """One department's outpatient slots kept for alliance units on one day (004 二(四)1 号源)."""

    unit: str
    department: str
    day: date
    reserved: int
    used: int

    @property
    def free(self) -> int:
        return max(self.reserved - self.used, 0)

    @property
    def exhausted(self) -> bool:
        return self.reserved > 0 and self.used >= self.reserved

    def words(self) -> str:
        return (f"{self.department} 门诊号源 {self.day:%m-%d} 预留 {self.reserved} 个，已用 {self.used}，"
                f"余 {self.free}")


def check_slot_override(state: SlotState | None, *, override_by: str, override_reason: str) -> None:
    """004: the slots are a reserve the department promised; when they are gone a supervisor may still
    let one more in, by name and with a reason (the desk never overbooks silently)."""
    if state is None or not state.exhausted:
        return
    if not override_by.strip():
        raise DomainError(f"{state.words()}：已用完。如须加号，请填写批准的督导（科主任/医务科）姓名",
                          field="slot_override_by")
    if not override_reason.strip():
        raise DomainError("加号须写明理由", field="slot_override_reason")


def queue_key(priority: bool, window_start: datetime, requested_at: datetime) -> tuple[bool, datetime, datetime]:
    """A department's queue: referred patients marked 优先 first (003 三(三); 004 预约转诊患者优先就诊),
    then by the time booked, then by who applied first."""
    return (not priority, window_start, requested_at)


def notice_words(notified_to: str, notified_at: datetime | None, tz: tzinfo) -> str:
    """'心内科 王医生（11-23 22:30）': who at the receiving hospital was told, and when."""
    if not notified_to:
        return ""
    return notified_to + (f"（{notified_at.astimezone(tz):%m-%d %H:%M}）" if notified_at else "")

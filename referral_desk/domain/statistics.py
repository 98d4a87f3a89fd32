"""The figures supervisors answer for (002 五(四)(五); 004), from plain records. Pure: the store
reads the period's records, this module counts them; every figure's definition lives here and
in the README, in one sentence each."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import Any

from referral_desk.domain.consultation import STATUS_LABELS, ConsultationStatus
from referral_desk.domain.day_figures import (  # noqa: F401  (the names are the statistics')
    NO_DIAGNOSIS,
    NO_GROUP_CONFIRMED,
    NO_GROUP_STABLE,
    DayFigures,
    Tally,
    day_line,
    figures_by_day,
)


@dataclass(slots=True)  # a year is 60,000 of them: no frozen-init cost
class ConsultationRecord:
    id: str
    submitted_day: date  # local
    specialty: str
    unit: str
    status: str
    reply_minutes: float | None  # submitted -> approved or declined
    within_limit: bool  # answered by the reply-limit deadline
    overdue: bool  # answered after its approval deadline, or unanswered past it
    escalations: int
    completed: bool = False
    refer_up: bool = False  # completed with the outcome 需上转
    settled: bool = True  # its figures no longer change with the clock (answered, ended, or already overdue)


@dataclass(slots=True)  # a year is 60,000 of them: no frozen-init cost
class ReferralRecord:
    id: str
    direction: str
    requested_day: date
    transferred_day: date | None
    unit: str  # the alliance unit at the other end
    department: str
    inpatient: bool
    status: str
    emergency: bool
    bed_reserved_before_window: bool | None  # None: no bed asked for
    bed_hours_to_reserve: float | None
    disease: str = ""  # downward: the list's group (第5组 慢性胃炎), or why it went down without one;
    # upward: the first diagnosis as written (main_diagnosis)
    arrived_in_window: bool | None = None  # transferred: arrived no later than the booked window's end
    hours_to_transfer: float | None = None  # transferred: application to arrival


@dataclass(frozen=True, slots=True)
class VisitCountRecord:
    """诊疗人次 of one alliance unit in one month, as the unit reported it."""

    unit: str
    month: str  # YYYY-MM
    visits: int


@dataclass(slots=True)  # a year is 60,000 of them: no frozen-init cost
class FollowUpRecord:
    due_day: date
    done_on_time: bool


# (key, label, definition): the definitions are printed in the README and in the report.
DEFINITIONS = [
    ("consultations", "会诊申请数", "提交日期在统计期内的会诊申请条数。"),
    ("reply_median", "回复时间中位数（分钟）", "从提交到会诊医师审核通过或拒绝的分钟数的中位数，只计已回复的申请。"),
    ("reply_p90", "回复时间90分位（分钟）", "同上，90%的已回复申请不超过此分钟数。"),
    ("within_limit", "时限内回复率", "在回复时限（默认1小时，按服务时间计）内得到审核通过或拒绝的申请"
     "占全部申请的比例。"),
    ("overdue", "审核超时数", "审核截止后才回复、或截止已过仍未回复的申请条数。"),
    ("escalations_per_request", "每申请催办次数", "对这些申请所记录的催办电话总数除以申请条数。"),
    ("up", "上转数", "申请日期在统计期内的上转条数（含急诊先入院后补录）。"),
    ("down", "下转数", "申请日期在统计期内的下转条数。"),
    ("referral_rate", "会诊后需上转比例", "提交日期在统计期内、已完成的会诊中，会诊结论为需上转的比例。"
     "（不是转诊率：转诊率见下一行。）"),
    ("health_referral_rate", "转诊率", "转诊人次÷诊疗人次（002 五(四)；003 二）：统计期内各整月，已录入诊疗人次的"
     "医联体单位上转的人次（已申请或已转诊，不含取消、未到院）除以这些单位同月的诊疗人次之和。统计期不含整月、"
     "或没有单位录齐这些月的诊疗人次时显示「不可用」，不以其他比例代替。"),
    ("match_rate", "匹配效率", "申请日期在统计期内、已有结果的转诊（不含急诊先入院后补录）中，患者在预约的入住/"
     "就诊时间结束前到位的比例：申请的单位、科室与时间都对上了（002 五(四)「匹配效率」，本中心的定义）。"),
    ("match_hours", "匹配用时中位数（小时）", "同上已到位的转诊，从申请到患者到位的小时数的中位数。"),
    ("transfer_rate", "转诊到位率", "申请日期在统计期内、已有结果（已转诊、未到院、已取消）的转诊中，"
     "患者实际转诊的比例。"),
    ("down_patients", "下转患者人次数", "转出日期在统计期内、已实际下转的患者人次（门诊与住院分列）。"),
    ("bed_before_window", "入住前预留床位率", "申请了床位的上转中，床位在预约入住时间开始前已预留的比例。"),
    ("bed_hours", "床位预留用时中位数（小时）", "从申请床位到科室预留床位的小时数的中位数，只计已预留的床位。"),
    ("no_shows", "未到数", "统计期内申请的会诊未到场、床位未到院的条数之和。"),
    ("follow_up_on_time", "随访按时完成率", "应随访日期在统计期内（且不晚于今天）的随访中，"
     "在应随访当天或之前完成的比例。"),
]
LABELS = {key: label for key, label, _ in DEFINITIONS}
# Figures whose inputs the desk does not hold: said so, never computed from something else.
NOT_AVAILABLE = frozenset({"health_referral_rate"})
# The most distinct diagnoses listed for upward referrals by disease; the rest are summed in one row.
TOP_DISEASES = 30
OTHER_DISEASES = "其他诊断"


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (share 0.9 -> the value 90% are at or below)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(int(-(-share * len(ordered) // 1)), 1)  # ceil, at least the first
    return ordered[rank - 1]


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Group:
    """Figures for one day, specialty or unit."""

    key: str
    consultations: int = 0
    answered_within_limit: int = 0
    overdue: int = 0
    escalations: int = 0
    reply_median: float | None = None
    up: int = 0
    down: int = 0


@dataclass(frozen=True)
class DiseaseRow:
    """Downward referrals of one group of the disease list (002 五(五) 转诊病种分布)."""

    key: str
    applied: int = 0  # applied for in the period
    transferred: int = 0  # transferred in the period (the downward patient count's share)




@dataclass(frozen=True)
class RateRow:
    """转诊率 of one alliance unit over the period's whole months."""

    unit: str
    referrals: int
    visits: int

    @property
    def rate(self) -> float | None:
        return ratio(self.referrals, self.visits)


@dataclass
class Statistics:
    first: date
    last: date
    summary: dict[str, float | int | None] = field(default_factory=dict)
    by_state: dict[str, int] = field(default_factory=dict)
    down_outpatient: int = 0
    down_inpatient: int = 0
    by_day: list[Group] = field(default_factory=list)
    by_specialty: list[Group] = field(default_factory=list)
    by_unit: list[Group] = field(default_factory=list)
    by_disease: list[DiseaseRow] = field(default_factory=list)
    up_by_department: list[DiseaseRow] = field(default_factory=list)  # 上转 by receiving department
    up_by_disease: list[DiseaseRow] = field(default_factory=list)  # 上转 by first diagnosis (002 五(四) 病种分布)
    rate_months: list[str] = field(default_factory=list)  # the whole months 转诊率 is over
    rate_by_unit: list[RateRow] = field(default_factory=list)  # units with every one of those months entered
    rate_missing: list[str] = field(default_factory=list)  # units with referrals but a month not entered

    @property
    def rate_note(self) -> str:
        """Why 转诊率 is what it is, in one line (shown beside it and in the report)."""
        if not self.rate_months:
            return "统计期不含整月，转诊率按整月计"
        span = self.rate_months[0] + ("" if len(self.rate_months) == 1 else f" 至 {self.rate_months[-1]}")
        if not self.rate_by_unit:
            # Spaces round the command: a narrow screen wraps there, not inside its name.
            return f"{span}：尚无单位录齐诊疗人次，录入用 referral-desk visits 命令"
        missing = f"；{len(self.rate_missing)} 个有转诊的单位未录齐，未计入" if self.rate_missing else ""
        return f"{span}，{len(self.rate_by_unit)} 个单位{missing}"

    @property
    def empty(self) -> bool:
        return not self.summary.get("consultations") and not self.summary.get("up") and not self.summary.get("down")


_DIAGNOSIS_SPLIT = re.compile(r"[，,；;。、/\s]|伴|合并|并发|继发|及(?!时)|待排|\?|？")
_QUALIFIER = re.compile(r"[（(].*?[)）]")


def main_diagnosis(text: str) -> str:
    """The first diagnosis of what was written, without its qualifiers in brackets: '急性心肌梗死（前壁）伴
    心衰' -> '急性心肌梗死'. As typed otherwise: grouping spellings together is a person's judgement."""
    first = _DIAGNOSIS_SPLIT.split(_QUALIFIER.sub("", text or "").strip(), maxsplit=1)[0].strip()
    return first[:30] or NO_DIAGNOSIS


def days_of(first: date, last: date) -> list[date]:
    """Every day of first..last, both included."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def whole_month_spans(first: date, last: date) -> list[tuple[date, date]]:
    """The calendar months lying wholly in first..last, as (first day, last day)."""
    spans: list[tuple[date, date]] = []
    day = first if first.day == 1 else (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    while True:
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        if following - timedelta(days=1) > last:
            return spans
        spans.append((day, following - timedelta(days=1)))
        day = following


def whole_months(first: date, last: date) -> list[str]:
    """The calendar months lying wholly in first..last, as YYYY-MM."""
    return [f"{start:%Y-%m}" for start, _end in whole_month_spans(first, last)]


def referral_rates(first: date, last: date, made_by_month: dict[str, dict[str, int]], visits: list[VisitCountRecord],
                   unit_of: Callable[[str], str] = str) -> tuple[list[str], list[RateRow], list[str]]:
    """转诊率 per alliance unit over the whole months of the period: its upward referrals made (applied or
    transferred; `made_by_month` by YYYY-MM and unit as typed) ÷ its 诊疗人次, only for units that entered
    every one of those months. `unit_of` gives a unit's one name for the names it is typed under (the
    directory's)."""
    months = whole_months(first, last)
    if not months:
        return [], [], []
    wanted = set(months)
    entered: dict[str, dict[str, int]] = defaultdict(dict)
    for v in visits:
        if v.month in wanted:
            entered[unit_of(v.unit)][v.month] = v.visits
    made: dict[str, int] = defaultdict(int)
    for month in months:
        for unit, n in made_by_month.get(month, {}).items():
            made[unit_of(unit)] += n
    complete = sorted(u for u, by_month in entered.items() if len(by_month) == len(months))
    rows = [RateRow(u, made.get(u, 0), sum(entered[u].values())) for u in complete]
    missing = sorted(u for u in made if u not in complete)
    return months, rows, missing


def compute(first: date, last: date, consultations: list[ConsultationRecord], referrals: list[ReferralRecord],
            follow_ups: list[FollowUpRecord], bed_no_shows: int, today: date,
            visits: list[VisitCountRecord] | None = None, unit_of: Callable[[str], str] = str) -> Statistics:
    """Every figure for the days first..last (local dates, both included), from the period's records."""
    return summed(first, last, figures_by_day(consultations, referrals, follow_ups, first, last), bed_no_shows,
                  today, visits, unit_of)


def summed(first: date, last: date, days: dict[date, DayFigures], bed_no_shows: int, today: date,
           visits: list[VisitCountRecord] | None = None, unit_of: Callable[[str], str] = str) -> Statistics:
    """Every figure for first..last from the figures of its days (day_figures: counted once, kept, summed),
    by the day each begins; figures rolled up over a month stand for all of its days."""
    stats = Statistics(first, last)
    whole = DayFigures()
    made_by_month: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    lines: dict[str, list[Any]] = {}
    due, on_time = 0, 0
    for day in sorted(days):
        figures = days[day]
        whole.merge(figures)
        month = made_by_month[f"{day:%Y-%m}"]  # rolled-up figures never span two months
        for unit, n in figures.up_made.items():
            month[unit] += n
        if day <= today:  # a follow-up is judged once its day has come (rolled up: only days gone by)
            due += figures.follow_ups_due
            on_time += figures.follow_ups_on_time
        lines.update(figures.daily or {day.isoformat(): day_line(figures.total)})
    total = whole.total
    n = total.consultations
    stats.summary = {
        "consultations": n,
        "reply_median": median(total.replies) if total.replies else None,
        "reply_p90": percentile(total.replies, 0.9),
        "within_limit": ratio(total.within, n),
        "overdue": total.overdue,
        "escalations_per_request": ratio(total.escalations, n),
        "up": total.up,
        "down": total.down,
        "referral_rate": ratio(whole.refer_up, whole.completed),
        "transfer_rate": ratio(whole.transferred, whole.closed),
        "down_patients": whole.sent_down,
        "bed_before_window": ratio(whole.bed_before, whole.with_bed),
        "bed_hours": median(whole.bed_hours) if whole.bed_hours else None,
        "no_shows": whole.states.get(ConsultationStatus.NO_SHOW.value, 0) + bed_no_shows,
        "follow_up_on_time": ratio(on_time, due),
    }
    stats.rate_months, stats.rate_by_unit, stats.rate_missing = referral_rates(
        first, last, made_by_month, visits or [], unit_of)
    # Never computed from anything but 诊疗人次: without them the figure is not available.
    stats.summary["health_referral_rate"] = ratio(sum(r.referrals for r in stats.rate_by_unit),
                                                  sum(r.visits for r in stats.rate_by_unit))
    stats.summary["match_rate"] = ratio(whole.match_arrived, whole.match_closed)
    stats.summary["match_hours"] = median(whole.match_hours) if whole.match_hours else None
    stats.up_by_department = _by_count(whole.up_by_department)
    stats.up_by_disease = _by_count(whole.up_by_disease, top=TOP_DISEASES)
    stats.down_inpatient = whole.sent_down_inpatient
    stats.down_outpatient = whole.sent_down - whole.sent_down_inpatient
    stats.by_state = {STATUS_LABELS[s]: whole.states[s.value] for s in ConsultationStatus if whole.states.get(s.value)}
    empty = day_line(Tally())
    stats.by_day = [Group(key, *lines.get(key, empty))
                    for key in (day.isoformat() for day in days_of(first, last))]
    stats.by_specialty = _ranked(whole.by_specialty)
    stats.by_unit = _ranked(whole.by_unit)
    stats.by_disease = by_disease(whole.down_by_disease)
    return stats


def _group(key: str, t: Tally) -> Group:
    return Group(key, *day_line(t))


def _ranked(tallies: dict[str, Tally]) -> list[Group]:
    """The most consultations first, then by name."""
    return [_group(k, tallies[k]) for k in sorted(tallies, key=lambda k: (-tallies[k].consultations, k))]


def _by_count(counts: dict[str, list[int]], top: int | None = None) -> list[DiseaseRow]:
    """Applied and transferred per key, the most applied first; past `top`, one row of the rest."""
    keys = sorted(counts, key=lambda k: (-counts[k][0], k))
    rows = [DiseaseRow(k, *counts[k]) for k in keys[:top]]
    rest = keys[top:] if top is not None else []
    if rest:
        rows.append(DiseaseRow(f"{OTHER_DISEASES}（{len(rest)}种）", sum(counts[k][0] for k in rest),
                               sum(counts[k][1] for k in rest)))
    return rows


def by_disease(counts: dict[str, list[int]]) -> list[DiseaseRow]:
    """Downward [applied, transferred] by group, in the list's order (第1组 before 第2组), then the ones
    without a group."""

    def order(key: str) -> tuple[Any, ...]:
        number = key.removeprefix("第").split("组")[0]
        return (0, int(number), key) if key.startswith("第") and number.isdigit() else (1, 0, key)

    return [DiseaseRow(k, *counts[k]) for k in sorted(counts, key=order)]


def format_figure(key: str, value: float | None) -> str:
    if value is None:
        return "不可用" if key in NOT_AVAILABLE else "—"
    if key == "health_referral_rate":  # a few percent at most: two decimals, more when it is tiny but not 0
        return f"{value * 100:.2g}%" if 0 < value < 0.0001 else f"{value * 100:.2f}%"
    if key in ("within_limit", "bed_before_window", "follow_up_on_time", "referral_rate", "transfer_rate",
               "match_rate"):
        return f"{value * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:.1f}" if key != "escalations_per_request" else f"{value:.2f}"
    return str(value)


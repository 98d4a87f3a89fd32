"""One day's share of the statistics, kept so a year is summed from 365 small tallies instead of counted
again from 60,000 records (issue 25). Pure and additive: every figure of `statistics.compute` is a sum,
a ratio of sums or a median of kept values over these, so a day's figures once counted can be stored and
merged with the others. A day belongs to a record by its local day: the consultation's submission, the
referral's application (and, for the downward patient count, its transfer), the follow-up's due day."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from referral_desk.domain.statistics import ConsultationRecord, FollowUpRecord, ReferralRecord

NO_DIAGNOSIS = "未写诊断"
# Downward referrals without a group, by why they went down.
NO_GROUP_STABLE = "病情稳定/康复等（000 三(1)；001 附件 二）"
NO_GROUP_CONFIRMED = "建议外经确认下转"
CLOSED_REFERRAL = ("transferred", "no_show", "cancelled")  # a referral with its outcome known


@dataclass(slots=True)
class Tally:
    """Consultations and referrals applied for, of one day, specialty or unit."""

    consultations: int = 0
    within: int = 0
    overdue: int = 0
    escalations: int = 0
    replies: list[float] = field(default_factory=list)  # reply minutes of the answered
    up: int = 0
    down: int = 0

    def add_consultation(self, c: ConsultationRecord) -> None:
        self.consultations += 1
        self.within += c.within_limit
        self.overdue += c.overdue
        self.escalations += c.escalations
        if c.reply_minutes is not None:
            self.replies.append(c.reply_minutes)

    def merge(self, other: Tally) -> None:
        self.consultations += other.consultations
        self.within += other.within
        self.overdue += other.overdue
        self.escalations += other.escalations
        self.replies.extend(other.replies)
        self.up += other.up
        self.down += other.down


def _tallies() -> defaultdict[str, Tally]:
    return defaultdict(Tally)


def _pairs() -> defaultdict[str, list[int]]:
    return defaultdict(lambda: [0, 0])


def _counts() -> defaultdict[str, int]:
    return defaultdict(int)


@dataclass(slots=True)
class DayFigures:
    """What one day adds to every figure (the definitions are statistics.DEFINITIONS)."""

    total: Tally = field(default_factory=Tally)
    by_specialty: defaultdict[str, Tally] = field(default_factory=_tallies)
    by_unit: defaultdict[str, Tally] = field(default_factory=_tallies)
    states: defaultdict[str, int] = field(default_factory=_counts)  # consultations by status
    completed: int = 0
    refer_up: int = 0
    # Referrals applied for this day
    transferred: int = 0
    closed: int = 0
    with_bed: int = 0  # upward with a bed asked for
    bed_before: int = 0  # ... reserved before the window opened
    bed_hours: list[float] = field(default_factory=list)
    match_closed: int = 0  # closed, not an emergency admission entered afterwards
    match_arrived: int = 0
    match_hours: list[float] = field(default_factory=list)
    up_by_department: defaultdict[str, list[int]] = field(default_factory=_pairs)  # [applied, transferred]
    up_by_disease: defaultdict[str, list[int]] = field(default_factory=_pairs)
    down_by_disease: defaultdict[str, list[int]] = field(default_factory=_pairs)  # [applied, sent down this day]
    up_made: defaultdict[str, int] = field(default_factory=_counts)  # by unit as typed: 转诊率's referrals
    # Downward referrals transferred this day
    sent_down: int = 0
    sent_down_inpatient: int = 0
    # Follow-ups due this day
    follow_ups_due: int = 0
    follow_ups_on_time: int = 0
    # Figures of several days rolled into one (a whole month): each day's own line of the by-day table,
    # [consultations, within, overdue, escalations, reply median, up, down] by ISO day. Empty: one day.
    daily: dict[str, list[Any]] = field(default_factory=dict)

    def add_consultation(self, c: ConsultationRecord) -> None:
        self.total.add_consultation(c)
        self.by_specialty[c.specialty].add_consultation(c)
        self.by_unit[c.unit].add_consultation(c)
        self.states[c.status] += 1
        self.completed += c.completed
        self.refer_up += c.refer_up

    def add_applied(self, r: ReferralRecord) -> None:
        """A referral applied for this day."""
        up = r.direction == "up"
        self.total.up += up
        self.total.down += not up
        unit = self.by_unit[r.unit]
        unit.up += up
        unit.down += not up
        transferred = r.status == "transferred"
        self.transferred += transferred
        self.closed += r.status in CLOSED_REFERRAL
        if up and r.bed_reserved_before_window is not None:
            self.with_bed += 1
            self.bed_before += r.bed_reserved_before_window
        if r.bed_hours_to_reserve is not None:
            self.bed_hours.append(r.bed_hours_to_reserve)
        if not r.emergency and r.status in CLOSED_REFERRAL:
            self.match_closed += 1
            self.match_arrived += bool(r.arrived_in_window)
            if r.hours_to_transfer is not None:
                self.match_hours.append(r.hours_to_transfer)
        if up:
            for pair in (self.up_by_department[r.department], self.up_by_disease[r.disease or NO_DIAGNOSIS]):
                pair[0] += 1
                pair[1] += transferred
            if r.status in ("applied", "transferred"):
                self.up_made[r.unit] += 1
        else:
            self.down_by_disease[r.disease or NO_GROUP_STABLE][0] += 1

    def add_sent_down(self, r: ReferralRecord) -> None:
        """A downward referral transferred this day."""
        self.sent_down += 1
        self.sent_down_inpatient += r.inpatient
        self.down_by_disease[r.disease or NO_GROUP_STABLE][1] += 1

    def add_follow_up(self, f: FollowUpRecord) -> None:
        self.follow_ups_due += 1
        self.follow_ups_on_time += f.done_on_time

    def merge(self, other: DayFigures) -> None:
        """Add another day's figures (not its by-day lines)."""
        self.total.merge(other.total)
        for mine, theirs in ((self.by_specialty, other.by_specialty), (self.by_unit, other.by_unit)):
            for key, tally in theirs.items():
                mine[key].merge(tally)
        for mine_pairs, their_pairs in ((self.up_by_department, other.up_by_department),
                                        (self.up_by_disease, other.up_by_disease),
                                        (self.down_by_disease, other.down_by_disease)):
            for key, (applied, transferred) in their_pairs.items():
                pair = mine_pairs[key]
                pair[0] += applied
                pair[1] += transferred
        for mine_counts, their_counts in ((self.states, other.states), (self.up_made, other.up_made)):
            for key, n in their_counts.items():
                mine_counts[key] += n
        for name in _SUMMED:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.bed_hours.extend(other.bed_hours)
        self.match_hours.extend(other.match_hours)

    # -- kept as text in the store (JSON: a changed store file can never run code) -----------
    def to_json(self) -> str:
        data: dict[str, Any] = {name: getattr(self, name) for name in self.__slots__}
        data["total"] = _plain(self.total)
        for name in ("by_specialty", "by_unit"):
            data[name] = {k: _plain(v) for k, v in data[name].items()}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> DayFigures:
        data: dict[str, Any] = json.loads(text)
        figures = cls(total=Tally(*data.pop("total")))
        for name in ("by_specialty", "by_unit"):
            getattr(figures, name).update({k: Tally(*v) for k, v in data.pop(name).items()})
        for name in ("states", "up_made", "up_by_department", "up_by_disease", "down_by_disease"):
            getattr(figures, name).update(data.pop(name))
        for name, value in data.items():
            setattr(figures, name, value)
        return figures


def _plain(tally: Tally) -> list[Any]:
    """A tally as its fields in order (a year holds tens of thousands: no names repeated)."""
    return [getattr(tally, name) for name in Tally.__slots__]


_SUMMED = ("completed", "refer_up", "transferred", "closed", "with_bed", "bed_before", "match_closed",
           "match_arrived", "sent_down", "sent_down_inpatient", "follow_ups_due", "follow_ups_on_time")


def day_line(t: Tally) -> list[Any]:
    """A day's line of the by-day table."""
    return [t.consultations, t.within, t.overdue, t.escalations, median(t.replies) if t.replies else None, t.up,
            t.down]


def rolled_up(days: dict[date, DayFigures]) -> DayFigures:
    """Consecutive days' figures as one (a month kept as one row), each day's by-day line kept."""
    whole = DayFigures()
    for day in sorted(days):
        whole.merge(days[day])
        whole.daily[day.isoformat()] = day_line(days[day].total)
    return whole


def figures_by_day(consultations: Iterable[ConsultationRecord], referrals: Iterable[ReferralRecord],
                   follow_ups: Iterable[FollowUpRecord], first: date, last: date) -> dict[date, DayFigures]:
    """Each day's figures from its records; referrals and follow-ups count only on days in first..last
    (a referral is read when applied for or sent down in the period: each counts on its own day)."""
    days: defaultdict[date, DayFigures] = defaultdict(DayFigures)
    for c in consultations:
        days[c.submitted_day].add_consultation(c)
    for r in referrals:
        if first <= r.requested_day <= last:
            days[r.requested_day].add_applied(r)
        if r.direction == "down" and r.transferred_day is not None and first <= r.transferred_day <= last:
            days[r.transferred_day].add_sent_down(r)
    for f in follow_ups:
        if first <= f.due_day <= last:
            days[f.due_day].add_follow_up(f)
    return dict(days)

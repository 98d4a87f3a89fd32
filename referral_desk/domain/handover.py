"""The shift handover (交接班): what the leaving operator passes on, in the order the next one acts.

Pure: the service hands over the open items it read and the notes of earlier handovers; this
module decides what is said and in which section.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from referral_desk.domain.bed import BedCallFacts
from referral_desk.domain.bounds import FORMULA_WORDS, control_char_at, describe_control, looks_like_formula
from referral_desk.domain.consultation import Urgency, short_time, urgency
from referral_desk.domain.errors import DomainError
from referral_desk.domain.escalation import LADDER


class PendingLine(Protocol):
    """What the handover reads of a pending approval (the approvals pane's row)."""

    @property
    def consultation_id(self) -> str: ...
    @property
    def specialist_name(self) -> str: ...
    @property
    def specialty_name(self) -> str: ...
    @property
    def requesting_unit(self) -> str: ...
    @property
    def requesting_doctor(self) -> str: ...
    @property
    def escalations(self) -> int: ...
    @property
    def top_rung(self) -> int: ...
    @property
    def last_call_at(self) -> datetime | None: ...


class BedLine(BedCallFacts, Protocol):
    """What the handover reads of a bed request (the beds pane's row) beyond whether to call."""

    @property
    def bed_request_id(self) -> str: ...
    @property
    def department(self) -> str: ...
    @property
    def department_phone(self) -> str | None: ...
    @property
    def patient_name(self) -> str: ...
    @property
    def from_unit(self) -> str: ...
    @property
    def last_note(self) -> str | None: ...


class FollowUpLine(Protocol):
    """What the handover reads of a follow-up due."""

    @property
    def referral_id(self) -> str: ...
    @property
    def due_date(self) -> date: ...
    @property
    def patient_name(self) -> str: ...
    @property
    def department(self) -> str: ...
    @property
    def from_unit(self) -> str: ...
    @property
    def to_unit(self) -> str: ...
    @property
    def attempts(self) -> int: ...


Local = Callable[[datetime], datetime]

NAME_MAX = 20  # an operator's name as the audit log shows it
NOTE_MAX = 400  # one handover note (the audit entry's summary holds it)
NOTES_SINCE = timedelta(hours=24)  # notes older than a day are the day review's business


def check_operator_name(name: str) -> str:
    """A person's name for sign-in: 1-20 characters, no control characters, not a placeholder."""
    name = name.strip()
    if not name:
        raise DomainError("请输入接班人姓名", field="name")
    if len(name) > NAME_MAX:
        raise DomainError(f"姓名最多 {NAME_MAX} 个字符", field="name")
    if (at := control_char_at(name)) is not None:
        raise DomainError("姓名" + describe_control(name, at), field="name")
    if looks_like_formula(name):
        raise DomainError("姓名" + FORMULA_WORDS, field="name")
    if re.fullmatch(r"[\W\d_]+", name):
        raise DomainError("姓名不能只有数字或符号", field="name")
    return name


def check_note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise DomainError(f"交班留言最多 {NOTE_MAX} 个字符（现有 {len(note)} 个）", field="note")
    if (at := control_char_at(note)) is not None:
        raise DomainError("交班留言" + describe_control(note, at), field="note")
    return note


@dataclass(frozen=True)
class HandoverLine:
    text: str
    urgent: bool = False  # needs the next operator first: shown flagged, listed first in its section
    opens: tuple[str, str] | None = None  # (entity, id) that Enter opens
    mark: str = "  "  # the dashboard's: `!!` overdue, `! ` under 15 minutes (Urgency.mark)

    @property
    def marked(self) -> str:
        """The line with the dashboard's mark (outside trial: the handover's `!` read as the lesser, and a bed to
        coordinate was marked `!!` though nothing about it was overdue)."""
        return f"{self.mark} {self.text}"


@dataclass(frozen=True)
class HandoverSection:
    key: str
    title: str
    lines: list[HandoverLine]
    empty: str  # what the section says when nothing is in it


@dataclass(frozen=True)
class Note:
    at: datetime
    operator: str
    workstation: str
    text: str


@dataclass(frozen=True)
class Handover:
    at: datetime
    operator: str  # who is on now (hands over)
    sections: list[HandoverSection] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return sum(len(s.lines) for s in self.sections if s.key != "notes")

    def as_text(self, local: Local) -> str:
        """Plain text for printing or a file: one section after another."""
        out = [f"转会诊中心 交接班  {local(self.at):%Y-%m-%d %H:%M}  交班人 {self.operator}", ""]
        for s in self.sections:
            out.append(f"【{s.title}】")
            out += [line.marked for line in s.lines] or [f"   {s.empty}"]
            out.append("")
        return "\n".join(out)


def _hm(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    return f"{minutes // 60}小时{minutes % 60:02d}分" if minutes >= 60 else f"{minutes}分钟"


def build_handover(*, now: datetime, operator: str, local: Local, pending: Sequence[tuple[PendingLine, datetime]],
                   beds: Sequence[BedLine], bed_needs_call: Callable[[BedLine], bool],
                   follow_ups: Sequence[FollowUpLine], notes: list[Note], mask: Callable[[str], str]) -> Handover:
    """`pending` are (PendingRow, deadline), overdue first; `beds` the beds pane's rows and
    `bed_needs_call(row)` its `k` rule; `follow_ups` those due today or overdue; `mask` shortens a
    patient's name as the panes do."""
    # Three disjoint lists: the escalated (whatever their deadline), then the overdue nobody has
    # rung yet, then the rest.
    escalated = [(r, d) for r, d in pending if r.escalations]
    overdue = [(r, d) for r, d in pending if not r.escalations and d <= now]
    waiting = [(r, d) for r, d in pending if not r.escalations and d > now]

    def approval(r: PendingLine, d: datetime) -> HandoverLine:
        when = f"已超时 {_hm(now - d)}" if d <= now else f"剩 {_hm(d - now)}"
        climbed = f"，已至{LADDER[r.top_rung].label}" if r.top_rung else ""  # the escalation ladder (issue 25)
        # Another day's call shows its day: `最近 11:09` at 10:25 read as a time to come (outside trial).
        calls = (f"，已催办{r.escalations}次（最近 {short_time(local(r.last_call_at), local(now))}{climbed}）"
                 if r.escalations and r.last_call_at is not None else "，未催办")
        return HandoverLine(f"{when}  {r.specialist_name}·{r.specialty_name} ← "
                            f"{r.requesting_unit} {r.requesting_doctor}"
                            f"{calls}", urgent=d <= now, opens=("consultation", r.consultation_id),
                            mark=urgency(d, now).mark)

    bed_lines = []
    for b in beds:
        if not bed_needs_call(b):
            continue
        late = b.reply_deadline is not None and b.answered_at is None and b.reply_deadline <= now
        said = (f"，最近 {short_time(local(b.last_call_at), local(now))} {b.last_note}"
                if b.last_call_at and b.last_note
                else "，未联系")
        bed_lines.append(HandoverLine(
            f"{b.department} {mask(b.patient_name)}（{b.from_unit}）入住 {local(b.window_start):%m-%d %H:%M}"
            + ("，科室回复超时" if late else "，需协调" if b.status == "needs_coordination" else "") + said
            + (f"  科室电话 {b.department_phone}" if b.department_phone else ""),
            urgent=late or b.status == "needs_coordination", opens=("bed_request", b.bed_request_id),
            mark=Urgency.OVERDUE.mark if late else "  "))
    today = local(now).date()
    follow_lines = [HandoverLine(
        f"{f.due_date:%m-%d}{'（逾期）' if f.due_date < today else ''} {mask(f.patient_name)} {f.department}"
        f" {f.from_unit}→{f.to_unit}" + (f"，已拨{f.attempts}次未接通" if f.attempts else ""),
        urgent=f.due_date < today, opens=("referral", f.referral_id),
        mark=Urgency.OVERDUE.mark if f.due_date < today else "  ") for f in follow_ups]
    note_lines = [HandoverLine(f"{local(n.at):%m-%d %H:%M} {n.operator}@{n.workstation}：{n.text}")
                  for n in sorted(notes, key=lambda n: n.at, reverse=True)]
    return Handover(at=now, operator=operator, sections=[
        HandoverSection("notes", "交班留言（近24小时）", note_lines, "没有留言"),
        HandoverSection("escalated", f"已催办仍未审核 {len(escalated)} 条", [approval(r, d) for r, d in escalated],
                        "没有"),
        HandoverSection("overdue", f"已超时未催办 {len(overdue)} 条", [approval(r, d) for r, d in overdue], "没有"),
        HandoverSection("pending", f"其余待审核 {len(waiting)} 条", [approval(r, d) for r, d in waiting], "没有"),
        HandoverSection("beds", f"需致电的床位 {len(bed_lines)} 条", sorted(bed_lines, key=lambda x: not x.urgent),
                        "没有"),
        HandoverSection("follow_ups", f"今日到期随访 {len(follow_lines)} 条",
                        sorted(follow_lines, key=lambda x: not x.urgent), "没有"),
    ])

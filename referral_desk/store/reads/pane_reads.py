"""The four panes' reads, in SQL over the standard library's sqlite3.

The desk's first frame is drawn from these before SQLAlchemy is imported (store.first_look), and
every refresh after it runs the same code through the engine's pooled connection (desk.core):
one implementation, and no ORM overhead on the reads the desk makes every few seconds.
"""

from __future__ import annotations

import sqlite3
from calendar import monthrange
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from referral_desk.clock import Clock, HasClockAndPolicy, LocalTime
from referral_desk.domain.bed import OPEN_BED_STATUSES, REPLY_RESULTS, BedStatus, needs_coordination
from referral_desk.domain.consultation import ConsultationStatus, approval_deadline
from referral_desk.domain.escalation import CALL_RESULT_LABELS
from referral_desk.domain.policy import Policy
from referral_desk.domain.referral import free_quota
from referral_desk.domain.search_keys import query_terms

DIRECTORY_LIMIT = 50


@dataclass(frozen=True)
class DutyRow:
    specialty_id: str
    specialty_name: str
    specialist_id: str | None
    specialist_name: str | None
    title: str | None
    phone: str | None


@dataclass(frozen=True)
class PendingRow:
    consultation_id: str
    requesting_unit: str
    requesting_doctor: str
    requesting_phone: str | None
    specialty_name: str
    specialist_id: str
    specialist_name: str
    specialist_phone: str
    appointment_at: datetime | None
    submitted_at: datetime
    escalations: int
    last_call_at: datetime | None
    top_rung: int = 0  # the highest rung of the escalation ladder called (domain.escalation.LADDER's index)


@dataclass(frozen=True)
class PendingApproval:
    row: PendingRow
    deadline: datetime


@dataclass(frozen=True)
class BedRow:
    bed_request_id: str
    department: str
    department_phone: str | None
    patient_name: str
    patient_id_number: str | None
    from_unit: str
    window_start: datetime
    window_end: datetime
    status: str
    last_note: str | None  # the latest coordination: a call's result and note, or why it was flagged
    last_call_at: datetime | None  # when that was
    referral_id: str | None = None
    requested_at: datetime | None = None
    answered_at: datetime | None = None  # 002 五(二): the department's first answer (domain.bed)
    reply_deadline: datetime | None = None  # set from the policy


@dataclass(frozen=True)
class DirectoryRow:
    directory_entry_id: str
    unit_name: str
    contact: str
    phone: str | None
    purpose: str


@dataclass(frozen=True)
class Quota:
    department: str
    reserved_beds: int
    held: int

    @property
    def free(self) -> int:
        return free_quota(self.reserved_beds, self.held)


@dataclass
class Snapshot:
    """One refresh's worth of rows, read off the UI's event loop."""

    duty: list[DutyRow]
    pending: list[PendingApproval]
    beds: list[BedRow]
    directory: list[DirectoryRow]
    directory_query: str
    quotas: list[Quota] | None = None  # beds kept for referred patients, free today
    roster_notice: str | None = None  # next month's roster still missing (from the 25th)


# By the text a row holds: a CallResult is a StrEnum, so the same lookup as by the member.
_CALL_LABELS: dict[str, str] = {result.value: label for result, label in CALL_RESULT_LABELS.items()}


def call_words(result: str | None, note: str | None) -> str:
    """A call as the pane says it: its result, and the note if any ('未接听', '已接通：明早出院一床')."""
    label = _CALL_LABELS.get(result, "") if result else ""
    note = (note or "").strip()
    return f"{label}：{note}" if label and note else (note or label or "已联系")


# -- values as SQLite holds them (SQLAlchemy's DateTime and Date on SQLite; store.types) -------------
def stored_instant(at: datetime) -> str:
    """An aware instant as the text a UTCDateTime column holds (naive UTC, microseconds written)."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _instant(text: str | None) -> datetime | None:
    return None if text is None else _instant_not_null(text)


def _instant_not_null(text: str) -> datetime:
    """A NOT NULL column's instant: typed without None, so what is built from it needs no check."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _escape_like(term: str) -> str:
    return term.replace("/", "//").replace("%", "/%").replace("_", "/_")


_DUTY = """
SELECT s.id, s.name, p.id, p.name, p.title, p.phone
FROM specialty s
LEFT OUTER JOIN roster_entry r ON r.specialty_id = s.id AND r.duty_date = ? AND r.deleted_at IS NULL
LEFT OUTER JOIN specialist p ON p.id = r.specialist_id
WHERE s.deleted_at IS NULL
ORDER BY s.sort_order, s.name"""

_PENDING = """
SELECT c.id, c.requesting_unit, c.requesting_doctor, c.requesting_phone, s.name, p.id, p.name, p.phone,
       c.appointment_at, c.submitted_at,
       (SELECT count(*) FROM escalation_call e WHERE e.consultation_id = c.id AND e.deleted_at IS NULL),
       (SELECT max(e.called_at) FROM escalation_call e WHERE e.consultation_id = c.id AND e.deleted_at IS NULL),
       (SELECT max(CASE e.rung WHEN 'medical_affairs' THEN 2 WHEN 'department' THEN 1 ELSE 0 END)
          FROM escalation_call e WHERE e.consultation_id = c.id AND e.deleted_at IS NULL)
FROM consultation c
JOIN specialist p ON p.id = c.specialist_id
JOIN specialty s ON s.id = c.specialty_id
WHERE c.status = ? AND c.deleted_at IS NULL"""

# Open bed requests flagged by hand, or unreserved with the window opening before the cutoff (a
# referral's bed stays until it is reserved, issue 5, however far its window); each with its
# department's phone as the department list holds it (the request's own copy only for a department
# not on the list), its latest call and the first call that brought the department's answer.
_LAST_CALL = ("(SELECT e.{col} FROM escalation_call e WHERE e.bed_request_id = b.id AND e.deleted_at IS NULL "
              "ORDER BY e.called_at DESC LIMIT 1)")
_BEDS = f"""
SELECT b.id, b.department, coalesce(d.phone, b.department_phone), b.patient_name, b.patient_id_number,
       b.from_unit, b.window_start, b.window_end, b.status,
       {_LAST_CALL.format(col="note")}, {_LAST_CALL.format(col="called_at")}, b.referral_id, b.requested_at,
       (SELECT min(e.called_at) FROM escalation_call e WHERE e.bed_request_id = b.id AND e.deleted_at IS NULL
          AND e.result IN ({", ".join("?" * len(REPLY_RESULTS))})),
       {_LAST_CALL.format(col="result")}
FROM bed_request b
LEFT OUTER JOIN department d ON d.name = b.department AND d.deleted_at IS NULL
WHERE b.status IN ({", ".join("?" * len(OPEN_BED_STATUSES))})
  AND (b.status = ? OR b.window_start <= ? OR b.referral_id IS NOT NULL)
  AND b.deleted_at IS NULL
ORDER BY b.window_start"""

QUERY_MAX = 200  # characters of a directory search read

_DIRECTORY = """
SELECT id, unit_name, contact, phone, purpose FROM directory_entry
WHERE deleted_at IS NULL {match}
ORDER BY sort_order, unit_name LIMIT ?"""


class PaneReads(LocalTime):
    """The desk's time and its panes' reads, over the cursors `cursor` opens: the open store's pooled
    connection (desk.core), or the file itself before the store is opened (desk.first_look)."""

    def __init__(self, desk: HasClockAndPolicy, cursor: Callable[[], AbstractContextManager[sqlite3.Cursor]]) -> None:
        self._desk = desk  # the rules and the clock are the desk's, read each time (they may be replaced)
        self._pane_cursor = cursor

    @property
    def policy(self) -> Policy:
        return self._desk.policy

    @property
    def clock(self) -> Clock:
        return self._desk.clock

    def duty_today(self, day: date | None = None) -> list[DutyRow]:
        with self._pane_cursor() as cur:
            return [DutyRow(*r) for r in cur.execute(_DUTY, ((day or self.today()).isoformat(),))]

    def pending_approvals(self) -> list[PendingApproval]:
        """Waiting for approval, overdue first, then by time left."""
        with self._pane_cursor() as cur:
            rows = [PendingRow(consultation_id, unit, doctor, phone, specialty, specialist_id, specialist,
                               specialist_phone, _instant(appointment_at), _instant_not_null(submitted_at), escalations,
                               _instant(last_call_at), top_rung or 0)
                    for (consultation_id, unit, doctor, phone, specialty, specialist_id, specialist, specialist_phone,
                         appointment_at, submitted_at, escalations, last_call_at, top_rung)
                    in cur.execute(_PENDING, (ConsultationStatus.SUBMITTED.value,))]
        items = [PendingApproval(r, approval_deadline(r.submitted_at, r.appointment_at, self.policy)) for r in rows]
        items.sort(key=lambda p: (p.deadline, p.row.submitted_at, p.row.consultation_id))
        return items

    def beds_to_coordinate(self) -> list[BedRow]:
        now = self.now()
        horizon = self.policy.bed_coordination_horizon
        params = (*REPLY_RESULTS, *OPEN_BED_STATUSES, BedStatus.NEEDS_COORDINATION.value,
                  stored_instant(now + horizon))
        with self._pane_cursor() as cur:
            rows = cur.execute(_BEDS, params).fetchall()
            flags = _flag_notes(cur, [r[0] for r in rows if r[8] == BedStatus.NEEDS_COORDINATION.value])
        out = []
        for (bed_id, department, phone, name, id_number, from_unit, start, end, status, note, last_at,
             referral_id, requested_at, answered_at, result) in rows:
            requested = _instant_not_null(requested_at)
            row = BedRow(bed_id, department, phone, name, id_number, from_unit, _instant_not_null(start),
                         _instant_not_null(end), status, note, _instant(last_at), referral_id, requested,
                         _instant(answered_at))
            if not (row.referral_id or needs_coordination(row.status, row.window_start, now, horizon)):
                continue
            said = [(row.last_call_at, call_words(result, row.last_note))] if row.last_call_at else []
            said += [flags[bed_id]] if bed_id in flags else []
            if said:
                at, words = max(said, key=lambda x: x[0])
                row = replace(row, last_note=words, last_call_at=at)
            # 002 五(二): the reply clock of a bed request, as of a consultation's approval.
            out.append(replace(row, reply_deadline=approval_deadline(requested, None, self.policy)))
        return out

    def search_directory(self, query: str = "", limit: int = DIRECTORY_LIMIT) -> list[DirectoryRow]:
        """Every word of the query (spaces separate them) found in the entry, in any order and any field, as a
        pane's `/` filter finds them (outside trial: `zhongxin yanggu` and `阳谷 医务科` found nothing)."""
        clauses, params = [], []
        # Bounded: a pasted paragraph is not eight hundred LIKEs, nor one past SQLite's pattern limit (a
        # 100,000-letter query raised "LIKE or GLOB pattern too complex"; the desk's box allows far fewer).
        for word in query[:QUERY_MAX].split()[:8]:
            term, is_number = query_terms(word)
            if term:
                clauses.append(f"AND {'phone_digits' if is_number else 'search_key'} LIKE ? ESCAPE '/'")
                params.append(f"%{_escape_like(term)}%")
        match = " ".join(clauses)
        with self._pane_cursor() as cur:
            return [DirectoryRow(*r) for r in cur.execute(_DIRECTORY.format(match=match), (*params, limit))]

    def bed_quotas(self, day: date | None = None) -> list[Quota]:
        """Departments that keep beds for referred patients, and how many of those a reservation
        holds on `day` (reserved, with its admission window overlapping the day)."""
        day = day or self.today()
        start = datetime.combine(day, time(0), self.policy.tz)
        end = start + timedelta(days=1)
        held: dict[str, int] = {}
        with self._pane_cursor() as cur:
            # Reservations still running after the day began, by the (status, window_end) index: a year
            # of old ones all start before today, few end after it. The window's start is compared here,
            # not in SQL, where it would tempt the planner onto the (status, window_start) index.
            for department, window_start in cur.execute(
                    "SELECT department, window_start FROM bed_request "
                    "WHERE status = ? AND window_end > ? AND deleted_at IS NULL",
                    (BedStatus.RESERVED.value, stored_instant(start))):
                if _instant_not_null(window_start) < end:
                    held[department] = held.get(department, 0) + 1
            quotas = cur.execute("SELECT name, reserved_beds FROM department "
                                 "WHERE reserved_beds > 0 AND deleted_at IS NULL ORDER BY sort_order, name").fetchall()
        return [Quota(name, beds, held.get(name, 0)) for name, beds in quotas]

    def roster_notice(self) -> str | None:
        """From the 25th: whether next month's roster is still missing (asked only then)."""
        from referral_desk.domain.roster import WARN_NEXT_MONTH_FROM, next_month, next_month_notice

        today = self.today()
        if today.day < WARN_NEXT_MONTH_FROM:
            return None
        first = next_month(today)
        last = first.replace(day=monthrange(first.year, first.month)[1])
        with self._pane_cursor() as cur:
            held = cur.execute("SELECT 1 FROM roster_entry WHERE duty_date BETWEEN ? AND ? AND deleted_at IS NULL "
                               "LIMIT 1", (first.isoformat(), last.isoformat())).fetchone() is not None
        return next_month_notice(today, held)

    def snapshot(self, directory_query: str = "") -> Snapshot:
        return Snapshot(
            duty=self.duty_today(),
            pending=self.pending_approvals(),
            beds=self.beds_to_coordinate(),
            directory=self.search_directory(directory_query),
            directory_query=directory_query,
            quotas=self.bed_quotas(),
            roster_notice=self.roster_notice(),
        )


def _flag_notes(cur: sqlite3.Cursor, bed_ids: list[str]) -> dict[str, tuple[datetime, str]]:
    """Why each bed was flagged 需协调, from the log (the flag's note lives only there)."""
    found: dict[str, tuple[datetime, str]] = {}
    for chunk in _chunks(bed_ids, 500):  # under SQLite's bound-parameter limit
        for entity_id, at, summary in cur.execute(
                "SELECT entity_id, at, summary FROM audit_entry WHERE entity = 'bed_request' "
                f"AND entity_id IN ({', '.join('?' * len(chunk))}) AND action = 'flag_bed_coordination' ORDER BY at",
                chunk).fetchall():
            found[entity_id] = (_instant_not_null(at),
                                summary.removeprefix("转为需协调").removeprefix("：") or "转为需协调")
    return found


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


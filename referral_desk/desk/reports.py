"""The period's records for the statistics and the report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import NamedTuple, TypeVarTuple, overload

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    SQLColumnExpression,
    String,
    TypeCoerce,
    and_,
    case,
    func,
    literal,
    not_,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.exc import DBAPIError, ResourceClosedError
from sqlmodel import Session, col

from referral_desk.desk.core import DeskCore, Workflow
from referral_desk.desk.directory import Directory
from referral_desk.domain.consultation import approval_deadline
from referral_desk.domain.day_figures import NO_GROUP_CONFIRMED, NO_GROUP_STABLE, DayFigures, figures_by_day, rolled_up
from referral_desk.domain.report_tables import ReportItem
from referral_desk.domain.statistics import (
    ConsultationRecord,
    FollowUpRecord,
    ReferralRecord,
    Statistics,
    VisitCountRecord,
    compute,
    main_diagnosis,
    summed,
    whole_month_spans,
)
from referral_desk.domain.statistics import days_of as _days
from referral_desk.domain.undo import UNDONE_BOOKING
from referral_desk.store.database import day_figures_cache as day_cache
from referral_desk.store.database.disease_lists import current_content
from referral_desk.store.database.engine import StoreDamaged
from referral_desk.store.database.tables import (
    BedRequest,
    Consultation,
    EscalationCall,
    FollowUp,
    Referral,
    Specialty,
    VisitCount,
)
from referral_desk.store.writes.actor import Applied

_Ts = TypeVarTuple("_Ts")


def _counted(c: type[Consultation]) -> ColumnElement[bool]:
    """Not a booking withdrawn by Ctrl+Z as made by mistake: it was never a request (issue 24)."""
    return not_(and_(col(c.status) == "withdrawn", func.coalesce(col(c.close_reason), "") == UNDONE_BOOKING))


@overload
def _text(column: SQLColumnExpression[datetime]) -> TypeCoerce[str]: ...


@overload
def _text(column: SQLColumnExpression[datetime | None]) -> TypeCoerce[str | None]: ...


def _text(column: SQLColumnExpression[datetime | None]) -> TypeCoerce[str] | TypeCoerce[str | None]:
    """The stored text of an instant: a year of rows is parsed faster by fromisoformat than by the
    column type (the desk's store is SQLite, where instants are naive UTC text)."""
    return type_coerce(column, String)


@overload
def _instant(value: str | datetime) -> datetime: ...


@overload
def _instant(value: str | datetime | None) -> datetime | None: ...


def _instant(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _stored(at: datetime) -> str:
    """An instant as the store writes it (naive UTC text)."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _plain_rows(conn: Connection, stmt: Select[*_Ts]) -> list[tuple[*_Ts]]:
    """The driver's own tuples: a year of rows skips SQLAlchemy's per-row processing (every column
    here is text or a number, and the parameters are already the stored text; a truth value comes
    back as SQLite's 0 or 1)."""
    compiled = stmt.compile(dialect=conn.dialect)
    params = compiled.construct_params()
    order = compiled.positiontup
    if order is None:  # SQLite's parameters are positional ("?"): never
        raise TypeError("the statement's parameters are not positional")
    driver = conn.connection.driver_connection
    if driver is None:  # an open connection always has its driver's
        raise ResourceClosedError("the store's connection is closed")
    cursor = driver.execute(str(compiled), [params[k] for k in order])
    try:
        rows: list[tuple[*_Ts]] = cursor.fetchall()  # the statement's columns, unprocessed
        return rows
    finally:
        cursor.close()


def _whole_hours(local: datetime) -> bool:
    """Whether the zone's offset at this local instant is whole hours (its UTC hour is then one local hour)."""
    offset = local.utcoffset()
    if offset is None:  # astimezone refuses a zone without an offset: never
        raise ValueError(f"no UTC offset at {local}")
    return not offset.total_seconds() % 3600


def _local_day(text: str, tz: tzinfo, days: dict[str, date]) -> date:
    """The local day of a stored instant; remembered per UTC hour when the zone's offset is whole
    hours then (its changes fall on whole hours too)."""
    local = _instant(text).astimezone(tz)
    if _whole_hours(local):
        days[text[:13]] = local.date()
    return local.date()


def _runs(days: list[date], gap: int = 7) -> list[tuple[date, date]]:
    """Days to count as few ranges: days less than `gap` apart are read together (a read has a cost of
    its own; the days between are counted too and are no worse for it)."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and (day - runs[-1][1]).days <= gap:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


class _ReferralRow(NamedTuple):
    """A referral as the statistics read it: fifteen columns, more than SQLAlchemy types in a select."""

    id: str
    direction: str
    requested: str  # instants as stored (see _text)
    transferred: str | None
    from_unit: str
    to_unit: str
    department: str
    inpatient: bool
    status: str
    emergency: bool
    window_start: str
    drg_code: int | None
    downward_basis: str
    window_end: str
    diagnosis: str


def _disease(direction: str, code: int | None, basis: str, groups: dict[int, str]) -> str:
    if direction != "down":
        return ""
    if code is not None:
        return f"第{code}组 {groups.get(code, '')}".strip()
    return NO_GROUP_CONFIRMED if basis else NO_GROUP_STABLE


class StatisticsReads(Workflow):
    """The figures of a period, from the store (each past day's kept, see store.database.day_figures_cache)."""

    KEPT_READ = 1_000  # parsed kept rows held: three years of months and a year of days

    def __init__(self, core: DeskCore, directory: Directory) -> None:
        super().__init__(core)
        self.directory = directory
        # A kept row's figures as parsed, by its key, with the text they came from: a year is twelve months'
        # rows whose parsing was half its count (issue 25); the same text is never parsed twice. Figures read
        # here are only ever merged into others, never changed.
        self._kept_read: dict[str, tuple[str, DayFigures]] = {}

    def _kept_figures(self, key: str, text: str) -> DayFigures:
        read = self._kept_read.get(key)
        if read is not None and read[0] == text:
            return read[1]
        figures = DayFigures.from_json(text)
        if len(self._kept_read) >= self.KEPT_READ:
            self._kept_read.clear()
        self._kept_read[key] = (text, figures)
        return figures

    def _bounds(self, first: date, last: date) -> tuple[datetime, datetime]:
        tz = self.policy.tz
        return datetime.combine(first, time(0), tz), datetime.combine(last + timedelta(days=1), time(0), tz)

    def consultation_records(self, first: date, last: date) -> list[ConsultationRecord]:
        start, end = self._bounds(first, last)
        now, tz, policy = self.now(), self.policy.tz, self.policy
        limit_minutes = policy.reply_limit.total_seconds() / 60
        c = Consultation
        # The clock's minutes from submission to the answer (or to now, or to the withdrawal), and
        # whether that end came after the appointment's reminder lead, are SQLite's arithmetic; the
        # walk through the service hours is needed only for requests past the limit on the clock.
        ended: ColumnElement[str] = case(
            (col(c.answered_at).is_not(None), _text(col(c.answered_at))),
            (or_(col(c.status) == "withdrawn", col(c.status) == "expired"), _text(col(c.status_changed_at))),
            else_=literal(_stored(now)))
        minutes: ColumnElement[float] = (func.julianday(ended) - func.julianday(_text(col(c.submitted_at)))) * 1440
        after_appointment = (func.julianday(ended) - func.julianday(_text(col(c.appointment_at)))) * 1440 \
            > -policy.reminder_lead.total_seconds() / 60
        with self.store.engine.connect() as conn:
            names = dict(conn.execute(select(col(Specialty.id), col(Specialty.name))).all())
            # The period's requests' calls (a day's statistics must not count a year of calls).
            calls = dict(conn.execute(
                select(col(EscalationCall.consultation_id), func.count())
                .join(c, col(c.id) == col(EscalationCall.consultation_id))
                .where(col(c.submitted_at) >= literal(_stored(start)), col(c.submitted_at) < literal(_stored(end)),
                       col(EscalationCall.deleted_at).is_(None))
                .group_by(col(EscalationCall.consultation_id))).all())
            rows = _plain_rows(conn, select(
                col(c.id), _text(col(c.submitted_at)), col(c.answered_at).is_not(None), ended, minutes,
                after_appointment, col(c.status), col(c.specialty_id), col(c.requesting_unit), col(c.outcome))
                .where(col(c.submitted_at) >= literal(_stored(start)), col(c.submitted_at) < literal(_stored(end)),
                       col(c.deleted_at).is_(None), _counted(c)))
        records = []
        days: dict[str, date] = {}
        # SQLAlchemy types a select's first ten columns and leaves the rest open: the star takes that rest
        # (there is none), not a row object a year of rows would pay for.
        for cid, submitted_text, answered, ended_text, ended_minutes, late_for_appointment, status, specialty_id, \
                unit, outcome, *_ in rows:
            day = days.get(submitted_text[:13])
            if day is None:
                day = _local_day(submitted_text, tz, days)
            overdue = bool(late_for_appointment)
            within = answered
            if ended_minutes > limit_minutes:  # service time never runs faster than the clock
                submitted = _instant(submitted_text)
                past = _instant(ended_text) > approval_deadline(submitted, None, policy)
                overdue = overdue or past
                within = answered and not past
            records.append(ConsultationRecord(
                id=cid, submitted_day=day, specialty=names.get(specialty_id, ""), unit=unit, status=status,
                reply_minutes=round(ended_minutes, 2) if answered else None, within_limit=within, overdue=overdue,
                escalations=calls.get(cid, 0), completed=status == "completed",
                refer_up=status == "completed" and outcome == "refer_up",
                settled=answered or overdue or status in ("withdrawn", "expired")))
        return records

    def referral_records(self, first: date, last: date) -> list[ReferralRecord]:
        start, end = self._bounds(first, last)
        tz = self.policy.tz
        in_period = or_((col(Referral.requested_at) >= start) & (col(Referral.requested_at) < end),
                        (col(Referral.direction) == "down") & (col(Referral.transferred_at) >= start)
                        & (col(Referral.transferred_at) < end))
        with self.store.engine.connect() as conn:
            rows = [_ReferralRow._make(row) for row in conn.execute(
                select(col(Referral.id), col(Referral.direction), _text(col(Referral.requested_at)),
                       _text(col(Referral.transferred_at)), col(Referral.from_unit), col(Referral.to_unit),
                       col(Referral.department), col(Referral.inpatient), col(Referral.status),
                       col(Referral.emergency), _text(col(Referral.window_start)), col(Referral.drg_code),
                       col(Referral.downward_basis), _text(col(Referral.window_end)), col(Referral.diagnosis))
                .where(col(Referral.deleted_at).is_(None), in_period))]
            beds: dict[str | None, tuple[datetime, datetime | None]] = {}
            for referral_id, asked, reserved in conn.execute(  # the period's referrals' beds
                    select(col(BedRequest.referral_id), col(BedRequest.requested_at), col(BedRequest.reserved_at))
                    .join(Referral, col(Referral.id) == col(BedRequest.referral_id))
                    .where(col(BedRequest.deleted_at).is_(None), col(Referral.deleted_at).is_(None), in_period)
                    .order_by(col(BedRequest.requested_at).desc())).all():
                beds[referral_id] = (asked, reserved)  # the first asked for wins
            with Session(bind=conn) as s:
                groups = {g.code: g.name for g in current_content(s).groups}
        records: dict[str, ReferralRecord] = {}
        for (rid, direction, requested_text, transferred_text, from_unit, to_unit, department, inpatient, status,
             emergency, window_start_text, drg_code, basis, window_end_text, diagnosis) in rows:
            requested, transferred = _instant(requested_text), _instant(transferred_text)
            window_start, window_end = _instant(window_start_text), _instant(window_end_text)
            bed_asked, bed_reserved = beds.get(rid, (None, None))
            before = None if bed_asked is None else bed_reserved is not None and bed_reserved <= window_start
            hours = (bed_reserved - bed_asked).total_seconds() / 3600 if bed_asked and bed_reserved else None
            records[rid] = ReferralRecord(
                id=rid, direction=direction, requested_day=requested.astimezone(tz).date(),
                transferred_day=transferred.astimezone(tz).date() if transferred else None,
                unit=from_unit if direction == "up" else to_unit, department=department, inpatient=bool(inpatient),
                status=status, emergency=bool(emergency), bed_reserved_before_window=before,
                bed_hours_to_reserve=hours,
                disease=(main_diagnosis(diagnosis) if direction == "up"
                         else _disease(direction, drg_code, basis, groups)),
                arrived_in_window=transferred <= window_end if transferred else None,
                hours_to_transfer=(transferred - requested).total_seconds() / 3600 if transferred else None)
        return list(records.values())

    def follow_up_records(self, first: date, last: date) -> list[FollowUpRecord]:
        tz = self.policy.tz
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(col(FollowUp.due_date), col(FollowUp.status), _text(col(FollowUp.done_at)))
                                .where(col(FollowUp.due_date) >= first, col(FollowUp.due_date) <= last,
                                       col(FollowUp.deleted_at).is_(None))).all()
        # Done on time: before the local midnight that ends the due day, compared as stored text.
        ends: dict[date, str] = {}
        records = []
        for due, status, done in rows:
            end = ends.get(due)
            if end is None:
                end = ends[due] = _stored(datetime.combine(due + timedelta(days=1), time(0), tz))
            records.append(FollowUpRecord(due, status == "done" and done is not None and done < end))
        return records

    def bed_no_shows(self, first: date, last: date) -> int:
        start, end = self._bounds(first, last)
        with self.store.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(BedRequest).where(
                col(BedRequest.status) == "no_show", col(BedRequest.requested_at) >= start,
                col(BedRequest.requested_at) < end, col(BedRequest.deleted_at).is_(None))).scalar_one()

    def statistics(self, first: date, last: date) -> Statistics:
        """Every figure for first..last (local days, both included): past days' and whole past months'
        figures as kept in the store (day_figures_cache), the rest counted from their records and kept
        for next time."""
        if last < first:
            from referral_desk.domain.errors import DomainError

            raise DomainError(f"结束日期 {last} 早于开始日期 {first}")
        try:
            day_cache.ensure(self.store.engine)
            return self._summed_with_kept_days(first, last)
        except (DBAPIError, StoreDamaged):
            # A store that takes no writes (damaged, read-only, locked), or a table removed under the desk:
            # counted straight, and the table looked at again next time.
            day_cache.forget_checked(self.store.engine)
            return self._computed(first, last, self.consultation_records(first, last))

    def _summed_with_kept_days(self, first: date, last: date) -> Statistics:
        today = self.today()
        print_ = self._figures_fingerprint()
        gone = min(last, today - timedelta(days=1))  # the days that no longer grow: their figures are kept
        with self.store.engine.connect() as conn:
            kept_text, gens = day_cache.kept(conn, first, gone, print_) if first <= gone else ({}, {})
        days: dict[date, DayFigures] = {}
        months = whole_month_spans(first, gone)
        for month_first, _month_last in months:
            if (text_ := kept_text.get(key := f"{month_first:%Y-%m}")) is not None:
                days[month_first] = self._kept_figures(key, text_)
        covered = {d for m in months if m[0] in days for d in _days(*m)}
        for day in _days(first, last):
            if day not in covered and (text_ := kept_text.get(key := day.isoformat())) is not None:
                days[day] = self._kept_figures(key, text_)
        missing = [d for d in _days(first, last) if d not in covered and d not in days]
        try:  # the rows of what will be kept made before its records are read: a write from now on is seen
            day_cache.claim(self.store.engine, [d.isoformat() for d in missing if d <= gone]
                            + [f"{m:%Y-%m}" for m, _ in months if m not in covered], gens)
        except (DBAPIError, StoreDamaged):
            gens.clear()  # nothing is kept this time
        counted: list[tuple[str, str]] = []
        moving: set[date] = set()  # days with a request whose figures still change with the clock
        for run_first, run_last in _runs(missing):
            records = self.consultation_records(run_first, run_last)
            fresh = figures_by_day(records, self.referral_records(run_first, run_last),
                                   self.follow_up_records(run_first, run_last), run_first, run_last)
            moving |= {c.submitted_day for c in records if not c.settled}
            for day in _days(run_first, run_last):
                if day not in days:  # a kept day inside a run stays as kept
                    days[day] = fresh.get(day) or DayFigures()
                    if day <= gone and day not in moving:
                        counted.append((day.isoformat(), days[day].to_json()))
        for month_first, month_last in months:  # a whole month gone by, every day of it settled: one row
            if month_first not in covered and not any(d in moving for d in _days(month_first, month_last)):
                month = rolled_up({d: days.pop(d) for d in _days(month_first, month_last)})
                days[month_first] = month
                counted.append((f"{month_first:%Y-%m}", month.to_json()))
        if counted:
            try:
                day_cache.keep(self.store.engine, counted, gens, print_)
            except (DBAPIError, StoreDamaged):
                pass  # kept next time: the figures shown are counted either way
        unit_of = self._unit_of()
        return summed(first, last, days, self.bed_no_shows(first, last), today,
                      self._alliance_visits(first, last, unit_of), unit_of)

    def _figures_fingerprint(self) -> str:
        """Kept figures hold specialty names and disease groups by name, and were counted under the policy.
        One statement: in a worker beside a drawing desk each statement waits its turn for the interpreter."""
        with self.store.engine.connect() as conn:
            names, edition = conn.exec_driver_sql(
                "SELECT (SELECT group_concat(id || '=' || name, ';')"
                " FROM (SELECT id, name FROM specialty ORDER BY id)),"
                " (SELECT id || ':' || version FROM disease_list WHERE deleted_at IS NULL"
                "  ORDER BY edition DESC LIMIT 1)").one()
        return day_cache.fingerprint(repr(self.policy), names, edition)

    def _computed(self, first: date, last: date, records: list[ConsultationRecord]) -> Statistics:
        unit_of = self._unit_of()  # the directory read once: both its users need it
        return compute(first, last, records, self.referral_records(first, last), self.follow_up_records(first, last),
                       self.bed_no_shows(first, last), self.today(), self._alliance_visits(first, last, unit_of),
                       unit_of)

    def _alliance_visits(self, first: date, last: date, unit_of: Callable[[str], str]) -> list[VisitCountRecord]:
        """The alliance units' 诊疗人次 (a count once entered for the city hospital is not one of them)."""
        from referral_desk.domain.unit_names import CITY_HOSPITAL

        return [v for v in self.visit_count_records(first, last) if unit_of(v.unit) != CITY_HOSPITAL]

    def _unit_of(self) -> Callable[[str], str]:
        """A unit's one name (the directory's) for any name it was typed under."""
        from referral_desk.desk.directory import _name  # the directory's own folding

        names = self.directory.unit_by_any_name()
        return lambda unit: names.get(_name(unit), unit)

    # -- 诊疗人次 (the denominator of 转诊率) -------------------------------------------
    def visit_count_records(self, first: date, last: date) -> list[VisitCountRecord]:
        with self.store.engine.connect() as conn:
            return [VisitCountRecord(*row) for row in conn.execute(
                select(col(VisitCount.unit), col(VisitCount.month), col(VisitCount.visits))
                .where(col(VisitCount.month) >= f"{first:%Y-%m}", col(VisitCount.month) <= f"{last:%Y-%m}",
                       col(VisitCount.deleted_at).is_(None)).order_by(col(VisitCount.month), col(VisitCount.unit)))]

    def record_visit_counts(self, rows: list[tuple[str, str, int]], source: str = "") -> list[Applied]:
        """(unit, YYYY-MM, 诊疗人次) as one change: all of them or, when one is refused, none."""
        from referral_desk.domain.commands import RecordVisitCount
        from referral_desk.domain.errors import DomainError
        from referral_desk.domain.unit_names import CITY_HOSPITAL
        from referral_desk.store.database.ids import seed_id

        latest = f"{self.today():%Y-%m}"
        commands: list[RecordVisitCount] = []
        for unit, month, visits in rows:
            unit = self.directory.directory_unit(unit) or unit.strip()  # one name per unit, whatever name was typed
            if unit == CITY_HOSPITAL:
                raise DomainError(f"{CITY_HOSPITAL}不是医联体单位：转诊率按各医联体单位的诊疗人次计", field="unit")
            if month > latest:
                raise DomainError(f"{unit} {month} 尚未到来：诊疗人次按已过去或本月的月份录入", field="month")
            commands.append(RecordVisitCount(visit_count_id=seed_id("visit_count", unit, month), unit=unit,
                                             month=month, visits=visits, source=source))
        applied = self.executor.execute_many(commands)
        self.core.changed()
        return applied


class Reports(StatisticsReads):
    """The report: the statistics' tables and the period's items, written and audited."""

    def report_items(self, first: date, last: date, records: list[ConsultationRecord] | None = None
                     ) -> list[ReportItem]:
        from referral_desk.domain.consultation import STATUS_LABELS, ConsultationStatus
        from referral_desk.domain.identity import mask_id_number
        from referral_desk.domain.referral import ReferralStatus
        from referral_desk.store.database.ids import short_ref
        from referral_desk.store.database.tables import Specialist

        start, end = self._bounds(first, last)
        tz = self.policy.tz
        facts = {r.id: r for r in (records if records is not None else self.consultation_records(first, last))}
        c = Consultation
        with self.store.engine.connect() as conn:
            doctors = dict(conn.execute(select(col(Specialist.id), col(Specialist.name))).all())
            specialties = dict(conn.execute(select(col(Specialty.id), col(Specialty.name))).all())
            consultations = _plain_rows(conn, select(
                col(c.id), _text(col(c.submitted_at)), col(c.requesting_unit), col(c.specialty_id),
                col(c.specialist_id), col(c.patient_name), col(c.patient_id_number), col(c.status))
                .where(col(c.submitted_at) >= literal(_stored(start)), col(c.submitted_at) < literal(_stored(end)),
                       col(c.deleted_at).is_(None), _counted(c)).order_by(col(c.submitted_at)))
            referrals = conn.execute(
                select(col(Referral.id), col(Referral.direction), col(Referral.emergency), col(Referral.requested_at),
                       col(Referral.from_unit), col(Referral.to_unit), col(Referral.department),
                       col(Referral.patient_name), col(Referral.patient_id_number), col(Referral.status))
                .where(col(Referral.requested_at) >= start, col(Referral.requested_at) < end,
                       col(Referral.deleted_at).is_(None))
                .order_by(col(Referral.requested_at))).all()
        labels = {s.value: STATUS_LABELS[s] for s in ConsultationStatus}
        items: list[ReportItem] = []
        hours: dict[str, str] = {}  # local "YYYY-MM-DD HH" of each UTC hour (whole-hour offsets)
        for cid, submitted, unit, specialty_id, specialist_id, patient, id_number, status in consultations:
            fact = facts.get(cid)
            hour = hours.get(submitted[:13])
            if hour is None:
                local = _instant(submitted).astimezone(tz)
                hour = f"{local:%Y-%m-%d %H}"
                if not _whole_hours(local):
                    hour = None  # a half-hour zone: no shortcut
                else:
                    hours[submitted[:13]] = hour
            when = hour + submitted[13:16] if hour else f"{_instant(submitted).astimezone(tz):%Y-%m-%d %H:%M}"
            items.append(ReportItem(
                kind="会诊", ref=short_ref(cid), at=when, unit=unit, to=specialties.get(specialty_id, ""),
                person=doctors.get(specialist_id, ""), patient=patient, id_number=mask_id_number(id_number),
                state=labels.get(status, status), reply_minutes=fact.reply_minutes if fact else None,
                overdue="是" if fact and fact.overdue else "", escalations=fact.escalations if fact else 0))
        for rid, direction, emergency, requested, from_unit, to_unit, department, patient, id_number, status, *_ \
                in referrals:  # the star: as for the consultations' rows in consultation_records
            kind = ("上转" if direction == "up" else "下转") + ("（急诊补录）" if emergency else "")
            items.append(ReportItem(
                kind=kind, ref=short_ref(rid), at=f"{requested.astimezone(tz):%Y-%m-%d %H:%M}", unit=from_unit,
                to=to_unit, person=department, patient=patient, id_number=mask_id_number(id_number),
                state=ReferralStatus(status).label, reply_minutes=None, overdue="", escalations=None))
        return items

    def export_report(self, first: date, last: date, fmt: str, out: str | Path | None = None, *,
                      force: bool = False) -> list[Path]:
        """Write the report and record the export (who, when, what range) in the audit log. `out`
        None: the report folder, under a name not yet taken; a named `out` is never replaced
        unless `force`, and never the store."""
        from referral_desk.domain.bounds import visible
        from referral_desk.domain.commands import LogAuditEvent
        from referral_desk.domain.report_tables import report_tables
        from referral_desk.files.report_files import report_targets, write_report
        from referral_desk.files.safe_output import atomic_files

        records = self.consultation_records(first, last)
        stats = self._computed(first, last, records)
        generated = f"{self.local(self.now()):%Y-%m-%d %H:%M} {self.actor.operator}@{self.actor.workstation}"
        tables = report_tables(stats, self.report_items(first, last, records), generated)
        default = self.folders.reports / f"转诊统计-{first:%Y%m%d}-{last:%Y%m%d}.{fmt}" if out is None else None
        paths = self.core.output_targets(lambda o: report_targets(tables, o, fmt), out, default, force=force)
        with atomic_files(paths, force=force) as temps:
            write_report(tables, temps, fmt)
        self.execute(LogAuditEvent(
            action="export_report", subject_entity="report", subject_id=f"{first:%Y-%m-%d}..{last:%Y-%m-%d}",
            summary=f"导出报表（{fmt}）：{first:%Y-%m-%d} 至 {last:%Y-%m-%d}，{len(tables[-1].rows)} 条明细",
            detail={"from": first.isoformat(), "to": last.isoformat(), "format": fmt,
                    "file": visible(", ".join(str(p) for p in paths))[:1000]}))
        return paths

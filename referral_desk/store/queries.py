"""Indexed read queries behind each pane and detail view; plain rows, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import Connection, and_, func, or_, select

from referral_desk.domain.bed import OPEN_BED_STATUSES, REPLY_RESULTS, BedStatus
from referral_desk.domain.consultation import ConsultationStatus
from referral_desk.domain.escalation import CALL_RESULT_LABELS
from referral_desk.store.tables import (
    AuditEntry,
    BedRequest,
    Consultation,
    Department,
    DirectoryEntry,
    EscalationCall,
    Referral,
    RosterEntry,
    Specialist,
    Specialty,
)


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
    reply_deadline: datetime | None = None  # set by the service from the policy


@dataclass(frozen=True)
class DirectoryRow:
    directory_entry_id: str
    unit_name: str
    contact: str
    phone: str | None
    purpose: str


@dataclass(frozen=True)
class DutyDay:
    duty_date: date
    specialty_name: str


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    operator: str
    workstation: str
    summary: str


def duty_on(conn: Connection, day: date) -> list[DutyRow]:
    stmt = (
        select(Specialty.id, Specialty.name, Specialist.id, Specialist.name, Specialist.title, Specialist.phone)
        .select_from(Specialty)
        .outerjoin(
            RosterEntry,
            and_(
                RosterEntry.specialty_id == Specialty.id,
                RosterEntry.duty_date == day,
                RosterEntry.deleted_at.is_(None),
            ),
        )
        .outerjoin(Specialist, Specialist.id == RosterEntry.specialist_id)
        .where(Specialty.deleted_at.is_(None))
        .order_by(Specialty.sort_order, Specialty.name)
    )
    return [DutyRow(*r) for r in conn.execute(stmt)]


def pending_approvals(conn: Connection) -> list[PendingRow]:
    calls = (
        select(func.count())
        .where(EscalationCall.consultation_id == Consultation.id, EscalationCall.deleted_at.is_(None))
        .scalar_subquery()
    )
    last_call = (
        select(func.max(EscalationCall.called_at))
        .where(EscalationCall.consultation_id == Consultation.id, EscalationCall.deleted_at.is_(None))
        .scalar_subquery()
    )
    stmt = (
        select(
            Consultation.id,
            Consultation.requesting_unit,
            Consultation.requesting_doctor,
            Consultation.requesting_phone,
            Specialty.name,
            Specialist.id,
            Specialist.name,
            Specialist.phone,
            Consultation.appointment_at,
            Consultation.submitted_at,
            calls,
            last_call,
        )
        .join(Specialist, Specialist.id == Consultation.specialist_id)
        .join(Specialty, Specialty.id == Consultation.specialty_id)
        .where(Consultation.status == ConsultationStatus.SUBMITTED.value, Consultation.deleted_at.is_(None))
    )
    return [PendingRow(*r) for r in conn.execute(stmt)]


def beds_to_coordinate(conn: Connection, cutoff: datetime) -> list[BedRow]:
    """Open bed requests flagged by hand, or unreserved with the window opening before `cutoff`;
    each with its department's phone as the department list holds it (the request's own copy only
    for a department not on the list) and its latest coordination from the log."""
    last = (
        select(EscalationCall.note, EscalationCall.called_at)
        .where(EscalationCall.bed_request_id == BedRequest.id, EscalationCall.deleted_at.is_(None))
        .order_by(EscalationCall.called_at.desc())
        .limit(1)
    )
    last_note = last.with_only_columns(EscalationCall.note).scalar_subquery()
    last_result = last.with_only_columns(EscalationCall.result).scalar_subquery()
    last_at = last.with_only_columns(EscalationCall.called_at).scalar_subquery()
    answered_by_call = (
        select(func.min(EscalationCall.called_at))
        .where(EscalationCall.bed_request_id == BedRequest.id, EscalationCall.deleted_at.is_(None),
               EscalationCall.result.in_(REPLY_RESULTS))
        .scalar_subquery()
    )
    stmt = (
        select(
            BedRequest.id,
            BedRequest.department,
            func.coalesce(Department.phone, BedRequest.department_phone),
            BedRequest.patient_name,
            BedRequest.patient_id_number,
            BedRequest.from_unit,
            BedRequest.window_start,
            BedRequest.window_end,
            BedRequest.status,
            last_note,
            last_at,
            BedRequest.referral_id,
            BedRequest.requested_at,
            answered_by_call,
            last_result,
        )
        .outerjoin(Department, and_(Department.name == BedRequest.department, Department.deleted_at.is_(None)))
        .where(
            BedRequest.status.in_(OPEN_BED_STATUSES),
            # A referral's bed stays in the pane until it is reserved (issue 5), however far its window.
            or_(BedRequest.status == BedStatus.NEEDS_COORDINATION.value, BedRequest.window_start <= cutoff,
                BedRequest.referral_id.is_not(None)),
            BedRequest.deleted_at.is_(None),
        )
        .order_by(BedRequest.window_start)
    )
    rows = conn.execute(stmt).all()
    flags = _flag_notes(conn, [r[0] for r in rows if r[8] == BedStatus.NEEDS_COORDINATION.value])
    out = []
    for *fields, result in rows:
        row = BedRow(*fields)
        said = [(row.last_call_at, call_words(result, row.last_note))] if row.last_call_at else []
        said += [flags[row.bed_request_id]] if row.bed_request_id in flags else []
        if said:
            at, words = max(said, key=lambda x: x[0])
            row = replace(row, last_note=words, last_call_at=at)
        out.append(row)
    return out


def call_words(result: str | None, note: str | None) -> str:
    """A call as the pane says it: its result, and the note if any ('未接听', '已接通：明早出院一床')."""
    label = CALL_RESULT_LABELS.get(result, "") if result else ""
    note = (note or "").strip()
    return f"{label}：{note}" if label and note else (note or label or "已联系")


def department_phone(conn: Connection, department: str) -> str | None:
    """One phone per department everywhere: the department list's."""
    return conn.execute(select(Department.phone).where(Department.name == department,
                                                       Department.deleted_at.is_(None))).scalar()


def _flag_notes(conn: Connection, bed_ids: list[str]) -> dict[str, tuple[datetime, str]]:
    """Why each bed was flagged 需协调, from the log (the flag's note lives only there)."""
    if not bed_ids:
        return {}
    found: dict[str, tuple[datetime, str]] = {}
    for entity_id, at, summary in conn.execute(
            select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.summary)
            .where(AuditEntry.entity == "bed_request", AuditEntry.entity_id.in_(bed_ids),
                   AuditEntry.action == "flag_bed_coordination").order_by(AuditEntry.at)):
        found[entity_id] = (at, summary.removeprefix("转为需协调").removeprefix("：") or "转为需协调")
    return found


def search_directory(conn: Connection, term: str, is_number: bool, limit: int) -> list[DirectoryRow]:
    stmt = select(
        DirectoryEntry.id, DirectoryEntry.unit_name, DirectoryEntry.contact, DirectoryEntry.phone,
        DirectoryEntry.purpose,
    ).where(DirectoryEntry.deleted_at.is_(None))
    if term:
        column = DirectoryEntry.phone_digits if is_number else DirectoryEntry.search_key
        stmt = stmt.where(column.contains(term, autoescape=True))
    stmt = stmt.order_by(DirectoryEntry.sort_order, DirectoryEntry.unit_name).limit(limit)
    return [DirectoryRow(*r) for r in conn.execute(stmt)]


def unit_contacts(conn: Connection, unit_name: str) -> list[DirectoryRow]:
    stmt = (
        select(DirectoryEntry.id, DirectoryEntry.unit_name, DirectoryEntry.contact, DirectoryEntry.phone,
               DirectoryEntry.purpose)
        .where(DirectoryEntry.unit_name == unit_name, DirectoryEntry.deleted_at.is_(None))
        .order_by(DirectoryEntry.sort_order)
    )
    return [DirectoryRow(*r) for r in conn.execute(stmt)]


def specialist_duties(conn: Connection, specialist_id: str, first: date, last: date) -> list[DutyDay]:
    stmt = (
        select(RosterEntry.duty_date, Specialty.name)
        .join(Specialty, Specialty.id == RosterEntry.specialty_id)
        .where(
            RosterEntry.specialist_id == specialist_id,
            RosterEntry.duty_date.between(first, last),
            RosterEntry.deleted_at.is_(None),
        )
        .order_by(RosterEntry.duty_date)
    )
    return [DutyDay(*r) for r in conn.execute(stmt)]


def audit_timeline(conn: Connection, entity: str, entity_id: str) -> list[TimelineItem]:
    stmt = (
        select(AuditEntry.at, AuditEntry.operator, AuditEntry.workstation, AuditEntry.summary)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.at)
    )
    return [TimelineItem(*r) for r in conn.execute(stmt)]


@dataclass(frozen=True)
class CallRow:
    called_at: datetime
    operator: str
    workstation: str
    callee: str
    callee_phone: str | None
    result: str
    note: str


def calls_for(conn: Connection, *, consultation_id: str | None = None, bed_request_id: str | None = None) -> list[CallRow]:
    column = EscalationCall.consultation_id if consultation_id else EscalationCall.bed_request_id
    stmt = (
        select(
            EscalationCall.called_at, EscalationCall.operator, EscalationCall.workstation, EscalationCall.callee,
            EscalationCall.callee_phone, EscalationCall.result, EscalationCall.note,
        )
        .where(column == (consultation_id or bed_request_id), EscalationCall.deleted_at.is_(None))
        .order_by(EscalationCall.called_at)
    )
    return [CallRow(*r) for r in conn.execute(stmt)]


@dataclass(frozen=True)
class RosterCell:
    specialty_id: str
    duty_date: date
    specialist_id: str
    specialist_name: str


def _roster_cells(conn: Connection, *where) -> list[RosterCell]:
    stmt = (
        select(RosterEntry.specialty_id, RosterEntry.duty_date, RosterEntry.specialist_id, Specialist.name)
        .join(Specialist, Specialist.id == RosterEntry.specialist_id)
        .where(*where)
    )
    return [RosterCell(*r) for r in conn.execute(stmt)]


def roster_cells(conn: Connection, first: date, last: date) -> list[RosterCell]:
    """A month of duties (the one-per-day index starts with the date)."""
    return _roster_cells(conn, RosterEntry.duty_date.between(first, last), RosterEntry.deleted_at.is_(None))


def has_duties(conn: Connection, first: date, last: date) -> bool:
    return conn.execute(select(RosterEntry.id).where(RosterEntry.duty_date.between(first, last),
                                                     RosterEntry.deleted_at.is_(None)).limit(1)).first() is not None


def roster_version_cells(conn: Connection, roster_import_id: str) -> list[RosterCell]:
    """The duties one month import wrote, whether later replaced or not: that version of the month."""
    return _roster_cells(conn, RosterEntry.roster_import_id == roster_import_id)


def specialties(conn: Connection) -> list[tuple[str, str]]:
    stmt = (select(Specialty.id, Specialty.name).where(Specialty.deleted_at.is_(None))
            .order_by(Specialty.sort_order, Specialty.name))
    return [tuple(r) for r in conn.execute(stmt)]


def unit_names(conn: Connection) -> list[str]:
    """Every unit of the directory, for completing the requesting unit as it is typed."""
    stmt = (select(DirectoryEntry.unit_name).where(DirectoryEntry.deleted_at.is_(None)).distinct()
            .order_by(DirectoryEntry.unit_name))
    return list(conn.execute(stmt).scalars())


@dataclass(frozen=True)
class FollowUpRow:
    follow_up_id: str
    referral_id: str
    due_date: date
    attempts: int
    result: str | None
    last_call_at: datetime | None
    direction: str
    patient_name: str
    patient_phone: str | None
    from_unit: str
    to_unit: str
    department: str
    transferred_at: datetime | None


def follow_ups_due(conn: Connection, through: date) -> list[FollowUpRow]:
    """Follow-ups not done and due by `through` (the due index starts with the status)."""
    from referral_desk.store.tables import FollowUp, Referral

    stmt = (
        select(FollowUp.id, FollowUp.referral_id, FollowUp.due_date, FollowUp.attempts, FollowUp.result,
               FollowUp.last_call_at, Referral.direction, Referral.patient_name, Referral.patient_phone,
               Referral.from_unit, Referral.to_unit, Referral.department, Referral.transferred_at)
        .join(Referral, Referral.id == FollowUp.referral_id)
        .where(FollowUp.status == "due", FollowUp.due_date <= through, FollowUp.deleted_at.is_(None))
        .order_by(FollowUp.due_date, Referral.patient_name)
    )
    return [FollowUpRow(*r) for r in conn.execute(stmt)]


@dataclass(frozen=True)
class QuotaRow:
    department: str
    reserved_beds: int
    held: int


def bed_quotas(conn: Connection, day_start: datetime, day_end: datetime) -> list[QuotaRow]:
    """Departments that keep beds for referred patients, and how many of those a reservation
    holds today (reserved, with its admission window overlapping the day)."""
    from referral_desk.store.tables import Department

    # Reservations still running after the day began, by the (status, window_end) index: a year of old
    # ones all start before today, few end after it. The window's start is compared here, not in SQL,
    # where it would tempt the planner onto the (status, window_start) index.
    held: dict[str, int] = {}
    for department, start in conn.execute(
            select(BedRequest.department, BedRequest.window_start)
            .where(BedRequest.status == BedStatus.RESERVED.value, BedRequest.window_end > day_start,
                   BedRequest.deleted_at.is_(None))):
        if start < day_end:
            held[department] = held.get(department, 0) + 1
    stmt = (
        select(Department.name, Department.reserved_beds)
        .where(Department.reserved_beds > 0, Department.deleted_at.is_(None))
        .order_by(Department.sort_order, Department.name)
    )
    return [QuotaRow(name, beds, held.get(name, 0)) for name, beds in conn.execute(stmt)]


def names_for_id_number(conn: Connection, id_number: str) -> set[str]:
    """Every patient name an ID number was registered under (requests, referrals, beds)."""
    names: set[str] = set()
    for table in (Consultation, Referral, BedRequest):
        names.update(conn.execute(select(table.patient_name).distinct().where(
            table.patient_id_number == id_number, table.deleted_at.is_(None))).scalars())
    return names


def audit_events(conn: Connection, action: str, since: datetime | None = None, limit: int = 200) -> list:
    """(at, operator, workstation, detail_json) of one kind of audit event, the latest first: handovers
    and sign-ins (store.shift_service)."""
    stmt = select(AuditEntry.at, AuditEntry.operator, AuditEntry.workstation, AuditEntry.detail_json).where(
        AuditEntry.action == action)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= since)
    return conn.execute(stmt.order_by(AuditEntry.at.desc()).limit(limit)).all()


def bed_status(conn: Connection, bed_request_id: str) -> str | None:
    return conn.execute(select(BedRequest.status).where(BedRequest.id == bed_request_id)).scalar()

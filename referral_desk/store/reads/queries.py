"""Indexed read queries behind the detail views and reports; plain rows, no ORM objects. The four
panes' reads are in pane_reads.py (plain SQL, so the first frame needs no SQLAlchemy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import Connection, select

from referral_desk.store.database.tables import (
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
from referral_desk.store.reads.pane_reads import BedRow, DirectoryRow, DutyRow, PendingRow  # noqa: F401  (re-exported)


def local_day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The instants a local day starts and the next one starts (a query's half-open range)."""
    return datetime.combine(day, time(0), tz), datetime.combine(day + timedelta(days=1), time(0), tz)


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


def department_phone(conn: Connection, department: str) -> str | None:
    """One phone per department everywhere: the department list's."""
    return conn.execute(select(Department.phone).where(Department.name == department,
                                                       Department.deleted_at.is_(None))).scalar()


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
    rung: str = "specialist"


def calls_for(conn: Connection, *, consultation_id: str | None = None, bed_request_id: str | None = None) -> list[CallRow]:
    column = EscalationCall.consultation_id if consultation_id else EscalationCall.bed_request_id
    stmt = (
        select(
            EscalationCall.called_at, EscalationCall.operator, EscalationCall.workstation, EscalationCall.callee,
            EscalationCall.callee_phone, EscalationCall.result, EscalationCall.note, EscalationCall.rung,
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
    from referral_desk.store.database.tables import FollowUp, Referral

    stmt = (
        select(FollowUp.id, FollowUp.referral_id, FollowUp.due_date, FollowUp.attempts, FollowUp.result,
               FollowUp.last_call_at, Referral.direction, Referral.patient_name, Referral.patient_phone,
               Referral.from_unit, Referral.to_unit, Referral.department, Referral.transferred_at)
        .join(Referral, Referral.id == FollowUp.referral_id)
        .where(FollowUp.status == "due", FollowUp.due_date <= through, FollowUp.deleted_at.is_(None))
        .order_by(FollowUp.due_date, Referral.patient_name)
    )
    return [FollowUpRow(*r) for r in conn.execute(stmt)]


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

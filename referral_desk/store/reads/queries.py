"""Indexed read queries behind the detail views and reports; plain rows, no ORM objects. The four
panes' reads are in pane_reads.py (plain SQL, so the first frame needs no SQLAlchemy)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import ColumnElement, Connection, Row, select
from sqlmodel import col

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
    return conn.execute(select(col(Department.phone)).where(col(Department.name) == department,
                                                            col(Department.deleted_at).is_(None))).scalar()


def unit_contacts(conn: Connection, unit_name: str) -> list[DirectoryRow]:
    stmt = (
        select(col(DirectoryEntry.id), col(DirectoryEntry.unit_name), col(DirectoryEntry.contact),
               col(DirectoryEntry.phone), col(DirectoryEntry.purpose))
        .where(col(DirectoryEntry.unit_name) == unit_name, col(DirectoryEntry.deleted_at).is_(None))
        .order_by(col(DirectoryEntry.sort_order))
    )
    return [DirectoryRow(*r) for r in conn.execute(stmt)]


def specialist_duties(conn: Connection, specialist_id: str, first: date, last: date) -> list[DutyDay]:
    stmt = (
        select(col(RosterEntry.duty_date), col(Specialty.name))
        .join(Specialty, col(Specialty.id) == col(RosterEntry.specialty_id))
        .where(
            col(RosterEntry.specialist_id) == specialist_id,
            col(RosterEntry.duty_date).between(first, last),
            col(RosterEntry.deleted_at).is_(None),
        )
        .order_by(col(RosterEntry.duty_date))
    )
    return [DutyDay(*r) for r in conn.execute(stmt)]


def audit_timeline(conn: Connection, entity: str, entity_id: str) -> list[TimelineItem]:
    stmt = (
        select(col(AuditEntry.at), col(AuditEntry.operator), col(AuditEntry.workstation), col(AuditEntry.summary))
        .where(col(AuditEntry.entity) == entity, col(AuditEntry.entity_id) == entity_id)
        .order_by(col(AuditEntry.at))
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


def calls_for(conn: Connection, *, consultation_id: str | None = None,
              bed_request_id: str | None = None) -> list[CallRow]:
    column = col(EscalationCall.consultation_id) if consultation_id else col(EscalationCall.bed_request_id)
    stmt = (
        select(
            col(EscalationCall.called_at), col(EscalationCall.operator), col(EscalationCall.workstation),
            col(EscalationCall.callee), col(EscalationCall.callee_phone), col(EscalationCall.result),
            col(EscalationCall.note), col(EscalationCall.rung),
        )
        .where(column == (consultation_id or bed_request_id), col(EscalationCall.deleted_at).is_(None))
        .order_by(col(EscalationCall.called_at))
    )
    return [CallRow(*r) for r in conn.execute(stmt)]


def referral_of_consultation(conn: Connection, consultation_id: str) -> str | None:
    """The upward referral made of a consultation, if any: a cancelled one does not count."""
    stmt = select(col(Referral.id)).where(col(Referral.consultation_id) == consultation_id,
                                         col(Referral.status) != "cancelled")
    return conn.execute(stmt).scalars().first()


@dataclass(frozen=True)
class RosterCell:
    specialty_id: str
    duty_date: date
    specialist_id: str
    specialist_name: str


def _roster_cells(conn: Connection, *where: ColumnElement[bool]) -> list[RosterCell]:
    stmt = (
        select(col(RosterEntry.specialty_id), col(RosterEntry.duty_date), col(RosterEntry.specialist_id),
               col(Specialist.name))
        .join(Specialist, col(Specialist.id) == col(RosterEntry.specialist_id))
        .where(*where)
    )
    return [RosterCell(*r) for r in conn.execute(stmt)]


def roster_cells(conn: Connection, first: date, last: date) -> list[RosterCell]:
    """A month of duties (the one-per-day index starts with the date)."""
    return _roster_cells(conn, col(RosterEntry.duty_date).between(first, last), col(RosterEntry.deleted_at).is_(None))


def roster_version_cells(conn: Connection, roster_import_id: str) -> list[RosterCell]:
    """The duties one month import wrote, whether later replaced or not: that version of the month."""
    return _roster_cells(conn, col(RosterEntry.roster_import_id) == roster_import_id)


def specialties(conn: Connection) -> list[tuple[str, str]]:
    stmt = (select(col(Specialty.id), col(Specialty.name)).where(col(Specialty.deleted_at).is_(None))
            .order_by(col(Specialty.sort_order), col(Specialty.name)))
    return [(specialty_id, name) for specialty_id, name in conn.execute(stmt)]


def unit_names(conn: Connection) -> list[str]:
    """Every unit of the directory, for completing the requesting unit as it is typed."""
    stmt = (select(col(DirectoryEntry.unit_name)).where(col(DirectoryEntry.deleted_at).is_(None)).distinct()
            .order_by(col(DirectoryEntry.unit_name)))
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
        select(col(FollowUp.id), col(FollowUp.referral_id), col(FollowUp.due_date), col(FollowUp.attempts),
               col(FollowUp.result), col(FollowUp.last_call_at), col(Referral.direction), col(Referral.patient_name),
               col(Referral.patient_phone), col(Referral.from_unit), col(Referral.to_unit), col(Referral.department),
               col(Referral.transferred_at))
        .join(Referral, col(Referral.id) == col(FollowUp.referral_id))
        .where(col(FollowUp.status) == "due", col(FollowUp.due_date) <= through, col(FollowUp.deleted_at).is_(None))
        .order_by(col(FollowUp.due_date), col(Referral.patient_name))
    )
    rows: list[FollowUpRow] = []
    for r in conn.execute(stmt):
        # Past ten columns the stubs type a row's tail as a variadic tuple, which mypy cannot spread
        # into a call beside typed ones: the last three are taken apart first.
        to_unit, department, transferred_at = r[10:]
        rows.append(FollowUpRow(*r[:10], to_unit, department, transferred_at))
    return rows


def names_for_id_number(conn: Connection, id_number: str) -> set[str]:
    """Every patient name an ID number was registered under (requests, referrals, beds)."""
    names: set[str] = set()
    for table in (Consultation, Referral, BedRequest):
        names.update(conn.execute(select(col(table.patient_name)).distinct().where(
            col(table.patient_id_number) == id_number, col(table.deleted_at).is_(None))).scalars())
    return names


def audit_events(conn: Connection, action: str, since: datetime | None = None,
                 limit: int = 200) -> Sequence[Row[datetime, str, str, str]]:
    """(at, operator, workstation, detail_json) of one kind of audit event, the latest first: handovers
    and sign-ins (desk.shift)."""
    stmt = select(col(AuditEntry.at), col(AuditEntry.operator), col(AuditEntry.workstation),
                  col(AuditEntry.detail_json)).where(col(AuditEntry.action) == action)
    if since is not None:
        stmt = stmt.where(col(AuditEntry.at) >= since)
    return conn.execute(stmt.order_by(col(AuditEntry.at).desc()).limit(limit)).all()


def bed_status(conn: Connection, bed_request_id: str) -> str | None:
    return conn.execute(select(col(BedRequest.status)).where(col(BedRequest.id) == bed_request_id)).scalar()

"""SQLModel tables of the local store (and, later, of the central server).

Every synced row carries a UUIDv7 id, `version` (+1 per applied command),
`updated_at` and `deleted_at` (soft delete: clinical records are never purged).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypedDict, Unpack

from sqlalchemy import Column, Index, Integer, text
from sqlmodel import Field, SQLModel

from referral_desk.store.database.ids import new_id
from referral_desk.store.database.types import UTCDateTime


class _UTCField(TypedDict, total=False):
    default: None
    nullable: bool


def _utc(**kw: Unpack[_UTCField]) -> Any:
    # Any, as Field's own: the class body assigns it to attributes typed as their values.
    return Field(sa_type=UTCDateTime, **kw)


class SyncedRow(SQLModel):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    version: int = Field(default=1)
    updated_at: datetime = _utc(nullable=False)
    deleted_at: datetime | None = _utc(default=None, nullable=True)
    # Server-assigned, in commit order; on a workstation, the server's seq of the
    # version it last pulled (None for a row only this workstation has seen).
    change_seq: int | None = Field(default=None, index=True)


class Specialty(SyncedRow, table=True):
    __tablename__ = "specialty"
    name: str = Field(unique=True)
    sort_order: int = 0
    search_key: str = ""


class Specialist(SyncedRow, table=True):
    __tablename__ = "specialist"
    __table_args__ = (Index("ix_specialist_specialty", "specialty_id"),)
    name: str
    title: str
    phone: str
    specialty_id: str = Field(foreign_key="specialty.id")
    search_key: str = ""


class RosterEntry(SyncedRow, table=True):
    __tablename__ = "roster_entry"
    __table_args__ = (
        # One specialist per specialty per day (000 附1); soft-deleted rows keep history.
        Index(
            "ux_roster_day_specialty",
            "duty_date",
            "specialty_id",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_roster_specialist_day", "specialist_id", "duty_date"),
    )
    specialty_id: str = Field(foreign_key="specialty.id")
    duty_date: date
    specialist_id: str = Field(foreign_key="specialist.id")
    # The month import that wrote it (None for a duty set by hand).
    roster_import_id: str | None = Field(default=None, foreign_key="roster_import.id")


class Reminder(SyncedRow, table=True):
    """A reminder to a specialist through one channel; delivered by the desk that queued it."""

    __tablename__ = "reminder"
    __table_args__ = (
        Index("ix_reminder_due", "status", "origin", "next_attempt_at"),
        Index("ix_reminder_consultation", "consultation_id"),
    )
    consultation_id: str = Field(foreign_key="consultation.id")
    channel: str  # wecom | sms
    kind: str = "manual"  # manual | auto
    lead_minutes: int | None = None  # for an automatic one: minutes before the deadline
    mobile: str
    text: str
    origin: str  # the workstation that sends it
    queued_at: datetime = _utc(nullable=False)
    status: str = "queued"  # queued | sent | failed
    attempts: int = 0
    next_attempt_at: datetime | None = _utc(default=None, nullable=True)
    last_error: str | None = None
    sent_at: datetime | None = _utc(default=None, nullable=True)


class RosterImport(SyncedRow, table=True):
    """One import of a month's roster; the entries it replaced stay, soft-deleted, as history."""

    __tablename__ = "roster_import"
    __table_args__ = (Index("ix_roster_import_month", "month", "imported_at"),)
    month: date
    file_name: str
    layout: str  # long | grid
    imported_at: datetime = _utc(nullable=False)
    operator: str = ""
    specialties_json: str = "[]"  # the specialties whose month it replaced
    entries: int = 0
    replaced: int = 0


class Consultation(SyncedRow, table=True):
    __tablename__ = "consultation"
    __table_args__ = (
        Index("ix_consultation_status_submitted", "status", "submitted_at"),
        Index("ix_consultation_specialist_slot", "specialist_id", "slot_start"),
        Index("ix_consultation_submitted", "submitted_at"),
    )
    requesting_unit: str
    requesting_doctor: str
    requesting_phone: str | None = None
    patient_name: str
    patient_sex: str | None = None
    patient_age: int | None = None
    patient_id_number: str | None = None
    patient_phone: str | None = None
    diagnosis: str = ""
    specialty_id: str = Field(foreign_key="specialty.id")
    specialist_id: str = Field(foreign_key="specialist.id")
    appointment_at: datetime | None = _utc(default=None, nullable=True)
    appointment_end: datetime | None = _utc(default=None, nullable=True)
    submitted_at: datetime = _utc(nullable=False)
    status: str = "submitted"
    status_changed_at: datetime = _utc(nullable=False)
    answered_at: datetime | None = _utc(default=None, nullable=True)  # the specialist's approval or decline
    decline_reason: str | None = None
    slot_start: datetime | None = _utc(default=None, nullable=True)
    slot_end: datetime | None = _utc(default=None, nullable=True)
    outcome: str | None = None
    outcome_text: str | None = None
    close_reason: str | None = None


class BedRequest(SyncedRow, table=True):
    __tablename__ = "bed_request"
    __table_args__ = (
        Index("ix_bed_status_window", "status", "window_start"),
        Index("ix_bed_consultation", "consultation_id"),
        Index("ix_bed_referral", "referral_id"),
        # Reservations still held on a day (the quota count): few end after today.
        Index("ix_bed_status_window_end", "status", "window_end"),
    )
    consultation_id: str | None = Field(default=None, foreign_key="consultation.id")
    referral_id: str | None = Field(default=None, foreign_key="referral.id")
    department: str
    department_phone: str | None = None
    patient_name: str
    patient_id_number: str | None = None
    patient_phone: str | None = None
    from_unit: str = ""
    window_start: datetime = _utc(nullable=False)
    window_end: datetime = _utc(nullable=False)
    requested_at: datetime = _utc(nullable=False)
    status: str = "requested"
    status_changed_at: datetime = _utc(nullable=False)
    ward: str | None = None
    bed_no: str | None = None
    reserved_at: datetime | None = _utc(default=None, nullable=True)
    close_reason: str | None = None


class Department(SyncedRow, table=True):
    """A receiving department of the city hospital: its default admission window and the
    beds it keeps for referred patients (004 二(四)1)."""

    __tablename__ = "department"
    name: str = Field(unique=True)
    phone: str | None = None
    reserved_beds: int = 0
    total_beds: int | None = None  # the department's beds, when the reserve is set as a share of them
    reserve_percent: int | None = None  # 004: the reserve as a share; reserved_beds is then derived
    window_offset_days: int = 1
    window_days: int = 2
    sort_order: int = 0
    search_key: str = ""


class Referral(SyncedRow, table=True):
    """An upward or downward referral (上转 / 下转) and what the guide slip prints."""

    __tablename__ = "referral"
    __table_args__ = (
        Index("ix_referral_consultation", "consultation_id"),
        Index("ix_referral_status_window", "status", "window_start"),
        Index("ix_referral_requested", "requested_at"),
    )
    direction: str  # up | down
    consultation_id: str | None = Field(default=None, foreign_key="consultation.id")
    emergency: bool = False  # 003 三(四): admitted first, recorded afterwards
    inpatient: bool = True  # 下转患者人次数 is counted outpatient and inpatient apart (004)
    patient_name: str
    patient_sex: str | None = None
    patient_age: int | None = None
    patient_id_number: str | None = None
    patient_phone: str | None = None
    patient_address: str = ""
    diagnosis: str = ""
    from_unit: str
    to_unit: str
    department: str
    criteria_json: str = "[]"  # upward: the 000 criteria ticked
    reason: str = ""
    reviewed_by: str = ""  # inpatient, both directions: department head or team leader (001 二(二)2)
    consent_by: str = ""  # who gave informed consent: the patient or a relative (002 四.1; 004)
    drg_code: int | None = None  # downward: the group matched, if any
    eligibility: str = ""  # downward: the check's words at the time of the application
    disease_list_edition: int | None = None  # downward: the edition of the list that judged it
    downward_basis: str = ""  # downward: why it goes down although the list's advice said no
    opinion: str = ""  # 医院意见 on the referral letter (003)
    records_sent_json: str = "[]"  # what goes with the patient: 病历摘要, 检查资料, 健康档案 (003)
    receiver_confirmed_by: str = ""  # downward: who at the receiving unit said yes
    receiver_confirmed_at: datetime | None = _utc(default=None, nullable=True)
    follow_up_plan: str = ""
    follow_up_days_json: str = "[]"
    window_start: datetime = _utc(nullable=False)
    window_end: datetime = _utc(nullable=False)
    requested_at: datetime = _utc(nullable=False)
    status: str = "applied"
    status_changed_at: datetime = _utc(nullable=False)
    transferred_at: datetime | None = _utc(default=None, nullable=True)
    close_reason: str | None = None
    # Schema 9 (issue 24):
    patient_id_kind: str = "resident"  # 003: 身份证号或个人编号 (domain.identity.IdKind)
    transport: str = ""  # 003 三(一): how an urgent patient travels (domain.referral.Transport)
    notified_to: str = ""  # 003 三(一): who at the receiving hospital was told to expect the patient
    notified_at: datetime | None = _utc(default=None, nullable=True)
    priority: bool = True  # 003 三(三); 004: a referred patient is seen first in the department's queue
    slot_override_by: str = ""  # 004: who let an outpatient referral in past the reserved slots
    slot_override_reason: str = ""


class SlotReserve(SyncedRow, table=True):
    """Outpatient slots (号源) a unit's department keeps each day for referred patients (004 二(四)1),
    as a count or as a share of its daily slots. The id is fixed by unit and department, so two desks
    setting the same one meet as versions of one row."""

    __tablename__ = "slot_reserve"
    __table_args__ = (Index("ix_slot_reserve_unit_department", "unit", "department"),)
    unit: str
    department: str
    reserved_slots: int = 0
    daily_slots: int | None = None  # the department's slots a day, when the reserve is a share of them
    reserve_percent: int | None = None


class VisitCount(SyncedRow, table=True):
    """诊疗人次 of one alliance unit in one month, as the unit reports it: the denominator of 转诊率
    (002 五(四)；003 二). The id is fixed by unit and month."""

    __tablename__ = "visit_count"
    __table_args__ = (Index("ix_visit_count_month", "month", "unit"),)
    unit: str
    month: str  # YYYY-MM
    visits: int
    source: str = ""  # typed at the desk, or the file it was imported from


class FollowUp(SyncedRow, table=True):
    """A call to a referred patient after the transfer (003 附件1 三(一); 002)."""

    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_due", "status", "due_date"),
        Index("ix_follow_up_referral", "referral_id"),
    )
    referral_id: str = Field(foreign_key="referral.id")
    due_date: date
    status: str = "due"  # due | done
    attempts: int = 0
    result: str | None = None
    note: str = ""
    done_at: datetime | None = _utc(default=None, nullable=True)
    last_call_at: datetime | None = _utc(default=None, nullable=True)
    operator: str = ""


class EscalationCall(SyncedRow, table=True):
    """A call the center made to chase an approval or a bed; insert-only."""

    __tablename__ = "escalation_call"
    __table_args__ = (
        Index("ix_call_consultation", "consultation_id", "called_at"),
        Index("ix_call_bed", "bed_request_id", "called_at"),
    )
    consultation_id: str | None = Field(default=None, foreign_key="consultation.id")
    bed_request_id: str | None = Field(default=None, foreign_key="bed_request.id")
    called_at: datetime = _utc(nullable=False)
    callee: str
    callee_phone: str | None = None
    result: str
    note: str = ""
    operator: str
    workstation: str
    rung: str = "specialist"  # schema 9: the escalation ladder's rung (domain.escalation.Rung)


class DirectoryEntry(SyncedRow, table=True):
    __tablename__ = "directory_entry"
    __table_args__ = (
        Index("ix_directory_order", "sort_order", "unit_name"),
        Index("ix_directory_unit", "unit_name"),
    )
    unit_name: str
    contact: str = ""
    phone: str | None = None  # None: the number is still missing (待补充)
    phone_digits: str = ""
    purpose: str = ""
    sort_order: int = 0
    search_key: str = ""


class DrgGroup(SyncedRow, table=True):
    """The 8 groups as first shipped; the matcher reads the disease list's editions instead."""

    __tablename__ = "drg_group"
    code: int = Field(unique=True)
    name: str
    diagnoses_json: str


class DiseaseListEdition(SyncedRow, table=True):
    """One edition of the downward-referral disease list (001 二(二)1); the highest is in force."""

    __tablename__ = "disease_list"
    # One live edition per number: a rival edition a desk published offline steps aside when
    # the server's arrives, and stays (soft-deleted) with its conflict notice.
    __table_args__ = (Index("ux_disease_list_edition", "edition", unique=True,
                            sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),)
    edition: int
    content_json: str
    note: str = ""
    published_at: datetime = _utc(nullable=False)
    operator: str = ""


class AuditEntry(SQLModel, table=True):
    """Who did what, when, from which workstation; insert-only."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entity", "entity", "entity_id", "at"),
        Index("ix_audit_at", "at"),
    )
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    at: datetime = _utc(nullable=False)
    # When the server received it (None until then): the desk's own time can be wrong or forged.
    received_at: datetime | None = _utc(default=None, nullable=True)
    operator: str
    workstation: str
    action: str
    entity: str
    entity_id: str
    summary: str = ""
    detail_json: str = "{}"
    # Audit entries sync like other rows but are never changed once written.
    change_seq: int | None = Field(default=None, index=True)


class OutboxEntry(SQLModel, table=True):
    """A command applied locally and waiting to be pushed to the server."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_seq", "state", "seq"),)
    seq: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    mutation_id: str = Field(default_factory=new_id, unique=True)
    command: str
    entity: str
    entity_id: str
    base_version: int
    payload_json: str
    operator: str = ""
    created_at: datetime = _utc(nullable=False)
    state: str = "pending"
    attempts: int = 0
    last_error: str | None = None


class Meta(SQLModel, table=True):
    """Identity of the file and its schema version, read before anything else."""

    __tablename__ = "rd_meta"
    key: str = Field(primary_key=True)
    value: str


# -- sync bookkeeping (the server uses the first three, a workstation the last) --

class SyncCounter(SQLModel, table=True):
    """One row per counter; `change_seq` is bumped inside every writing transaction."""

    __tablename__ = "sync_counter"
    name: str = Field(primary_key=True)
    value: int = 0


class AppliedMutation(SQLModel, table=True):
    """Every mutation the server has judged, so a retry gets the same answer."""

    __tablename__ = "applied_mutation"
    mutation_id: str = Field(primary_key=True)
    workstation: str
    command: str
    entity_id: str
    status: str
    result_json: str
    at: datetime = _utc(nullable=False)


class WorkstationToken(SQLModel, table=True):
    __tablename__ = "workstation_token"
    name: str = Field(primary_key=True)
    token_hash: str = Field(unique=True)
    role: str
    created_at: datetime = _utc(nullable=False)
    revoked_at: datetime | None = _utc(default=None, nullable=True)
    expires_at: datetime | None = _utc(default=None, nullable=True)  # None: until revoked


class SyncConflict(SQLModel, table=True):
    """A pushed change the server did not take; shown until an operator acknowledges it."""

    __tablename__ = "sync_conflict"
    __table_args__ = (Index("ix_conflict_open", "acknowledged_at", "created_at"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    mutation_id: str
    command: str
    entity: str
    entity_id: str
    status: str  # conflict | rejected
    message: str
    server_row_json: str | None = None
    created_at: datetime = _utc(nullable=False)
    acknowledged_at: datetime | None = _utc(default=None, nullable=True)

"""Commands: every change an operator makes, as data.

The same command is applied on the workstation (optimistically) and later on the
server (with authority); create commands carry the new record's id so both ends
agree on it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import ConfigDict, Field, field_validator

from referral_desk.domain.bounds import Checked, Name
from referral_desk.domain.disease_list import DiseaseListContent
from referral_desk.domain.escalation import CallResult


def _new_id() -> str:
    from uuid6 import uuid7

    return str(uuid7())


class Command(Checked):
    model_config = ConfigDict(extra="forbid", frozen=True)
    entity: ClassVar[str]
    label: ClassVar[str]
    # For a state change, the state it moves the record to: the server judges a
    # stale command by intent (same target twice is a duplicate, not a conflict).
    target: ClassVar[str | None] = None
    if TYPE_CHECKING:  # each concrete command declares it as a Literal field: its wire name
        name: str
    # A command that creates a record: the fields a request registered again after a sync conflict does not take
    # from the record (chosen anew, or the new request's own moment). Every other field is the record's content
    # (content_fields): the handler stores it, the table has its column, registering again copies it.
    reopened_anew: ClassVar[frozenset[str]] = frozenset()
    stored_as: ClassVar[dict[str, str]] = {}  # a content field kept under another column's name

    @property
    def entity_id(self) -> str:
        return str(getattr(self, f"{self.entity}_id"))



def content_fields(command: type[Command]) -> tuple[str, ...]:
    """The fields a create command copies into its record: all but its wire name, its record's id and what a
    registration again chooses anew."""
    own_id = f"{command.entity}_id"
    return tuple(f for f in command.model_fields if f not in {"name", own_id} and f not in command.reopened_anew)


class UpsertSpecialty(Command):
    entity: ClassVar[str] = "specialty"
    label: ClassVar[str] = "维护专业"
    name: Literal["upsert_specialty"] = "upsert_specialty"
    specialty_id: str = Field(default_factory=_new_id)
    specialty_name: Name = Field(min_length=1, max_length=60)
    sort_order: int = 0


class UpsertSpecialist(Command):
    entity: ClassVar[str] = "specialist"
    label: ClassVar[str] = "维护会诊医师"
    name: Literal["upsert_specialist"] = "upsert_specialist"
    specialist_id: str = Field(default_factory=_new_id)
    specialist_name: Name = Field(min_length=1, max_length=40)
    title: str
    phone: str
    specialty_id: str


class SetDuty(Command):
    entity: ClassVar[str] = "roster_entry"
    label: ClassVar[str] = "设置值班"
    name: Literal["set_duty"] = "set_duty"
    roster_entry_id: str = Field(default_factory=_new_id)
    specialty_id: str
    duty_date: date
    specialist_id: str


class RosterSpecialtyItem(Checked):
    model_config = ConfigDict(extra="forbid", frozen=True)
    specialty_id: str
    specialty_name: Name = Field(min_length=1, max_length=60)


class RosterSpecialistItem(Checked):
    model_config = ConfigDict(extra="forbid", frozen=True)
    specialist_id: str
    specialty_id: str
    specialist_name: Name = Field(min_length=1, max_length=40)
    title: str
    phone: str


class RosterDutyItem(Checked):
    model_config = ConfigDict(extra="forbid", frozen=True)
    roster_entry_id: str = Field(default_factory=_new_id)
    duty_date: date
    specialty_id: str
    specialist_id: str


class ImportRosterMonth(Command):
    """A month's roster from the committees' sheet, as one change: the listed specialties'
    duties for the month are replaced together (the old ones stay, soft-deleted)."""

    entity: ClassVar[str] = "roster_import"
    label: ClassVar[str] = "导入月排班"
    name: Literal["import_roster_month"] = "import_roster_month"
    roster_import_id: str = Field(default_factory=_new_id)
    month: date
    file_name: str = Field(default="", max_length=200)
    layout: Literal["long", "grid"]
    replaced_specialty_ids: list[str] = Field(min_length=1, max_length=200)
    new_specialties: list[RosterSpecialtyItem] = Field(default_factory=list, max_length=200)
    specialists: list[RosterSpecialistItem] = Field(default_factory=list, max_length=2000)
    duties: list[RosterDutyItem] = Field(max_length=31 * 200)

    @field_validator("month")
    @classmethod
    def _first_of_month(cls, value: date) -> date:
        if value.day != 1:
            raise ValueError("month is the first day of the month")
        return value


class CreateConsultation(Command):
    entity: ClassVar[str] = "consultation"
    label: ClassVar[str] = "登记会诊申请"
    name: Literal["create_consultation"] = "create_consultation"
    consultation_id: str = Field(default_factory=_new_id)
    # A field's title is its name on the form, in its errors and on the details (domain.booking.FIELD_LABELS).
    requesting_unit: Name = Field(min_length=1, max_length=80, title="申请单位")
    requesting_doctor: Name = Field(min_length=1, max_length=40, title="申请医师")
    requesting_phone: str | None = Field(default=None, title="医师电话")
    patient_name: Name = Field(min_length=1, max_length=40, title="患者姓名")
    patient_sex: Literal["男", "女"] | None = Field(default=None, title="性别")
    patient_age: int | None = Field(default=None, ge=0, le=130, title="年龄")
    patient_id_number: str | None = Field(default=None, title="身份证号")
    patient_phone: str | None = Field(default=None, title="患者电话")
    diagnosis: str = Field(default="", max_length=200, title="诊断")
    specialty_id: str = Field(title="专业")
    specialist_id: str = Field(title="会诊医师")
    appointment_at: datetime | None = Field(default=None, title="时间段")
    # The proposed slot's end; it must not overlap another.
    appointment_end: datetime | None = Field(default=None, title="时间段")
    submitted_at: datetime | None = Field(default=None, title="提交时间")
    # Registered again: to today's on-duty specialist, without the old proposed time, submitted now.
    reopened_anew: ClassVar[frozenset[str]] = frozenset({"specialist_id", "appointment_at", "appointment_end",
                                                         "submitted_at"})


class _ConsultationCommand(Command):
    entity: ClassVar[str] = "consultation"
    consultation_id: str


class ApproveConsultation(_ConsultationCommand):
    label: ClassVar[str] = "审核通过"
    target: ClassVar[str] = "approved"
    name: Literal["approve_consultation"] = "approve_consultation"
    # Recorded at the desk on the specialist's behalf: who phoned to say so (the desk asks).
    on_behalf: Name = Field(default="", max_length=60)


class DeclineConsultation(_ConsultationCommand):
    label: ClassVar[str] = "审核拒绝"
    target: ClassVar[str] = "declined"
    name: Literal["decline_consultation"] = "decline_consultation"
    reason: str = Field(min_length=1, max_length=200)


class WithdrawConsultation(_ConsultationCommand):
    label: ClassVar[str] = "撤回申请"
    target: ClassVar[str] = "withdrawn"
    name: Literal["withdraw_consultation"] = "withdraw_consultation"
    reason: str = ""


class ExpireConsultation(_ConsultationCommand):
    label: ClassVar[str] = "标记过期"
    target: ClassVar[str] = "expired"
    name: Literal["expire_consultation"] = "expire_consultation"
    # Why: by hand, in bulk, or by the expiry policy; it stands in the timeline.
    reason: str = Field(default="", max_length=200)


class ScheduleConsultation(_ConsultationCommand):
    label: ClassVar[str] = "约定会诊时间"
    target: ClassVar[str] = "scheduled"
    name: Literal["schedule_consultation"] = "schedule_consultation"
    slot_start: datetime
    slot_end: datetime


class CompleteConsultation(_ConsultationCommand):
    label: ClassVar[str] = "会诊完成"
    target: ClassVar[str] = "completed"
    name: Literal["complete_consultation"] = "complete_consultation"
    outcome: str
    outcome_text: str = ""
    # Why it is recorded before its agreed time began (000 二: the referral follows the consultation).
    early_reason: str = Field(default="", max_length=200)


class MarkConsultationNoShow(_ConsultationCommand):
    label: ClassVar[str] = "标记未到场"
    target: ClassVar[str] = "no_show"
    name: Literal["mark_consultation_no_show"] = "mark_consultation_no_show"


class CancelConsultation(_ConsultationCommand):
    label: ClassVar[str] = "取消会诊"
    target: ClassVar[str] = "cancelled"
    name: Literal["cancel_consultation"] = "cancel_consultation"
    reason: str = ""


class LogEscalationCall(Command):
    entity: ClassVar[str] = "escalation_call"
    label: ClassVar[str] = "记录催办电话"
    name: Literal["log_escalation_call"] = "log_escalation_call"
    escalation_call_id: str = Field(default_factory=_new_id)
    consultation_id: str | None = None
    bed_request_id: str | None = None
    callee: Name = Field(min_length=1, max_length=60)
    callee_phone: str | None = None
    result: CallResult
    note: str = Field(default="", max_length=500)
    rung: Literal["specialist", "department", "medical_affairs"] = "specialist"  # the escalation ladder (issue 25)


class CreateBedRequest(Command):
    entity: ClassVar[str] = "bed_request"
    label: ClassVar[str] = "申请床位"
    name: Literal["create_bed_request"] = "create_bed_request"
    bed_request_id: str = Field(default_factory=_new_id)
    consultation_id: str | None = None
    referral_id: str | None = None
    department: Name = Field(min_length=1, max_length=60)
    department_phone: str | None = None
    patient_name: Name = Field(min_length=1, max_length=40)
    patient_id_number: str | None = None
    patient_phone: str | None = None
    from_unit: Name = ""
    window_start: datetime
    window_end: datetime
    # Asked again on its own: a referral's bed goes with the referral (its window is the referral's).
    reopened_anew: ClassVar[frozenset[str]] = frozenset({"referral_id"})


class _BedCommand(Command):
    entity: ClassVar[str] = "bed_request"
    bed_request_id: str


class FlagBedCoordination(_BedCommand):
    label: ClassVar[str] = "转为需协调"
    target: ClassVar[str] = "needs_coordination"
    name: Literal["flag_bed_coordination"] = "flag_bed_coordination"
    note: str = ""


class ReserveBed(_BedCommand):
    label: ClassVar[str] = "预留床位"
    target: ClassVar[str] = "reserved"
    name: Literal["reserve_bed"] = "reserve_bed"
    ward: Name = Field(min_length=1, max_length=60)
    bed_no: str = ""


class AdmitPatient(_BedCommand):
    label: ClassVar[str] = "已入院"
    target: ClassVar[str] = "admitted"
    name: Literal["admit_patient"] = "admit_patient"
    # When the patient arrived, as the desk saw it (an upward referral's follow-up counts from it).
    admitted_at: datetime | None = None
    # Why the patient came outside the booked window (000 二.3 / 三.2: 在预约时间内入住).
    outside_reason: str = Field(default="", max_length=200)


class MarkBedNoShow(_BedCommand):
    label: ClassVar[str] = "未到院"
    target: ClassVar[str] = "no_show"
    name: Literal["mark_bed_no_show"] = "mark_bed_no_show"


class CancelBed(_BedCommand):
    label: ClassVar[str] = "取消床位"
    target: ClassVar[str] = "cancelled"
    name: Literal["cancel_bed"] = "cancel_bed"
    reason: str = Field(default="", max_length=200)  # asked for on the desk; older commands may lack it


class ExpireBed(_BedCommand):
    label: ClassVar[str] = "床位申请过期"
    target: ClassVar[str] = "expired"
    name: Literal["expire_bed"] = "expire_bed"
    reason: str = Field(min_length=1, max_length=200)


class UpsertDepartment(Command):
    entity: ClassVar[str] = "department"
    label: ClassVar[str] = "维护接收科室"
    name: Literal["upsert_department"] = "upsert_department"
    department_id: str = Field(default_factory=_new_id)
    department_name: Name = Field(min_length=1, max_length=60)
    phone: str | None = None
    reserved_beds: int = Field(default=0, ge=0, le=500)
    total_beds: int | None = Field(default=None, ge=1, le=5000)
    reserve_percent: int | None = Field(default=None, ge=1, le=100)  # 004: a share of total_beds instead
    window_offset_days: int = Field(default=1, ge=0, le=30)
    window_days: int = Field(default=2, ge=1, le=30)
    sort_order: int = 0


class CreateReferral(Command):
    """An upward or downward referral; an upward one from a consultation that found it needed,
    or (emergency) recorded after the patient was admitted."""

    entity: ClassVar[str] = "referral"
    label: ClassVar[str] = "申请转诊"
    name: Literal["create_referral"] = "create_referral"
    referral_id: str = Field(default_factory=_new_id)
    direction: Literal["up", "down"]
    consultation_id: str | None = None
    emergency: bool = False
    admitted_at: datetime | None = None  # emergency: when the patient was admitted
    inpatient: bool = True  # False: an outpatient referral
    patient_name: Name = Field(min_length=1, max_length=40)
    patient_sex: Literal["男", "女"] | None = None
    patient_age: int | None = Field(default=None, ge=0, le=130)
    patient_id_number: str | None = None
    patient_phone: str | None = None
    patient_address: str = Field(default="", max_length=120)
    diagnosis: str = Field(default="", max_length=200)
    from_unit: Name = Field(min_length=1, max_length=80)
    to_unit: Name = Field(min_length=1, max_length=80)
    department: Name = Field(min_length=1, max_length=60)
    criteria: list[str] = Field(default_factory=list, max_length=10)
    reason: str = Field(default="", max_length=300)
    reviewed_by: Name = Field(default="", max_length=40)
    consent_by: Name = Field(default="", max_length=40)  # 患者本人 or a relative's name (002 四.1; 004)
    stable_rehab: bool = False  # downward: stable, rehabilitation or outpatient follow-up (000 三(1))
    downward_basis: str = Field(default="", max_length=200)  # downward: why, when the list's advice says no
    opinion: str = Field(default="", max_length=300)  # 医院意见 (003)
    records_sent: list[Literal["病历摘要", "检查资料", "健康档案"]] = Field(default_factory=list, max_length=3)  # 003
    receiver_confirmed_by: Name = Field(default="", max_length=60)
    receiver_confirmed_at: datetime | None = None
    follow_up_plan: str = Field(default="", max_length=500)
    follow_up_days: list[int] = Field(default_factory=list, max_length=12)
    window_start: datetime | None = None
    window_end: datetime | None = None
    patient_id_kind: Literal["resident", "passport", "permit", "personal"] = "resident"  # 003 身份证号或个人编号
    transport: Literal["", "ambulance_escorted", "ambulance", "escorted", "self"] = ""  # 003 三(一), urgent patients
    notified_to: Name = Field(default="", max_length=60)  # who at the receiving hospital was told
    notified_at: datetime | None = None
    priority: bool = True  # 优先 in the department's queue (003 三(三); 004)
    slot_override_by: Name = Field(default="", max_length=40)  # 004: who let it in past the reserved slots
    slot_override_reason: str = Field(default="", max_length=200)
    # Kept under another column, or only through what it decides (tests/test_fields_once.py checks each).
    stored_as: ClassVar[dict[str, str]] = {
        "criteria": "criteria_json", "records_sent": "records_sent_json", "follow_up_days": "follow_up_days_json",
        "stable_rehab": "eligibility",  # the downward advice it was judged with, in words
        "admitted_at": "transferred_at",  # an emergency's admission is its transfer
    }


class SetSlotReserve(Command):
    """Outpatient slots (号源) a unit's department keeps a day for referred patients (004 二(四)1)."""

    entity: ClassVar[str] = "slot_reserve"
    label: ClassVar[str] = "设置门诊号源预留"
    name: Literal["set_slot_reserve"] = "set_slot_reserve"
    slot_reserve_id: str  # fixed by unit and department (store.database.ids.seed_id)
    unit: Name = Field(min_length=1, max_length=80)
    department: Name = Field(min_length=1, max_length=60)
    reserved_slots: int = Field(default=0, ge=0, le=1000)
    daily_slots: int | None = Field(default=None, ge=1, le=10000)
    reserve_percent: int | None = Field(default=None, ge=1, le=100)  # a share of daily_slots instead


class RecordVisitCount(Command):
    """诊疗人次 of one unit in one month, as the unit reports it (the denominator of 转诊率)."""

    entity: ClassVar[str] = "visit_count"
    label: ClassVar[str] = "录入诊疗人次"
    name: Literal["record_visit_count"] = "record_visit_count"
    visit_count_id: str  # fixed by unit and month (store.database.ids.seed_id)
    unit: Name = Field(min_length=1, max_length=80)
    month: str = Field(pattern=r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")
    visits: int = Field(ge=0, le=10_000_000)
    source: str = Field(default="", max_length=200)


class PublishDiseaseList(Command):
    """A new edition of the downward-referral disease list; the highest edition is in force."""

    entity: ClassVar[str] = "disease_list"
    label: ClassVar[str] = "发布下转病种清单"
    name: Literal["publish_disease_list"] = "publish_disease_list"
    disease_list_id: str = Field(default_factory=_new_id)
    content: DiseaseListContent


RECORDS = ("病历摘要", "检查资料", "健康档案")  # what a referral letter says was sent along (003)


class _ReferralCommand(Command):
    entity: ClassVar[str] = "referral"
    referral_id: str


class RecordTransfer(_ReferralCommand):
    label: ClassVar[str] = "已转诊"
    target: ClassVar[str] = "transferred"
    name: Literal["record_transfer"] = "record_transfer"
    transferred_at: datetime | None = None


class CancelReferral(_ReferralCommand):
    label: ClassVar[str] = "取消转诊"
    target: ClassVar[str] = "cancelled"
    name: Literal["cancel_referral"] = "cancel_referral"
    reason: str = Field(default="", max_length=200)


class RecordFollowUp(Command):
    entity: ClassVar[str] = "follow_up"
    label: ClassVar[str] = "记录随访"
    name: Literal["record_follow_up"] = "record_follow_up"
    follow_up_id: str
    result: Literal["recovering", "needs_care", "no_answer", "readmitted", "other"]
    note: str = Field(default="", max_length=500)


class UpsertDirectoryEntry(Command):
    entity: ClassVar[str] = "directory_entry"
    label: ClassVar[str] = "维护通讯录"
    name: Literal["upsert_directory_entry"] = "upsert_directory_entry"
    directory_entry_id: str = Field(default_factory=_new_id)
    unit_name: Name = Field(min_length=1, max_length=80)
    contact: Name = Field(default="", max_length=60)
    phone: str | None = None
    purpose: str = Field(default="", max_length=40)
    sort_order: int = 0


class RetireDirectoryEntry(Command):
    """A unit or contact no longer in use: it leaves the directory (kept, soft-deleted, audited)."""

    entity: ClassVar[str] = "directory_entry"
    label: ClassVar[str] = "停用通讯录条目"
    name: Literal["retire_directory_entry"] = "retire_directory_entry"
    directory_entry_id: str
    reason: str = Field(min_length=1, max_length=200)


class QueueReminder(Command):
    entity: ClassVar[str] = "reminder"
    label: ClassVar[str] = "提醒会诊医师"
    name: Literal["queue_reminder"] = "queue_reminder"
    reminder_id: str = Field(default_factory=_new_id)
    consultation_id: str
    channel: Literal["wecom", "sms"]
    kind: Literal["manual", "auto", "notice"] = "manual"  # notice: to the requesting doctor (000 一.2)
    lead_minutes: int | None = Field(default=None, gt=0)
    mobile: str
    text: str = Field(min_length=1, max_length=500)
    origin: str = Field(min_length=1, max_length=60)


class RecordReminderAttempt(Command):
    entity: ClassVar[str] = "reminder"
    label: ClassVar[str] = "提醒发送结果"
    name: Literal["record_reminder_attempt"] = "record_reminder_attempt"
    reminder_id: str
    outcome: Literal["sent", "retry", "failed"]
    error: str = Field(default="", max_length=300)
    next_attempt_at: datetime | None = None


# Ctrl+Z (issue 13): a change undone within minutes is a compensating command of its own, audited and
# synced like the change; `version` is the record's version right after the change it undoes, so an
# undo after anyone else's change to the record is refused on the desk and on the server alike.
class UndoConsultationChange(Command):
    entity: ClassVar[str] = "consultation"
    label: ClassVar[str] = "撤销上一步（会诊申请）"
    name: Literal["undo_consultation_change"] = "undo_consultation_change"
    consultation_id: str
    from_status: Literal["approved", "declined", "withdrawn", "expired", "scheduled", "completed", "no_show",
                         "cancelled"]
    version: int = Field(ge=2)


class UndoBedChange(Command):
    entity: ClassVar[str] = "bed_request"
    label: ClassVar[str] = "撤销上一步（床位申请）"
    name: Literal["undo_bed_change"] = "undo_bed_change"
    bed_request_id: str
    from_status: Literal["needs_coordination", "reserved", "cancelled", "expired"]
    to_status: Literal["requested", "needs_coordination", "reserved"]
    version: int = Field(ge=2)


class RetractEscalationCall(Command):
    entity: ClassVar[str] = "escalation_call"
    label: ClassVar[str] = "撤销催办电话记录"
    name: Literal["retract_escalation_call"] = "retract_escalation_call"
    escalation_call_id: str
    version: int = Field(ge=1)


AUDITED_ACTIONS = {
    "reveal_id_number": "查看完整身份证号",
    "acknowledge_conflict": "确认同步冲突",
    "escalate_conflict": "上报同步冲突",
    "export_report": "导出报表",
    "export_slip": "生成引导单",
    "copy_patient_phone": "复制患者电话",
    "sign_in": "接班签到",
    "hand_over": "交班",
}


class LogAuditEvent(Command):
    """Something worth a line in the audit log that changes no record (a reveal, an export)."""

    entity: ClassVar[str] = "audit_entry"
    label: ClassVar[str] = "记录审计事件"
    name: Literal["log_audit_event"] = "log_audit_event"
    audit_entry_id: str = Field(default_factory=_new_id)
    action: Literal[tuple(AUDITED_ACTIONS)]  # type: ignore[valid-type]  # derived: a new action is one line in AUDITED_ACTIONS
    subject_entity: str = Field(min_length=1, max_length=40)
    subject_id: str = Field(min_length=1, max_length=64)
    summary: str = Field(default="", max_length=400)
    detail: dict[str, str | int | None] = Field(default_factory=dict)


AnyCommand = Annotated[
    UpsertSpecialty | UpsertSpecialist | SetDuty | ImportRosterMonth | CreateConsultation | ApproveConsultation
    | DeclineConsultation | WithdrawConsultation | ExpireConsultation | ScheduleConsultation | CompleteConsultation
    | MarkConsultationNoShow | CancelConsultation | LogEscalationCall | RetractEscalationCall | UndoConsultationChange
    | UndoBedChange | CreateBedRequest | FlagBedCoordination | ReserveBed | AdmitPatient | MarkBedNoShow | CancelBed
    | ExpireBed | UpsertDirectoryEntry | RetireDirectoryEntry | UpsertDepartment | CreateReferral | SetSlotReserve
    | RecordVisitCount | PublishDiseaseList | RecordTransfer | CancelReferral | RecordFollowUp | LogAuditEvent
    | QueueReminder | RecordReminderAttempt,
    Field(discriminator="name"),
]


def _labels() -> dict[str, str]:
    found: dict[str, str] = {}
    stack = list(Command.__subclasses__())
    while stack:
        cls = stack.pop()
        stack += cls.__subclasses__()
        name = cls.model_fields.get("name")
        if name is not None and name.default:
            found[name.default] = cls.label
    return found


COMMAND_LABELS = _labels()  # "approve_consultation" -> "审核通过"
ENTITY_LABELS = {
    "consultation": "会诊申请", "bed_request": "床位申请", "escalation_call": "催办电话", "specialty": "专业",
    "specialist": "会诊医师", "roster_entry": "值班", "directory_entry": "通讯录", "audit_entry": "审计记录",
    "roster_import": "月排班导入", "reminder": "提醒", "department": "接收科室", "referral": "转诊",
    "follow_up": "随访", "disease_list": "下转病种清单",
    "slot_reserve": "门诊号源预留", "visit_count": "诊疗人次",
}

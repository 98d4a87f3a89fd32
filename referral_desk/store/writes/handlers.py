"""How each command changes the store: the domain rules applied to rows.

A handler runs inside the executor's transaction, validates with the domain and
returns the row it wrote and a one-line summary in Chinese for the audit log.
"""

from __future__ import annotations

import json
from calendar import monthrange
from datetime import date, datetime

from sqlmodel import Session, col, select

from referral_desk.domain import commands as c
from referral_desk.domain.bed import BedStatus, check_bed_transition, check_window
from referral_desk.domain.booking import LONGEST_SLOT, slot_end_of
from referral_desk.domain.consultation import ConsultationStatus, check_outcome, check_transition
from referral_desk.domain.errors import DomainError
from referral_desk.domain.escalation import Rung
from referral_desk.domain.identity import normalise_id_number, normalise_phone, phone_digits
from referral_desk.domain.reminders import CHANNELS
from referral_desk.domain.roster import check_booking, check_duty_title
from referral_desk.domain.search_keys import search_key
from referral_desk.store.database.tables import (
    AuditEntry,
    BedRequest,
    Consultation,
    DirectoryEntry,
    EscalationCall,
    Referral,
    Reminder,
    RosterEntry,
    RosterImport,
    Specialist,
    Specialty,
)

# Re-exported: the executor, the sync client, the server and the audit read the registry here.
from referral_desk.store.writes.handler_base import (  # noqa: F401
    HANDLERS,
    Context,
    Handled,
    Handler,
    _get,
    _optional_phone,
    _touch,
    handle,
    handles,
    on_duty,
)

__all__ = ["HANDLERS", "Context", "Handled", "Handler", "handle", "handles", "on_duty"]


@handles(c.UpsertSpecialty)
def _upsert_specialty(s: Session, cmd: c.UpsertSpecialty, ctx: Context) -> Handled:
    name = cmd.specialty_name.strip()
    clash = s.exec(select(Specialty).where(Specialty.name == name, Specialty.id != cmd.specialty_id)).first()
    if clash:
        raise DomainError(f"专业「{name}」已存在", field="specialty_name")
    row = s.get(Specialty, cmd.specialty_id)
    if row is None:
        row = Specialty(id=cmd.specialty_id, name=name, sort_order=cmd.sort_order, updated_at=ctx.now)
    else:
        row.name, row.sort_order = name, cmd.sort_order
        _touch(row, ctx)
    row.search_key = search_key(name)
    s.add(row)
    return row, f"专业：{name}"


@handles(c.UpsertSpecialist)
def _upsert_specialist(s: Session, cmd: c.UpsertSpecialist, ctx: Context) -> Handled:
    title = check_duty_title(cmd.title)
    phone = normalise_phone(cmd.phone)
    _get(s, Specialty, cmd.specialty_id, "专业")
    row = s.get(Specialist, cmd.specialist_id)
    name = "".join(cmd.specialist_name.split())
    if row is None:
        row = Specialist(id=cmd.specialist_id, name=name, title=title, phone=phone,
                         specialty_id=cmd.specialty_id, updated_at=ctx.now)
    else:
        row.name, row.title, row.phone, row.specialty_id = name, title, phone, cmd.specialty_id
        _touch(row, ctx)
    row.search_key = search_key(name) + phone_digits(phone) + "|"
    s.add(row)
    return row, f"会诊医师：{name}（{title}）"


@handles(c.SetDuty)
def _set_duty(s: Session, cmd: c.SetDuty, ctx: Context) -> Handled:
    specialty = _get(s, Specialty, cmd.specialty_id, "专业")
    specialist = _get(s, Specialist, cmd.specialist_id, "会诊医师")
    if specialist.specialty_id != specialty.id:
        raise DomainError(f"{specialist.name} 不属于 {specialty.name}", field="specialist_id")
    check_duty_title(specialist.title)
    row = s.exec(
        select(RosterEntry).where(
            RosterEntry.specialty_id == cmd.specialty_id,
            RosterEntry.duty_date == cmd.duty_date,
            col(RosterEntry.deleted_at).is_(None),
        )
    ).first()
    if row is None:
        row = RosterEntry(id=cmd.roster_entry_id, specialty_id=cmd.specialty_id, duty_date=cmd.duty_date,
                          specialist_id=cmd.specialist_id, updated_at=ctx.now)
    else:
        row.specialist_id = cmd.specialist_id
        _touch(row, ctx)
    s.add(row)
    return row, f"值班：{cmd.duty_date:%Y-%m-%d} {specialty.name} {specialist.name}"


@handles(c.CreateConsultation)
def _create_consultation(s: Session, cmd: c.CreateConsultation, ctx: Context) -> Handled:
    if s.get(Consultation, cmd.consultation_id) is not None:
        raise DomainError("该会诊申请已存在")
    specialty = _get(s, Specialty, cmd.specialty_id, "专业")
    specialist = _get(s, Specialist, cmd.specialist_id, "会诊医师")
    check_duty_title(specialist.title)
    submitted = cmd.submitted_at or ctx.now
    when = cmd.appointment_at or submitted
    day = when.astimezone(ctx.policy.tz).date()
    check_booking(
        specialist_id=specialist.id,
        on_duty_specialist_id=on_duty(s, specialty.id, day),
        specialty_name=specialty.name,
        day=day,
    )
    hours = ctx.policy.service_hours
    if cmd.appointment_at and not hours.contains(cmd.appointment_at, ctx.policy.tz):
        raise DomainError(f"预约时间须在会诊服务时间内（{hours.label()}）", field="appointment_at")
    if cmd.appointment_at and cmd.appointment_end and not hours.slot_allowed(cmd.appointment_at, cmd.appointment_end,
                                                                              ctx.policy.tz):
        raise DomainError(f"预约时间段须在同一服务时段内（{hours.label()}）", field="appointment_at")
    if cmd.appointment_at:
        _check_no_clash(s, specialist.id, cmd.appointment_at, slot_end_of(cmd.appointment_at, cmd.appointment_end),
                        None, ctx, "appointment_at")
    row = Consultation(
        id=cmd.consultation_id,
        requesting_unit=cmd.requesting_unit.strip(),
        requesting_doctor=cmd.requesting_doctor.strip(),
        requesting_phone=_optional_phone(cmd.requesting_phone),
        patient_name=cmd.patient_name.strip(),
        patient_sex=cmd.patient_sex,
        patient_age=cmd.patient_age,
        patient_id_number=normalise_id_number(cmd.patient_id_number) if cmd.patient_id_number else None,
        patient_phone=_optional_phone(cmd.patient_phone),
        diagnosis=cmd.diagnosis.strip(),
        specialty_id=specialty.id,
        specialist_id=specialist.id,
        appointment_at=cmd.appointment_at,
        appointment_end=cmd.appointment_end,
        submitted_at=submitted,
        status=ConsultationStatus.SUBMITTED.value,
        status_changed_at=submitted,
        updated_at=ctx.now,
    )
    s.add(row)
    return row, f"登记会诊申请：{row.requesting_unit} {row.requesting_doctor} → {specialty.name} {specialist.name}"


def _move_consultation(s: Session, consultation_id: str, target: ConsultationStatus, ctx: Context) -> Consultation:
    row = _get(s, Consultation, consultation_id, "会诊申请")
    check_transition(row.status, target.value)
    row.status = target.value
    row.status_changed_at = ctx.now
    _touch(row, ctx)
    s.add(row)
    return row


@handles(c.ApproveConsultation)
def _approve(s: Session, cmd: c.ApproveConsultation, ctx: Context) -> Handled:
    row = _move_consultation(s, cmd.consultation_id, ConsultationStatus.APPROVED, ctx)
    row.answered_at = ctx.now
    return row, "审核通过" + (f"（代录，来电：{cmd.on_behalf.strip()}）" if cmd.on_behalf.strip() else "")


@handles(c.DeclineConsultation)
def _decline(s: Session, cmd: c.DeclineConsultation, ctx: Context) -> Handled:
    row = _move_consultation(s, cmd.consultation_id, ConsultationStatus.DECLINED, ctx)
    row.decline_reason = cmd.reason.strip()
    row.answered_at = ctx.now
    return row, f"审核拒绝：{row.decline_reason}"


@handles(c.WithdrawConsultation)
def _withdraw(s: Session, cmd: c.WithdrawConsultation, ctx: Context) -> Handled:
    row = _move_consultation(s, cmd.consultation_id, ConsultationStatus.WITHDRAWN, ctx)
    row.close_reason = cmd.reason.strip() or None
    return row, "撤回申请" + (f"：{row.close_reason}" if row.close_reason else "")


@handles(c.ExpireConsultation)
def _expire(s: Session, cmd: c.ExpireConsultation, ctx: Context) -> Handled:
    row = _move_consultation(s, cmd.consultation_id, ConsultationStatus.EXPIRED, ctx)
    row.close_reason = cmd.reason.strip() or None
    return row, "标记过期" + (f"：{row.close_reason}" if row.close_reason else "")


def _check_no_clash(s: Session, specialist_id: str, start: datetime, end: datetime, own_id: str | None, ctx: Context,
                    field: str) -> None:
    """000: slots must not conflict: neither with an agreed slot nor with a proposed one still open,
    judged alike (a proposed time without an end holds OPEN_ENDED_SLOT)."""
    agreed = s.exec(select(Consultation).where(
        Consultation.specialist_id == specialist_id, Consultation.id != own_id,
        Consultation.status == ConsultationStatus.SCHEDULED.value,
        col(Consultation.slot_start) < end, col(Consultation.slot_end) > start)).first()
    near = s.exec(select(Consultation).where(
        Consultation.specialist_id == specialist_id, Consultation.id != own_id,
        col(Consultation.status).in_((ConsultationStatus.SUBMITTED.value, ConsultationStatus.APPROVED.value)),
        col(Consultation.appointment_at).is_not(None),
        col(Consultation.appointment_at) < end, col(Consultation.appointment_at) > start - LONGEST_SLOT)).all()
    proposed = next((c for c in near if c.appointment_at is not None
                     and slot_end_of(c.appointment_at, c.appointment_end) > start), None)
    clash_at = agreed.slot_start if agreed is not None else proposed.appointment_at if proposed is not None else None
    if clash_at is not None:
        at = clash_at.astimezone(ctx.policy.tz)
        raise DomainError(f"与该医师 {at:%m-%d %H:%M} 的会诊时间冲突", field=field)


@handles(c.ScheduleConsultation)
def _schedule(s: Session, cmd: c.ScheduleConsultation, ctx: Context) -> Handled:
    hours, tz = ctx.policy.service_hours, ctx.policy.tz
    if not hours.slot_allowed(cmd.slot_start, cmd.slot_end, tz):
        raise DomainError(f"会诊时间段须在同一服务时段内（{hours.label()}）", field="slot_start")
    row = _get(s, Consultation, cmd.consultation_id, "会诊申请")
    day = cmd.slot_start.astimezone(tz).date()
    if on_duty(s, row.specialty_id, day) != row.specialist_id:
        # 000 附1: the specialist sees the patient on a day of duty, as the booking itself required.
        raise DomainError(f"{day:%Y-%m-%d} 该医师不在本专业值班：约定的会诊时间须在其值班日", field="slot_start")
    _check_no_clash(s, row.specialist_id, cmd.slot_start, cmd.slot_end, row.id, ctx, "slot_start")
    row = _move_consultation(s, cmd.consultation_id, ConsultationStatus.SCHEDULED, ctx)
    row.slot_start, row.slot_end = cmd.slot_start, cmd.slot_end
    ls, le = cmd.slot_start.astimezone(tz), cmd.slot_end.astimezone(tz)
    return row, f"约定会诊时间：{ls:%m-%d %H:%M}-{le:%H:%M}"


@handles(c.CompleteConsultation)
def _complete(s: Session, cmd: c.CompleteConsultation, ctx: Context) -> Handled:
    outcome = check_outcome(cmd.outcome, cmd.outcome_text)
    row = _get(s, Consultation, cmd.consultation_id, "会诊申请")
    begins = row.slot_start or row.appointment_at
    early = cmd.early_reason.strip()
    if begins is not None and ctx.now < begins and not early:
        # 000 二: 须在上述会诊结束后进行. A consultation recorded as done hours before its slot was the first
        # step of a referral the seed says follows the consultation (issue 24).
        at = begins.astimezone(ctx.policy.tz)
        raise DomainError(f"约定的会诊时间 {at:%m-%d %H:%M} 尚未开始：会诊完成须在会诊之后记录；"
                          "如确已提前会诊，请写明原因", field="early_reason")
    row = _move_consultation(s, cmd.consultation_id, ConsultationStatus.COMPLETED, ctx)
    row.outcome, row.outcome_text = outcome.value, cmd.outcome_text.strip() or None
    said = f"会诊完成：{outcome.label}" + (f"（{row.outcome_text}）" if row.outcome_text else "")
    return row, said + (f"；在约定时间前记录，原因：{early}"
                        if early and begins is not None and ctx.now < begins else "")


@handles(c.MarkConsultationNoShow)
def _no_show(s: Session, cmd: c.MarkConsultationNoShow, ctx: Context) -> Handled:
    return _move_consultation(s, cmd.consultation_id, ConsultationStatus.NO_SHOW, ctx), "标记未到场"


@handles(c.CancelConsultation)
def _cancel(s: Session, cmd: c.CancelConsultation, ctx: Context) -> Handled:
    row = _move_consultation(s, cmd.consultation_id, ConsultationStatus.CANCELLED, ctx)
    row.close_reason = cmd.reason.strip() or None
    return row, "取消会诊" + (f"：{row.close_reason}" if row.close_reason else "")


@handles(c.LogEscalationCall)
def _log_call(s: Session, cmd: c.LogEscalationCall, ctx: Context) -> Handled:
    if bool(cmd.consultation_id) == bool(cmd.bed_request_id):
        raise DomainError("催办电话须对应一个会诊申请或一个床位申请", field="consultation_id")
    if cmd.consultation_id:
        _get(s, Consultation, cmd.consultation_id, "会诊申请")
    else:
        _get(s, BedRequest, cmd.bed_request_id, "床位申请")
    row = EscalationCall(
        id=cmd.escalation_call_id,
        consultation_id=cmd.consultation_id,
        bed_request_id=cmd.bed_request_id,
        called_at=ctx.now,
        callee=cmd.callee.strip(),
        callee_phone=_optional_phone(cmd.callee_phone),
        result=cmd.result.value,
        note=cmd.note.strip(),
        operator=ctx.operator,
        workstation=ctx.workstation,
        updated_at=ctx.now,
        rung=cmd.rung,
    )
    s.add(row)
    rung = f"（{Rung(cmd.rung).label}）" if Rung(cmd.rung) is not Rung.SPECIALIST else ""
    return row, f"催办电话{rung}：{row.callee} {cmd.result.label}" + (f"（{row.note}）" if row.note else "")


@handles(c.CreateBedRequest)
def _create_bed(s: Session, cmd: c.CreateBedRequest, ctx: Context) -> Handled:
    if s.get(BedRequest, cmd.bed_request_id) is not None:
        raise DomainError("该床位申请已存在")
    check_window(cmd.window_start, cmd.window_end)
    if cmd.consultation_id:
        _get(s, Consultation, cmd.consultation_id, "会诊申请")
    if cmd.referral_id:
        _get(s, Referral, cmd.referral_id, "转诊")
    row = BedRequest(
        id=cmd.bed_request_id,
        consultation_id=cmd.consultation_id,
        referral_id=cmd.referral_id,
        department=cmd.department.strip(),
        department_phone=_optional_phone(cmd.department_phone),
        patient_name=cmd.patient_name.strip(),
        patient_id_number=normalise_id_number(cmd.patient_id_number) if cmd.patient_id_number else None,
        patient_phone=_optional_phone(cmd.patient_phone),
        from_unit=cmd.from_unit.strip(),
        window_start=cmd.window_start,
        window_end=cmd.window_end,
        requested_at=ctx.now,
        status=BedStatus.REQUESTED.value,
        status_changed_at=ctx.now,
        updated_at=ctx.now,
    )
    s.add(row)
    return row, f"申请床位：{row.department}"


def _move_bed(s: Session, bed_request_id: str, target: BedStatus, ctx: Context) -> BedRequest:
    row = _get(s, BedRequest, bed_request_id, "床位申请")
    check_bed_transition(row.status, target.value)
    row.status = target.value
    row.status_changed_at = ctx.now
    _touch(row, ctx)
    s.add(row)
    return row


@handles(c.FlagBedCoordination)
def _flag_bed(s: Session, cmd: c.FlagBedCoordination, ctx: Context) -> Handled:
    row = _move_bed(s, cmd.bed_request_id, BedStatus.NEEDS_COORDINATION, ctx)
    return row, "转为需协调" + (f"：{cmd.note.strip()}" if cmd.note.strip() else "")


@handles(c.ReserveBed)
def _reserve_bed(s: Session, cmd: c.ReserveBed, ctx: Context) -> Handled:
    row = _move_bed(s, cmd.bed_request_id, BedStatus.RESERVED, ctx)
    row.ward, row.bed_no, row.reserved_at = cmd.ward.strip(), cmd.bed_no.strip() or None, ctx.now
    return row, f"预留床位：{row.ward}" + (f" {row.bed_no}床" if row.bed_no else "")


@handles(c.AdmitPatient)
def _admit(s: Session, cmd: c.AdmitPatient, ctx: Context) -> Handled:
    from referral_desk.store.writes.referral_handlers import transfer

    admitted = cmd.admitted_at or ctx.now
    outside = ""
    row = _get(s, BedRequest, cmd.bed_request_id, "床位申请")
    if not row.window_start <= admitted <= row.window_end:
        # 000 二.3 / 三.2: the patient is admitted within the booked window; outside it, a person says why.
        tz = ctx.policy.tz
        window = f"{row.window_start.astimezone(tz):%m-%d %H:%M}至{row.window_end.astimezone(tz):%m-%d %H:%M}"
        if not cmd.outside_reason.strip():
            raise DomainError(f"入院时间 {admitted.astimezone(tz):%m-%d %H:%M} 不在预约入住时间（{window}）内："
                              "请写明原因", field="outside_reason")
        outside = f"；预约入住时间 {window} 之外，原因：{cmd.outside_reason.strip()}"
    row = _move_bed(s, cmd.bed_request_id, BedStatus.ADMITTED, ctx)
    referral = s.get(Referral, row.referral_id) if row.referral_id else None
    if referral is not None and referral.status == "applied":
        transfer(s, referral, admitted, ctx)  # the upward referral is done; follow-up due
        _touch(referral, ctx)
        return row, f"已入院（上转完成，{ctx.policy.up_follow_up_days}天后随访）{outside}"
    return row, "已入院" + outside


@handles(c.MarkBedNoShow)
def _bed_no_show(s: Session, cmd: c.MarkBedNoShow, ctx: Context) -> Handled:
    row = _move_bed(s, cmd.bed_request_id, BedStatus.NO_SHOW, ctx)
    referral = s.get(Referral, row.referral_id) if row.referral_id else None
    if referral is not None and referral.status == "applied":
        referral.status, referral.status_changed_at = "no_show", ctx.now
        _touch(referral, ctx)
        s.add(referral)
    return row, "未到院"


@handles(c.CancelBed)
def _cancel_bed(s: Session, cmd: c.CancelBed, ctx: Context) -> Handled:
    row = _move_bed(s, cmd.bed_request_id, BedStatus.CANCELLED, ctx)
    row.close_reason = cmd.reason.strip() or None
    return row, "取消床位" + (f"：{row.close_reason}" if row.close_reason else "")


@handles(c.ExpireBed)
def _expire_bed(s: Session, cmd: c.ExpireBed, ctx: Context) -> Handled:
    row = _move_bed(s, cmd.bed_request_id, BedStatus.EXPIRED, ctx)
    row.close_reason = cmd.reason.strip()
    return row, f"床位申请过期：{row.close_reason}"


@handles(c.UpsertDirectoryEntry)
def _upsert_directory(s: Session, cmd: c.UpsertDirectoryEntry, ctx: Context) -> Handled:
    phone = _optional_phone(cmd.phone)
    row = s.get(DirectoryEntry, cmd.directory_entry_id)
    if row is None:
        row = DirectoryEntry(id=cmd.directory_entry_id, unit_name=cmd.unit_name.strip(), updated_at=ctx.now)
    else:
        _touch(row, ctx)
    row.unit_name, row.contact, row.purpose = cmd.unit_name.strip(), cmd.contact.strip(), cmd.purpose.strip()
    row.phone, row.phone_digits, row.sort_order = phone, phone_digits(phone), cmd.sort_order
    row.search_key = search_key(row.unit_name, row.contact, row.purpose) + row.phone_digits + "|"
    s.add(row)
    return row, f"通讯录：{row.unit_name} {row.contact} {phone or '待补充'}"


@handles(c.RetireDirectoryEntry)
def _retire_directory(s: Session, cmd: c.RetireDirectoryEntry, ctx: Context) -> Handled:
    row = _get(s, DirectoryEntry, cmd.directory_entry_id, "通讯录条目")
    if row.deleted_at is not None:
        raise DomainError(f"通讯录条目「{row.unit_name} {row.contact}」已停用")
    _touch(row, ctx)
    row.deleted_at = ctx.now
    s.add(row)
    return row, f"停用通讯录：{row.unit_name} {row.contact} {row.phone or '待补充'}（{cmd.reason.strip()}）"


@handles(c.LogAuditEvent)
def _log_audit_event(s: Session, cmd: c.LogAuditEvent, ctx: Context) -> Handled:
    if s.get(AuditEntry, cmd.audit_entry_id) is not None:
        raise DomainError(f"审计记录已存在（{cmd.audit_entry_id}）")
    summary = cmd.summary or c.AUDITED_ACTIONS[cmd.action]
    row = AuditEntry(id=cmd.audit_entry_id, at=ctx.now, received_at=ctx.received_at, operator=ctx.operator,
                     workstation=ctx.workstation,
                     action=cmd.action, entity=cmd.subject_entity, entity_id=cmd.subject_id, summary=summary,
                     detail_json=json.dumps(cmd.detail, ensure_ascii=False))
    s.add(row)
    return row, summary


@handles(c.ImportRosterMonth)
def _import_roster_month(s: Session, cmd: c.ImportRosterMonth, ctx: Context) -> Handled:
    if s.get(RosterImport, cmd.roster_import_id) is not None:
        raise DomainError("该次排班导入已存在")
    last = monthrange(cmd.month.year, cmd.month.month)[1]
    month_end = cmd.month.replace(day=last)
    for item in cmd.new_specialties:
        _upsert_specialty(s, c.UpsertSpecialty(specialty_id=item.specialty_id, specialty_name=item.specialty_name,
                                               sort_order=1000), ctx)
    for person in cmd.specialists:
        _upsert_specialist(s, c.UpsertSpecialist(
            specialist_id=person.specialist_id, specialist_name=person.specialist_name, title=person.title,
            phone=person.phone, specialty_id=person.specialty_id), ctx)
    replaced = set(cmd.replaced_specialty_ids)
    names = {}
    for specialty_id in replaced:
        names[specialty_id] = _get(s, Specialty, specialty_id, "专业").name
    seen: set[tuple[date, str]] = set()
    specialists: dict[str, Specialist] = {}
    for duty in cmd.duties:
        if not cmd.month <= duty.duty_date <= month_end:
            raise DomainError(f"{duty.duty_date:%Y-%m-%d} 不在 {cmd.month:%Y-%m} 内", field="duties")
        if duty.specialty_id not in replaced:
            raise DomainError("值班所属专业不在本次替换的专业之内", field="duties")
        if (duty.duty_date, duty.specialty_id) in seen:
            raise DomainError(f"{names[duty.specialty_id]} {duty.duty_date:%Y-%m-%d} 有两位值班医师", field="duties")
        seen.add((duty.duty_date, duty.specialty_id))
        if duty.specialist_id not in specialists:
            specialist = _get(s, Specialist, duty.specialist_id, "会诊医师")
            check_duty_title(specialist.title)
            specialists[duty.specialist_id] = specialist
        if specialists[duty.specialist_id].specialty_id != duty.specialty_id:
            raise DomainError(f"{specialists[duty.specialist_id].name} 不属于 {names[duty.specialty_id]}",
                              field="duties")
    old = list(s.exec(select(RosterEntry).where(
        RosterEntry.duty_date >= cmd.month, RosterEntry.duty_date <= month_end,
        col(RosterEntry.specialty_id).in_(replaced), col(RosterEntry.deleted_at).is_(None))))
    for entry in old:
        entry.deleted_at = ctx.now
        _touch(entry, ctx)
    s.flush()  # the old duties leave the one-per-day index before the new ones enter it
    row = RosterImport(id=cmd.roster_import_id, month=cmd.month, file_name=cmd.file_name, layout=cmd.layout,
                       imported_at=ctx.now, operator=ctx.operator, updated_at=ctx.now, entries=len(cmd.duties),
                       replaced=len(old), specialties_json=json.dumps(sorted(names.values()), ensure_ascii=False))
    s.add(row)
    s.flush()  # no ORM relationship tells the flush that entries refer to the import
    s.add_all(RosterEntry(id=d.roster_entry_id, specialty_id=d.specialty_id, duty_date=d.duty_date,
                          specialist_id=d.specialist_id, roster_import_id=row.id, updated_at=ctx.now)
              for d in cmd.duties)
    return row, (f"导入{cmd.month:%Y-%m}排班：{len(names)}个专业 {len(cmd.duties)}条值班"
                 + (f"（替换原有 {len(old)} 条）" if old else ""))


@handles(c.QueueReminder)
def _queue_reminder(s: Session, cmd: c.QueueReminder, ctx: Context) -> Handled:
    if s.get(Reminder, cmd.reminder_id) is not None:
        raise DomainError("该提醒已在队列中")
    consultation = _get(s, Consultation, cmd.consultation_id, "会诊申请")
    if cmd.kind == "notice":  # to the requesting doctor, about an answer (000 一.2)
        if consultation.status == ConsultationStatus.SUBMITTED.value:
            raise DomainError("该申请尚未审核，没有可通知的结果")
    elif consultation.status != ConsultationStatus.SUBMITTED.value:
        raise DomainError("该申请已不在待审核状态，无需提醒")
    row = Reminder(id=cmd.reminder_id, consultation_id=cmd.consultation_id, channel=cmd.channel, kind=cmd.kind,
                   lead_minutes=cmd.lead_minutes, mobile=normalise_phone(cmd.mobile), text=cmd.text,
                   origin=cmd.origin, queued_at=ctx.now, next_attempt_at=ctx.now, updated_at=ctx.now)
    s.add(row)
    what = {"auto": "自动提醒", "notice": "通知申请医师"}.get(cmd.kind, "提醒")
    return row, f"{what}（{CHANNELS[cmd.channel]}）已排队：{row.mobile}"


@handles(c.RecordReminderAttempt)
def _record_reminder_attempt(s: Session, cmd: c.RecordReminderAttempt, ctx: Context) -> Handled:
    row = _get(s, Reminder, cmd.reminder_id, "提醒")
    if row.status != "queued":
        raise DomainError(f"该提醒已{ {'sent': '发送', 'failed': '放弃'}.get(row.status, row.status) }，不再记录")
    _touch(row, ctx)
    row.attempts += 1
    row.last_error = cmd.error or None
    if cmd.outcome == "sent":
        row.status, row.sent_at, row.next_attempt_at = "sent", ctx.now, None
        summary = f"提醒（{CHANNELS[row.channel]}）已发送"
    elif cmd.outcome == "retry":
        row.next_attempt_at = cmd.next_attempt_at
        summary = f"提醒（{CHANNELS[row.channel]}）发送失败，稍后重试：{cmd.error}"
    else:
        row.status, row.next_attempt_at = "failed", None
        summary = f"提醒（{CHANNELS[row.channel]}）发送失败，已放弃：{cmd.error}"
    s.add(row)
    return row, summary


# Last: they register on the registry above (a circle otherwise).
from referral_desk.store.writes import referral_handlers, undo_handlers  # noqa: E402,F401,I001  (register themselves)

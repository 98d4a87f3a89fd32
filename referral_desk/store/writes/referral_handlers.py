"""How referral commands change the store: referrals, their follow-ups, receiving departments."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from referral_desk.domain import commands as c
from referral_desk.domain.bed import check_window
from referral_desk.domain.commands import RECORDS
from referral_desk.domain.downward import advise
from referral_desk.domain.errors import DomainError
from referral_desk.domain.identity import IdKind, normalise_patient_id
from referral_desk.domain.referral import (
    UP_CRITERIA,
    Direction,
    FollowUpResult,
    ReferralStatus,
    check_admission_hours,
    check_referral_transition,
    check_up_referral,
    follow_up_dates,
    reserve_from_share,
)
from referral_desk.domain.search_keys import search_key
from referral_desk.store.database.disease_lists import current_list, next_edition
from referral_desk.store.database.ids import seed_id
from referral_desk.store.database.tables import (
    Consultation,
    Department,
    DiseaseListEdition,
    FollowUp,
    Referral,
    SlotReserve,
    VisitCount,
)
from referral_desk.store.writes.handler_base import Context, Handled, _get, _optional_phone, _touch, handles

CLOCK_SLACK = timedelta(minutes=5)  # a desk's clock a little ahead of the server's is not an error


@handles(c.UpsertDepartment)
def _upsert_department(s: Session, cmd: c.UpsertDepartment, ctx: Context) -> Handled:
    name = "".join(cmd.department_name.split())
    clash = s.exec(select(Department).where(Department.name == name, Department.id != cmd.department_id)).first()
    if clash:
        raise DomainError(f"科室「{name}」已存在", field="department_name")
    row = s.get(Department, cmd.department_id)
    if row is None:
        row = Department(id=cmd.department_id, name=name, updated_at=ctx.now)
    else:
        _touch(row, ctx)
    row.name, row.phone = name, _optional_phone(cmd.phone)
    row.reserved_beds = reserve_from_share(cmd.total_beds, cmd.reserve_percent, cmd.reserved_beds)
    row.total_beds, row.reserve_percent = cmd.total_beds, cmd.reserve_percent
    row.window_offset_days, row.window_days, row.sort_order = cmd.window_offset_days, cmd.window_days, cmd.sort_order
    row.search_key = search_key(name)
    s.add(row)
    share = f"（总床位{row.total_beds}张的{row.reserve_percent}%）" if row.reserve_percent else ""
    return row, (f"接收科室：{name} 转诊专用床位{row.reserved_beds}张{share} "
                 f"默认入住{row.window_offset_days}天后起{row.window_days}天")


def _follow_up_days(referral: Referral, ctx: Context) -> tuple[int, ...]:
    if referral.direction == Direction.UP:
        return (ctx.policy.up_follow_up_days,)
    return tuple(json.loads(referral.follow_up_days_json))


def transfer(s: Session, referral: Referral, at: datetime, ctx: Context) -> list[FollowUp]:
    """The patient has moved: the referral is done and its follow-ups fall due (ids fixed by the
    referral, so the server and every desk write the same rows)."""
    check_referral_transition(referral.status, ReferralStatus.TRANSFERRED.value)
    referral.status, referral.status_changed_at, referral.transferred_at = "transferred", ctx.now, at
    s.add(referral)
    s.flush()  # no ORM relationship tells the flush that follow-ups refer to the referral
    day = at.astimezone(ctx.policy.tz).date()
    rows = []
    for n, due in enumerate(follow_up_dates(day, _follow_up_days(referral, ctx)), 1):
        row_id = seed_id("follow-up", referral.id, str(n))
        # Already here when a desk re-applies its waiting transfer over the server's referral.
        row = s.get(FollowUp, row_id) or FollowUp(id=row_id, referral_id=referral.id, due_date=due,
                                                  updated_at=ctx.now)
        row.due_date = due
        rows.append(row)
    s.add_all(rows)
    return rows


@handles(c.CreateReferral)
def _create_referral(s: Session, cmd: c.CreateReferral, ctx: Context) -> Handled:
    if s.get(Referral, cmd.referral_id) is not None:
        raise DomainError("该转诊已存在")
    if not cmd.consent_by.strip():
        raise DomainError("转诊须经患者知情同意：请填写同意人（患者本人或家属姓名）（002 四.1；004）",
                          field="consent_by")
    if cmd.inpatient and not cmd.emergency and not cmd.reviewed_by.strip():
        raise DomainError(f"住院{Direction(cmd.direction).label}须经科主任或医疗组长审核，请填写审核人（001 二(二)2）",
                          field="reviewed_by")
    data: dict[str, Any] = {}
    if Direction(cmd.direction) is Direction.UP:
        consultation = None
        if cmd.consultation_id:
            consultation = _get(s, Consultation, cmd.consultation_id, "会诊申请")
            taken = s.exec(select(Referral.id).where(Referral.consultation_id == consultation.id,
                                                     Referral.status != "cancelled",
                                                     col(Referral.deleted_at).is_(None))).first()
            if taken:
                raise DomainError("该会诊已申请过上转", field="consultation_id")
        check_up_referral(consultation_status=consultation.status if consultation else None,
                          outcome=consultation.outcome if consultation else None, emergency=cmd.emergency,
                          criteria=cmd.criteria, reason=cmd.reason, reviewed_by=cmd.reviewed_by)
        data["criteria_json"] = json.dumps([k for k in UP_CRITERIA if k in cmd.criteria])
    else:
        if cmd.emergency:
            raise DomainError("急诊补录只用于上转", field="emergency")
        if not cmd.receiver_confirmed_by.strip():
            raise DomainError("下转前须确认接收单位可以接收：请填写确认人", field="receiver_confirmed_by")
        if not cmd.follow_up_days:
            raise DomainError("下转须附随访计划：请填写随访天数", field="follow_up_days")
        if not cmd.follow_up_plan.strip():
            raise DomainError("下转须随患者带去后续治疗方案", field="follow_up_plan")
        disease_list = current_list(s)
        advice = advise(cmd.diagnosis, disease_list, stable_rehab=cmd.stable_rehab)
        if advice.refused:  # 001 附件 三 says so in words: no confirmation overrides it
            raise DomainError(advice.refused, field="diagnosis")
        basis = cmd.downward_basis.strip()
        if not advice.eligible and not basis:
            ask = ("请医生评估后在下转依据中写明评估医生与结论" if advice.advice == "review"
                   else "如经评估仍需下转，请填写下转依据")
            raise DomainError(f"{advice.summary()}。{ask}", field="downward_basis")
        words = advice.summary() + (f"；经确认下转，依据：{basis}" if not advice.eligible else "")
        data.update(drg_code=advice.group.code if advice.eligible and advice.group else None,
                    eligibility=words[:500], disease_list_edition=disease_list.edition,
                    downward_basis=basis if not advice.eligible else "",
                    receiver_confirmed_by=cmd.receiver_confirmed_by.strip(),
                    receiver_confirmed_at=cmd.receiver_confirmed_at or ctx.now,
                    follow_up_plan=cmd.follow_up_plan.strip(),
                    follow_up_days_json=json.dumps(sorted(set(cmd.follow_up_days))))
    if cmd.notified_at is not None and cmd.notified_at > ctx.now + CLOCK_SLACK:
        raise DomainError("通知转入医院的时间不能晚于现在", field="notified_at")
    # Transport and notice are required by the form (read_referral) for an urgent patient, not here: a
    # referral queued offline before this release carries neither and must still land.
    data.update(transport=cmd.transport, notified_to=cmd.notified_to.strip(), notified_at=cmd.notified_at,
                priority=cmd.priority, slot_override_by=cmd.slot_override_by.strip(),
                slot_override_reason=cmd.slot_override_reason.strip())
    if cmd.emergency:
        if cmd.admitted_at is None:
            raise DomainError("急诊补录须填写入院时间", field="admitted_at")
        if cmd.admitted_at > ctx.now:
            raise DomainError("入院时间不能晚于现在", field="admitted_at")
        start = end = cmd.admitted_at
    else:
        if cmd.window_start is None or cmd.window_end is None:
            raise DomainError("请填写预约入住时间", field="window")
        # Not checked against now here: a desk that was offline pushes it later (the form checks).
        check_window(cmd.window_start, cmd.window_end)
        if Direction(cmd.direction) is Direction.UP and cmd.inpatient:
            check_admission_hours(cmd.window_start, cmd.window_end, ctx.policy.admission_opens,
                                  ctx.policy.admission_closes, ctx.policy.tz)
        start, end = cmd.window_start, cmd.window_end
    row = Referral(
        id=cmd.referral_id, direction=cmd.direction, consultation_id=cmd.consultation_id, emergency=cmd.emergency,
        inpatient=cmd.inpatient,
        patient_name=cmd.patient_name.strip(), patient_sex=cmd.patient_sex, patient_age=cmd.patient_age,
        patient_id_number=normalise_patient_id(cmd.patient_id_kind, cmd.patient_id_number)
        if cmd.patient_id_number else None, patient_id_kind=IdKind(cmd.patient_id_kind).value,
        patient_phone=_optional_phone(cmd.patient_phone), patient_address=cmd.patient_address.strip(),
        diagnosis=cmd.diagnosis.strip(), from_unit=cmd.from_unit.strip(), to_unit=cmd.to_unit.strip(),
        department=cmd.department.strip(), reason=cmd.reason.strip(), reviewed_by=cmd.reviewed_by.strip(),
        consent_by=cmd.consent_by.strip(), opinion=cmd.opinion.strip(),
        records_sent_json=json.dumps([r for r in RECORDS if r in cmd.records_sent], ensure_ascii=False),
        window_start=start, window_end=end, requested_at=ctx.now, status_changed_at=ctx.now, updated_at=ctx.now,
        **data)
    s.add(row)
    if cmd.emergency and cmd.admitted_at is not None:  # checked above
        transfer(s, row, cmd.admitted_at, ctx)
    what = Direction(cmd.direction).label + ("（急诊先入院后补录）" if cmd.emergency else "")
    return row, f"申请{what}：{row.patient_name} {row.from_unit} → {row.to_unit} {row.department}"


@handles(c.SetSlotReserve)
def _set_slot_reserve(s: Session, cmd: c.SetSlotReserve, ctx: Context) -> Handled:
    unit, department = cmd.unit.strip(), "".join(cmd.department.split())
    if cmd.slot_reserve_id != seed_id("slot_reserve", unit, department):
        raise DomainError("门诊号源预留的编号与单位、科室不符", field="slot_reserve_id")
    if cmd.reserve_percent is not None and not cmd.daily_slots:
        raise DomainError("按比例预留门诊号源须先填写科室每日号源数", field="daily_slots")
    row = s.get(SlotReserve, cmd.slot_reserve_id)
    if row is None:
        row = SlotReserve(id=cmd.slot_reserve_id, unit=unit, department=department, updated_at=ctx.now)
    else:
        _touch(row, ctx)
        row.deleted_at = None
    row.reserved_slots = (-(-cmd.daily_slots * cmd.reserve_percent // 100) if cmd.reserve_percent and cmd.daily_slots
                          else cmd.reserved_slots)
    row.daily_slots, row.reserve_percent = cmd.daily_slots, cmd.reserve_percent
    s.add(row)
    share = f"（每日{row.daily_slots}个的{row.reserve_percent}%）" if row.reserve_percent else ""
    return row, f"门诊号源预留：{unit} {department} 每日{row.reserved_slots}个{share}"


@handles(c.RecordVisitCount)
def _record_visit_count(s: Session, cmd: c.RecordVisitCount, ctx: Context) -> Handled:
    unit = cmd.unit.strip()
    if cmd.visit_count_id != seed_id("visit_count", unit, cmd.month):
        raise DomainError("诊疗人次记录的编号与单位、月份不符", field="visit_count_id")
    row = s.get(VisitCount, cmd.visit_count_id)
    before = row.visits if row is not None else None
    if row is None:
        row = VisitCount(id=cmd.visit_count_id, unit=unit, month=cmd.month, visits=cmd.visits, updated_at=ctx.now)
    else:
        _touch(row, ctx)
        row.deleted_at = None
    row.visits, row.source = cmd.visits, cmd.source.strip()
    s.add(row)
    was = f"（原为{before}）" if before is not None and before != cmd.visits else ""
    return row, f"诊疗人次：{unit} {cmd.month} {cmd.visits}{was}"


@handles(c.RecordTransfer)
def _record_transfer(s: Session, cmd: c.RecordTransfer, ctx: Context) -> Handled:
    row = _get(s, Referral, cmd.referral_id, "转诊")
    at = cmd.transferred_at or ctx.now
    if at > ctx.now:
        raise DomainError("转诊时间不能晚于现在", field="transferred_at")
    follow_ups = transfer(s, row, at, ctx)
    _touch(row, ctx)
    due = "、".join(f"{f.due_date:%m-%d}" for f in follow_ups)
    return row, f"已转诊（{at.astimezone(ctx.policy.tz):%m-%d %H:%M}），随访：{due}"


@handles(c.CancelReferral)
def _cancel_referral(s: Session, cmd: c.CancelReferral, ctx: Context) -> Handled:
    row = _get(s, Referral, cmd.referral_id, "转诊")
    check_referral_transition(row.status, ReferralStatus.CANCELLED.value)
    row.status, row.status_changed_at, row.close_reason = "cancelled", ctx.now, cmd.reason.strip() or None
    _touch(row, ctx)
    s.add(row)
    return row, "取消转诊" + (f"：{row.close_reason}" if row.close_reason else "")


@handles(c.RecordFollowUp)
def _record_follow_up(s: Session, cmd: c.RecordFollowUp, ctx: Context) -> Handled:
    row = _get(s, FollowUp, cmd.follow_up_id, "随访")
    if row.status == "done":
        raise DomainError("该随访已完成，不再记录", field="result")
    result = FollowUpResult(cmd.result)
    _touch(row, ctx)
    row.attempts += 1
    row.last_call_at, row.result, row.note, row.operator = ctx.now, result.value, cmd.note.strip(), ctx.operator
    if result.closes:
        row.status, row.done_at = "done", ctx.now
    s.add(row)
    return row, f"随访：{result.label}" + (f"（{row.note}）" if row.note else "")


@handles(c.PublishDiseaseList)
def _publish_disease_list(s: Session, cmd: c.PublishDiseaseList, ctx: Context) -> Handled:
    if s.get(DiseaseListEdition, cmd.disease_list_id) is not None:
        raise DomainError("该版病种清单已发布")
    expected = next_edition(s)
    if cmd.content.edition != expected:
        # Two desks publishing at once: the second is told, not silently renumbered.
        raise DomainError(f"病种清单应发布为第{expected}版，收到第{cmd.content.edition}版（可能已有他人发布新版）",
                          field="edition")
    row = DiseaseListEdition(id=cmd.disease_list_id, edition=cmd.content.edition,
                             content_json=cmd.content.model_dump_json(), note=cmd.content.note,
                             published_at=ctx.now, operator=ctx.operator, updated_at=ctx.now)
    s.add(row)
    return row, f"发布下转病种清单第{row.edition}版：{len(cmd.content.groups)}个病组" + (
        f"（{cmd.content.note}）" if cmd.content.note else "")

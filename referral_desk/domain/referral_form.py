"""The referral form, read into commands. Pure: the form's text goes in; the referral (and for an
upward one its bed request) or every field's problem, in Chinese, comes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from pydantic import ValidationError

from referral_desk.domain import commands as c
from referral_desk.domain.booking import clean_text, folded, read_patient
from referral_desk.domain.bounds import expected
from referral_desk.domain.errors import DomainError
from referral_desk.domain.identity import IdKind, normalise_patient_id, read_id_kind
from referral_desk.domain.referral import (
    SlotState,
    check_slot_override,
    parse_follow_up_days,
    parse_window,
    read_transport,
    urgent,
)

FIELD_LABELS = {
    "patient_name": "患者姓名", "patient_sex": "性别", "patient_age": "年龄", "patient_id_number": "证件号码",
    "patient_id_kind": "证件类型",
    "patient_phone": "患者电话", "patient_address": "住址", "diagnosis": "诊断", "from_unit": "转出单位",
    "to_unit": "转入单位", "department": "转入科室", "criteria": "上转标准", "reason": "上转理由",
    "reviewed_by": "审核人", "window": "入住时间", "admitted_at": "入院时间", "receiver_confirmed_by": "接收确认人",
    "follow_up_plan": "后续治疗方案", "follow_up_days": "随访天数", "consultation_id": "会诊",
    "emergency": "急诊补录", "stable_rehab": "病情稳定/康复期", "consent_by": "知情同意",
    "downward_basis": "下转依据", "opinion": "医院意见", "records_sent": "随转资料",
    "transport": "转运方式", "notified_to": "已通知（转入方）", "notified_at": "通知时间",
    "slot_override_by": "加号批准人", "slot_override_reason": "加号理由",
}


@dataclass
class ReferralFormResult:
    referral: c.CreateReferral | None = None
    bed: c.CreateBedRequest | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [f"{FIELD_LABELS.get(k, k)}：{v}" for k, v in self.errors.items()]


def _parse_instant(text: str, tz: tzinfo) -> datetime:
    clean = folded(text).replace("/", "-").replace("T", " ")
    try:
        return datetime.strptime(clean, "%Y-%m-%d %H:%M").replace(tzinfo=tz)
    except ValueError:
        raise DomainError(f"应写作 2026-11-23 22:40，收到「{text}」") from None


def _read_past(v: dict[str, str], key: str, label: str, data: dict[str, Any], errors: dict[str, str], tz: tzinfo,
               now: datetime) -> None:
    """An instant that has happened (an admission, a notice): typed as 2026-11-23 22:40, not after now."""
    try:
        data[key] = _parse_instant(v[key], tz)
        if data[key] > now:
            errors[key] = f"{label}不能晚于现在"
    except DomainError as exc:
        errors[key] = exc.message


def _read_id(v: dict[str, str], data: dict[str, Any], errors: dict[str, str]) -> str:
    """003: 身份证号或个人编号. Another document's number is read here (and returned) and taken out of
    the resident-ID checks: sex and birth date are stated only by a resident ID."""
    try:
        kind = read_id_kind(v.get("patient_id_kind", ""))
    except DomainError as exc:
        errors["patient_id_kind"] = exc.message
        v.pop("patient_id_number", None)
        return ""
    data["patient_id_kind"] = kind.value
    if kind is IdKind.RESIDENT or not v.get("patient_id_number"):
        return ""
    number = v.pop("patient_id_number")
    try:
        return normalise_patient_id(kind, number)
    except DomainError as exc:
        errors["patient_id_number"] = exc.message
        return ""


def _read_urgent(v: dict[str, str], data: dict[str, Any], errors: dict[str, str], needed: bool, tz: tzinfo,
                 now: datetime) -> None:
    """003 三(一): an urgent patient's transport and who at the receiving hospital was told, when
    (left empty, the time is now: the operator records the call as it is made)."""
    try:
        transport = read_transport(v.get("transport", ""))
        data["transport"] = transport.value if transport else ""
    except DomainError as exc:
        errors["transport"] = exc.message
    data["notified_to"] = v.get("notified_to", "")
    if v.get("notified_at"):
        _read_past(v, "notified_at", "通知时间", data, errors, tz, now)
    elif data["notified_to"]:
        data["notified_at"] = now
    if needed:
        if not v.get("transport"):
            errors.setdefault("transport",
                              "必填：急危重症须写明转运方式（救护车/救护车医护护送/陪护/自行，003 三(一)）")
        if not data["notified_to"]:
            errors["notified_to"] = "必填：通知了转入医院的谁做好接诊（003 三(一)）"


def read_referral(form: dict[str, str], *, direction: str, emergency: bool, consultation_id: str | None,
                  criteria: list[str], stable_rehab: bool, request_bed: bool, department_phone: str | None,
                  tz: tzinfo, now: datetime, inpatient: bool = True,
                  records_sent: list[str] | None = None, priority: bool = True,
                  slot_state: SlotState | None = None) -> ReferralFormResult:
    """`slot_state`: the receiving department's outpatient slots on the booked day (004), when it keeps
    some: exhausted, the referral needs the supervisor who let it in and why."""
    result = ReferralFormResult()
    errors = result.errors
    v = {k: clean_text(x) for k, x in form.items()}
    required = ["patient_name", "from_unit", "to_unit", "department", "consent_by"]
    required += ["reason", "reviewed_by"] if direction == "up" else ["receiver_confirmed_by", "follow_up_plan"]
    if direction == "down" and inpatient:
        required.append("reviewed_by")  # 001 二(二)2: both directions are reviewed
    for key in required:
        if not v.get(key):
            errors[key] = "必填：患者本人或家属姓名（002 四.1）" if key == "consent_by" else "必填"
    data: dict[str, Any] = {k: v.get(k, "") for k in ("patient_name", "from_unit", "to_unit", "department", "reason",
                                             "reviewed_by", "diagnosis", "patient_address", "receiver_confirmed_by",
                                             "follow_up_plan", "consent_by", "downward_basis", "opinion")}
    data["records_sent"] = list(records_sent or [])
    if direction == "up" and not criteria:
        errors["criteria"] = "请至少勾选一项（000 二）"
    other_document = _read_id(v, data, errors)
    read_patient(v, data, errors, today=now.astimezone(tz).date())
    if other_document:
        data["patient_id_number"] = other_document
    data["priority"] = priority
    if direction == "up":
        _read_urgent(v, data, errors, urgent(emergency, criteria), tz, now)
    for key in ("slot_override_by", "slot_override_reason"):
        data[key] = v.get(key, "")
    if not inpatient and not emergency:
        try:
            check_slot_override(slot_state, override_by=data["slot_override_by"],
                                override_reason=data["slot_override_reason"])
        except DomainError as exc:
            errors[exc.field or "slot_override_by"] = exc.message
    if emergency:
        if not v.get("admitted_at"):
            errors["admitted_at"] = "必填：急诊先入院的时间"
        else:
            _read_past(v, "admitted_at", "入院时间", data, errors, tz, now)
    else:
        try:
            data["window_start"], data["window_end"] = parse_window(v.get("window", ""), tz)
            if data["window_end"] <= now:
                errors["window"] = "预约入住时间已经过去"
        except DomainError as exc:
            errors["window"] = exc.message
    if direction == "down":
        try:
            data["follow_up_days"] = list(parse_follow_up_days(v.get("follow_up_days", "")))
        except DomainError as exc:
            errors["follow_up_days"] = exc.message
    if errors:
        return result
    try:
        result.referral = c.CreateReferral(direction=direction, consultation_id=consultation_id, emergency=emergency,
                                           criteria=criteria, stable_rehab=stable_rehab, inpatient=inpatient,
                                           **data)
        if direction == "up" and request_bed and inpatient and not emergency:
            r = result.referral
            result.bed = c.CreateBedRequest(
                referral_id=r.referral_id, consultation_id=consultation_id, department=r.department,
                department_phone=department_phone, patient_name=r.patient_name,
                patient_id_number=r.patient_id_number, patient_phone=r.patient_phone, from_unit=r.from_unit,
                window_start=r.window_start, window_end=r.window_end)
    except ValidationError as exc:
        for err in exc.errors():
            key = str(err["loc"][0]) if err.get("loc") else "form"
            errors.setdefault(key, expected(err))
        result.referral = result.bed = None
    return result

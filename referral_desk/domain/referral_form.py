"""The referral form, read into commands. Pure: the form's text goes in; the referral (and for an
upward one its bed request) or every field's problem, in Chinese, comes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from referral_desk.domain import commands as c
from referral_desk.domain.booking import clean_text, folded, read_patient
from referral_desk.domain.bounds import expected
from referral_desk.domain.errors import DomainError
from referral_desk.domain.referral import parse_follow_up_days, parse_window

FIELD_LABELS = {
    "patient_name": "患者姓名", "patient_sex": "性别", "patient_age": "年龄", "patient_id_number": "身份证号",
    "patient_phone": "患者电话", "patient_address": "住址", "diagnosis": "诊断", "from_unit": "转出单位",
    "to_unit": "转入单位", "department": "转入科室", "criteria": "上转标准", "reason": "上转理由",
    "reviewed_by": "审核人", "window": "入住时间", "admitted_at": "入院时间", "receiver_confirmed_by": "接收确认人",
    "follow_up_plan": "后续治疗方案", "follow_up_days": "随访天数", "consultation_id": "会诊",
    "emergency": "急诊补录", "stable_rehab": "病情稳定/康复期", "consent_by": "知情同意",
    "downward_basis": "下转依据", "opinion": "医院意见", "records_sent": "随转资料",
}


@dataclass
class ReferralFormResult:
    referral: c.CreateReferral | None = None
    bed: c.CreateBedRequest | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [f"{FIELD_LABELS.get(k, k)}：{v}" for k, v in self.errors.items()]


def _parse_instant(text: str, tz: ZoneInfo) -> datetime:
    clean = folded(text).replace("/", "-").replace("T", " ")
    try:
        return datetime.strptime(clean, "%Y-%m-%d %H:%M").replace(tzinfo=tz)
    except ValueError:
        raise DomainError(f"应写作 2026-11-23 22:40，收到「{text}」") from None


def read_referral(form: dict[str, str], *, direction: str, emergency: bool, consultation_id: str | None,
                  criteria: list[str], stable_rehab: bool, request_bed: bool, department_phone: str | None,
                  tz: ZoneInfo, now: datetime, inpatient: bool = True,
                  records_sent: list[str] | None = None) -> ReferralFormResult:
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
    data: dict = {k: v.get(k, "") for k in ("patient_name", "from_unit", "to_unit", "department", "reason",
                                             "reviewed_by", "diagnosis", "patient_address", "receiver_confirmed_by",
                                             "follow_up_plan", "consent_by", "downward_basis", "opinion")}
    data["records_sent"] = list(records_sent or [])
    if direction == "up" and not criteria:
        errors["criteria"] = "请至少勾选一项（000 二）"
    read_patient(v, data, errors, today=now.astimezone(tz).date())
    if emergency:
        if not v.get("admitted_at"):
            errors["admitted_at"] = "必填：急诊先入院的时间"
        else:
            try:
                data["admitted_at"] = _parse_instant(v["admitted_at"], tz)
                if data["admitted_at"] > now:
                    errors["admitted_at"] = "入院时间不能晚于现在"
            except DomainError as exc:
                errors["admitted_at"] = exc.message
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

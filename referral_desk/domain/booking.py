"""The booking form an operator fills in for a calling alliance-unit doctor, read into a command.

Pure: the form's text goes in, a CreateConsultation or every field's problem (in Chinese)
comes out. Rules that need the store (who is on duty, overlapping slots) are the
handler's; its DomainError names the field too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from pydantic import ValidationError

from referral_desk.domain import commands as c
from referral_desk.domain.bounds import EARLIEST, LATEST, expected
from referral_desk.domain.errors import DomainError
from referral_desk.domain.identity import age_on, id_number_facts, normalise_id_number, normalise_phone

# Each field's name on the form and in its errors: the command's titles, and the form's own day and slot
# (which make the appointment's time).
FIELD_LABELS = {
    **{name: str(info.title) for name, info in c.CreateConsultation.model_fields.items() if info.title},
    "day": "日期", "slot": "时间段",
}
REQUIRED = ("requesting_unit", "requesting_doctor", "patient_name", "specialty_id")
# The command's fields read by rules of their own below (read_patient, the day and slot, the roster); every other
# field the form has is taken as typed, so a field added to the command and the form needs no line here.
_READ_APART = frozenset({"requesting_phone", "patient_phone", "patient_id_number", "patient_sex", "patient_age",
                         "specialist_id", "appointment_at", "appointment_end", "submitted_at"})
_SLOT = re.compile(r"^(\d{1,2})[:：](\d{2})\s*[-~—至到]\s*(\d{1,2})[:：](\d{2})$")


# A proposed time without an end still holds the specialist: judged as a slot this long, the same way
# as an agreed one (000: 避免冲突).
OPEN_ENDED_SLOT = timedelta(minutes=30)
LONGEST_SLOT = timedelta(hours=12)  # no slot is longer: bounds the search for ones that reach `start`


def slot_end_of(start: datetime, end: datetime | None) -> datetime:
    return end if end is not None else start + OPEN_ENDED_SLOT


def slot_timing(appointment_at: datetime | None, now: datetime, reminder_lead: timedelta) -> tuple[str, str] | None:
    """(kind, words) when a slot is too near to book as usual: "begun" is refused (the consultation cannot
    take place in it); "late" is saved only when asked again, because the request's approval deadline (the
    slot less the reminder lead) has already passed and it would show as overdue the moment it is saved."""
    if appointment_at is None:
        return None
    if appointment_at <= now:
        return "begun", f"该时段已开始（{appointment_at:%H:%M}），请填写之后的时段"
    if appointment_at - reminder_lead <= now:
        minutes = int((appointment_at - now).total_seconds() // 60)
        when = f"{minutes} 分钟后" if minutes else "不到 1 分钟后"
        lead = int(reminder_lead.total_seconds() // 60)
        return "late", (f"注意：该时段{when}开始，审核截止（时段前 {lead} 分钟）已过，登记后即显示为超时。"
                        "请先电话联系值班会诊医师；确认仍按此时段预约请再按 Ctrl+S 登记")
    return None


def parse_slot(text: str, day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """'14:00-14:30' on `day`, or '2026-11-24 14:00-14:30'."""
    text = folded(text)
    if m := re.match(r"^(\d{4}[-/]\d{1,2}[-/]\d{1,2})\s+(.+)$", text):
        try:
            y, mo, d = (int(x) for x in re.split(r"[-/]", m[1]))
            day = date(y, mo, d)
        except ValueError:
            raise DomainError(f"日期无法识别：「{m[1]}」") from None
        text = m[2]
    m = _SLOT.match(text)
    if not m:
        raise DomainError(f"时间段应写作 14:00-14:30，收到「{text}」")
    try:
        start, end = time(int(m[1]), int(m[2])), time(int(m[3]), int(m[4]))
    except ValueError:
        raise DomainError(f"没有这个时刻：「{text}」") from None
    if end <= start:
        raise DomainError("结束时间须晚于开始时间")
    return datetime.combine(day, start, tz), datetime.combine(day, end, tz)


def read_patient(values: dict[str, str], data: dict[str, Any], errors: dict[str, str],
                 phones: tuple[str, ...] = ("patient_phone",), today: date | None = None) -> None:
    """The patient's fields every form asks for (phones, ID number, sex, age): each one read into
    `data` or its problem, in Chinese, into `errors`. `values` are already cleaned. A valid ID
    number states the sex and the birth date: they fill the fields left empty and refuse ones
    that contradict it."""
    for key in phones:
        if values.get(key):
            try:
                data[key] = normalise_phone(values[key])
            except DomainError as exc:
                errors[key] = exc.message
    if values.get("patient_id_number"):
        try:
            data["patient_id_number"] = normalise_id_number(values["patient_id_number"])
        except DomainError as exc:
            errors["patient_id_number"] = exc.message
    sex = values.get("patient_sex", "")
    if sex:
        if sex not in ("男", "女"):
            errors["patient_sex"] = f"应为“男”或“女”，收到「{sex}」"
        data["patient_sex"] = sex if sex in ("男", "女") else None
    if values.get("patient_age"):
        age = folded(values["patient_age"]).removesuffix("岁")
        if not age.isdigit() or not 0 <= int(age) <= 130:
            errors["patient_age"] = f"应为 0–130 的整数，收到「{values['patient_age']}」"
        else:
            data["patient_age"] = int(age)
    if data.get("patient_id_number"):
        _agree_with_id_number(data, errors, today)


def _agree_with_id_number(data: dict[str, Any], errors: dict[str, str], today: date | None) -> None:
    sex, birth = id_number_facts(data["patient_id_number"])
    if data.get("patient_sex") is None:
        data["patient_sex"] = sex
    elif data["patient_sex"] != sex:
        errors["patient_sex"] = f"与身份证号不符：身份证号为{sex}性"
    if today is None:
        return
    if birth > today:
        errors["patient_id_number"] = f"身份证号中的出生日期 {birth:%Y-%m-%d} 在今天之后"
        return
    age = age_on(birth, today)
    if data.get("patient_age") is not None and abs(data["patient_age"] - age) > 1:
        errors["patient_age"] = f"与身份证号不符：按出生日期 {birth:%Y-%m-%d} 应为 {age} 岁"
    elif data.get("patient_age") is None:
        data["patient_age"] = age


@dataclass
class BookingResult:
    command: c.CreateConsultation | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [f"{FIELD_LABELS.get(k, k)}：{v}" for k, v in self.errors.items()]


def clean_text(value: str | None) -> str:
    """What a person typed, as typed (a full-width ，stays one: issue 24), outer space trimmed."""
    return (value or "").strip()


def folded(value: str | None) -> str:
    """For a field a rule reads as digits or a date: full-width digits and letters folded (NFKC)."""
    return unicodedata.normalize("NFKC", value or "").strip()


def read_booking(form: dict[str, str], *, specialist_id: str | None, tz: tzinfo, today: date) -> BookingResult:
    """`specialist_id` is the one on duty for the chosen specialty and day (None: nobody)."""
    result = BookingResult()
    errors = result.errors
    values = {k: clean_text(v) for k, v in form.items()}
    for key in REQUIRED:
        if not values.get(key):
            errors[key] = "必填"
    data: dict[str, Any] = {
        name: values[name] or (None if info.is_required() else info.default)
        for name, info in c.CreateConsultation.model_fields.items() if name in values and name not in _READ_APART}
    read_patient(values, data, errors, phones=("requesting_phone", "patient_phone"), today=today)
    day = today
    if values.get("day"):
        try:
            day = date.fromisoformat(folded(values["day"]).replace("/", "-"))
        except ValueError:
            errors["day"] = f"日期应写作 YYYY-MM-DD，收到「{values['day']}」"
        else:
            if not EARLIEST.date() <= day < LATEST.date():
                errors["day"] = f"日期须在 {EARLIEST.year}-{LATEST.year} 年之间，收到「{values['day']}」"
            elif day < today:  # outside trial: a request for a past day was saved, overdue at once
                errors["day"] = f"不能预约已过去的日期（{day:%m月%d日}），收到「{values['day']}」"
    if values.get("slot"):
        try:
            data["appointment_at"], data["appointment_end"] = parse_slot(values["slot"], day, tz)
        except DomainError as exc:
            errors["slot"] = exc.message
    elif day != today and "day" not in errors:
        # Without a time the request is today's and goes to today's specialist (issue 25: it was refused
        # with words about today's duty): another day is booked with its time.
        errors["slot"] = f"预约 {day:%m月%d日} 的会诊须填写时段（如 09:00-09:30），会诊医师按当天值班安排"
    if values.get("specialty_id") and specialist_id is None:
        errors["specialist_id"] = f"该专业 {day:%Y-%m-%d} 无人值班，无法预约"
    data["specialist_id"] = specialist_id
    if errors:
        return result
    try:
        result.command = c.CreateConsultation(**data)
    except ValidationError as exc:
        for err in exc.errors():
            key = str(err["loc"][0]) if err.get("loc") else "form"
            errors.setdefault(key, expected(err))
    return result

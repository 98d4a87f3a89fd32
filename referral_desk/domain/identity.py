"""Resident ID numbers (GB 11643) and phone numbers: validation, normalising, masking."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum

from referral_desk.domain.errors import DomainError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=False))
    return _CHECK[total % 11]


def normalise_id_number(raw: str) -> str:
    """Validate an 18-character resident ID number; return it upper-cased."""
    value = unicodedata.normalize("NFKC", raw).strip().replace(" ", "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise DomainError(f"身份证号应为18位（最后一位可为X），收到「{raw}」", field="id_number")
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise DomainError(f"身份证号中的出生日期 {value[6:14]} 无效", field="id_number") from None
    expected = id_check_char(value[:17])
    if value[17] != expected:
        raise DomainError(f"身份证号校验位错误：应为 {expected}，收到 {value[17]}", field="id_number")
    return value


def id_number_facts(value: str) -> tuple[str, date]:
    """The sex (17th digit: odd 男, even 女) and birth date a valid ID number states."""
    return ("男" if int(value[16]) % 2 else "女"), date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def mask_id_number(value: str | None) -> str:
    """371502********123X: region code and last four stay visible."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


_MOBILE = re.compile(r"1[3-9]\d{9}")


def normalise_phone(raw: str) -> str:
    """Mobile '13346252918' or landline with area code '0635-8273113'."""
    text = unicodedata.normalize("NFKC", raw).strip()
    digits = re.sub(r"[\s\-()（）]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not digits.isdigit():
        raise DomainError(f"电话号码只能包含数字、空格和“-”，收到「{raw}」", field="phone")
    if _MOBILE.fullmatch(digits):
        return digits
    # Area codes: 010 and 02x are three digits, the rest four (0635 = Liaocheng).
    m = re.fullmatch(r"(0(?:10|2\d))(\d{8})", digits) or re.fullmatch(r"(0[3-9]\d{2})(\d{7,8})", digits)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    raise DomainError(
        f"电话号码应为11位手机号或带区号的固定电话（如 0635-8273113），收到「{raw}」", field="phone"
    )


def is_mobile(value: str | None) -> bool:
    """A mainland mobile number (one that takes an SMS), as normalise_phone writes it."""
    return bool(_MOBILE.fullmatch(phone_digits(value)))


def phone_digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


def mask_phone(value: str | None) -> str:
    """Patients' phones on screen: 133****2918 / 0635-***3113."""
    if not value:
        return ""
    if "-" in value:
        area, number = value.split("-", 1)
        return f"{area}-{'*' * max(len(number) - 4, 0)}{number[-4:]}"
    if len(value) == 11:
        return value[:3] + "****" + value[-4:]
    return "*" * max(len(value) - 4, 0) + value[-4:]


def mask_name(name: str) -> str:
    """张** / 欧阳** : the surname stays readable for the phone call."""
    if len(name) <= 1:
        return name
    keep = 2 if len(name) >= 4 else 1
    return name[:keep] + "*" * (len(name) - keep)


class IdKind(StrEnum):
    """003's letter asks for 身份证号或个人编号: a patient without a mainland resident ID is referred
    with another document's number, never refused or given an invented ID number."""

    RESIDENT = "resident"
    PASSPORT = "passport"
    PERMIT = "permit"  # 港澳居民来往内地通行证 / 台湾居民来往大陆通行证
    PERSONAL = "personal"  # a personal number another system gave (医保, 健康档案)

    @property
    def label(self) -> str:
        return ID_KIND_LABELS[self]


ID_KIND_LABELS = {IdKind.RESIDENT: "身份证", IdKind.PASSPORT: "护照", IdKind.PERMIT: "港澳台通行证",
                  IdKind.PERSONAL: "个人编号"}
_OTHER_ID = {
    IdKind.PASSPORT: (re.compile(r"[A-Z0-9]{5,20}"), "护照号应为 5–20 位字母或数字"),
    IdKind.PERMIT: (re.compile(r"[A-Z]{0,2}[0-9]{7,12}"), "通行证号应为 1–2 位字母加 7–12 位数字（如 H12345678）"),
    IdKind.PERSONAL: (re.compile(r"[A-Z0-9][A-Z0-9-]{3,31}"), "个人编号应为 4–32 位字母、数字或“-”"),
}


def read_id_kind(text: str) -> IdKind:
    """The form's word for the document ('身份证', '护照', ... or the code); empty is a resident ID."""
    clean = unicodedata.normalize("NFKC", text or "").strip()
    if not clean:
        return IdKind.RESIDENT
    for kind, label in ID_KIND_LABELS.items():
        if clean in (label, kind.value) or (len(clean) >= 2 and label.startswith(clean)):
            return kind
    raise DomainError(f"证件类型应为 {'、'.join(ID_KIND_LABELS.values())} 之一，收到「{text.strip()}」",
                      field="patient_id_kind")


def normalise_patient_id(kind: IdKind | str, raw: str) -> str:
    """A resident ID is checked digit by digit (GB 11643); another document's number by its shape
    only: the desk cannot know a passport's check rules, and refusing a real one would refuse the patient."""
    kind = IdKind(kind)
    if kind is IdKind.RESIDENT:
        return normalise_id_number(raw)
    value = unicodedata.normalize("NFKC", raw).strip().replace(" ", "").upper()
    pattern, words = _OTHER_ID[kind]
    if not pattern.fullmatch(value):
        raise DomainError(f"{words}，收到「{raw}」", field="id_number")
    if kind is IdKind.PERSONAL and re.fullmatch(r"\d{17}[\dX]", value):
        # A resident ID typed as a 'personal number' would escape its check digit.
        raise DomainError("这是18位身份证号：证件类型请选“身份证”", field="id_number")
    return value


def id_label(kind: str | None) -> str:
    """What a detail view or the slip calls the number: 身份证号, or the document it is from."""
    return ID_NUMBER_LABELS[IdKind(kind or IdKind.RESIDENT)]


# Four characters at most: the slip's label column is that wide.
ID_NUMBER_LABELS = {IdKind.RESIDENT: "身份证号", IdKind.PASSPORT: "护照号", IdKind.PERMIT: "通行证号",
                    IdKind.PERSONAL: "个人编号"}

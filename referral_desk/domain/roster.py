"""Roster (排班) rules of 000 附1: one specialist per specialty per day, 副高 or above."""

from __future__ import annotations

from datetime import date

from referral_desk.domain.errors import DomainError

# Ranked titles; only associate chief (副高) and above may hold consultation duty.
TITLE_RANKS: dict[str, int] = {
    "住院医师": 1,
    "主治医师": 2,
    "副主任医师": 3,
    "主任医师": 4,
}
MIN_DUTY_RANK = TITLE_RANKS["副主任医师"]

# Spellings found in real sheets mapped to the canonical title.
TITLE_ALIASES = {
    "副主任": "副主任医师",
    "副高": "副主任医师",
    "主任": "主任医师",
    "正高": "主任医师",
    "主治": "主治医师",
    "住院": "住院医师",
}


def normalise_title(title: str) -> str:
    t = "".join(title.split())
    return TITLE_ALIASES.get(t, t)


def check_duty_title(title: str) -> str:
    """Return the canonical title, or raise if it may not hold duty."""
    canonical = normalise_title(title)
    rank = TITLE_RANKS.get(canonical)
    if rank is None:
        raise DomainError(
            f"职称「{title}」无法识别，应为：{'、'.join(TITLE_RANKS)}", field="title"
        )
    if rank < MIN_DUTY_RANK:
        raise DomainError(f"会诊医师须为副主任医师及以上，「{title}」不符合", field="title")
    return canonical


def check_booking(
    *,
    specialist_id: str,
    on_duty_specialist_id: str | None,
    specialty_name: str,
    day: date,
) -> None:
    """000 附1: an alliance doctor may only book the specialist on duty that day."""
    if on_duty_specialist_id is None:
        raise DomainError(f"{specialty_name} {day:%Y-%m-%d} 无人值班，无法预约", field="specialist_id")
    if specialist_id != on_duty_specialist_id:
        raise DomainError(
            f"只能预约当天值班的医师：{specialty_name} {day:%Y-%m-%d} 的值班医师不是所选医师",
            field="specialist_id",
        )

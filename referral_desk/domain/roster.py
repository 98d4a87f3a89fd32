"""Roster (排班) rules of 000 附1: one specialist per specialty per day, 副高 or above."""

from __future__ import annotations

import re
from datetime import date, timedelta

from referral_desk.domain.errors import DomainError

# The national titles of health professionals (卫生专业技术资格), by series, from 士 and 师 (初级)
# through 中级 and 副高 to 正高; only 副高 and above may hold consultation duty (000 附1).
_SERIES: dict[str, tuple[str, str, str, str, str]] = {
    "医": ("医士", "住院医师", "主治医师", "副主任医师", "主任医师"),
    "中医": ("中医士", "中医师", "主治中医师", "副主任中医师", "主任中医师"),
    "中西医结合": ("中西医结合医士", "中西医结合医师", "主治中西医结合医师", "副主任中西医结合医师",
              "主任中西医结合医师"),
    "药": ("药士", "药师", "主管药师", "副主任药师", "主任药师"),
    "中药": ("中药士", "中药师", "主管中药师", "副主任中药师", "主任中药师"),
    "护": ("护士", "护师", "主管护师", "副主任护师", "主任护师"),
    "技": ("技士", "技师", "主管技师", "副主任技师", "主任技师"),
}
TITLE_RANKS: dict[str, int] = {title: rank for titles in _SERIES.values() for rank, title in enumerate(titles)}
TITLE_RANKS["医师"] = 1
MIN_DUTY_RANK = 3  # 副高
# 000 一: the consultation is given by the city hospital's 医师 of 副高 and above: the physician series,
# Chinese medicine and integrated medicine included; a 主任护师 or 主任药师 is not a 医师 (issue 24).
PHYSICIAN_SERIES = ("医", "中医", "中西医结合")
TITLE_SERIES: dict[str, str] = {title: series for series, titles in _SERIES.items() for title in titles}
TITLE_SERIES["医师"] = "医"
# A rank without its series (副高 may be a 副主任护师): resolved from the person's full title elsewhere
# (another row of the sheet, the 医师 sheet, the store), never guessed.
BARE_RANKS = {"副高": 3, "副主任": 3, "正高": 4, "主任": 4}
# Teaching and research titles, often written beside the clinical one (主任医师、教授): they do not
# decide who may hold duty, the clinical title does.
ACADEMIC_TITLES = frozenset({"助教", "讲师", "副教授", "教授", "助理研究员", "副研究员", "研究员", "硕士生导师",
                             "博士生导师", "硕导", "博导"})

# Spellings found in real sheets mapped to the canonical title (below duty rank, so never decisive).
TITLE_ALIASES = {
    "主治": "主治医师",
    "住院": "住院医师",
}
_SEPARATORS = re.compile(r"[、,，/／;；\s]+")


def normalise_title(title: str) -> str:
    t = "".join(title.split())
    return TITLE_ALIASES.get(t, t)


def check_duty_title(title: str, *, resolved_by: str = "") -> str:
    """Return the canonical title, or raise if it may not hold duty (000 一: 医师, 副高 and above). A
    clinical title written with a teaching one beside it (主任医师、教授) counts by the clinical one. A bare
    rank (主任, 副高) counts only as the full title `resolved_by` (the same person's, from elsewhere) when
    that is of the same rank."""
    whole = normalise_title(title)  # "副主任 医师": one title with a space in it
    parts = [whole] if whole in TITLE_RANKS else [normalise_title(p) for p in _SEPARATORS.split(title) if p] or [whole]
    known = [p for p in parts if p in TITLE_RANKS and p not in ACADEMIC_TITLES]
    bare = [BARE_RANKS[p] for p in parts if p in BARE_RANKS]
    if not known and bare:
        full = normalise_title(resolved_by)
        if TITLE_RANKS.get(full) == max(bare) and TITLE_SERIES.get(full) in PHYSICIAN_SERIES:
            return full
        raise DomainError(f"职称「{title}」未写明系列：会诊须为医师（含中医、中西医结合）副高及以上，"
                          "请写全称，如 主任医师、副主任中医师（000 一）", field="title")
    if not known:
        raise DomainError(
            f"职称「{title}」无法识别，应为医师系列职称，如 主任医师、副主任中医师、主任中西医结合医师",
            field="title")
    best = max(known, key=lambda p: TITLE_RANKS[p])
    if TITLE_RANKS[best] < MIN_DUTY_RANK:
        raise DomainError(f"会诊医师须为副主任医师及以上，「{title}」不符合", field="title")
    if TITLE_SERIES.get(best) not in PHYSICIAN_SERIES:
        raise DomainError(f"会诊由市医院医师担任（000 一：医师系列，含中医、中西医结合，副高及以上）："
                          f"「{title}」不是医师职称",
                          field="title")
    return best


# From this day of the month on, a missing roster for the next month is pointed out on the desk:
# the committees send it before the month starts (000 附1), and someone must chase it.
WARN_NEXT_MONTH_FROM = 25


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def next_month_notice(today: date, next_month_held: bool) -> str | None:
    """'12月排班未导入' from the 25th while next month holds no duty; None otherwise. The month by its number:
    short enough for the duty pane's title at 80 columns, and not `下月`, which is wrong once the month turns."""
    if today.day < WARN_NEXT_MONTH_FROM or next_month_held:
        return None
    return f"{next_month(today).month}月排班未导入"


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

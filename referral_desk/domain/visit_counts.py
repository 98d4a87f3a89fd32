"""诊疗人次 sheets: each alliance unit's visits per month as the units report them, the denominator of
转诊率 (002 五(四)；003 二). Pure: the sheet's rows go in; the (unit, month, visits) or every row's problem out."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from referral_desk.domain.bounds import control_char_at, looks_like_formula, visible
from referral_desk.domain.errors import DomainError
from referral_desk.domain.roster_sheet import Cell, Sheet, parse_month, text

HEADERS = {
    "unit": ("单位", "医联体单位", "机构", "医疗机构", "unit"),
    "month": ("月份", "月", "统计月份", "month"),
    "visits": ("诊疗人次", "门急诊人次", "诊疗人次数", "visits"),
}
MAX_ROWS = 5000  # a year of 400 units
MAX_VISITS = 10_000_000


def _month(cell: Cell) -> str:
    if isinstance(cell, (date, datetime)):  # a spreadsheet's date cell: its month
        return f"{cell:%Y-%m}"
    return f"{parse_month(text(cell)):%Y-%m}"


def _visits(cell: Cell) -> int:
    value = text(cell).replace(",", "").replace("，", "").removesuffix("人次")
    if not re.fullmatch(r"\d{1,9}", value) or int(value) > MAX_VISITS:
        raise DomainError(f"应为 0–{MAX_VISITS:,} 的整数，收到「{text(cell)}」")
    return int(value)


def read_visit_sheets(sheets: list[Sheet], known: Callable[[str], bool] | None = None
                      ) -> tuple[list[tuple[str, str, int]], list[str]]:
    """Rows under a header naming 单位, 月份, 诊疗人次 (any order, any sheet). Returns the rows read and,
    when any row is wrong, every problem with its sheet, row and column: nothing is kept then. A unit
    `known` does not recognise is a problem (a typo would start a unit of its own)."""
    rows: list[tuple[str, str, int]] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for sheet in sheets:
        header, start = None, 0
        for i, row in enumerate(sheet.rows[:20]):
            words = [text(c).replace(" ", "") for c in row]
            found = {name: words.index(a) for name, aliases in HEADERS.items() for a in aliases if a in words}
            if set(found) == set(HEADERS):
                header, start = found, i + 1
                break
        if header is None:
            continue
        for n, row in enumerate(sheet.rows[start:], start + 1):
            where = f"「{sheet.name}」第{n}行"
            cells = {k: row[i] if i < len(row) else None for k, i in header.items()}
            if all(text(v) == "" for v in cells.values()):
                continue
            unit = text(cells["unit"])
            if not unit or control_char_at(unit) is not None or len(unit) > 80 or looks_like_formula(unit):
                problems.append(f"{where} 单位：应为 1–80 个字、无控制字符、不以 = + - @ 开头，"
                                f"收到「{visible(unit[:80])}」")
                continue
            try:
                month = _month(cells["month"])
            except DomainError as exc:
                problems.append(f"{where} 月份：{exc.message}")
                continue
            try:
                visits = _visits(cells["visits"])
            except DomainError as exc:
                problems.append(f"{where} 诊疗人次：{exc.message}")
                continue
            if known is not None and not known(unit):
                problems.append(f"{where} 单位：通讯录中没有「{unit}」（请用附2的单位名称）")
                continue
            if (unit, month) in seen:
                problems.append(f"{where}：{unit} {month} 已在{seen[unit, month]}出现过")
                continue
            seen[unit, month] = where
            rows.append((unit, month, visits))
            if len(rows) > MAX_ROWS:
                raise DomainError(f"一次最多导入 {MAX_ROWS} 行", field="file")
    if not rows and not problems:
        problems.append("没有找到表头为 单位、月份、诊疗人次 的表格")
    return rows, problems

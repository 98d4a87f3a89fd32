"""A month's roster (000 附1) read from spreadsheet cells, in either layout hospitals use.

Pure: the cells come in (from openpyxl or csv), a plan or the full list of problems
goes out. Nothing is written unless the whole sheet is clean, so every problem is
collected, each naming its sheet, row, column and value.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from referral_desk.domain.bounds import FORMULA_WORDS, control_char_at, describe_control, looks_like_formula, visible
from referral_desk.domain.errors import DomainError
from referral_desk.domain.identity import normalise_phone
from referral_desk.domain.roster import check_duty_title

Cell = str | int | float | date | datetime | None

HEADERS = {
    "date": ("日期", "值班日期", "date"),
    "specialty": ("专业", "科室", "专业委员会", "specialty"),
    "specialist": ("值班医师", "会诊医师", "值班专家", "医师", "姓名", "specialist", "name"),
    "title": ("职称", "title"),
    "phone": ("联系电话", "电话", "手机", "手机号", "phone"),
}
LABELS = {"date": "日期", "specialty": "专业", "specialist": "值班医师", "title": "职称", "phone": "联系电话"}
DOCTOR_SHEETS = ("医师", "doctors", "specialists")
EXCEL_EPOCH = date(1899, 12, 30)
# The caps of one month's import (commands.ImportRosterMonth holds the same): the committees
# number about forty; a sheet far past that is not a roster.
MAX_SPECIALTIES = 200
MAX_SPECIALTY_NAME = 60
MAX_PROBLEMS = 200  # listed before the reader stops looking


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Cell]]  # rows[0] is the sheet's row 1


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    value: str
    message: str

    def line(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f" 第{self.row}行"
        if self.column:
            where += f" {self.column}"
        if self.row is None and self.column is None:
            return f"{where}：{self.message}"  # about the sheet as a whole
        shown = f"「{self.value}」" if self.value else "（空）"
        return f"{where} {shown}：{self.message}"


@dataclass(frozen=True)
class KnownSpecialist:
    specialty: str
    name: str
    title: str
    phone: str


@dataclass(frozen=True)
class PlannedSpecialist:
    specialty: str
    name: str
    title: str
    phone: str


@dataclass(frozen=True)
class PlannedDuty:
    day: date
    specialty: str
    specialist: str


@dataclass
class RosterPlan:
    month: date | None = None
    layout: str = ""
    duties: list[PlannedDuty] = field(default_factory=list)
    specialists: dict[tuple[str, str], PlannedSpecialist] = field(default_factory=dict)
    specialties: list[str] = field(default_factory=list)  # in the sheet's order
    errors: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# -- cells ----------------------------------------------------------------------
def text(value: Cell) -> str:
    """Full-width letters, digits and spaces folded (NFKC), outer space trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


_CJK = re.compile(r"[\u3400-\u9fff·]")


def person_name(value: Cell) -> str:
    """'李  萍' -> '李萍': spaces inside a Chinese name are padding, not part of it."""
    raw = text(value)
    squeezed = re.sub(r"\s+", "", raw)
    if squeezed and all(_CJK.match(ch) for ch in squeezed):
        return squeezed
    return re.sub(r"\s+", " ", raw)


def column_letter(index: int) -> str:
    """0 -> 'A', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_FULL_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+[\d:.]+)?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_DAY = re.compile(r"^(\d{1,2})\s*[日号]?$")
_TITLE_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")


@dataclass(frozen=True)
class DayRef:
    """What a cell says about a day: a full date, or a month and day, or a day only."""

    year: int | None
    month: int | None
    day: int

    def resolve(self, month: date) -> date | None:
        year = self.year if self.year is not None else month.year
        mon = self.month if self.month is not None else month.month
        try:
            return date(year, mon, self.day)
        except ValueError:
            return None


def day_ref(value: Cell, *, bare_day: bool = False) -> DayRef | None:
    if isinstance(value, datetime):
        return DayRef(value.year, value.month, value.day)
    if isinstance(value, date):
        return DayRef(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if bare_day and 1 <= value <= 31 and float(value).is_integer():
            return DayRef(None, None, int(value))
        if 20000 < value < 80000:  # an Excel serial day that lost its date format
            d = EXCEL_EPOCH + timedelta(days=int(value))
            return DayRef(d.year, d.month, d.day)
        return None
    s = text(value)
    if m := _FULL_DATE.match(s):
        return DayRef(int(m[1]), int(m[2]), int(m[3]))
    if m := _MONTH_DAY.match(s):
        return DayRef(None, int(m[1]), int(m[2]))
    if bare_day and (m := _DAY.match(s)) and 1 <= int(m[1]) <= 31:
        return DayRef(None, None, int(m[1]))
    return None


def parse_month(value: str) -> date:
    """'2026-12' or '2026年12月' -> date(2026, 12, 1)."""
    s = text(value)
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", s)
    if not m or not 1 <= int(m[2]) <= 12:
        raise DomainError(f"月份应写作 YYYY-MM（如 2026-12），收到「{value}」", field="month")
    return date(int(m[1]), int(m[2]), 1)


def _is_blank(row: list[Cell]) -> bool:
    return all(text(v) == "" for v in row)


def _header_index(row: list[Cell]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        key = text(cell).lower().replace(" ", "")
        for name, aliases in HEADERS.items():
            if key in aliases and name not in found:
                found[name] = i
    return found


# -- the plan ---------------------------------------------------------------------
class _Reader:
    def __init__(self, sheets: list[Sheet], month: date | None, known: list[KnownSpecialist],
                 default_month: date | None = None) -> None:
        self.sheets = sheets
        self.month = month
        self.default_month = default_month
        self.known = {(k.specialty, k.name): k for k in known}
        self.plan = RosterPlan(month=month)
        # Where each specialist's title/phone came from, to tell a clash in the sheet.
        self.seen_at: dict[tuple[str, str], tuple[str, int]] = {}
        # Named duties, resolved once the whole sheet is read: a later row may give the
        # title and phone that an earlier one left out.
        self._pending: list[tuple[Any, ...]] = []

    def error(self, sheet: str, row: int | None, col: int | None, header: str | None, value: Cell,
              message: str) -> None:
        column = None
        if col is not None:
            column = f"{column_letter(col)}列" + (f"（{header}）" if header else "")
        self.plan.errors.append(Problem(visible(sheet), row, column, visible(text(value)), message))

    def read(self) -> RosterPlan:
        if self._control_characters():
            return self.plan
        doctor_sheets = [s for s in self.sheets if text(s.name).lower() in DOCTOR_SHEETS]
        duty_sheets = [s for s in self.sheets if s not in doctor_sheets and not all(_is_blank(r) for r in s.rows)]
        if not duty_sheets:
            self.error(self.sheets[0].name if self.sheets else "文件", None, None, None, "", "文件中没有排班内容")
            return self.plan
        sheet = duty_sheets[0]
        found = self._find_header(sheet)
        if found is None:
            self.error(sheet.name, None, None, None, "",
                       "找不到表头：长表应有「日期、专业、值班医师、职称、联系电话」，"
                       "月历表第一列为「专业」、其后为各日（1..31 或 12月1日）")
            return self.plan
        header_row, layout = found
        self.plan.layout = layout
        if self.month is None:
            self.month = self._infer_month(sheet, header_row, layout)
            self.plan.month = self.month
            if self.month is None:
                return self.plan
        month = self.month
        for doctors in doctor_sheets:
            self._read_doctors(doctors)
        if layout == "long":
            self._read_long(sheet, header_row, month)
        else:
            self._read_grid(sheet, header_row, month)
        if not self.plan.specialties and not self.plan.errors:
            self.error(sheet.name, None, None, None, "", "表中没有任何专业的排班")
        self._check_gaps()
        return self.plan

    def _control_characters(self) -> bool:
        """A cell holding a control character (a NUL, a line break inside a name) is refused where
        it stands: such text could not be stored on every server, nor shown as it is."""
        for sheet in self.sheets:
            for n, row in enumerate(sheet.rows, start=1):
                for col, value in enumerate(row):
                    if isinstance(value, str) and (at := control_char_at(value)) is not None:
                        self.error(sheet.name, n, col, None, visible(value), describe_control(value, at))
                        if len(self.plan.errors) >= MAX_PROBLEMS:
                            return True
        return bool(self.plan.errors)

    def _formula(self, sheet: str, row: int, col: int, header: str, name: str) -> bool:
        """A name a spreadsheet would run as a formula is refused where it stands: it would reach
        the reports, and the command would refuse it anyway, without the cell named."""
        if looks_like_formula(name):
            self.error(sheet, row, col, header, name, FORMULA_WORDS)
        return looks_like_formula(name)

    def _find_header(self, sheet: Sheet) -> tuple[int, str] | None:
        for i, row in enumerate(sheet.rows[:15]):
            index = _header_index(row)
            if {"date", "specialty", "specialist"} <= index.keys():
                return i, "long"
            first = next((j for j, v in enumerate(row) if text(v)), None)
            if first is not None and text(row[first]).lower() in HEADERS["specialty"]:
                days = [day_ref(v, bare_day=True) for v in row[first + 1:] if text(v)]
                if days and all(days):
                    return i, "grid"
        return None

    def _title_month(self, sheet: Sheet, header_row: int) -> date | None:
        for row in sheet.rows[:header_row]:
            for cell in row:
                if m := _TITLE_MONTH.search(text(cell)):
                    return date(int(m[1]), int(m[2]), 1)
        return None

    def _infer_month(self, sheet: Sheet, header_row: int, layout: str) -> date | None:
        if layout == "long":
            col = _header_index(sheet.rows[header_row])["date"]
            refs = [day_ref(r[col]) for r in sheet.rows[header_row + 1:] if col < len(r)]
        else:
            refs = [day_ref(v, bare_day=True) for v in sheet.rows[header_row][1:] if text(v)]
        full = Counter((r.year, r.month) for r in refs if r and r.year is not None and r.month is not None)
        if full:
            (year, mon), _n = full.most_common(1)[0]
            return date(year, mon, 1)
        titled = self._title_month(sheet, header_row)
        months = Counter(r.month for r in refs if r and r.month is not None)
        if titled is not None:
            return titled
        if self.default_month is not None and (not months or self.default_month.month in months):
            self.plan.warnings.append(f"表中未写明年月，按 {self.default_month:%Y-%m} 导入")
            return self.default_month
        if months:
            self.error(sheet.name, None, None, None, "",
                       f"表中只有月日（{months.most_common(1)[0][0]}月），无法确定年份：请用 --month YYYY-MM 指明")
        else:
            self.error(sheet.name, None, None, None, "",
                       "无法确定月份：请用 --month YYYY-MM 指明，或在标题写明「2026年12月」")
        return None

    # -- specialists -----------------------------------------------------------
    def _offer(self, sheet: str, row: int, specialty: str, name: str, title_cell: tuple[int, Cell] | None,
               phone_cell: tuple[int, Cell] | None) -> bool:
        """Record what this row says about a specialist; False when the row is in error."""
        key = (specialty, name)
        before = self.plan.specialists.get(key)
        elsewhere = (before.title if before else "") or (self.known[key].title if key in self.known else "")
        title = self._checked(sheet, row, title_cell, "职称",
                              lambda t: check_duty_title(t, resolved_by=elsewhere))
        phone = self._checked(sheet, row, phone_cell, "联系电话", normalise_phone)
        ok = title is not None and phone is not None
        if not ok or not (title or phone):
            return ok
        if key in self.seen_at and before is not None:
            clash = [what for what, new, old in (("职称", title, before.title), ("电话", phone, before.phone))
                     if new and old and new != old]
            if clash:
                where = self.seen_at[key]
                self.error(sheet, row, None, None, name,
                           f"{'、'.join(clash)}与「{where[0]}」第{where[1]}行不一致")
                return False
        else:
            self.seen_at[key] = (sheet, row)
        known = self.known.get(key)
        self.plan.specialists[key] = PlannedSpecialist(
            specialty, name, title or (before.title if before else "") or (known.title if known else ""),
            phone or (before.phone if before else "") or (known.phone if known else ""))
        return True

    def _checked(self, sheet: str, row: int, cell: tuple[int, Cell] | None, header: str,
                 check: Callable[[str], str]) -> str | None:
        """The cell's value made canonical, "" when empty, None when it is in error."""
        if cell is None or not text(cell[1]):
            return ""
        try:
            return check(text(cell[1]))
        except DomainError as exc:
            self.error(sheet, row, cell[0], header, cell[1], exc.message)
            return None

    def _resolve(self, sheet: str, row: int, col: int, specialty: str, name: str) -> bool:
        """The specialist must be fully known by now: from the sheet, the 医师 sheet or the store."""
        key = (specialty, name)
        planned = self.plan.specialists.get(key)
        known = self.known.get(key)
        if planned is None and known is not None:
            try:
                check_duty_title(known.title)
            except DomainError as exc:
                self.error(sheet, row, col, "值班医师", name, f"系统中该医师的{exc.message}")
                return False
            self.plan.specialists[key] = PlannedSpecialist(specialty, name, known.title, known.phone)
            return True
        if planned is not None and planned.title and planned.phone:
            return True
        missing = "职称和联系电话" if planned is None else ("职称" if not planned.title else "联系电话")
        self.error(sheet, row, col, "值班医师", name,
                   f"{specialty}没有这位医师的记录，表中也未给出{missing}（可在「医师」表中补充）")
        return False

    def _read_doctors(self, sheet: Sheet) -> None:
        header_row = next((i for i, r in enumerate(sheet.rows[:15])
                           if {"specialty", "specialist"} <= _header_index(r).keys()), None)
        if header_row is None:
            self.error(sheet.name, None, None, None, "", "「医师」表应有表头：姓名、专业、职称、联系电话")
            return
        index = _header_index(sheet.rows[header_row])
        for n, row in enumerate(sheet.rows[header_row + 1:], start=header_row + 2):
            if _is_blank(row):
                continue
            cell = _getter(row)
            name, specialty = person_name(cell(index["specialist"])), text(cell(index["specialty"]))
            if not name or not specialty:
                self.error(sheet.name, n, index["specialist" if not name else "specialty"],
                           "姓名" if not name else "专业", "", "姓名和专业都要填写")
                continue
            if self._formula(sheet.name, n, index["specialist"], "姓名", name):
                continue
            self._offer(sheet.name, n, specialty, name, _pair(index, "title", cell), _pair(index, "phone", cell))

    # -- duties ------------------------------------------------------------------
    def _add_duty(self, sheet: str, row: int, col: int, header: str, day: date, specialty: str, name: str,
                  taken: dict[tuple[date, str], tuple[str, int]]) -> None:
        clash = taken.get((day, specialty))
        if clash is not None and clash[0] != name:
            self.error(sheet, row, col, header, name,
                       f"{specialty} {day.month}月{day.day}日已由{clash[0]}值班（第{clash[1]}行）；每专业每天只能一人")
            return
        if clash is None:
            taken[(day, specialty)] = (name, row)
            self.plan.duties.append(PlannedDuty(day, specialty, name))

    def _note_specialty(self, sheet: str, row: int, col: int, specialty: str) -> bool:
        if specialty in self.plan.specialties:
            return True
        if self._formula(sheet, row, col, "专业", specialty):
            return False
        if len(specialty) > MAX_SPECIALTY_NAME:
            self.error(sheet, row, col, "专业", specialty, f"专业名称最多 {MAX_SPECIALTY_NAME} 个字")
            return False
        if len(self.plan.specialties) >= MAX_SPECIALTIES:
            self.error(sheet, row, col, "专业", specialty,
                       f"一个月的排班最多 {MAX_SPECIALTIES} 个专业，这是第 {MAX_SPECIALTIES + 1} 个")
            return False
        self.plan.specialties.append(specialty)
        return True

    def _read_long(self, sheet: Sheet, header_row: int, month: date) -> None:
        index = _header_index(sheet.rows[header_row])
        for n, row in enumerate(sheet.rows[header_row + 1:], start=header_row + 2):
            if _is_blank(row):
                continue
            cell = _getter(row)
            raw_day, specialty = cell(index["date"]), text(cell(index["specialty"]))
            name = person_name(cell(index["specialist"]))
            ref = day_ref(raw_day)
            day = ref.resolve(month) if ref else None
            if day is None:
                self.error(sheet.name, n, index["date"], "日期", raw_day,
                           "日期无法识别，应为 2026-12-01、2026/12/1 或 12月1日")
                continue
            if (day.year, day.month) != (month.year, month.month):
                self.error(sheet.name, n, index["date"], "日期", raw_day,
                           f"日期不在 {month:%Y-%m} 内")
                continue
            if not specialty:
                self.error(sheet.name, n, index["specialty"], "专业", "", "专业不能为空")
                continue
            if not self._note_specialty(sheet.name, n, index["specialty"], specialty):
                continue
            if not name:
                continue  # a listed day with nobody: reported with the gaps
            if self._formula(sheet.name, n, index["specialist"], "值班医师", name):
                continue
            if not self._offer(sheet.name, n, specialty, name, _pair(index, "title", cell),
                               _pair(index, "phone", cell)):
                continue
            self._pending.append((sheet.name, n, index["specialist"], "值班医师", day, specialty, name))
        self._settle()

    def _read_grid(self, sheet: Sheet, header_row: int, month: date) -> None:
        header = sheet.rows[header_row]
        first = next(j for j, v in enumerate(header) if text(v))
        days: list[tuple[int, date]] = []
        for col in range(first + 1, len(header)):
            if not text(header[col]):
                continue
            ref = day_ref(header[col], bare_day=True)
            day = ref.resolve(month) if ref else None
            if day is None or (day.year, day.month) != (month.year, month.month):
                self.error(sheet.name, header_row + 1, col, "日期", header[col], f"日期不在 {month:%Y-%m} 内")
                continue
            days.append((col, day))
        for n, row in enumerate(sheet.rows[header_row + 1:], start=header_row + 2):
            if _is_blank(row):
                continue
            cell = _getter(row)
            specialty = text(cell(first))
            if not specialty:
                self.error(sheet.name, n, first, "专业", "", "专业不能为空")
                continue
            if not self._note_specialty(sheet.name, n, first, specialty):
                continue
            for col, day in days:
                name = person_name(cell(col))
                if name and not self._formula(sheet.name, n, col, f"{day.month}月{day.day}日", name):
                    self._pending.append((sheet.name, n, col, f"{day.month}月{day.day}日", day, specialty, name))
        self._settle()

    def _settle(self) -> None:
        taken: dict[tuple[date, str], tuple[str, int]] = {}  # (day, specialty) -> (name, row)
        for sheet, row, col, header, day, specialty, name in self._pending:
            if self._resolve(sheet, row, col, specialty, name):
                self._add_duty(sheet, row, col, header, day, specialty, name, taken)

    def _check_gaps(self) -> None:
        if self.plan.errors or self.month is None:
            return
        last = monthrange(self.month.year, self.month.month)[1]
        covered = {(d.specialty, d.day) for d in self.plan.duties}
        for specialty in self.plan.specialties:
            empty = [self.month.replace(day=d) for d in range(1, last + 1)
                     if (specialty, self.month.replace(day=d)) not in covered]
            if empty:
                self.plan.warnings.append(f"{specialty}：{_day_ranges(empty)} 无人值班")


def _getter(row: list[Cell]) -> Callable[[int | None], Cell]:
    return lambda i: row[i] if i is not None and i < len(row) else None


def _pair(index: dict[str, int], name: str, cell: Callable[[int | None], Cell]) -> tuple[int, Cell] | None:
    return (index[name], cell(index[name])) if name in index else None


def _day_ranges(days: list[date]) -> str:
    """[1, 2, 3, 7] -> '12月1日–3日、12月7日'."""
    parts, start, prev = [], days[0], days[0]
    for d in days[1:] + [None]:
        if d is not None and d == prev + timedelta(days=1):
            prev = d
            continue
        parts.append(f"{start.month}月{start.day}日" + (f"–{prev.day}日" if prev != start else ""))
        if d is not None:
            start = prev = d
    return "、".join(parts)


def read_roster(sheets: list[Sheet], *, month: date | None = None, known: Sequence[KnownSpecialist] = (),
                default_month: date | None = None) -> RosterPlan:
    """The month's plan, or every problem found in it (plan.errors).

    `month` is what the operator said; `default_month` (the month on screen) is used only
    when the sheet itself does not tell.
    """
    return _Reader(sheets, month, list(known), default_month).read()

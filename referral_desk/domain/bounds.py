"""What every value crossing a boundary must satisfy: text without control characters, numbers
and instants within sane bounds.

One mechanism for every command and wire model (`Checked`): a value that a database cannot
store (a NUL byte on PostgreSQL, a year past 9999 in UTC, an integer past 64 bits) is refused
at the command, with the field named, on the desk and on the server alike, so it can never
reach a table and block a sync queue.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, field_validator

# C0 and C1 controls, DEL, and the Unicode line/paragraph separators: none belongs in a name,
# a note or a phone number, and a terminal would act on some of them when printed.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_TEXT = 2000  # any string field without a tighter bound of its own
MAX_INT = 2**31 - 1  # every integer column is a 32-bit INTEGER on PostgreSQL
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def control_char_at(value: str) -> int | None:
    """The position of the first control character in `value`, or None."""
    found = _CONTROL.search(value)
    return found.start() if found else None


def describe_control(value: str, at: int) -> str:
    return f"含有控制字符 U+{ord(value[at]):04X}（第{at + 1}个字符），请删去"


# What makes Excel, WPS or LibreOffice run a cell as a formula (OWASP, "CSV injection"): its first
# character, leading spaces skipped since some spreadsheets skip them too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: str) -> bool:
    """Leading spaces of any kind are skipped (an ideographic or no-break space before `=` is stripped
    by the very forms and sheets that would then run it), and so are invisible format characters (a
    zero-width space, a byte-order mark); a tab or CR at the start counts itself."""
    if value.startswith(FORMULA_STARTS):
        return True
    start = 0
    while start < len(value) and (value[start].isspace() or unicodedata.category(value[start]) == "Cf"):
        start += 1
    return value.startswith(FORMULA_STARTS, start)


FORMULA_WORDS = ("不能以 = + - @ 开头（电子表格会把它当作公式执行），请删去开头的符号 / "
                 "must not start with = + - @ (a spreadsheet would run it as a formula)")


def _not_a_formula(value: str) -> str:
    if looks_like_formula(value):
        raise ValueError(FORMULA_WORDS)
    return value


# A person's, a unit's or a department's name: it ends up in reports opened in a spreadsheet.
Name = Annotated[str, AfterValidator(_not_a_formula)]


def halves(words: str) -> tuple[str, str]:
    """The Chinese and the English of a "中文 / english" text (the slash written with or without a space
    before it); ("text", "") when it has no English."""
    parts = re.split(r"\s?/ ", words, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def visible(value: str) -> str:
    """Text safe to print to a terminal: each control character shown as its escape (\\x00)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)


_WORDS = {
    "too_long": "最多 {max_length} 项 / at most {max_length} items",
    "string_too_long": "最多 {max_length} 个字符 / at most {max_length} characters",
    "too_short": "至少 {min_length} 项 / at least {min_length} items",
    "string_too_short": "不能为空 / must not be empty",
    "greater_than_equal": "不能小于 {ge} / at least {ge}",
    "less_than_equal": "不能大于 {le} / at most {le}",
    "greater_than": "须大于 {gt} / greater than {gt}",
    "missing": "必填 / required",
    "extra_forbidden": "不认识的字段 / unknown field",
    "literal_error": "应为 {expected_zh} / expected {expected}",
}


def explain(error: Mapping[str, Any]) -> str:
    """One pydantic error as '<field>：<what is expected>' for an operator (the value itself is
    not repeated: it may be patient data, or hold control characters)."""
    where = ".".join(str(p) for p in error.get("loc", ())) or "内容"
    return f"{where}：{expected(error)}"


def expected(error: Mapping[str, Any]) -> str:
    """What one pydantic error expects, in words, without the field (a form names it itself)."""
    words = _WORDS.get(error.get("type", ""))
    if words is not None:
        ctx = dict(error.get("ctx") or {})
        if "expected" in ctx:  # pydantic's "'dark' or 'light'", said in Chinese too
            ctx["expected_zh"] = str(ctx["expected"]).replace("' or '", "' 或 '")
        try:
            return words.format(**ctx)
        except (KeyError, IndexError):
            pass
    return str(error.get("msg", "")).removeprefix("Value error, ")


def check_value(value: Any) -> Any:
    """Raise ValueError (worded for the operator) for a value out of bounds; lists and dicts are
    checked item by item."""
    if isinstance(value, str):
        at = control_char_at(value)
        if at is not None:
            raise ValueError(describe_control(value, at))
        if len(value) > MAX_TEXT:
            raise ValueError(f"超过 {MAX_TEXT} 个字符 / longer than {MAX_TEXT} characters")
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int):
        if not -MAX_INT <= value <= MAX_INT:
            raise ValueError(f"数值超出范围（±{MAX_INT}）/ number out of range")
    elif isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("时间须带时区 / times must carry a timezone")
        if not EARLIEST <= value < LATEST:
            raise ValueError(f"时间须在 {EARLIEST.year}-{LATEST.year} 年之间 / time out of range")
    elif isinstance(value, date):
        if not EARLIEST.date() <= value < LATEST.date():
            raise ValueError(f"日期须在 {EARLIEST.year}-{LATEST.year} 年之间 / date out of range")
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            check_value(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_value(key)
            check_value(item)
    return value


class Checked(BaseModel):
    """Base of every command and wire model: unknown fields refused, every value bounded."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _bounded(cls, value: Any, _info: ValidationInfo) -> Any:
        return check_value(value)

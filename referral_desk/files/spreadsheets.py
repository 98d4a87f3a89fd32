"""Spreadsheet files as plain cells: .xlsx through openpyxl, .csv in UTF-8 or GB18030."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from referral_desk.domain.errors import DomainError
from referral_desk.domain.roster_sheet import Sheet

MAX_BYTES = 20 * 1024 * 1024


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of the file; a DomainError that says what is wrong with the file itself."""
    if not path.exists():
        raise DomainError(f"找不到文件：{path}", field="file")
    if not path.is_file():
        raise DomainError(f"不是文件：{path}", field="file")
    if path.stat().st_size > MAX_BYTES:
        raise DomainError(f"文件超过 20 MB，不像是一个月的排班表：{path}", field="file")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".csv":
        return [Sheet(path.stem, _read_csv(path))]
    if suffix == ".xls":
        raise DomainError("不支持旧版 .xls：请在 Excel 或 WPS 中另存为 .xlsx 或 .csv", field="file")
    raise DomainError(f"只能导入 .xlsx 或 .csv 文件，收到「{path.name}」", field="file")


def _read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl import load_workbook  # a large import, needed only here

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DomainError(f"无法作为 .xlsx 打开「{path.name}」：{exc}", field="file") from None
    try:
        sheets = []
        for ws in book.worksheets:
            rows = [list(row) for row in ws.iter_rows(values_only=True)]
            while rows and all(v is None or (isinstance(v, str) and not v.strip()) for v in rows[-1]):
                rows.pop()  # trailing empty rows that a formatted sheet drags along
            sheets.append(Sheet(ws.title, rows))
        return sheets
    finally:
        book.close()


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes nearly anything; this is for completeness
        raise DomainError(f"「{path.name}」的编码无法识别：请保存为 UTF-8 或 GBK", field="file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]

"""Spreadsheet files as plain cells: .xlsx through openpyxl, .csv in UTF-8 or GB18030."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from referral_desk.domain.bounds import visible
from referral_desk.domain.errors import DomainError
from referral_desk.domain.roster_sheet import Sheet

MAX_BYTES = 20 * 1024 * 1024
# Read limits for a workbook, checked while reading: a small file can unpack to gigabytes (a zip
# bomb) or claim a million rows. A month's roster is a few thousand rows of a few dozen columns.
MAX_UNPACKED = 64 * 1024 * 1024
MAX_RATIO = 200  # a sheet's XML packs well, but not 200 to 1
MAX_ROWS = 10_000
MAX_COLUMNS = 400


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


def _check_zip(path: Path) -> None:
    name = visible(path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DomainError(f"「{name}」不是有效的 .xlsx 文件（{type(exc).__name__}）", field="file") from None
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        limit = (f"超过 {MAX_UNPACKED // 2**20} MB" if unpacked > MAX_UNPACKED
                 else f"压缩比 {unpacked // packed}:1 超过 {MAX_RATIO}:1")
        raise DomainError(f"「{name}」解压后达 {unpacked // 2**20} MB，{limit}，不像是一个月的排班表，未读取",
                          field="file")


def _read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl import load_workbook  # a large import, needed only here

    _check_zip(path)
    name = visible(path.name)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001  zip, XML and openpyxl's own errors alike: the file is unreadable
        raise DomainError(f"无法作为 .xlsx 打开「{name}」（{type(exc).__name__}），请在 Excel 或 WPS 中另存后再试",
                          field="file") from None
    try:
        return [_read_sheet(ws, name) for ws in book.worksheets]
    except DomainError:
        raise
    except Exception as exc:  # noqa: BLE001  a damaged sheet part is found only while reading it
        raise DomainError(f"「{name}」的内容已损坏，无法读取（{type(exc).__name__}）", field="file") from None
    finally:
        book.close()


def _read_sheet(ws, name: str) -> Sheet:
    rows = []
    # Stops at the caps as it streams: a sheet claiming a million rows is refused, not read, and
    # a cell in a far column does not widen every row to it.
    width = min(ws.max_column or MAX_COLUMNS, MAX_COLUMNS)
    for n, row in enumerate(ws.iter_rows(max_row=MAX_ROWS + 1, max_col=width, values_only=True), start=1):
        if n > MAX_ROWS:
            raise DomainError(f"「{name}」的工作表「{visible(ws.title)}」超过 {MAX_ROWS} 行，不像是一个月的排班表，"
                              "未读取", field="file")
        rows.append(list(row))
    while rows and all(v is None or (isinstance(v, str) and not v.strip()) for v in rows[-1]):
        rows.pop()  # trailing empty rows that a formatted sheet drags along
    return Sheet(ws.title, rows)


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

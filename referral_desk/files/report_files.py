"""The report written as .xlsx (a sheet per table) or .csv (a file per table, UTF-8 with BOM so
Excel and WPS open it in Chinese)."""

from __future__ import annotations

import csv
from pathlib import Path

from referral_desk.domain.bounds import looks_like_formula
from referral_desk.domain.errors import DomainError
from referral_desk.domain.report_tables import Table


def report_targets(tables: list[Table], out: Path, fmt: str) -> list[Path]:
    """The files a report makes: the .xlsx itself, or one .csv per table named after `out`."""
    if fmt not in ("xlsx", "csv"):
        raise DomainError(f"格式应为 xlsx 或 csv，收到「{fmt}」")
    out = Path(out)
    if fmt == "xlsx":
        return [out]
    stem = out.with_suffix("") if out.suffix.lower() == ".csv" else out
    return [stem.with_name(f"{stem.name}-{table.name}.csv") for table in tables]


def write_report(tables: list[Table], files: list[Path], fmt: str) -> None:
    """Into `files` (temp files the caller publishes when all are whole; see files.safe_output)."""
    if fmt == "xlsx":
        _write_xlsx(tables, files[0])
    else:
        for table, path in zip(tables, files, strict=False):
            with open(path, "w", newline="", encoding="utf-8-sig") as f:
                writer = csv.writer(f)
                writer.writerow(map(csv_cell, table.header))
                writer.writerows(map(csv_cell, row) for row in table.rows)


def csv_cell(value):
    """A text cell a spreadsheet would run as a formula gets a leading ' (OWASP), before any leading
    spaces, so the cell reads as the same text; numbers are left as numbers. The xlsx writers need
    none of this: they write text cells as strings, never as formulas."""
    return f"'{value}" if isinstance(value, str) and looks_like_formula(value) else value


def _write_xlsx(tables: list[Table], path: Path) -> None:
    try:
        import rustpy_xlsxwriter  # rust_xlsxwriter underneath: a year's 780,000 cells in well under a second
    except ImportError:  # no wheel for this platform: the pure-Python writer, several times slower
        _xlsxwriter(tables, path)
    else:
        book = rustpy_xlsxwriter.FastExcel(str(path)).freeze(row=1)
        for table in tables:
            # Records keyed by the header (the tables' headers are unique); None stays an empty cell.
            book = book.sheet(table.name, [dict(zip(table.header, row, strict=False)) for row in table.rows]
                              or [dict.fromkeys(table.header)])
        book.save()


def _xlsxwriter(tables: list[Table], path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))  # shared strings: a year's item list repeats its units and states
    try:
        bold = book.add_format({"bold": True})
        for table in tables:
            sheet = book.add_worksheet(table.name)
            sheet.freeze_panes(1, 0)
            for i, title in enumerate(table.header):
                sheet.set_column(i, i, max(8, min(40, len(str(title)) * 2 + 2)))
                sheet.write_string(0, i, str(title), bold)
            text, number = sheet.write_string, sheet.write_number
            for r, row in enumerate(table.rows, 1):
                for col, value in enumerate(row):
                    if value is None or value == "":
                        continue  # an empty cell is not written at all
                    if isinstance(value, str):
                        text(r, col, value)
                    else:
                        number(r, col, value)
    finally:
        book.close()

"""Roster spreadsheets written for tests: .xlsx through openpyxl, .csv, and a broken workbook."""

from __future__ import annotations

import csv

from openpyxl import Workbook

LONG_HEADER = ["日期", "专业", "值班医师", "职称", "联系电话"]


def write_xlsx(path, sheets: dict[str, list[list]]):
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def write_csv(path, rows: list[list], encoding="utf-8-sig"):
    with open(path, "w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows(rows)
    return path


def _broken_xlsx(path):
    """A real workbook whose sheet XML is cut off mid-row."""
    import zipfile

    good = write_xlsx(path.with_name("whole.xlsx"), {"12月": [LONG_HEADER, ["2026-12-01", "骨科", "钱进", "主任医师",
                                                                           "13346250005"]]})
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[: len(data) // 2] if info.filename.endswith("sheet1.xml") else data)
    return path

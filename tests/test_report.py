"""The report from the command line: the cells of the xlsx, the csv files, the audit entry, bad input."""

from __future__ import annotations

import csv
import sqlite3

import pytest
from openpyxl import load_workbook

from referral_desk.cli import main
from tests.commandline import run


def report(argv, capsys):
    return run(["report", *argv], capsys)


def test_the_xlsx_has_a_sheet_per_table_with_known_cells(db, db_path, tmp_path, capsys):
    out = tmp_path / "11月.xlsx"
    code, said, _err = report(["--from", "2026-11-13", "--to", "2026-11-23", "--out", str(out), "--db", db], capsys)
    assert code == 0 and str(out) in said
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["汇总", "按日", "按专业", "按单位", "下转按病种", "上转按科室", "上转按病种", "转诊率",
                               "明细"]
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["统计期"] == "2026-11-13 至 2026-11-23"
    assert summary["会诊申请数"] == "6" and summary["时限内回复率"] == "33.3%" and summary["审核超时数"] == "1"
    assert summary["上转数"] == "1" and summary["下转患者人次数"] == "1" and summary["下转患者人次数（住院）"] == 1
    days = list(book["按日"].iter_rows(min_row=2, values_only=True))
    assert len(days) == 11 and days[-1][:4] == ("2026-11-23", 6, 2, 1)
    items = list(book["明细"].iter_rows(min_row=2, values_only=True))
    assert len(items) == 6 + 2  # six requests, two referrals
    id_numbers = [row[7] for row in items if row[7]]
    assert id_numbers and all("********" in n for n in id_numbers)
    book.close()
    with sqlite3.connect(db_path) as con:
        [(summary_text, detail)] = con.execute(
            "SELECT summary, detail_json FROM audit_entry WHERE action = 'export_report'").fetchall()
    assert "2026-11-13 至 2026-11-23" in summary_text and '"format": "xlsx"' in detail


def test_csv_writes_a_file_per_table_in_utf8_with_bom(db, tmp_path, capsys):
    out = tmp_path / "r.csv"
    code, said, _err = report(["--from", "2026-11-23", "--to", "2026-11-23", "--format", "csv", "--out", str(out),
                               "--db", db], capsys)
    assert code == 0 and said.count("已导出") == 9
    raw = (tmp_path / "r-按专业.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "专业" and rows[1][:2] == ["心血管内科", "3"]


def test_an_empty_period_still_writes_the_tables(db, tmp_path, capsys):
    out = tmp_path / "empty.xlsx"
    assert report(["--from", "2026-01-01", "--to", "2026-01-31", "--out", str(out), "--db", db], capsys)[0] == 0
    book = load_workbook(out, read_only=True)
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["会诊申请数"] == "0" and summary["时限内回复率"] == "—"
    book.close()


def test_bad_input_says_why_and_writes_nothing(db, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    code, _said, err = report(["--from", "2026-11-23", "--to", "2026-11-01", "--out", str(out), "--db", db], capsys)
    assert code == 1 and "早于开始日期" in err and not out.exists()
    with pytest.raises(SystemExit) as exc:
        main(["report", "--from", "2026-11-31", "--to", "2026-12-01", "--out", str(out), "--db", db])
    assert exc.value.code == 2
    (tmp_path / "a-file").write_text("")
    code, _said, err = report(["--from", "2026-11-23", "--to", "2026-11-23",
                               "--out", str(tmp_path / "a-file" / "x.xlsx"),
                               "--db", db], capsys)
    assert code == 2 and "a-file 不是文件夹" in err


def test_without_the_native_writer_the_same_cells_come_out(db, tmp_path, capsys, monkeypatch):
    import sys

    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    argv = ["--from", "2026-11-13", "--to", "2026-11-23", "--db", db]
    assert report([*argv, "--out", str(fast)], capsys)[0] == 0
    monkeypatch.setitem(sys.modules, "rustpy_xlsxwriter", None)  # as on a platform without its wheel
    assert report([*argv, "--out", str(slow)], capsys)[0] == 0

    def cells(path):
        book = load_workbook(path, read_only=True)
        found = {name: [tuple(v for v in row) for row in book[name].iter_rows(values_only=True)]
                 for name in book.sheetnames}
        book.close()
        return found

    a, b = cells(fast), cells(slow)
    assert a.keys() == b.keys()
    for name in a:
        def strip(rows):
            return [tuple(v for v in r if v not in (None, "")) for r in rows if any(v not in (None, "") for v in r)]

        assert strip(a[name]) == strip(b[name]), name


def test_csv_text_cells_a_spreadsheet_would_run_get_a_quote_and_numbers_stay_numbers(tmp_path):
    from referral_desk.domain.report_tables import Table
    from referral_desk.files.report_files import write_report

    names = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(1)", "\t=1", "\r=1", "  =1"]
    out = tmp_path / "r-明细.csv"
    write_report([Table("明细", ["患者", "次数"], [[name, -1] for name in names] + [["李-萍", 3], [None, 2.5]])],
                 [out], "csv")
    with open(out, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["患者", "次数"]
    assert [r[0] for r in rows[1:len(names) + 1]] == [f"'{name}" for name in names]  # the spaces kept, after it
    assert [r[1] for r in rows[1:len(names) + 1]] == ["-1"] * len(names)
    assert rows[-2:] == [["李-萍", "3"], ["", "2.5"]]

"""The monthly roster (附1) from real .xlsx and .csv files, in both layouts, with every kind of error."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlmodel import Session

from referral_desk.cli import main
from referral_desk.domain.errors import DomainError
from referral_desk.domain.roster_sheet import KnownSpecialist, Sheet, read_roster
from referral_desk.store.database.tables import OutboxEntry, RosterEntry, RosterImport, Specialist
from tests.fixtures import fid
from tests.sheets import LONG_HEADER, _broken_xlsx, write_csv, write_xlsx

DEC = date(2026, 12, 1)


def duties(service, first: date, last: date) -> dict[tuple[str, date], str]:
    with Session(service.store.engine) as s:
        rows = s.exec(select(RosterEntry.duty_date, RosterEntry.specialty_id, Specialist.name)
                      .join(Specialist, Specialist.id == RosterEntry.specialist_id)
                      .where(RosterEntry.deleted_at.is_(None), RosterEntry.duty_date.between(first, last))).all()
    return {(spec, day): name for day, spec, name in rows}


def count(service, model, *where) -> int:
    with Session(service.store.engine) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


# -- what real sheets hold ---------------------------------------------------------
def test_long_layout_accepts_the_date_and_name_spellings_of_real_sheets():
    rows = [["2026年12月会诊医师值班表"], LONG_HEADER,
            [datetime(2026, 12, 1), "心血管内科", "王  建国", "主任医师", "133 4625 0001"],
            ["2026/12/2", "心血管内科", "王建国", None, None],
            ["12月3日", "心血管内科", "王建国", "", ""],
            ["２０２６－１２－０４", "心血管内科", "王\u3000建国", "主任", "１３３４６２５０００１"],
            [46361, "心血管内科", "王建国", None, None],  # 2026-12-05 as a serial day that lost its format
            [None, None, None, None, None], ["", "", "", "", ""]]
    plan = read_roster([Sheet("排班", rows)])
    assert plan.ok, [p.line() for p in plan.errors]
    assert (plan.month, plan.layout) == (DEC, "long")
    assert [d.day.day for d in plan.duties] == [1, 2, 3, 4, 5]
    assert {d.specialist for d in plan.duties} == {"王建国"}
    assert plan.specialists[("心血管内科", "王建国")].phone == "13346250001"
    assert plan.warnings == ["心血管内科：12月6日–31日 无人值班"]


def test_grid_layout_takes_days_as_numbers_text_or_dates_and_people_from_the_doctor_sheet():
    header = ["专业", 1, "2", "12月3日", datetime(2026, 12, 4)]
    rows = [header, ["神经内科", "赵明", "", "赵 明", "周红"], ["骨科", "钱进", "钱进", None, None], [None] * 5]
    doctors = [["姓名", "专业", "职称", "联系电话"], ["周红", "神经内科", "副主任医师", "0635-8273113"],
               ["钱进", "骨科", "主任医师", "13346250005"]]
    known = [KnownSpecialist("神经内科", "赵明", "主任医师", "13346250003")]
    plan = read_roster([Sheet("Sheet1", rows), Sheet("医师", doctors)], month=DEC, known=known)
    assert plan.ok, [p.line() for p in plan.errors]
    assert plan.layout == "grid" and plan.specialties == ["神经内科", "骨科"]
    assert [(d.day.day, d.specialty, d.specialist) for d in plan.duties] == [
        (1, "神经内科", "赵明"), (3, "神经内科", "赵明"), (4, "神经内科", "周红"), (1, "骨科", "钱进"),
        (2, "骨科", "钱进")]
    assert plan.warnings == ["神经内科：12月2日、12月5日–31日 无人值班", "骨科：12月3日–31日 无人值班"]


def test_a_month_the_sheet_cannot_tell_must_be_given():
    sheet = Sheet("Sheet1", [["专业", 1, 2], ["骨科", "钱进", ""]])
    plan = read_roster([sheet])
    assert not plan.ok and "--month" in plan.errors[0].message
    # In the desk, the month on screen stands in, and the report says so.
    plan = read_roster([sheet], default_month=DEC,
                       known=[KnownSpecialist("骨科", "钱进", "主任医师", "13346250005")])
    assert plan.ok and plan.month == DEC and plan.warnings[0] == "表中未写明年月，按 2026-12 导入"
    # A sheet that does say its month is never overridden by the screen.
    plan = read_roster([Sheet("Sheet1", [["专业", "11月1日"], ["骨科", "钱进"]])], default_month=DEC)
    assert not plan.ok


# -- every kind of error, each with sheet, row, column and value ------------------------
@pytest.mark.parametrize("row, expected", [
    (["2026-12-02", "心血管内科", "张三", "主治医师", "13346250009"],
     "排班 第3行 D列（职称） 「主治医师」：会诊医师须为副主任医师及以上"),
    (["2026-12-01", "心血管内科", "孙立", "副主任医师", "13346250004"],
     "排班 第3行 C列（值班医师） 「孙立」：心血管内科 12月1日已由王建国值班（第2行）"),
    (["2026-11-30", "心血管内科", "王建国", "", ""], "排班 第3行 A列（日期） 「2026-11-30」：日期不在 2026-12 内"),
    (["2026-12-02", "心血管内科", "新医生", "", ""],
     "排班 第3行 C列（值班医师） 「新医生」：心血管内科没有这位医师的记录，表中也未给出职称和联系电话"),
    (["2026-12-02", "心血管内科", "新医生", "主任医师", "1334625"],
     "排班 第3行 E列（联系电话） 「1334625」：电话号码应为11位手机号"),
    (["十二月二日", "心血管内科", "王建国", "", ""], "排班 第3行 A列（日期） 「十二月二日」：日期无法识别"),
    (["2026-12-02", "心血管内科", '=HYPERLINK("http://x","y")', "主任医师", "13346250009"],
     '排班 第3行 C列（值班医师） 「=HYPERLINK("http://x","y")」：不能以 = + - @ 开头'),
    (["2026-12-02", "@SUM(1)", "王建国", "", ""], "排班 第3行 B列（专业） 「@SUM(1)」：不能以 = + - @ 开头"),
])
def test_each_error_names_sheet_row_column_and_value(row, expected):
    rows = [LONG_HEADER, ["2026-12-01", "心血管内科", "王建国", "主任医师", "13346250001"], row]
    plan = read_roster([Sheet("排班", rows)], month=DEC)
    assert [p.line()[:len(expected)] for p in plan.errors] == [expected]
    assert plan.warnings == []  # gaps are not worth reading while the sheet has errors


def test_names_a_spreadsheet_would_run_are_refused_in_the_grid_and_the_doctor_sheet_too(tmp_path, db_path, clock,
                                                                                       capsys):
    rows = [["专业", 1, 2], ["骨科", "钱进", "-2+3"], ["+1+2", "钱进", ""]]
    doctors = [["姓名", "专业", "职称", "联系电话"], ["钱进", "骨科", "主任医师", "13346250005"],
               ["@SUM(1)", "骨科", "主任医师", "13346250006"]]  # a leading = would make openpyxl write a formula
    path = write_xlsx(tmp_path / "12月.xlsx", {"Sheet1": rows, "医师": doctors})
    code = main(["roster", "import", str(path), "--month", "2026-12", "--db", str(db_path)], clock=clock)
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    refused = [line for line in out.splitlines() if "不能以 = + - @ 开头" in line]
    assert [line.strip().split("：")[0] for line in refused] == [
        "医师 第3行 A列（姓名） 「@SUM(1)」", "Sheet1 第2行 C列（12月2日） 「-2+3」",
        "Sheet1 第3行 A列（专业） 「+1+2」"], out
    assert _nothing_imported(db_path)


def test_all_errors_are_listed_at_once():
    rows = [LONG_HEADER, ["2026-12-01", "骨科", "甲", "主治医师", "1"], ["2027-01-01", "骨科", "乙", "", ""],
            ["2026-12-03", "", "丙", "", ""]]
    plan = read_roster([Sheet("排班", rows)], month=DEC)
    assert [(p.row, p.column) for p in plan.errors] == [
        (2, "D列（职称）"), (2, "E列（联系电话）"), (3, "A列（日期）"), (4, "B列（专业）")]


# -- importing into the store ----------------------------------------------------------
def test_an_xlsx_grid_month_is_imported_as_one_change(filled, tmp_path):
    header = ["专业"] + [str(d) for d in range(1, 32)]
    path = write_xlsx(tmp_path / "2026年12月值班.xlsx", {
        "12月": [["2026年12月会诊专家值班表"], header, ["心血管内科"] + ["王建国", "孙立"] * 15 + ["王建国"],
                 ["骨科"] + ["钱进"] * 31, []],
        "医师": [["姓名", "专业", "职称", "联系电话"], ["钱进", "骨科", "主任医师", "13346250005"]]})
    outbox_before = count(filled, OutboxEntry)
    report = filled.roster.prepare_roster_import(path)
    assert report.ok and report.new_specialists == ["骨科 钱进"] and report.plan.warnings == []
    applied = filled.roster.import_roster(report)
    got = duties(filled, DEC, date(2026, 12, 31))
    assert len(got) == 62 and got[(fid(1), date(2026, 12, 2))] == "孙立" and got[(fid(4), DEC)] == "钱进"
    assert count(filled, OutboxEntry) == outbox_before + 1  # one change to sync
    assert applied.summary == "导入2026-12排班：2个专业 62条值班"


def test_reimporting_a_month_replaces_it_and_keeps_the_old_version(filled, tmp_path):
    november = [LONG_HEADER] + [[f"2026-11-{d:02d}", "心血管内科", "孙立", "", ""] for d in range(1, 31)]
    report = filled.roster.prepare_roster_import(write_csv(tmp_path / "nov.csv", november))
    assert report.ok and report.replaced == 5 and report.kept == ["呼吸与危重症医学科", "神经内科"]
    filled.roster.import_roster(report)
    got = duties(filled, date(2026, 11, 1), date(2026, 11, 30))
    assert {name for (spec, _d), name in got.items() if spec == fid(1)} == {"孙立"}
    assert got[(fid(2), date(2026, 11, 23))] == "李萍"  # a specialty not in the file keeps its duties
    # The replaced duties stay, soft-deleted, with the import that replaced them on record.
    assert count(filled, RosterEntry, RosterEntry.specialty_id == fid(1), RosterEntry.deleted_at.is_not(None)) == 5
    again = filled.roster.prepare_roster_import(write_csv(tmp_path / "nov2.csv", november[:11]))
    filled.roster.import_roster(again)
    assert again.replaced == 30
    with Session(filled.store.engine) as s:
        imports = s.exec(select(RosterImport.file_name, RosterImport.entries, RosterImport.replaced)
                         .order_by(RosterImport.imported_at, RosterImport.id)).all()
    assert imports == [("nov.csv", 30, 5), ("nov2.csv", 10, 30)]


def test_a_gbk_csv_with_errors_writes_nothing_and_exits_1(filled, db_path, tmp_path, capsys, clock):
    path = write_csv(tmp_path / "bad.csv", [LONG_HEADER, ["2026-12-01", "心血管内科", "王建国", "主治医师", ""]],
                     encoding="gb18030")
    before = count(filled, RosterEntry)
    filled.store.close()
    assert main(["roster", "import", str(path), "--db", str(db_path)], clock=clock) == 1
    out = capsys.readouterr().out
    assert "有 1 处错误，未导入任何内容" in out and "bad 第2行 D列（职称） 「主治医师」" in out
    from referral_desk.store.database.engine import open_store
    store = open_store(db_path)
    with Session(store.engine) as s:
        assert s.scalar(select(func.count()).select_from(RosterEntry)) == before
    store.close()


def test_check_reports_without_writing_and_a_bad_file_exits_2(filled, db_path, tmp_path, capsys, clock):
    path = write_csv(tmp_path / "dec.csv", [LONG_HEADER, ["12月1日", "骨科", "钱进", "主任医师", "13346250005"]])
    filled.store.close()
    argv = ["roster", "import", str(path), "--db", str(db_path)]
    assert main(argv + ["--month", "2026-12", "--check"], clock=clock) == 0
    out = capsys.readouterr().out
    assert "1条值班" in out and "骨科：12月2日–31日 无人值班" in out and "未写入" in out
    assert main(argv, clock=clock) == 1  # 12月1日 alone does not say the year
    assert "--month" in capsys.readouterr().out
    assert main(argv + ["--month", "2026-12"], clock=clock) == 0
    assert "已导入" in capsys.readouterr().out
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["roster", "import", str(tmp_path / "old.xls"), "--db", str(db_path)], clock=clock) == 1
    assert "另存为 .xlsx" in capsys.readouterr().err
    (tmp_path / "fake.xlsx").write_text("not a workbook")
    assert main(["roster", "import", str(tmp_path / "fake.xlsx"), "--db", str(db_path)], clock=clock) == 1
    assert "不是有效的 .xlsx 文件" in capsys.readouterr().err
    with pytest.raises(SystemExit) as bad_month:
        main(argv + ["--month", "2026-13"], clock=clock)
    assert bad_month.value.code == 2


def test_the_handler_refuses_what_the_sheet_check_would(filled, tmp_path):
    """A command that did not come through the sheet check (or went stale) is judged again."""
    report = filled.roster.prepare_roster_import(write_csv(tmp_path / "dec.csv", [
        LONG_HEADER, ["2026-12-01", "心血管内科", "王建国", "", ""]]))
    bad = report.command.model_copy(update={"duties": report.command.duties * 2})
    with pytest.raises(DomainError, match="有两位值班医师"):
        filled.execute(bad)
    assert count(filled, RosterImport) == 0


# -- files that are refused, in words, with nothing written (issue 11) ----------------------------------
def _nothing_imported(db_path) -> bool:
    from referral_desk.store.database.engine import open_store

    store = open_store(db_path)
    try:
        with store.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(RosterImport)).scalar() == 0
    finally:
        store.close()


def _zip_bomb(path, rows: int):
    """A sheet of `rows` identical rows: a few hundred KB packed, far more unpacked."""
    import zipfile

    good = write_xlsx(path.with_name("seed.xlsx"), {"12月": [LONG_HEADER]})
    row = '<row><c t="inlineStr"><is><t>2026-12-01</t></is></c></row>'
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("sheet1.xml"):
                head, _, tail = data.decode().partition("</sheetData>")
                data = (head + row * rows + "</sheetData>" + tail).encode()
            dst.writestr(info, data)
    return path


@pytest.mark.parametrize("check", [[], ["--check"]], ids=["import", "check"])
def test_refused_files_are_said_in_words_with_exit_1_and_nothing_written(tmp_path, db_path, clock, capsys, check):
    many = write_csv(tmp_path / "many.csv", [LONG_HEADER] + [["2026-12-01", f"专业{n}", "钱进", "主任医师",
                                                               "13346250005"] for n in range(201)])
    nul = write_csv(tmp_path / "nul.csv", [LONG_HEADER, ["2026-12-01", "心血管内科", "王\x00建国", "主任医师",
                                                         "13346250001"]])
    far = tmp_path / "far.xlsx"
    book = Workbook()
    book.active.append(LONG_HEADER)
    book.active.cell(row=1_048_576, column=1, value="2026-12-31")
    book.save(far)
    cases = [
        (many, "一个月的排班最多 200 个专业，这是第 201 个", "第202行"),
        (nul, "控制字符 U+0000", "王\\x00建国"),
        (_broken_xlsx(tmp_path / "broken.xlsx"), "已损坏", "broken.xlsx"),
        (_zip_bomb(tmp_path / "bomb.xlsx", 400_000), "解压后达", "未读取"),
        (far, "超过 10000 行", "未读取"),
    ]
    for path, words, where in cases:
        code = main(["roster", "import", str(path), "--db", str(db_path), *check], clock=clock)
        out, err = capsys.readouterr()
        assert code == 1, (path.name, out, err)
        assert words in out + err and where in out + err, (path.name, out, err)
        assert "Traceback" not in out + err and "\x00" not in out + err
    assert _nothing_imported(db_path)


def test_a_bare_rank_is_resolved_from_the_persons_full_title_or_refused_never_guessed():
    """Issue 24 item 8: 副高 may be a 副主任护师; only a 医师 of 副高 and above gives consultations (000 一)."""
    rows = [["2026年12月会诊医师值班表"], LONG_HEADER,
            ["2026-12-01", "心血管内科", "王建国", "副高", "13346250001"],
            ["2026-12-02", "呼吸内科", "李红", "主任护师", "13346250002"]]
    plan = read_roster([Sheet("排班", rows)])
    assert not plan.ok
    said = [p.line() for p in plan.errors]
    assert any("副高" in line and "未写明系列" in line for line in said), said
    assert any("主任护师" in line and "不是医师职称" in line for line in said), said

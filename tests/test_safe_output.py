"""Every file the desk writes: never over an existing file unless --force, never over the store,
never beside a folder or into a missing one, whole or not at all, readable by its owner only."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest

from referral_desk.files import report_files
from tests.commandline import run
from tests.fixtures import REFERRAL_DOWN
from tests.marks import needs_font

PERIOD = ["--from", "2026-11-01", "--to", "2026-11-30"]


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def report(argv, capsys):
    return run(["report", *PERIOD, *argv], capsys)


def test_the_store_is_never_an_output_whatever_the_flags(db, capsys):
    before = digest(db)
    for extra in ([], ["--force"]):
        code, _out, err = report(["--out", db, "--db", db, *extra], capsys)
        assert code == 2 and "正在使用的数据文件" in err
        code, _out, err = report(["--out", db + "-wal", "--db", db, *extra], capsys)
        assert code == 2 and "正在使用的数据文件" in err
    assert digest(db) == before


@needs_font
def test_a_slip_never_replaces_the_store_nor_an_existing_file_without_force(db, tmp_path, capsys):
    before = digest(db)
    code, _out, err = run(["slip", REFERRAL_DOWN, "--out", db, "--db", db, "--force"], capsys)
    assert code == 2 and "正在使用的数据文件" in err and digest(db) == before
    out = tmp_path / "slip.pdf"
    out.write_bytes(b"an earlier slip")
    code, _out, err = run(["slip", REFERRAL_DOWN, "--out", str(out), "--db", db], capsys)
    assert code == 2 and "已存在" in err and "--force" in err and out.read_bytes() == b"an earlier slip"
    assert run(["slip", REFERRAL_DOWN, "--out", str(out), "--db", db, "--force"], capsys)[0] == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_an_existing_report_is_kept_unless_forced_and_a_new_one_is_private(db, tmp_path, capsys):
    out = tmp_path / "november.xlsx"
    out.write_bytes(b"last month's report")
    code, _out, err = report(["--out", str(out), "--db", db], capsys)
    assert code == 2 and "已存在" in err and out.read_bytes() == b"last month's report"
    assert report(["--out", str(out), "--db", db, "--force"], capsys)[0] == 0
    assert out.read_bytes()[:2] == b"PK" and stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp left


def test_folders_missing_or_given_as_out_are_refused_and_nothing_is_left(db, tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    code, _out, err = report(["--out", str(folder), "--db", db], capsys)
    assert code == 2 and "是文件夹" in err and list(folder.iterdir()) == []
    code, _out, err = report(["--format", "csv", "--out", f"{tmp_path / 'new'}/", "--db", db], capsys)
    assert code == 2 and "是文件夹" in err
    missing = tmp_path / "no" / "such" / "r.xlsx"
    code, _out, err = report(["--out", str(missing), "--db", db], capsys)
    assert code == 2 and str(tmp_path / "no" / "such") in err and "不存在" in err
    assert not (tmp_path / "no").exists()
    name = Path(db).name
    assert {p.name for p in tmp_path.iterdir()} <= {"reports", name, f"{name}-wal", f"{name}-shm"}


def test_a_csv_set_is_written_whole_or_not_at_all(db, tmp_path, capsys, monkeypatch):
    taken = tmp_path / "r-按日.csv"
    taken.write_text("kept")
    code, _out, err = report(["--format", "csv", "--out", str(tmp_path / "r"), "--db", db], capsys)
    assert code == 2 and "r-按日.csv 已存在" in err
    assert sorted(p.name for p in tmp_path.glob("r-*")) == ["r-按日.csv"] and taken.read_text() == "kept"
    real = report_files.write_report

    def failing(tables, files, fmt):
        real(tables, files, fmt)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report_files, "write_report", failing)
    code, _out, err = report(["--format", "csv", "--out", str(tmp_path / "s"), "--db", db], capsys)
    assert code == 2 and "No space left" in err
    assert list(tmp_path.glob("s-*")) == [] and list(tmp_path.glob(".s-*")) == []


def test_the_desks_own_exports_take_a_free_name(filled, tmp_path):
    from datetime import date

    first = filled.reports.export_report(date(2026, 11, 1), date(2026, 11, 30), "xlsx")
    second = filled.reports.export_report(date(2026, 11, 1), date(2026, 11, 30), "xlsx")
    assert [p.name for p in first + second] == ["转诊统计-20261101-20261130.xlsx",
                                                "转诊统计-20261101-20261130 (2).xlsx"]
    assert stat.S_IMODE(filled.folders.reports.stat().st_mode) == 0o700



def test_an_export_to_a_strange_name_is_still_audited(db, tmp_path, capsys):
    import sqlite3

    out = tmp_path / "r\nx.xlsx"
    assert report(["--out", str(out), "--db", db], capsys)[0] == 0 and out.exists()
    con = sqlite3.connect(db)
    detail = con.execute("SELECT detail_json FROM audit_entry WHERE action = 'export_report'").fetchone()[0]
    con.close()
    assert "r\\\\nx.xlsx" in detail


def _node(tmp_path, kind) -> Path:
    """A node that is not a regular file, made in the test's folder (never the real /dev/full)."""
    import os

    path = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":  # a copy of /dev/full: a report renamed over it would take the device away
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    else:
        os.mkfifo(tmp_path / "pipe")
        path.symlink_to(tmp_path / ("pipe" if kind == "link to a fifo" else "nowhere"))
    return path


@pytest.mark.parametrize("kind", ["fifo", "device", "link to a fifo", "dangling link"])
@pytest.mark.parametrize("command", ["report", "backup"])
def test_force_replaces_only_a_regular_file(db, tmp_path, capsys, kind, command):
    target = _node(tmp_path, kind)
    before = target.lstat()
    argv = (["report", *PERIOD, "--out", str(target)] if command == "report" else ["store", "backup", str(target)])
    code, _out, err = run([*argv, "--db", db, "--force"], capsys)
    assert code == 2 and "不是普通文件" in err and "--force" in err
    after = target.lstat()
    assert (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino, before.st_rdev)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left

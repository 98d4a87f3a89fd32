"""The first frame before the store is opened (store.first_look) and the store opened behind it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from referral_desk.app import ReferralDeskApp
from referral_desk.desk.first_look import FirstLook, first_look
from referral_desk.domain.policy import Policy
from referral_desk.store.database.errors import StoreOpenError
from referral_desk.store.database.marker import SCHEMA_VERSION
from referral_desk.store.reads.roles import ROLE
from referral_desk.store.writes.actor import Actor
from referral_desk.widgets.desk_footer import DeskFooter
from tests.commandline import run


def _look(path, clock, **kw):
    return first_look(path, Policy(), clock, Actor("张敏", "窗口8-1"), **kw)


def test_the_first_look_reads_what_the_open_store_reads(filled, db_path, clock):
    expected = filled.panes.snapshot()
    filled.store.close()
    look, snapshot = _look(db_path, clock)
    assert isinstance(look, FirstLook) and not look.readonly
    assert snapshot == expected
    assert [len(x) for x in (snapshot.duty, snapshot.pending, snapshot.beds, snapshot.directory)] == [4, 4, 2, 13]
    assert look.panes.search_directory("ygzx") == filled.panes.search_directory("ygzx") != []


def test_the_first_look_writes_nothing(db, clock, tmp_path):
    from pathlib import Path

    path = Path(db)
    before, stat = path.read_bytes(), path.stat()
    assert _look(path, clock) is not None
    assert path.read_bytes() == before and path.stat().st_mtime_ns == stat.st_mtime_ns
    # A WAL store's reader sets up the -wal and -shm files, which SQLite makes as private as the store.
    assert {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir() if p.name.startswith("desk.")} == {
        name: 0o600 for name in ("desk.sqlite3", "desk.sqlite3-wal", "desk.sqlite3-shm")}


@pytest.mark.parametrize("make", ["missing", "empty", "foreign", "older", "newer", "not sqlite"])
def test_anything_unusual_takes_the_usual_path(tmp_path, clock, make):
    path = tmp_path / "desk.sqlite3"
    if make == "empty":
        path.write_bytes(b"")
    elif make == "not sqlite":
        path.write_text("转诊登记表\n", encoding="utf-8")
    elif make != "missing":
        con = sqlite3.connect(path)
        if make == "foreign":
            con.execute("CREATE TABLE patients (name TEXT)")
        else:
            version = SCHEMA_VERSION - 1 if make == "older" else SCHEMA_VERSION + 1
            con.execute("CREATE TABLE rd_meta (key TEXT PRIMARY KEY, value TEXT)")
            con.executemany("INSERT INTO rd_meta VALUES (?, ?)",
                            [("application", "referral_desk"), ("schema_version", str(version))])
        con.commit()
        con.close()
    before = path.read_bytes() if path.exists() else None
    assert _look(path, clock) is None  # the store's own opening says what is wrong, or migrates
    assert (path.read_bytes() if path.exists() else None) == before


def test_a_supervisor_store_is_read_only_from_the_first_frame(filled, db_path, clock):
    from sqlmodel import Session

    from referral_desk.store.database.tables import Meta

    with Session(filled.store.engine) as s:
        s.add(Meta(key=ROLE, value="supervisor"))
        s.commit()
    filled.store.close()
    assert _look(db_path, clock)[0].readonly
    assert _look(db_path, clock, readonly=False)[0].readonly
    assert not _look(db_path.with_name("none.sqlite3"), clock)


def test_the_first_frame_needs_no_sqlalchemy():
    """What makes start-up fast: the desk's first frame imports neither SQLAlchemy nor SQLModel."""
    code = ("import sys, referral_desk.cli, referral_desk.app, referral_desk.desk.first_look; "
            "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'referral_desk.store.database.tables') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert out.stdout.strip() == "[]"


async def test_the_store_opens_after_the_first_frame_and_keys_wait_for_it(filled, db_path, clock, settings):
    expected = filled.panes.snapshot()
    look, snapshot = _look(db_path, clock)
    seen = {}

    def opener():
        from referral_desk.app import DeskParts

        # Called once the filled panes are on screen, still showing the first look's rows.
        app = seen["app"]
        seen["rows"] = app.dashboard.row_counts()
        seen["service"] = app.dashboard.service
        seen["footer"] = bool(app.dashboard.query(DeskFooter))
        return DeskParts(filled, filled.store)

    app = ReferralDeskApp(look, settings, "desk.sqlite3", first=snapshot, opener=opener)
    seen["app"] = app
    async with app.run_test(size=(120, 40)) as pilot:
        await app.store_opened.wait()
        assert seen["rows"] == {"duty": 4, "approvals": 4, "directory": 13, "beds": 2}
        assert seen["service"] is look and not seen["footer"]
        assert app.service is filled and app.dashboard.service is filled
        await pilot.pause()
        assert app.dashboard.query(DeskFooter)  # the keys' line comes with the open store
        await pilot.press("b")  # a key that writes: the booking form
        await pilot.pause()
        assert type(app.screen).__name__ == "BookingScreen"
    assert expected == snapshot


async def test_keys_typed_while_the_store_opens_are_answered_after_in_order(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await app.dashboard.loaded.wait()
        app.hold_keys()
        await pilot.press("4", "slash")
        await pilot.pause()
        assert app.focused.id == "approvals-table"  # held
        await app.release_keys()
        for _ in range(50):  # the search line takes the focus after a refresh; on a busy machine a few turns
            await pilot.pause()
            if app.focused.id == "directory-search":
                break
        assert app.focused.id == "directory-search"  # 4 focused the directory, / its search line


async def test_a_store_that_fails_to_open_closes_the_desk_with_the_reason(filled, db_path, clock, settings):
    look, snapshot = _look(db_path, clock)

    def opener():
        raise StoreOpenError("数据文件 desk.sqlite3 不可写。", "the data file desk.sqlite3 is not writable.")

    app = ReferralDeskApp(look, settings, "desk.sqlite3", first=snapshot, opener=opener)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    assert app.return_code == 2 and app.open_failure == ("数据文件 desk.sqlite3 不可写。",
                                                          "the data file desk.sqlite3 is not writable.")


def test_the_desk_reports_its_first_frame_and_its_open_store(db, capsys):
    code, out, _ = run(["--db", db, "--headless", "--exit-when-ready"], capsys)
    lines = dict(line.split(" ", 1) for line in out.strip().splitlines())
    assert code == 0 and set(lines) == {"READY", "OPEN"}
    ready_at, *panes = lines["READY"].split()
    assert float(ready_at) <= float(lines["OPEN"])  # the panes first, then the store
    assert dict(item.split("=") for item in panes) == {"duty": "4", "approvals": "4", "directory": "13", "beds": "2"}


def test_a_store_the_desk_cannot_read_is_said_in_words_not_a_traceback(filled, db_path, capsys):
    """A store stamped with this schema but missing a column (a development build's, or a damaged one)
    made the desk print a traceback before its first frame."""
    import sqlite3

    filled.store.close()
    con = sqlite3.connect(db_path)
    con.execute("ALTER TABLE escalation_call DROP COLUMN rung")
    con.commit()
    con.close()
    code, _out, err = run(["--db", str(db_path), "--operator", "张三", "--headless", "--exit-when-ready"], capsys)
    assert code == 2 and "数据库错误" in err and "store check" in err and "Traceback" not in err


@pytest.mark.parametrize("keys_from_a_terminal", [False, True])
def test_the_desk_without_a_terminal_says_so_and_exits(db, tmp_path, keys_from_a_terminal):
    """Started from a scheduled task or nohup, the desk read its empty input for ever at 100 % of a core; with
    its standard error sent to a file it ran unseen, writing 12 KB of escape codes a second (outside trials):
    it says it needs a terminal and exits with 2, having written nothing."""
    import pty

    before = os.path.getmtime(db)
    (tmp_path / "desk.toml").write_text('[desk]\noperator = "张三"\n', encoding="utf-8")
    leader, follower = pty.openpty() if keys_from_a_terminal else (None, None)
    try:
        out = subprocess.run([sys.executable, "-m", "referral_desk", "--db", db],
                             stdin=follower if keys_from_a_terminal else subprocess.DEVNULL,
                             capture_output=True, text=True, timeout=120, cwd=tmp_path,
                             env={**os.environ, "REFERRAL_DESK_CONFIG": str(tmp_path / "desk.toml")})
    finally:
        for fd in (leader, follower):
            if fd is not None:
                os.close(fd)
    assert out.returncode == 2
    assert "转诊台须在终端中打开" in out.stderr and "\x1b[" not in out.stderr + out.stdout
    assert os.path.getmtime(db) == before

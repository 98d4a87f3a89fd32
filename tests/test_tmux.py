"""The real app in a real terminal (tmux): what an operator sees at window no. 8."""

from __future__ import annotations

import re
import shutil
import sqlite3
import sys

import pytest

from referral_desk.clock import START_AT_ENV
from tests.ergonomics import Terminal
from tests.fixtures import NOW

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
]


class Tmux(Terminal):
    """The test's terminal: a screen that never matches fails the test, showing the last screen."""

    def wait_for(self, predicate, timeout: float = 30.0) -> str:
        found = super().wait_for(predicate, timeout)
        if found is None:
            raise AssertionError(f"screen never matched; last screen:\n{self.screen()}")
        return found


def desk_env(tmp_path) -> list[str]:
    # The desk starts on the day the fixtures were made for, whatever the date the tests run on.
    return ["-e", f"XDG_CONFIG_HOME={tmp_path}", "-e", f"{START_AT_ENV}={NOW.isoformat()}"]


@pytest.fixture
def tmux():
    t = Tmux()
    yield t
    t("kill-server")


def test_the_desk_in_a_real_terminal(tmux, filled, db_path, tmp_path):
    filled.store.close()
    # A test runner may export COLUMNS/LINES; the app must measure the real terminal.
    cmd = (f"env -u COLUMNS -u LINES {sys.executable} -m referral_desk --db {db_path} --operator 张敏; "
           "echo EXITED $?; sleep 30")
    tmux("new-session", "-d", "-s", "desk", "-x", "120", "-y", "40", *desk_env(tmp_path), cmd)
    # The terminal may be caught mid-frame, so wait for everything the first frame must show.
    expected = ["今日值班", "待审核（临近截止）", "床位协调", "通讯录", "阳谷中心医院", "莘县中心医院", "无人值班",
                "待补充", "操作员 张敏", "Asia/Shanghai",
                "m 月排班"]  # the key line too: opened with --operator, a slow store showed none (outside trial)
    tmux.wait_for(lambda s: all(text in s for text in expected))

    tmux("send-keys", "-t", "desk", "4/ygzx")
    tmux.wait_for(lambda s: "1条" in s and "18363535132" in s and "0635-8273113" not in s)

    tmux("send-keys", "-t", "desk", "Enter", "Enter")
    tmux.wait_for(lambda s: "阳谷中心医院 · 转诊咨询电话" in s and "医务科岳主任" in s)

    tmux("send-keys", "-t", "desk", "Escape", "C-q")
    assert "EXITED 0" in tmux.wait_for(lambda s: "EXITED" in s)


def open_desk(tmux, filled, db_path, tmp_path) -> None:
    filled.store.close()
    cmd = f"env -u COLUMNS -u LINES {sys.executable} -m referral_desk --db {db_path} --operator 张敏; sleep 30"
    tmux("new-session", "-d", "-s", "desk", "-x", "120", "-y", "40", *desk_env(tmp_path), cmd)
    tmux.wait_for(lambda s: "阳谷中心医院" in s and "操作员 张敏" in s)


def test_the_status_line_clock_runs_under_two_stacked_screens(tmux, filled, db_path, tmp_path):
    """Textual passed the dashboard's repaint to the top screen only: under detail → keys the clock stood
    still (issue 25/28)."""
    open_desk(tmux, filled, db_path, tmp_path)
    tmux("send-keys", "-t", "desk", "2", "Enter")
    tmux.wait_for(lambda s: "申请经过" in s or "审核通过" in s)
    tmux("send-keys", "-t", "desk", "F1")
    first = tmux.wait_for(lambda s: "本屏按键" in s)
    clock = re.compile(r"\d{4}-\d\d-\d\d (\d\d:\d\d:\d\d) Asia/Shanghai")
    shown = clock.search(first).group(1)
    # Two changes: the first could be a frame already on its way when the keys screen opened.
    later = tmux.wait_for(lambda s: (m := clock.search(s)) is not None and m.group(1) > shown, timeout=10)
    again = clock.search(later).group(1)
    last = tmux.wait_for(lambda s: (m := clock.search(s)) is not None and m.group(1) > again and "本屏按键" in s,
                         timeout=10)
    assert "本屏按键" in last and shown < again < clock.search(last).group(1)


def test_esc_and_a_letter_sent_as_one_write_close_then_open(tmux, filled, db_path, tmp_path):
    """Issue 25: the terminal sends Esc and a letter typed within its escape delay as `\x1bm`, which
    Textual reads as Alt+M: the details stayed open and the roster never came."""
    open_desk(tmux, filled, db_path, tmp_path)
    tmux("send-keys", "-t", "desk", "2", "Enter")
    tmux.wait_for(lambda s: "审核截止" in s)
    tmux("send-keys", "-t", "desk", "-l", "\x1bm")  # one write, as a brisk typist's terminal sends it
    screen = tmux.wait_for(lambda s: "导入排班表" in s)
    assert "审核截止" not in screen


def test_a_booking_typed_in_one_burst_lands_field_by_field(tmux, filled, db_path, tmp_path):
    open_desk(tmux, filled, db_path, tmp_path)
    tmux("send-keys", "-t", "desk", "b")
    tmux.wait_for(lambda s: "登记会诊申请" in s)
    # What a doctor dictates, typed (or pasted) faster than the screen redraws.
    tmux("send-keys", "-t", "desk", "阳谷县人民医院", "Tab", "张医生", "Tab", "13346250099", "Tab", "李四")
    screen = tmux.wait_for(lambda s: "李四" in s)
    fields = dict(re.findall(r"(申请单位|申请医师|医师电话|患者姓名)\s+(\S+)", screen))
    assert fields == {"申请单位": "阳谷县人民医院", "申请医师": "张医生", "医师电话": "13346250099", "患者姓名": "李四"}


def test_a_call_result_and_its_note_typed_in_one_burst(tmux, filled, db_path, tmp_path):
    open_desk(tmux, filled, db_path, tmp_path)
    tmux("send-keys", "-t", "desk", "2", "e")
    tmux.wait_for(lambda s: "通话结果" in s)
    tmux("send-keys", "-t", "desk", "2", "约14点回电")  # 未接听, then the note straight away
    tmux.wait_for(lambda s: "约14点回电" in s)
    tmux("send-keys", "-t", "desk", "C-s")
    tmux.wait_for(lambda s: "已记录催办：心血管内科科主任 未接听" in s)  # past its deadline: the ladder's next rung
    # The store holds the call as typed: the digit chose the result, the rest is the note.
    with sqlite3.connect(db_path) as con:
        last = con.execute("SELECT result, note FROM escalation_call ORDER BY called_at DESC, rowid DESC").fetchone()
    assert last == ("no_answer", "约14点回电")


def test_a_follow_up_recorded_in_one_burst(tmux, filled, db_path, tmp_path):
    open_desk(tmux, filled, db_path, tmp_path)
    tmux("send-keys", "-t", "desk", "f")
    tmux.wait_for(lambda s: "随访（今天到期和逾期）" in s and "逾期2天" in s and "2条" in s)
    # The result screen, its result and the note typed in one go, before that screen has opened.
    tmux("send-keys", "-t", "desk", "k", "1", "饮食正常，下周复诊", "Enter")
    screen = tmux.wait_for(lambda s: "已记录随访：已随访：恢复良好（饮食正常，下周复诊）" in s)
    assert "逾期2天" not in tmux.wait_for(lambda s: "1条" in s and "逾期2天" not in s)
    assert "Traceback" not in screen


def test_a_box_ticked_in_a_burst_stays_ticked_and_the_next_field_gets_its_text(tmux, filled, db_path, tmp_path):
    open_desk(tmux, filled, db_path, tmp_path)
    tmux("send-keys", "-t", "desk", "D")
    tmux.wait_for(lambda s: "申请下转" in s)
    # Name, seven fields on (证件类型 among them), the diagnosis, then the stable/rehabilitation box ticked,
    # and the receiving unit.
    tmux("send-keys", "-t", "desk", "王五", *["Tab"] * 7, "脑梗死", "Tab", "Space", "Tab", "Tab", "阳谷中心医院")
    # The unit's name shows elsewhere too (the suggestions): wait for it in its field.
    screen = tmux.wait_for(lambda s: re.search(r"转入单位\s+阳谷中心医院", s) and "符合下转" in s)
    assert "（已勾选病情稳定/康复期）：符合下转" in screen  # the box, not the words, made it eligible
    fields = dict(re.findall(r"(患者姓名|诊断|转入单位)\s+(\S+)", screen))
    assert fields == {"患者姓名": "王五", "诊断": "脑梗死", "转入单位": "阳谷中心医院"}


def test_twenty_everyday_questions_take_at_most_three_keys_at_both_sizes(filled, db_path, tmp_path):
    """Issue 13's measure (also `make ergonomics`): each answer on screen, in at most 3 command keys
    besides typed text and a form's Tab separators, at 120x40 and 80x24."""
    from referral_desk.clock import START_AT_ENV
    from tests import ergonomics

    filled.store.close()
    env = {START_AT_ENV: NOW.isoformat(), "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
           "XDG_CACHE_HOME": str(tmp_path)}
    results = ergonomics.run(db_path, env)
    assert len(results) == 2 * len(ergonomics.QUESTIONS) == 40
    assert [r for r in results if not r.ok] == [], ergonomics.table(results)

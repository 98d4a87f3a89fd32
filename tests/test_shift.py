"""Shift handover (交接班, issue 13): sign-in by name, the handover view, notes, export."""

from __future__ import annotations

import asyncio
import os
import stat

import pytest
from sqlmodel import Session, select

from referral_desk.app import ReferralDeskApp
from referral_desk.domain import commands as c
from referral_desk.domain.errors import DomainError
from referral_desk.screens.shift import HandoverScreen, SignInScreen
from referral_desk.store.database.tables import AuditEntry
from tests.fixtures import CONSULT_SOON
from tests.pilot import open_screen, quiet, settle


def audit(service, action: str) -> list[AuditEntry]:
    with Session(service.store.engine) as s:
        return list(s.exec(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.at)))


# -- the service ---------------------------------------------------------------------------------
def test_a_signed_in_name_is_who_the_audit_log_names(filled):
    filled.shift.sign_in("  李娜 ")
    filled.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    [entry] = audit(filled, "approve_consultation")[-1:]
    assert entry.operator == "李娜"
    [signed] = audit(filled, "sign_in")
    assert (signed.operator, signed.summary) == ("李娜", "接班签到：李娜（接替 张敏）")
    assert filled.shift.recent_operators() == ["李娜"]


@pytest.mark.parametrize(("name", "said"), [
    ("", "请输入接班人姓名"),
    ("   ", "请输入接班人姓名"),
    ("张" * 21, "最多 20 个字符"),
    ("李\x1b[2J娜", "控制字符"),
    ("12345", "不能只有数字或符号"),
])
def test_sign_in_refuses_what_is_not_a_name_and_writes_nothing(filled, name, said):
    with pytest.raises(DomainError, match=said.replace("[", r"\[")):
        filled.shift.sign_in(name)
    assert audit(filled, "sign_in") == []
    assert filled.actor.operator == "张敏"


def test_the_handover_lists_what_is_open_in_disjoint_sections(filled):
    handover = filled.shift.handover()
    sections = {s.key: s for s in handover.sections}
    assert [line.text.split("  ")[1] for line in sections["escalated"].lines] == [
        "王建国·心血管内科 ← 阳谷中心医院 张医生，已催办2次（最近 09:50）"]
    assert sections["overdue"].lines == []
    assert len(sections["pending"].lines) == 3
    assert [line.urgent for line in sections["beds"].lines] == [True, True]
    assert "科室回复超时" in sections["beds"].lines[0].text and "欧阳**" in sections["beds"].lines[0].text
    assert "欧阳床" not in handover.as_text(filled.local)  # patients masked, as in the panes
    assert [line.urgent for line in sections["follow_ups"].lines] == [True, False]  # the overdue one first
    assert handover.open_count == 1 + 3 + 2 + 2
    # The dashboard's marks (outside trial: the handover's `!` read as the lesser, and a bed to coordinate was
    # marked `!!` with nothing overdue): `!!` what is overdue, `! ` under 15 minutes, a bed to coordinate says so.
    text = handover.as_text(filled.local).splitlines()
    overdue = [line for line in text if line.startswith("!! ")]
    assert len(overdue) == 3  # the escalated request, the bed whose reply is late, the follow-up past its day
    assert any("科室回复超时" in line for line in overdue) and any("（逾期）" in line for line in overdue)
    assert [line for line in text if line.startswith("! ")] == [
        next(line for line in text if "剩 10分钟" in line)]
    coordinate = next(line for line in text if "，需协调" in line)
    assert coordinate.startswith("   ")


def test_a_note_reaches_the_next_shift_and_bad_notes_write_nothing(filled):
    with pytest.raises(DomainError, match="最多 400 个字符"):
        filled.shift.hand_over("长" * 401)
    with pytest.raises(DomainError, match="控制字符"):
        filled.shift.hand_over("第一行\n第二行")
    assert audit(filled, "hand_over") == []
    filled.shift.hand_over("骨科明早出院一床，9点前再打一次")
    filled.shift.sign_in("李娜")
    notes = {s.key: s for s in filled.shift.handover().sections}["notes"].lines
    assert [n.text for n in notes] == ["11-23 10:00 张敏@窗口8-1：骨科明早出院一床，9点前再打一次"]


def test_the_export_is_a_new_private_file_and_is_audited(filled, tmp_path):
    first = filled.shift.write_handover()
    second = filled.shift.write_handover()
    assert first != second and first.parent == tmp_path / "reports"
    text = first.read_text(encoding="utf-8")
    assert text.startswith("转会诊中心 交接班  2026-11-23 10:00  交班人 张敏")
    assert "【需致电的床位 2 条】" in text
    assert not stat.S_IMODE(os.stat(first).st_mode) & 0o007  # not world-readable
    named = tmp_path / "mine.txt"
    named.write_text("keep")
    with pytest.raises(DomainError):
        filled.shift.write_handover(str(named))
    assert named.read_text() == "keep"
    assert len(audit(filled, "export_report")) == 2


# -- the desk ------------------------------------------------------------------------------------
async def test_the_desk_opens_by_asking_who_is_at_it(filled, settings):
    app = ReferralDeskApp(filled, settings, "desk.sqlite3", ask_sign_in=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.wait_for(app.dashboard.loaded.wait(), timeout=10)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SignInScreen)
        await pilot.press("escape")  # the start of a shift cannot be skipped
        assert app.screen is screen
        await pilot.press(*"123", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "不能只有数字或符号" in str(screen.query_one("#signin-errors").render())
        await pilot.press("backspace", "backspace", "backspace", *"王强", "enter")
        await quiet(app, pilot)
        await pilot.pause()
        assert app.screen is app.dashboard
        app.dashboard.tick()
        assert "操作员 王强@窗口8-1" in str(app.dashboard.query_one("#status").render())


async def test_h_hands_over_with_a_note_and_the_next_operator_signs_in(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("H")
        screen = app.screen
        assert isinstance(screen, HandoverScreen)
        await quiet(app, pilot)
        await pilot.press("n", *"骨科床位九点前再打", "enter")
        assert app.screen is screen
        await pilot.press("ctrl+s")
        await quiet(app, pilot)
        await pilot.pause()
        sign_in = app.screen
        assert isinstance(sign_in, SignInScreen)
        assert sign_in.previous == "张敏"
        await pilot.press(*"李娜", "enter")
        await quiet(app, pilot)
        await pilot.pause()
        await pilot.press("H")
        again = app.screen
        await quiet(app, pilot)
        notes = {s.key: s for s in again.handover.sections}["notes"].lines
        assert [n.text for n in notes] == ["11-23 10:00 张敏@窗口8-1：骨科床位九点前再打"]
        assert again.handover.operator == "李娜"
    [handed] = audit(filled, "hand_over")
    assert handed.operator == "张敏"


async def test_the_handover_shown_again_has_no_note_left_from_the_last_look(app):
    """Issue 25: the desk keeps one handover screen; a note thrown away is gone, and Esc closes at once."""
    from referral_desk.screens.confirm import ConfirmScreen

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(app, pilot, "H")
        await pilot.press("n", *"半句", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("H")
        assert app.screen is screen  # kept, not built again
        await quiet(app, pilot)
        await pilot.pause()
        assert screen.query_one("#handover-note").value == "" and screen.handover is not None
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.dashboard


async def test_enter_on_a_handover_line_opens_its_record(app):
    from referral_desk.screens.details import ConsultationScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(app, pilot, "H")
        await pilot.press("down", "down", "down", "enter")  # notes title, 没有留言, escalated title, its line
        await pilot.pause()
        assert isinstance(app.screen, ConsultationScreen)


async def test_the_handover_title_stays_on_one_line_letting_the_footers_keys_go(app):
    """Issue 25 (outside trial): at 80 columns the title folded `· n` / `写留言` over two lines. Where it is short,
    the keys the footer also shows give way, a whole key at a time; Enter, which the footer does not show, stays."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, "H")
        title = screen.query_one("#handover-title")
        assert title.size.height == 1
        line = title.render_line(0).text.rstrip()
        assert line.endswith("Enter 打开所选事项") and "写留言" not in line
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert title.render_line(0).text.rstrip().endswith("Enter 打开所选事项 · n 写留言 · Ctrl+S 交班 · x 导出文本")


async def test_a_supervisor_desk_reads_the_handover_but_cannot_hand_over(app, filled):
    filled.readonly = True
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(app, pilot, "H")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await quiet(app, pilot)
        assert app.screen is screen and not any("已交班" in n.message for n in app._notifications)
        # Issue 25: nor does it offer a note it could not save.
        await pilot.press("n")
        await pilot.pause()
        assert "写留言" not in str(screen.query_one("#handover-title").render())
        assert type(app.focused).__name__ != "Input"
        assert "note" not in {b.binding.action for b in screen.active_bindings.values() if b.enabled}
        assert not screen.query_one(".note-row").display  # nor a note line to type into (outside trial)
    assert audit(filled, "hand_over") == []


async def test_a_supervisor_desk_asks_for_no_shift_sign_in(filled, settings):
    """Issue 25: a read-only desk keeps no shift; it opened on the sign-in like an operator's."""
    filled.readonly = True
    app = ReferralDeskApp(filled, settings, "desk.sqlite3", ask_sign_in=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.wait_for(app.store_opened.wait(), timeout=10)
        await pilot.pause()
        assert app.screen is app.dashboard


def test_a_call_of_another_day_shows_its_day_in_the_handover(filled, clock):
    """The outside trial: `已催办1次（最近 11:09）` read at 10:25 the next morning as a time still to come."""
    from datetime import timedelta

    clock.advance(timedelta(days=1))
    handover = filled.shift.handover()
    sections = {s.key: s for s in handover.sections}
    [line] = sections["escalated"].lines
    assert "（最近 23日09:50）" in line.text

"""Escalating a stalled approval from the approvals pane, driven with the pilot."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from referral_desk.screens.escalation import EscalationScreen
from referral_desk.widgets.palette import cell_theme
from tests.fixtures import CONSULT_OVERDUE
from tests.pilot import column, quiet, settle, until


def _text(renderable) -> str:
    console = Console(width=100, file=io.StringIO(), color_system=None, theme=cell_theme("dark"))
    console.print(renderable)
    return console.file.getvalue()


async def test_escalating_copies_the_phone_and_records_the_call(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert column(app, "approvals", "calls")[0] == "2次 09:50"
        await pilot.press("2", "e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EscalationScreen) and screen.item.row.consultation_id == CONSULT_OVERDUE
        # Past its deadline, after two calls to the specialist: the ladder suggests the department's head,
        # on the department list's phone (issue 25); Ctrl+L climbs on, and round to the specialist again.
        assert app.clipboard == "0635-8273001"
        summary = _text(screen.summary())
        assert "建议升级到「科主任（科室）」：审核已超时" in summary and "心血管内科科主任" in summary
        await pilot.press("ctrl+l")
        assert "通讯录中没有聊城市人民医院医务科的电话" in _text(screen.summary())
        await pilot.press("ctrl+l")
        assert app.clipboard == "13346250001"  # the specialist's phone, ready to dial
        summary = _text(screen.summary())
        assert "王建国" in summary and "已催办 2 次" in summary
        await pilot.press("ctrl+s")  # no result chosen yet: refused with the reason
        await pilot.pause()
        assert app.screen is screen and any("请先按 1–5" in n.message for n in app._notifications)
        await pilot.press("2")  # 未接听; the note box takes the focus, so digits are note text
        await pilot.pause()
        await pilot.press("1", "4")
        note = screen.query_one("#escalation-note")
        assert note.value == "14" and screen.result.label == "未接听"
        note.value = "专家在手术，14:00回电"
        await pilot.press("enter")
        await until(app, pilot, lambda: column(app, "approvals", "calls")[0] == "3次 10:00", "the refresh")
        assert app.screen is app.dashboard
        timeline = filled.requests.consultation_detail(CONSULT_OVERDUE).timeline
        assert timeline[-1].summary == "催办电话：王建国 未接听（专家在手术，14:00回电）"


async def test_escalation_needs_a_request_from_the_approvals_pane(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("1", "e")
        await pilot.pause()
        assert app.screen is app.dashboard
        assert any("请在待审核窗格" in n.message for n in app._notifications)
        await pilot.press("2", "e", "escape")
        await pilot.pause()
        assert app.screen is app.dashboard


@pytest.mark.parametrize(("calls", "passed", "rung", "why"), [
    ([], False, "specialist", ""),
    ([], True, "specialist", ""),  # nobody called yet: the specialist first, even late
    ([("specialist", "will_approve")], False, "specialist", ""),
    ([("specialist", "no_answer")], False, "department", "会诊医师未接听"),
    ([("specialist", "declined")], False, "department", "会诊医师拒绝"),
    ([("specialist", "will_approve")], True, "department", "审核已超时"),
    ([("specialist", "no_answer"), ("department", "reached")], False, "department", ""),
    ([("specialist", "no_answer"), ("department", "no_answer")], False, "medical_affairs", "科主任（科室）未接听"),
    ([("department", "reached"), ("specialist", "no_answer")], True, "medical_affairs", "审核已超时"),
    ([("medical_affairs", "no_answer")], True, "medical_affairs", ""),  # the top: a person decides what next
])
def test_the_ladder_suggests_the_next_rung_when_the_last_failed_or_the_deadline_passed(calls, passed, rung, why):
    from referral_desk.domain.escalation import suggested_rung

    assert suggested_rung(calls, passed) == (rung, why)


async def test_a_call_up_the_ladder_is_logged_with_its_rung_in_the_timeline_and_the_handover(app, filled):
    from referral_desk.domain import commands as c

    filled.execute(c.UpsertDirectoryEntry(unit_name="聊城市人民医院", contact="医务科值班", phone="0635-8278000",
                                          purpose="医务科总值班"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "e")
        await pilot.pause()
        screen = app.screen
        assert screen.rung == "department"
        await pilot.press("2", "enter")  # 未接听
        await quiet(app, pilot)
        await pilot.pause()
        await pilot.press("2", "e")
        await pilot.pause()
        screen = app.screen
        assert screen.rung == "medical_affairs" and app.clipboard == "0635-8278000"
        assert "建议升级到「医务科值班」：科主任（科室）未接听" in _text(screen.summary())
        await pilot.press("1", "enter")  # 已接通
        await quiet(app, pilot)
    summaries = [t.summary for t in filled.requests.consultation_detail(CONSULT_OVERDUE).timeline]
    assert "催办电话（科主任（科室））：心血管内科科主任 未接听" in summaries
    assert "催办电话（医务科值班）：医务科值班 已接通" in summaries
    lines = [line.text for section in filled.shift.handover().sections for line in section.lines]
    assert any("已至医务科值班" in text for text in lines), lines


async def test_the_next_morning_the_escalation_screen_names_the_day_of_yesterdays_times(app, filled, clock):
    """The outside trial: `审核截止 13:33（-20小时）`, `11:03 提交`, `上次 11:09` were all yesterday's."""
    from datetime import timedelta

    clock.advance(timedelta(days=1))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EscalationScreen)
        summary = _text(screen.summary())
        assert "上次 23日09:50" in summary and "23日" in summary.split("审核截止")[1].splitlines()[0]


async def test_a_rung_without_a_phone_says_what_the_operator_can_do_now(app, filled):
    """Outside trial: the department head's rung without a phone said only a command line the desk cannot run."""
    from referral_desk.domain import commands as c
    from tests.fixtures import fid

    filled.execute(c.UpsertDepartment(department_id=fid(41), department_name="心血管内科", phone=None,
                                      reserved_beds=3, sort_order=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "e")
        await pilot.pause()
        summary = _text(app.screen.summary())
        assert "科室电话未登记：可按 Ctrl+L 换到医务科值班" in summary
        assert [k.key for k in app.screen.query_one("DeskFooter").keys][:5] == ["1", "2", "3", "4", "5"]

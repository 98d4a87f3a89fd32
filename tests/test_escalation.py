"""Escalating a stalled approval from the approvals pane, driven with the pilot."""

from __future__ import annotations

import asyncio
import io

from rich.console import Console

from referral_desk.screens.escalation import EscalationScreen
from tests.fixtures import CONSULT_OVERDUE
from tests.pilot import column, settle


async def test_escalating_copies_the_phone_and_records_the_call(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert column(app, "approvals", "calls")[0] == "2次 09:50"
        await pilot.press("2", "e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EscalationScreen) and screen.item.row.consultation_id == CONSULT_OVERDUE
        assert app.clipboard == "13346250001"  # the specialist's phone, ready to dial
        console = Console(width=100, file=io.StringIO(), color_system=None)
        console.print(screen.summary())
        summary = console.file.getvalue()
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
        app.dashboard.refreshed.clear()
        await pilot.press("enter")
        await asyncio.wait_for(screen.saved.wait(), timeout=10)
        await asyncio.wait_for(app.dashboard.refreshed.wait(), timeout=10)
        await pilot.pause()
        assert app.screen is app.dashboard
        assert column(app, "approvals", "calls")[0] == "3次 10:00"
        timeline = filled.consultation_detail(CONSULT_OVERDUE).timeline
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

"""Urgency and ticks told by a mark as well as a colour (issue 25: under NO_COLOR overdue rows were told
only by a minus sign, and a ticked box looked like an empty one)."""

from __future__ import annotations

from datetime import timedelta

from textual.app import App, ComposeResult

from referral_desk.widgets.panes import urgent_countdown
from referral_desk.widgets.tick_box import TickBox
from tests.fixtures import NOW


def test_each_urgency_has_its_mark():
    marks = [urgent_countdown(NOW + timedelta(minutes=m), NOW).plain[:2] for m in (-5, 0, 5, 30, 90)]
    assert marks == ["!!", "!!", "! ", "  ", "  "]


class _Box(App):
    def compose(self) -> ComposeResult:
        yield TickBox("门诊转诊", id="box")


async def test_a_ticked_box_shows_a_tick_and_keeps_its_on_class():
    app = _Box()
    async with app.run_test() as pilot:
        box = app.query_one(TickBox)
        assert "✓" not in str(box.render())
        await pilot.click("#box")
        await pilot.pause()
        assert box.value is True and "✓" in str(box.render()) and box.has_class("-on")
        box.value = False
        await pilot.pause()
        assert "✓" not in str(box.render())
        assert box.has_class("-on") is False

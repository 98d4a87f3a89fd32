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


class _Field(App):
    def compose(self) -> ComposeResult:
        from referral_desk.widgets.desk_input import DeskInput

        yield DeskInput(id="field", max_length=20)


async def test_a_paste_too_long_is_cut_and_said_a_paragraph_becomes_one_line():
    """Issue 25: a 600-character diagnosis pasted into a shorter field vanished whole, without a word, and a
    pasted paragraph kept only its first line."""
    from textual import events

    from referral_desk.widgets.desk_input import DeskInput

    app = _Field()
    async with app.run_test() as pilot:
        field = app.query_one(DeskInput)
        said: list[str] = []
        field.notify = lambda message, **_kw: said.append(message)  # type: ignore[method-assign]
        field.focus()
        field.post_message(events.Paste("社区获得性肺炎\n伴胸腔积液\n"))
        await pilot.pause()
        assert field.value == "社区获得性肺炎 伴胸腔积液" and said == []
        field.post_message(events.Paste("，" + "慢性阻塞性肺疾病急性加重" * 5))
        await pilot.pause()
        assert len(field.value) == 20 and field.value.startswith("社区获得性肺炎 伴胸腔积液")
        assert said and "最多 20 字" in said[0] and "前 7 字" in said[0]

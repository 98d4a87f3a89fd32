"""A field typed into repaints itself, not the whole screen (issue 25: each filter keystroke laid out all four
panes, the status line and the footer again), and still scrolls to what is typed."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from referral_desk.widgets.desk_input import DeskInput


class _Form(App):
    CSS = "#field { width: 20; }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("上方")
            yield DeskInput(id="field", max_length=200, compact=True)


async def test_typing_lays_nothing_out_again_and_a_long_text_scrolls_to_its_end(monkeypatch):
    app = _Form()
    async with app.run_test(size=(40, 10)) as pilot:
        field = app.query_one(DeskInput)
        field.focus()
        await pilot.pause()
        layouts = []
        original = Screen._refresh_layout

        def counted(self, *args, **kwargs):
            layouts.append(1)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        text = "abcdefghijklmnopqrstuvwxyz0123456789"
        await pilot.press(*text)
        await pilot.pause()
        assert field.value == text
        assert layouts == []  # a repaint of the field only
        # Longer than its 20 cells: scrolled so the last characters typed and the cursor are in view.
        assert field.scroll_x > 0
        shown = field.render_line(0).text
        assert "6789" in shown and "abc" not in shown
        await pilot.press("home")
        await pilot.pause()
        assert field.scroll_x == 0 and "abc" in field.render_line(0).text


async def test_a_placeholder_longer_than_the_field_ends_in_an_ellipsis_and_a_short_one_is_whole():
    app = _Form()
    async with app.run_test(size=(40, 10)) as pilot:
        field = app.query_one(DeskInput)
        field.placeholder = "筛选：汉字、拼音、首字母或号码 · Enter 到列表"
        await pilot.pause()
        line = field.render_line(0).text
        assert "…" in line and "筛选：汉字" in line
        assert field.placeholder == "筛选：汉字、拼音、首字母或号码 · Enter 到列表"  # only drawn cut
        field.placeholder = "姓名"
        await pilot.pause()
        assert field.render_line(0).text.strip() == "姓名"

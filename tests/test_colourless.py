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


async def test_no_color_is_the_terminals_own_colours_with_the_cursor_and_focus_told_without_colour(
        filled, settings, monkeypatch):
    """Issue 25: NO_COLOR on a 16-colour terminal read at 3.2:1 (Textual's greys brought down to light grey
    on bright black). It is now no colour at all, and what colour told is told by reverse and bold."""
    from textual.filter import Monochrome, NoColor

    from referral_desk.app import ReferralDeskApp
    from referral_desk.widgets.panes import Pane
    from tests.pilot import quiet, settle

    monkeypatch.setenv("NO_COLOR", "1")
    app = ReferralDeskApp(filled, settings, "desk.sqlite3")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert any(isinstance(f, NoColor) for f in app._filters)
        assert not any(isinstance(f, Monochrome) for f in app._filters)
        panes = list(app.dashboard.query(Pane))
        focused = [p for p in panes if p.has_focus_within]
        assert len(focused) == 1
        assert focused[0].styles.border_top[0] == "heavy"
        assert all(p.styles.border_top[0] == "round" for p in panes if p is not focused[0])
        table = focused[0].query_one("DataTable")
        assert table.get_component_rich_style("datatable--cursor").reverse is True
        # Four reversed cursors read as four focused lists (outside trial): the others are underlined.
        other = next(p for p in panes if p is not focused[0]).query_one("DataTable")
        blurred = other.get_component_rich_style("datatable--cursor")
        assert not blurred.reverse and blurred.underline
        footer = app.dashboard.query_one("DeskFooter")
        assert footer.get_component_rich_style("footer-key--key").bold is True
        await pilot.press("b")  # a form's focused field is a reversed bar, its cursor the one cell that is not
        await quiet(app, pilot)
        field = app.focused
        assert field.rich_style.reverse is True
        assert field.get_component_rich_style("input--cursor").reverse is False
        hint = field.get_component_rich_style("input--placeholder")  # a hint does not read as a value
        assert hint.italic and hint.dim
        # Behind the form the dashboard's pane no longer says "here" (colour tints the screen; NO_COLOR cannot).
        assert focused[0].styles.border_top[0] == "round"
        await pilot.press("escape")
        await quiet(app, pilot)
        assert focused[0].styles.border_top[0] == "heavy"
        await pilot.press("m")
        await quiet(app, pilot)
        grid = app.screen.query_one("RosterGrid")
        cursor = grid.get_component_rich_style("roster-grid--cursor")
        assert cursor.reverse is True and cursor.underline is True  # today's column is reverse already


def test_a_countdown_inside_a_sentence_keeps_its_mark_without_the_columns_padding():
    from referral_desk.widgets.panes import marked_countdown

    texts = [marked_countdown(NOW + timedelta(minutes=m), NOW) for m in (-5, 5, 90)]
    assert texts[0].startswith("!!-") and texts[1].startswith("! ") and not texts[2].startswith((" ", "!"))


async def test_an_overdue_reply_in_a_beds_details_is_marked_as_the_pane_marks_it(app):
    """Outside trial: bed details read `剩余 -1天13小时`, overdue told by its colour only."""
    from tests.pilot import body_text, open_details

    async with app.run_test(size=(120, 40)) as pilot:
        await open_details(app, pilot, "3")
        assert "剩余 !!-" in body_text(app)


async def _status_line_at_80(shows: list[dict]) -> list:
    """The status line at 80 columns after each `StatusBar.show(**kwargs)`: its drawn Text."""
    from datetime import datetime

    from referral_desk.widgets.panes import StatusBar

    class _Line(App):
        def compose(self) -> ComposeResult:
            yield StatusBar(id="status")

    drawn = []
    app = _Line()
    async with app.run_test(size=(80, 3)) as pilot:
        line = app.query_one(StatusBar)
        for kwargs in shows:
            line.show(**{"now_local": datetime(2026, 12, 7, 23, 43, 12), "tz_name": "Asia/Shanghai",
                         "operator": "测试员", "workstation": "窗口8-1", "sync": "同步：未配置服务器", **kwargs})
            await pilot.pause()
            drawn.append(line.render())
    return drawn


async def test_demo_data_says_so_on_the_status_line_at_80_columns():
    """Outside trial: at 80 columns the store's name, and with it `（演示）`, gave way first."""
    from referral_desk.widgets.palette import FLAG

    stores = [("demo.sqlite3（演示）", True), ("desk.sqlite3", False), ("演示科.sqlite3", False)]
    for (_store, demo), drawn in zip(stores, await _status_line_at_80([{"store": s} for s, _ in stores]),
                                    strict=True):
        shown = str(drawn)
        flagged = "".join(shown[span.start:span.end] for span in drawn.spans if span.style == FLAG)
        assert ("演示数据" in flagged) is demo and (flagged == "" or demo)  # 演示科 is a store's own name: not flagged
        # ... and who is signed in stays beside it (outside trial: the demo's long label pushed the operator out)
        assert "同步：未配置服务器" in shown and "23:43:12" in shown and "操作员 测试员" in shown


async def test_who_is_signed_in_stays_on_the_status_line_at_80_columns():
    """Outside trial: at 80 columns, offline, the operator gave way before `待推送 3`."""
    offline = "同步：离线（连接被拒绝） · 上次 10:02:11 · 待推送 3"
    [drawn] = await _status_line_at_80([{"operator": "欧阳晓梅", "workstation": "转会诊中心-窗口8-1",
                                         "store": "desk.sqlite3", "sync": offline}])
    shown = str(drawn)
    assert "操作员 欧阳晓梅" in shown and "离线（连接被拒绝）" in shown and "23:43:12" in shown

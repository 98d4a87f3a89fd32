"""The roster grid and importing a month from the desk, driven with the pilot."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from rich.cells import cell_len

from referral_desk.screens.details import SpecialistScreen
from referral_desk.screens.roster import RosterHistoryScreen, RosterImportScreen, RosterScreen
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.palette import cell_theme
from referral_desk.widgets.roster_grid import RosterGrid
from tests.fixtures import TODAY, fid
from tests.pilot import quiet, until, workers_idle
from tests.sheets import LONG_HEADER, write_csv, write_xlsx


async def open_roster(app, pilot) -> RosterScreen:
    await asyncio.wait_for(app.dashboard.loaded.wait(), timeout=10)
    await workers_idle(app)
    await pilot.press("m")
    await settle_roster(app, pilot)
    return app.screen


async def settle_roster(app, pilot) -> None:
    await quiet(app, pilot)
    await until(app, pilot, lambda: grid(app).placed, "the month scrolled to today, then drawn")


def grid(app) -> RosterGrid:
    return app.screen.query_one(RosterGrid)


async def test_the_month_grid_marks_gaps_and_today_and_starts_on_today(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(app, pilot)
        assert isinstance(screen, RosterScreen) and screen.month == date(2026, 11, 1)
        g = grid(app)
        assert [g.specialty_label(r) for r in range(4)] == [
            "心血管内科 缺25", "呼吸与危重症医学科 缺26", "神经内科 缺26", "骨科 缺30"]
        assert g.cursor == (0, TODAY.day)
        assert g.cell_text(fid(1), TODAY) == "王建国" and g.cell_text(fid(4), TODAY) == "—"
        assert g.day_label(TODAY) == "23一"
        # Today's column is drawn reversed, in the header and in the cells, and is in view.
        header = g.render_line(0)
        today = [seg for seg in header if seg.text.strip() == "23一"]
        assert today and today[0].style.reverse
        assert "王建国" in g.render_line(1).text and "—" in g.render_line(4).text
        # The cursor on today is the cursor, not turned inside out by today's reverse (outside trial: on a light
        # 16-colour terminal it read as the one cell with no cursor); today's other cells stay reversed.
        cursor = g.get_component_rich_style("roster-grid--cursor")
        today_index = g.month.days.index(TODAY)
        on_today = g._row_segments(0)[today_index]
        assert on_today.text.strip() == "王建国"
        assert not on_today.style.reverse and on_today.style.bgcolor == cursor.bgcolor
        assert g._row_segments(1)[today_index].style.reverse is True
        title = str(screen.query_one("#roster-title").render())
        assert "2026年11月" in title and "空缺 107 班" in title


async def test_enter_on_a_duty_opens_the_specialists_month_and_on_a_gap_says_so(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_roster(app, pilot)
        await pilot.press("enter")
        await workers_idle(app)
        await pilot.pause()
        assert isinstance(app.screen, SpecialistScreen)
        assert "王建国" in app.screen.query_one("#detail").border_title
        await pilot.press("escape", "down", "down", "down", "enter")  # 骨科 has nobody today
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        assert any("该日无人值班" in n.message for n in app._notifications)


async def test_brackets_change_the_month_and_t_comes_back(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(app, pilot)
        await pilot.press("right_square_bracket")
        await settle_roster(app, pilot)
        assert screen.month == date(2026, 12, 1) and grid(app).day_label(date(2026, 12, 31)) == "31四"
        assert "空缺 124 班" in str(screen.query_one("#roster-title").render())
        await pilot.press("t")
        await settle_roster(app, pilot)
        assert screen.month == date(2026, 11, 1)


async def test_importing_a_month_from_the_desk(app, filled, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", [LONG_HEADER, ["2026-12-01", "骨科", "钱进", "主治医师", "13346250005"]])
    good = write_xlsx(tmp_path / "dec.xlsx", {"12月": [["专业"] + list(range(1, 32)), ["骨科"] + ["钱进"] * 31],
                                              "医师": [["姓名", "专业", "职称", "联系电话"],
                                                     ["钱进", "骨科", "主任医师", "13346250005"]]})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(app, pilot)
        await pilot.press("right_square_bracket")
        await settle_roster(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, RosterImportScreen)
        await pilot.press("ctrl+s")  # nothing checked yet: refused with the reason
        await pilot.pause()
        assert any("请先检查排班表" in n.message for n in app._notifications)
        await pilot.click("#import-path")
        modal.query_one("#import-path").value = str(bad)
        await pilot.press("enter")
        await quiet(app, pilot)
        await pilot.pause()
        report = str(modal.query_one("#import-report").render())
        assert "有 1 处错误，未导入任何内容" in report and "会诊医师须为副主任医师及以上" in report
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is modal and filled.roster.roster_month(date(2026, 12, 1)).cells == {}
        modal.query_one("#import-path").value = str(good)
        await pilot.press("enter")
        await quiet(app, pilot)
        await pilot.pause()
        assert "按 Ctrl+S 导入" in str(modal.query_one("#import-report").render())
        await pilot.press("ctrl+s")
        await workers_idle(app)
        await settle_roster(app, pilot)
        assert app.screen is screen
        assert grid(app).cell_text(fid(4), date(2026, 12, 5)) == "钱进"
        assert any("已导入：导入2026-12排班" in n.message for n in app._notifications)
        # The month's history lists the import, with what it replaced.
        await pilot.press("h")
        await workers_idle(app)
        await pilot.pause()
        assert isinstance(app.screen, RosterHistoryScreen)
        [entry] = app.screen.data
        assert (entry.file_name, entry.entries, entry.replaced, entry.layout) == ("dec.xlsx", 31, 0, "grid")


async def test_an_earlier_version_of_the_month_is_shown_as_it_was_imported(app, filled, tmp_path):
    first = write_csv(tmp_path / "v1.csv",
                      [LONG_HEADER, ["2026-12-01", "心血管内科", "王建国", "主任医师", "13346250001"]])
    second = write_csv(tmp_path / "v2.csv",
                       [LONG_HEADER, ["2026-12-01", "心血管内科", "孙立", "副主任医师", "13346250004"]])
    for path in (first, second):
        filled.roster.import_roster(filled.roster.prepare_roster_import(path, date(2026, 12, 1)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(app, pilot)
        await pilot.press("]")
        await settle_roster(app, pilot)
        assert grid(app).cell_text(fid(1), date(2026, 12, 1)) == "孙立"
        await pilot.press("h")
        await workers_idle(app)
        await pilot.pause()
        assert isinstance(app.screen, RosterHistoryScreen) and len(app.screen.data) == 2
        await pilot.press("1")
        await settle_roster(app, pilot)
        old = app.screen
        assert isinstance(old, RosterScreen) and old is not screen and old.version is not None
        assert grid(app).cell_text(fid(1), date(2026, 12, 1)) == "王建国"
        assert [grid(app).specialty_label(r) for r in range(1)] == ["心血管内科 缺30"]
        assert "第1版" in str(old.query_one("#roster-title").render())
        await pilot.press("]")  # a past version is not paged through
        await pilot.pause()
        assert old.month == date(2026, 12, 1) and grid(app).cell_text(fid(1), date(2026, 12, 1)) == "王建国"


async def test_a_damaged_or_oversized_file_is_said_on_the_import_screen_and_the_desk_stays_open(app, filled,
                                                                                               tmp_path):
    from tests.sheets import _broken_xlsx

    many = write_csv(tmp_path / "many.csv", [LONG_HEADER] + [["2026-12-01", f"专业{n}", "钱进", "主任医师",
                                                               "13346250005"] for n in range(201)])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_roster(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        modal = app.screen
        for path, words in ((_broken_xlsx(tmp_path / "broken.xlsx"), "已损坏"), (many, "最多 200 个专业")):
            modal.query_one("#import-path").value = str(path)
            await pilot.click("#import-path")
            await pilot.press("enter")
            await quiet(app, pilot)
            await pilot.pause()
            assert words in str(modal.query_one("#import-report").render())
        assert app.is_running and app.screen is modal and app.worker_failures == []
        assert filled.roster.roster_month(date(2026, 12, 1)).cells == {}


@pytest.mark.worker_failure
async def test_a_worker_that_fails_unexpectedly_is_said_and_the_desk_stays_open(app, filled, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("身份证 371502198001011234")  # its text must not reach the screen

    monkeypatch.setattr(filled.roster, "prepare_roster_import", broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_roster(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#import-path").value = "/tmp/any.csv"
        await pilot.click("#import-path")
        await pilot.press("enter")
        await workers_idle(app)
        await pilot.pause()
        assert app.is_running and [type(e) for e in app.worker_failures] == [RuntimeError]
        said = [n.message for n in app._notifications if "操作未完成" in n.message]
        assert said and "RuntimeError" in said[0] and "3715" not in said[0]


async def test_the_duty_pane_says_from_the_25th_that_next_months_roster_is_missing(filled, settings, clock, tmp_path):
    from datetime import timedelta

    from referral_desk.app import ReferralDeskApp

    assert filled.panes.roster_notice() is None  # the 23rd
    clock.advance(timedelta(days=2))
    assert filled.panes.roster_notice() == "12月排班未导入"
    app = ReferralDeskApp(filled, settings, "desk.sqlite3")
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.wait_for(app.dashboard.loaded.wait(), timeout=10)
        await workers_idle(app)
        await pilot.pause()
        duty = app.dashboard.query_one("#duty")
        assert str(duty.border_title) == "1 今日值班 · 12月排班未导入（m 导入）"  # whole, not cut at the border
        await pilot.press("1", "z")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert str(duty.border_title) == "1 今日值班 · 12月排班未导入（m 导入）"  # zoomed at 80 columns
        await pilot.press("z")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert cell_len(str(duty.border_title)) <= duty.size.width - 6
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        # The hidden columns' hint stays (the operator must see columns are hidden); the note left out says so.
        assert str(duty.border_title) == "1 今日值班 · 另1列（z） · …"
        assert cell_len(str(duty.border_title)) <= duty.size.width - 6
    path = write_csv(tmp_path / "dec.csv", [LONG_HEADER] + [[f"2026-12-{d:02d}", "骨科", "钱进", "主任医师",
                                                              "13346250005"] for d in range(1, 32)])
    filled.roster.import_roster(filled.roster.prepare_roster_import(path))
    assert filled.panes.roster_notice() is None


async def test_a_month_without_imports_offers_no_version_key(app, filled):
    """The history said 「本月没有导入过排班表」 while its footer offered 「1 第1版」 (issue 13)."""
    async with app.run_test(size=(120, 40)) as pilot:
        await open_roster(app, pilot)
        await pilot.press("h")
        await workers_idle(app)
        await pilot.pause()
        history = app.screen
        assert isinstance(history, RosterHistoryScreen) and history.data == []
        await pilot.pause()
        shown = [key.description for key in history.query_one(DeskFooter).keys]
        assert "关闭" in shown and "第1版" not in shown
        await pilot.press("1")
        await pilot.pause()
        assert app.screen is history


async def test_at_80_columns_the_grid_shows_whole_days_and_says_more_follow(app):
    # Issue 25: at 80x24 the last column was cut mid-name (`杨`, `王`) with nothing saying more days follow.
    async with app.run_test(size=(80, 24)) as pilot:
        await open_roster(app, pilot)
        g = grid(app)
        await pilot.press("home")
        await pilot.pause()
        header = g.render_line(0).text
        assert header.rstrip().endswith("…")
        shown = g.render_line(1).crop(g._name_width, g.size.width).text.split()
        assert len(shown) >= 5
        days = [int(label[:-1]) for label in header.split()[1:-1]]  # "专业", "9一" … "16一", "…"
        assert shown == [g.cell_text(fid(1), date(2026, 11, day)) for day in days]
        await pilot.press("end")  # the month's last day is whole in view, and nothing follows it
        await pilot.pause()
        header = g.render_line(0).text
        assert "30一" in header and not header.rstrip().endswith("…")
        assert header.split()[:2] == ["专业", "…"]  # and the days before it are said too
        await pilot.press("home")  # back to the specialty, the month's first days beside it (outside trial)
        await pilot.pause()
        header = g.render_line(0).text
        assert header.split()[:2] == ["专业", "1日"]  # 2026-11-01, a Sunday: nothing before it


async def test_the_specialists_month_marks_duty_days_in_a_word_not_only_a_colour(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_roster(app, pilot)
        await pilot.press("enter")
        await workers_idle(app)
        await pilot.pause()
        body = app.screen.body
        from rich.console import Console

        console = Console(width=100, record=True, color_system=None, theme=cell_theme("dark"))
        console.print(body)
        text = console.export_text()
        duties = app.screen.data.duties
        assert duties
        for duty in duties:
            assert f"{duty.duty_date.day:2d}班" in text
        assert text.count("班") >= len(duties)


async def test_under_no_color_the_roster_opens(app):
    """The outside trial: NO_COLOR=1 and `m` ended the desk (a blank line drawn without a style, which
    Textual's monochrome filter reads)."""
    from textual.filter import Monochrome

    app._filters.append(Monochrome())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_roster(app, pilot)
        assert isinstance(app.screen, RosterScreen)
        assert "心血管内科" in grid(app).render_line(1).text


@pytest.mark.parametrize("width", range(78, 86))
async def test_beside_a_scrollbar_the_last_day_column_is_whole_at_any_width(app, width):
    """The outside trial on the year store (40 specialties: a vertical scrollbar): at 120 columns the last
    day's name ran under the scrollbar, cut (`彭宁` for 彭宁波); at 80 the `…` fell under it. Seven lines high,
    the fixture's four specialties need a scrollbar too."""
    async with app.run_test(size=(width, 7)) as pilot:
        await open_roster(app, pilot)
        g = grid(app)
        await pilot.press("home")
        await pilot.pause()
        visible = g.scrollable_content_region.width
        assert g.show_vertical_scrollbar
        header = g.render_line(0)
        assert header.cell_length <= visible and header.text.rstrip().endswith("…")
        days = [int(label[:-1]) for label in header.text.split()[1:-1]]
        shown = g.render_line(1).crop(g._name_width, visible).text.split()
        assert shown == [g.cell_text(fid(1), date(2026, 11, day)) for day in days]


async def test_the_cursor_is_state_held_inside_the_month_and_kept_in_view(app):
    """Issue 27: the grid's cursor is reactive — set from anywhere, it is clamped to the month's rows and
    days, the rows it left and entered are drawn again and it is scrolled into view."""
    async with app.run_test(size=(80, 24)) as pilot:
        await open_roster(app, pilot)
        g = grid(app)
        g.cursor = (99, 99)
        await pilot.pause()
        assert g.cursor == (3, 30)  # the fixture's four specialties, November's 30 days
        assert g.scroll_offset.x > 0 and "30" in g.render_line(0).text
        g.cursor = (-5, 0)
        await pilot.pause()
        assert g.cursor == (0, 0) and g.scroll_offset.x == 0

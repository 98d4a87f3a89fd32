"""A pane's table changes its rows without laying the screen out (issue 25: each filter keystroke laid out four
panes, the status line and the footer again); a scrollbar that comes or goes still gets its layout."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import Screen

from referral_desk.widgets.column_fit import Column
from referral_desk.widgets.desk_table import PaneTable
from tests.pilot import column, quiet, settle


def _count_layouts(monkeypatch) -> list[int]:
    layouts: list[int] = []
    original = Screen._refresh_layout

    def counted(self, *args, **kwargs):
        layouts.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return layouts


async def test_a_filter_key_redraws_the_pane_without_laying_the_screen_out(app, monkeypatch):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("1", "slash")  # the filter line opens: that is laid out once, before the keys
        await pilot.pause()
        layouts = _count_layouts(monkeypatch)
        await pilot.press(*"xxg")
        await pilot.pause()
        assert column(app, "duty", "specialty") == ["心血管内科"]
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        assert len(column(app, "duty", "specialty")) == 4
        assert layouts == []


class _Pane(App):
    def compose(self) -> ComposeResult:
        with Vertical(id="pane"):
            yield PaneTable([Column("n", "序号"), Column("word", "内容")], id="t")


def _rows(n: int):
    return [(str(i), (str(i), f"第{i}行")) for i in range(n)]


async def test_a_scrollbar_that_comes_or_goes_with_the_rows_is_laid_out(monkeypatch):
    app = _Pane()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(PaneTable)
        table.set_rows(_rows(100))
        await pilot.pause()
        assert table.show_vertical_scrollbar
        with_bar = table.scrollable_content_region.width
        layouts = _count_layouts(monkeypatch)
        table.set_rows(_rows(3))
        await pilot.pause()
        assert not table.show_vertical_scrollbar and table.scrollable_content_region.width > with_bar
        assert layouts  # the rows' width changed: laid out
        layouts.clear()
        table.set_rows(_rows(2))  # still no scrollbar: a repaint only
        await pilot.pause()
        assert layouts == [] and table.row_count == 2
        table.set_rows(_rows(100))
        await pilot.pause()
        assert table.show_vertical_scrollbar and table.scrollable_content_region.width == with_bar


async def test_while_a_filter_is_typed_the_scrollbar_stays_as_an_empty_track_and_goes_when_it_is_cleared(
        monkeypatch):
    """Issue 25: a letter that took the scrollbar away laid the whole screen out (10 ms of a 20 ms key). The
    scrollbar is held with the columns: an empty track while the kept rows fit, gone once the filter is cleared."""
    app = _Pane()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(PaneTable)
        table.set_rows(_rows(100))
        await pilot.pause()
        table.scroll_end(animate=False)
        await pilot.pause()
        assert table.show_vertical_scrollbar and table.scroll_y > 0
        layouts = _count_layouts(monkeypatch)
        table.set_rows(_rows(3), hold_columns=True)
        await pilot.pause()
        assert layouts == [] and table.show_vertical_scrollbar and table.scroll_y == 0
        bar = table.vertical_scrollbar
        assert bar.window_virtual_size == bar.window_size  # nothing to scroll: no thumb
        table.set_rows(_rows(3))  # cleared with those rows left: the scrollbar goes, with its layout
        await pilot.pause()
        assert layouts and not table.show_vertical_scrollbar


class _PaneWithLine(App):
    def compose(self) -> ComposeResult:
        from textual.widgets import Input

        with Vertical(id="pane"):
            yield Input(id="line", classes="-closed")
            yield PaneTable([Column("n", "序号"), Column("word", "内容", 8)], id="t")

    CSS = "#line { height: 1; border: none; padding: 0; } #line.-closed { display: none; }"


async def test_rows_that_fill_the_pane_do_not_move_when_its_filter_line_opens():
    """Issue 25 (outside trial): with the rows filling the pane, `/` opened a line, the rows overflowed, the
    scrollbar came and every column moved a cell before a letter was typed. Rows that fill the table are fitted
    beside the scrollbar's room already."""
    app = _PaneWithLine()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(PaneTable)
        long = "很长很长很长很长很长很长很长很长的一行"
        table.set_rows([(str(i), (str(i), long)) for i in range(table.size.height - 1)])
        await pilot.pause()
        assert not table.show_vertical_scrollbar  # they fill it exactly
        fitted = _widths(table)
        app.query_one("#line").remove_class("-closed")
        await pilot.pause()
        await pilot.pause()
        assert table.show_vertical_scrollbar and _widths(table) == fitted
        assert sum(fitted.values()) + 4 <= table.scrollable_content_region.width  # nothing under the scrollbar


def _widths(table: PaneTable) -> dict[str, int]:
    return {str(key.value): column.width for key, column in table.columns.items()}


async def test_the_columns_stay_put_while_a_filter_is_typed_and_fit_again_when_it_is_cleared():
    """Issue 25: each filter key fitted the columns to the rows it kept, so they moved under the operator's eyes
    (and the table was measured again for every key)."""
    app = _Pane()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(PaneTable)
        every = [("1", ("1", "第1行")), ("2", ("2", "很长很长很长的一行内容"))]
        table.set_rows(every)
        await pilot.pause()
        fitted = _widths(table)
        table.set_rows(every[:1], hold_columns=True)  # a filter keeps the short row only
        await pilot.pause()
        assert table.row_count == 1 and _widths(table) == fitted
        table.set_rows(every[:1])  # the filter cleared with those rows left: fitted to them
        await pilot.pause()
        assert _widths(table)["word"] < fitted["word"]
        table.set_rows(every)
        await pilot.pause()
        assert _widths(table) == fitted


async def test_the_panes_columns_stay_put_while_its_filter_is_typed(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.dashboard.query_one("#approvals-table", PaneTable)
        before = _widths(table)
        await pilot.press("2", "slash", *"yg")
        await pilot.pause()
        assert 0 < table.row_count < len(app.dashboard.query_one("ApprovalsPane").every)
        assert _widths(table) == before
        await pilot.press("escape")
        await pilot.pause()
        assert _widths(table) == before


async def test_a_filter_that_keeps_every_row_draws_nothing_again():
    app = _Pane()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(PaneTable)
        table.set_rows(_rows(5))
        await pilot.pause()
        assert table.set_rows(_rows(5), hold_columns=True) is False  # the first letter kept them all
        assert table.set_rows(_rows(2), hold_columns=True) is True
        assert table.set_rows(_rows(2)) is True  # cleared with those rows left: fitted to them


async def test_a_table_fitted_to_a_width_it_no_longer_has_fits_again_when_asked():
    """Outside trial: panes hidden behind a zoomed one while the terminal was resized kept the old width's fit."""
    app = _Pane()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(PaneTable)
        table.set_rows([("1", ("1", "很长很长很长的一行内容很长很长很长的一行内容"))])
        await pilot.pause()
        fitted = _widths(table)
        table._fitted_for = (200, False)  # as fitted while it was hidden, at another width
        table.refit()
        assert _widths(table) == fitted and table._fitted_for == (table._available(), False)
        before = table._fitted_for
        table.refit()  # its own width: nothing to do
        assert table._fitted_for is before


def _cells_drawn_both_ways(table) -> list[tuple]:
    """(row, column, PaneTable's segments, DataTable's) for every cell of the table whose two drawings differ,
    the cursor's row and a striped row included."""
    from rich.style import Style
    from textual.widgets import DataTable

    differ = []
    for row in range(table.row_count):
        base = DataTable._get_row_style(table, row, table.rich_style)
        assert table._get_row_style(row, table.rich_style) == base, f"row {row}'s stripe"
        for index, shown in enumerate(table.ordered_columns):
            width = shown.get_render_width(table)
            for cursor in (False, True):
                table._cell_render_cache.clear()
                ours = table._render_cell(row, index, base + Style(), width, cursor=cursor)
                table._cell_render_cache.clear()
                theirs = DataTable._render_cell(table, row, index, base + Style(), width, cursor=cursor)
                if ours != theirs:
                    differ.append((row, index, ours, theirs))
    return differ


async def test_a_pane_table_draws_every_cell_as_datatable_does_in_both_looks(app):
    """PaneTable draws its one-line cells straight from their Text, keeps its stripes' styles, and measures
    no cell (issue 25: a filter key's rows drawn in half the time). What it draws is DataTable's, segment for
    segment and style for style: countdowns, marks, masked names, `—` and cut cells, in the dark look and the
    light one (the stripes' styles are worked out again when the look changes)."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        tables = list(app.screen.query(PaneTable))
        assert len(tables) == 4 and sum(t.row_count for t in tables) > 20
        for look in ("dark", "light", "dark"):
            app.show_look(look)
            await pilot.pause()
            for table in tables:
                assert _cells_drawn_both_ways(table) == [], f"{table.id} in the {look} look"
                header = table.header_height if table.show_header else 0
                assert table.virtual_size.height == table.row_count + header


def _lines_drawn_both_ways(table) -> list[tuple]:
    """(what, PaneTable's, DataTable's) for every line of the table whose two drawings differ: each row's line
    with the cursor and the mouse on it or elsewhere, and each line of the table as a pass draws it."""
    from textual.coordinate import Coordinate
    from textual.widgets import DataTable

    def fresh() -> None:
        for cache in (table._row_render_cache, table._cell_render_cache, table._line_cache):
            cache.clear()

    differ = []
    base = table.rich_style
    for row in range(table.row_count):
        key = table._row_locations.get_key(row)
        for cursor, hover in ((row, row), (row, row + 1), (row + 1, row), (row + 1, row + 1)):
            at = (key, 0, base, Coordinate(cursor, 0), Coordinate(hover, 0))
            fresh()
            ours = table._render_line_in_row(*at)
            fresh()
            theirs = DataTable._render_line_in_row(table, *at)
            if ours != theirs:
                differ.append((f"row {row}, cursor {cursor}, mouse {hover}", ours, theirs))
    for y in range(table.size.height):
        fresh()
        table._pass_style = base
        try:
            ours_line = table.render_line(y)
        finally:
            table._pass_style = None
        fresh()
        theirs_line = DataTable.render_line(table, y)
        if list(ours_line) != list(theirs_line):
            differ.append((f"line {y}", ours_line, theirs_line))
    return differ


async def test_a_pane_table_draws_every_line_as_datatable_does(app):
    """PaneTable puts a row's line together itself (the row's parts worked out once, not for each cell; the
    table's style once for a pass): every line of the four panes is DataTable's, segment for segment, with the
    cursor on the row or not, the mouse on it or not, scrolled or not, in both looks."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        tables = list(app.screen.query(PaneTable))
        assert len(tables) == 4 and sum(t.row_count for t in tables) > 20
        for look in ("dark", "light"):
            app.show_look(look)
            await pilot.pause()
            for table in tables:
                assert _lines_drawn_both_ways(table) == [], f"{table.id} in the {look} look"
        scrolled = max(tables, key=lambda t: t.row_count - t.size.height)
        assert scrolled.row_count > scrolled.size.height
        scrolled.scroll_to(y=3, animate=False)
        await pilot.pause()
        assert scrolled.scroll_offset.y == 3
        assert _lines_drawn_both_ways(scrolled) == []


async def test_the_rows_texts_are_read_in_pinyin_when_the_filter_opens_not_at_the_first_letter(app):
    from referral_desk.domain import search_keys

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        search_keys._cached_key.cache_clear()
        await pilot.press("2", "slash")
        await pilot.pause()
        await pilot.pause()
        read = search_keys._cached_key.cache_info()
        assert read.currsize > 0
        pane = app.screen.query_one("#approvals")
        search_keys.row_matches("zzz", pane.search_parts(pane.every[0]))
        assert search_keys._cached_key.cache_info().misses == read.misses  # nothing left to read


async def test_a_directory_search_that_finds_nothing_keeps_the_columns_and_says_what_it_searched(app):
    """Outside trial: a search that found nothing said only `0条`, and the columns shrank to their headers."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.dashboard.query_one("#directory-table", PaneTable)
        pane = app.dashboard.query_one("#directory")
        before = _widths(table)
        await pilot.press("4", "slash", *"zzzq")
        await quiet(app, pilot)
        assert table.row_count == 0 and _widths(table) == before
        assert pane._subtitle.startswith("没有找到 · 搜索：zzzq · Esc 清除")
        await pilot.press(*["backspace"] * 4, *"yg")
        await quiet(app, pilot)
        assert table.row_count > 0 and pane._subtitle.startswith(f"{table.row_count}条 · ")
        assert "搜索：yg · Esc 清除" in pane._subtitle
        await pilot.press(*"yangguzhongxinyiyuanxxxxxxx")  # a long search keeps its count in view
        await quiet(app, pilot)
        assert pane._subtitle.startswith("没有找到 · 搜索：ygyangguzho… · ")
        await pilot.press("escape", "escape")
        await quiet(app, pilot)
        assert pane._subtitle == f"{table.row_count}条" and _widths(table) == before

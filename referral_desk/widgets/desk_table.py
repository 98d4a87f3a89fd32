"""A DataTable that takes whole row sets and keeps the operator's place."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from referral_desk.textual_adapter import scrollbars_follow_content, update_cells_quietly
from referral_desk.widgets.column_fit import Column, Fit, as_column, fit_columns


class Abbrev(NamedTuple):
    """A cell with a shorter form for a cropped (narrow) column: 聊城市人民医院 / 市人民医院."""

    full: str
    short: str
    # The full form cut (`王建国·心血…`) says more than the short one (`王建国`) while a few of its extra
    # characters fit; the short form only when it would be cut to nothing more.
    cut_first: bool = False


def _plain(cell) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)


def _fit(cell, width: int):
    """A cell as its column shows it: whole when it fits, else its short form (市人民医院 for
    聊城市人民医院) when that fits, else cut with … (a cut name must look cut, not like another name)."""
    if isinstance(cell, Abbrev):
        if cell_len(cell.full) <= width or (cell.cut_first and width >= cell_len(cell.short) + 3):
            cell = cell.full
        else:
            cell = cell.short
    if cell_len(_plain(cell)) <= width:
        return cell
    text = cell.copy() if isinstance(cell, Text) else Text(str(cell))
    text.truncate(width, overflow="ellipsis")
    return text


def _literal(cell):
    """A cell's text as typed: DataTable reads a str cell as markup, and `[/]` in a unit's name ended the desk
    (outside trial)."""
    return Text(cell, end="") if isinstance(cell, str) else cell


def _whole(cell):
    return cell.full if isinstance(cell, Abbrev) else cell


class DeskTable(DataTable):
    """Rows are (key, cells); the cursor stays on the same key across refreshes. Home/End go to the
    first/last row (a row table has no columns to page through).

    Columns (see column_fit.Column) fit the table's width: the least important go first and say so
    (ColumnsHidden), text columns are cut with …; a wrapping table (a zoomed pane, long notes) shows
    every column and wraps a row over lines instead of cutting it.
    """

    BINDINGS = [Binding("home", "scroll_top", "首行", show=False), Binding("end", "scroll_bottom", "末行", show=False)]

    # Fitted columns never run past the border: no horizontal scrollbar eating a line of rows.
    DEFAULT_CSS = "DeskTable { overflow-x: hidden; }"

    class ColumnsHidden(Message):
        """The columns this width leaves out changed (labels, in the table's order)."""

        def __init__(self, table: DeskTable, labels: tuple[str, ...]) -> None:
            super().__init__()
            self.table = table
            self.labels = labels

        @property
        def control(self) -> DeskTable:
            return self.table

    # Lines of the table's height its container may take back (a pane's `/` line): rows that fill the table
    # but would not then fit are fitted beside a scrollbar already, so opening the line moves no column.
    LINES_LENT = 0

    def __init__(self, columns: Sequence[Column | tuple], *, min_widths: dict[str, int] | None = None,
                 wrap: bool = False, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        rooms = min_widths or {}
        self._columns = [replace(c, room=max(c.room, rooms.get(c.key, 0))) for c in map(as_column, columns)]
        self._rows: list[tuple[str, tuple]] = []
        self._wrap = wrap
        self._fitted_for: tuple | None = None  # (width, wrap) the shown columns were fitted to
        self._fit: Fit | None = None  # the columns' last fit, held while the rows are filtered
        self._fit_for: tuple[int, bool] = (0, False)  # the table's width and wrap when it was made
        self._hold = False
        self._shown: tuple[str, ...] = ()
        self.hidden_labels: tuple[str, ...] = ()
        self._mounted = False

    def on_mount(self) -> None:
        self._mounted = True
        self._redraw()

    def on_resize(self, event) -> None:
        if self._holding():
            return
        if self._fitted_for is not None and self._fitted_for != (self._available(), self._wrap):
            self._redraw(self.selected_key)

    def refit(self) -> None:
        """Fitted again if the width it was fitted to is no longer its own (a resize it did not see)."""
        if self._mounted and self._fitted_for is not None and not self._holding() \
                and self._fitted_for != (self._available(), self._wrap):
            self._redraw(self.selected_key)

    def set_wrap(self, wrap: bool) -> None:
        """Every column, rows wrapped over lines (the zoomed pane), or back to fitting the width."""
        if wrap != self._wrap:
            self._wrap = wrap
            if self._mounted:
                self._redraw(self.selected_key)

    def _available(self) -> int | None:
        width = self.size.width
        if not self._mounted or width <= 0:
            return None
        # Rows below the fold bring a vertical scrollbar: leave its room rather than be cut by it.
        rows_high = len(self._rows) + (1 if self.show_header else 0)
        scrollbar = self.styles.scrollbar_size_vertical if rows_high > self.size.height - self.LINES_LENT else 0
        return width - scrollbar

    def set_rows(self, rows: list[tuple[str, tuple]], *, hold_columns: bool = False) -> bool:
        """Replace the rows; return False (and touch nothing) when they are unchanged.

        `hold_columns`: the rows are a filter's subset of those the columns were fitted to, and the columns
        stay as they are while it is typed: they moved under the operator's eyes with each key, and the
        table was measured again for every key (issue 25). It is fitted again once the rows are set without
        it, or at another width."""
        if rows == self._rows and self._fitted_for is not None and (hold_columns or not self._hold):
            self._hold = hold_columns  # the same rows held as they are fitted: nothing to draw again
            return False
        keep = self.selected_key if self._shown else None
        self._rows = rows
        self._hold = hold_columns
        if self._mounted:
            self._redraw(keep)
        return True

    def _holding(self) -> bool:
        return self._hold and not self._wrap and self._fit is not None and self._fit_for == (self.size.width, False)

    def _redraw(self, keep: str | None = None) -> None:
        rows = self._rows
        if self._holding() and self._fit is not None:
            self._show_rows(self._fit, keep)
            return
        available = self._available()
        def widest(index: int, column: Column) -> int:
            return max([cell_len(column.label), column.room]
                       + [cell_len(_plain(_whole(cells[index]))) for _key, cells in rows])

        def longest_word(index: int) -> int:
            return max([0] + [cell_len(word) for _key, cells in rows for word in _plain(_whole(cells[index])).split()])

        words = {c.key: longest_word(i) for i, c in enumerate(self._columns)} if self._wrap else None
        shortest = {c.key: max(cell_len(_plain(cells[i].short)) for _key, cells in rows)
                    for i, c in enumerate(self._columns)
                    if rows and all(isinstance(cells[i], Abbrev) for _key, cells in rows)}
        fit = fit_columns(self._columns, {c.key: widest(i, c) for i, c in enumerate(self._columns)},
                          available, 2 * self.cell_padding, keep_all=self._wrap, words=words, shortest=shortest)
        self._fitted_for = (available, self._wrap)
        self._fit, self._fit_for = fit, (self.size.width, self._wrap)
        self._show_rows(fit, keep)

    def _show_rows(self, fit: Fit, keep: str | None) -> None:
        rows = self._rows
        shown_keys = tuple(fit.widths)
        self.clear(columns=shown_keys != self._shown)
        if shown_keys != self._shown:
            for column in self._columns:
                if column.key in fit.widths:
                    self.add_column(column.label, key=column.key)
            self._shown = shown_keys
        for column in self._columns:
            if column.key in fit.widths:
                shown_column = self.columns[column.key]  # type: ignore[index]
                shown_column.auto_width = False
                shown_column.width = fit.widths[column.key]
        positions = [i for i, c in enumerate(self._columns) if c.key in fit.widths]
        widths = [fit.widths[self._columns[i].key] for i in positions]
        for key, cells in rows:
            shown = [_literal(_whole(cells[i]) if self._wrap else _fit(cells[i], width))
                     for i, width in zip(positions, widths, strict=False)]
            self.add_row(*shown, key=key, height=None if self._wrap else 1)
        if keep is not None:
            for index, (key, _cells) in enumerate(rows):
                if key == keep:
                    self.move_cursor(row=index, animate=False)
                    break
        labels = tuple(c.label for c in self._columns if c.key in fit.hidden)
        if labels != self.hidden_labels:
            self.hidden_labels = labels
            self.post_message(self.ColumnsHidden(self, labels))

    def set_cells(self, column_key: str, values: Iterable[tuple[str, object]]) -> None:
        """Rewrite cells of one column in place (the countdowns): only those that changed, repainted alone;
        rows not shown yet and hidden columns are skipped."""
        if column_key not in self.columns:
            return
        shown = ((row_key, _literal(value)) for row_key, value in values)
        changed = {row_key: value for row_key, value in shown
                   if row_key in self.rows and self.get_cell(row_key, column_key) != value}
        update_cells_quietly(self, column_key, changed)  # those cells, not the whole table

    @property
    def selected_key(self) -> str | None:
        if not self._rows or self.cursor_row < 0 or self.cursor_row >= len(self._rows):
            return None
        return self._rows[self.cursor_row][0]


class PaneTable(DeskTable):
    """A dashboard pane's table: it fills its pane, so its place in the layout never depends on its rows.

    Textual lays the whole screen out when a widget's virtual size changes (`Widget.virtual_size` is
    `layout=True`), and a table's grows or shrinks with each filter key: every `/` keystroke laid out and
    redrew four panes, the status line and the footer (issue 25). Here a change of rows redraws the table and
    its scrollbars only; a scrollbar that comes or goes still asks for a layout (the rows' width changes), but
    not while a filter is typed: the scrollbar is held as the columns are, and goes once the filter is cleared.
    (Keeping its room with `overflow-y: scroll` was measured: a millisecond more for every key, as the empty
    track is drawn again, and no gain at the 95th percentile.)

    What it draws of each row is drawn more cheaply than DataTable does for any table (a filter key draws every
    row it brings up): one-line cells straight from their Text, the rows' stripe styles kept, and no cell
    measured for widths it does not use (its columns' widths are set by fit_columns)."""

    DEFAULT_CSS = "PaneTable { height: 1fr; }"

    LINES_LENT = 1  # the pane's `/` line (issue 25: opening it brought the scrollbar, and every column moved a cell)

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._row_styles: dict[tuple[int, Style], Style] = {}

    def watch_virtual_size(self) -> None:
        # While a filter holds the columns, the scrollbar is held too (an empty track when the rows fit).
        if self.is_mounted and scrollbars_follow_content(self, keep_vertical=self._holding()):
            self.refresh(layout=True)

    def notify_style_update(self) -> None:
        self._row_styles.clear()
        super().notify_style_update()

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        """A row's style is its stripe's: worked out once per stripe, not for every line drawn (Textual walks
        the widget's ancestors for each)."""
        if row_index < self.fixed_rows:  # the header (-1) and fixed rows as DataTable has them
            return super()._get_row_style(row_index, base_style)
        key = (row_index % 2 if self.zebra_stripes else 0, base_style)
        style = self._row_styles.get(key)
        if style is None:
            style = self._row_styles[key] = super()._get_row_style(row_index, base_style)
        return style

    def _update_dimensions(self, new_rows) -> None:
        """Unwrapped, every row is one line and every column has its fitted width: only the size is new."""
        if self._wrap or any(column.auto_width for column in self.columns.values()):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width + self._row_label_column_width, self._total_row_height + header)

    _pass_style: Style | None = None  # the table's own style while its lines are drawn (render_lines)

    def render_lines(self, crop):
        # DataTable works the table's style out again for every line (its ancestors walked each time): once
        # for all the lines of a pass, which cannot change it.
        self._pass_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None

    def render_line(self, y: int) -> Strip:
        base = self._pass_style
        if base is None or self.fixed_rows:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        if y >= (self.header_height if self.show_header else 0):
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, base)

    def _render_line_in_row(self, row_key: RowKey, line_no: int, base_style: Style, cursor_location: Coordinate,
                            hover_location: Coordinate) -> tuple[list, list]:
        """A row's line as DataTable draws it for a row cursor without fixed columns or labels, with the row's
        own parts worked out once for the line, not for each cell. Kept while nothing on the row changes:
        the cursor moving elsewhere draws only the rows it leaves and reaches."""
        row_index = self._row_locations.get(row_key) if row_key in self._row_locations else None
        if (row_index is None or self._wrap or self.fixed_columns or row_index < self.fixed_rows
                or self.cursor_type != "row"
                or (self._labelled_row_exists and self.show_row_labels)):
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
        cursor, hover = row_index == cursor_location.row, row_index == hover_location.row
        show_cursor, show_hover = self.show_cursor, self._show_hover_cursor
        key = ("pane", row_key, line_no, base_style, cursor, hover, show_cursor, show_hover, self._update_count,
               self._pseudo_class_state)
        found = self._row_render_cache.get(key)
        if found is not None:
            return found
        row_style = self._get_row_style(row_index, base_style)
        columns = self.ordered_columns
        widths = [column.get_render_width(self) for column in columns]
        cells = self._get_row_renderables(row_index)[1]
        component, post = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, show_cursor, show_hover, self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css")
        console, pad = self.app.console, self.cell_padding
        line: list[list[Segment]] = []
        for index, width in enumerate(widths):
            cell = cells[index]
            drawn = self._draw_one_line_cell(cell, width, pad, row_style, row_index, index, component, post, console)
            line.append(drawn[0] if drawn is not None else self._render_cell(
                row_index, index, row_style, width, cursor=cursor, hover=hover)[line_no])
        extend, _ = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, show_cursor, show_hover, False, False)
        extend = row_style + extend + Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        remaining = max(0, self.size.width - sum(widths) - self._row_label_column_width)
        line.append([Segment(" " * remaining, extend)])
        pair: tuple[list, list] = ([], line)
        self._row_render_cache[key] = pair
        return pair

    @staticmethod
    def _draw_one_line_cell(cell, width: int, pad: int, row_style: Style, row_index: int, column_index: int,
                            component: Style, post: Style, console) -> list[list[Segment]] | None:
        """A one-line cell whose text fits (every pane cell: DeskTable fits each to its column) drawn straight
        from its Text, without Rich's Padding, Styled and line-cropping: the same segments in a third of the
        time. None for any other cell (DataTable draws it)."""
        if not isinstance(cell, Text) or "\n" in cell.plain or cell.cell_len > width - 2 * pad:
            return None
        pre = row_style + Style.from_meta({"row": row_index, "column": column_index}) + component
        inner = list(cell.render(console, ""))  # its spans' styles; its own style is applied by its caller
        if cell.style:
            inner = list(Segment.apply_style(inner, console.get_style(cell.style)))
        used = sum(segment.cell_length for segment in inner)
        inner = [*inner, Segment(" " * (width - 2 * pad - used))] if used < width - 2 * pad else inner
        segments = [Segment(" " * pad), *inner, Segment(" " * pad)] if pad else inner
        return [list(Segment.apply_style(segments, pre, post))]

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        """A body cell drawn by `_draw_one_line_cell` when it can be (DataTable draws it otherwise)."""
        if row_index < 0 or column_index < 0 or self._wrap:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor, self._update_count,
               self._pseudo_class_state)
        lines = self._cell_render_cache.get(key)
        if lines is not None:
            return lines
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, row_index < self.fixed_rows or column_index < self.fixed_columns, hover, cursor,
            self.show_cursor, self._show_hover_cursor, self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css")
        cell = self._get_row_renderables(row_index)[1][column_index]
        drawn = self._draw_one_line_cell(cell, width, self.cell_padding, base_style, row_index, column_index,
                                         component_style, post_style, self.app.console)
        if drawn is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self._cell_render_cache[key] = drawn
        return drawn

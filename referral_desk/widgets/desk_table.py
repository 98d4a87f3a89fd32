"""A DataTable that takes whole row sets and keeps the operator's place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from referral_desk.textual_adapter import update_cell_quietly


class Abbrev(NamedTuple):
    """A cell with a shorter form for a cropped (narrow) column: 聊城市人民医院 / 市人民医院."""

    full: str
    short: str


def _plain(cell) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)


def _form(cell, compact: bool):
    return (cell.short if compact else cell.full) if isinstance(cell, Abbrev) else cell


def _fit(cell, width: int):
    """A cell wider than its column ends in … (a cut name must look cut, not like another name)."""
    if cell_len(_plain(cell)) <= width:
        return cell
    text = cell.copy() if isinstance(cell, Text) else Text(str(cell))
    text.truncate(width, overflow="ellipsis")
    return text


class DeskTable(DataTable):
    """Rows are (key, cells); the cursor stays on the same key across refreshes. Home/End go to the
    first/last row (a row table has no columns to page through).

    Columns are (key, label), (key, label, compact_width) or (key, label,
    compact_width, max_width): long text columns are cropped (harder on a narrow
    terminal) so the phone numbers stay in view.
    """

    BINDINGS = [Binding("home", "scroll_top", "首行", show=False), Binding("end", "scroll_bottom", "末行", show=False)]

    def __init__(self, columns: Sequence[tuple], *, min_widths: dict[str, int] | None = None, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._columns = columns
        # Columns whose text the countdown tick rewrites keep room to grow.
        self._min_widths = min_widths or {}
        self._rows: list[tuple[str, tuple]] = []
        self._compact = False
        self._early: list[tuple[str, tuple]] | None = None

    def on_mount(self) -> None:
        for key, label, *_compact in self._columns:
            self.add_column(label, key=key)
        if self._early is not None:
            rows, self._early = self._early, None
            self.set_rows(rows)

    def set_compact(self, compact: bool) -> None:
        """Crop (or stop cropping) the columns that have a compact width."""
        if compact == self._compact:
            return
        self._compact = compact
        if self.columns:
            rows, self._rows = self._rows, []
            self.set_rows(rows)

    def _fit_columns(self, rows: list[tuple[str, tuple]]) -> None:
        # Widths are measured here, not on the table's idle pass, so a row set
        # always renders the same way however the events interleave.
        for index, (key, label, *limits) in enumerate(self._columns):
            width = max([cell_len(label), self._min_widths.get(key, 0)]
                        + [cell_len(_plain(cells[index])) for _key, cells in rows])
            if limits:
                width = min(width, limits[0] if self._compact else limits[-1] if len(limits) > 1 else width)
            column = self.columns[key]
            column.auto_width = False
            column.width = width

    def set_rows(self, rows: list[tuple[str, tuple]]) -> bool:
        """Replace the rows; return False (and touch nothing) when they are unchanged."""
        if not self.columns:
            # The screen can hand over rows before this table's own mount has added
            # its columns; keep them until it has.
            self._early = rows
            return True
        if rows == self._rows:
            return False
        keep = self.selected_key
        self._rows = rows
        shown = [(key, tuple(_form(cell, self._compact) for cell in cells)) for key, cells in rows]
        self.clear()
        self._fit_columns(shown)
        widths = [self.columns[key].width for key, *_rest in self._columns]
        for key, cells in shown:
            self.add_row(*(_fit(cell, width) for cell, width in zip(cells, widths)), key=key)
        if keep is not None:
            for index, (key, _cells) in enumerate(rows):
                if key == keep:
                    self.move_cursor(row=index, animate=False)
                    break
        return True

    def set_cell(self, row_key: str, column_key: str, value) -> None:
        """Rewrite one cell in place (the countdowns); rows not shown yet are skipped."""
        if row_key in self.rows and self.get_cell(row_key, column_key) != value:  # unchanged: no repaint
            update_cell_quietly(self, row_key, column_key, value)  # the cell, not the whole table

    @property
    def selected_key(self) -> str | None:
        if not self._rows or self.cursor_row < 0 or self.cursor_row >= len(self._rows):
            return None
        return self._rows[self.cursor_row][0]

"""A DataTable that takes whole row sets and keeps the operator's place."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import DataTable


class DeskTable(DataTable):
    """Rows are (key, cells); the cursor stays on the same key across refreshes.

    Columns are (key, label) or (key, label, compact_width): on a narrow terminal
    the long text columns are cropped so the phone numbers stay in view.
    """

    def __init__(self, columns: Sequence[tuple], **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._columns = columns
        self._rows: list[tuple[str, tuple]] = []
        self._compact = False

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        for key, label, *compact in self._columns:
            self.add_column(label, key=key, width=compact[0] if compact and self._compact else None)

    def set_compact(self, compact: bool) -> None:
        if compact == self._compact:
            return
        self._compact = compact
        rows, self._rows = self._rows, []
        self.clear(columns=True)
        self._add_columns()
        self.set_rows(rows)

    def set_rows(self, rows: list[tuple[str, tuple]]) -> bool:
        """Replace the rows; return False (and touch nothing) when they are unchanged."""
        if rows == self._rows:
            return False
        keep = self.selected_key
        self._rows = rows
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if keep is not None:
            for index, (key, _cells) in enumerate(rows):
                if key == keep:
                    self.move_cursor(row=index, animate=False)
                    break
        return True

    @property
    def selected_key(self) -> str | None:
        if not self._rows or self.cursor_row < 0 or self.cursor_row >= len(self._rows):
            return None
        return self._rows[self.cursor_row][0]

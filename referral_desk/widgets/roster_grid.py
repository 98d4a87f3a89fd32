"""The month's roster as a grid: a row per specialty, a column per day, gaps and today marked."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import DataTable

WEEKDAYS = "一二三四五六日"
GAP = Text("—", style="bold #ff8a80")
DAY_WIDTH = 6  # a three-character name


class RosterGrid(DataTable):
    """Cells are keyed by (specialty_id, day) so the screen can open a specialist's card."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, fixed_columns=1, **kwargs)
        self.month = None
        self.today: date | None = None

    def show(self, month, today: date) -> None:
        """`month` is a RosterMonth; the cursor keeps its place when the same month comes again."""
        keep = self.cursor_coordinate if self.month is not None and self.month.month == month.month else None
        self.month, self.today = month, today
        self.clear(columns=True)
        width = max([4] + [len(name) * 2 + 4 for _id, name in month.specialties])  # name + gap count
        self.add_column("专业", key="specialty", width=min(width, 20))
        for day in month.days:
            label = Text(f"{day.day}{WEEKDAYS[day.weekday()]}",
                         style="reverse bold" if day == today else ("#9e9e9e" if day.weekday() >= 5 else ""))
            self.add_column(label, key=day.isoformat(), width=DAY_WIDTH)
        for specialty_id, name in month.specialties:
            gaps = month.gaps(specialty_id)
            head = Text(name) + (Text(f" 缺{gaps}", style="#ff8a80") if gaps else Text(""))
            cells = [head]
            for day in month.days:
                cell = month.cells.get((specialty_id, day))
                if cell is None:
                    cells.append(GAP)
                else:
                    cells.append(Text(cell.specialist_name, style="bold" if day == today else ""))
            self.add_row(*cells, key=specialty_id)
        if keep is not None:
            self.move_cursor(row=keep.row, column=keep.column, animate=False)
        elif today.replace(day=1) == month.month and month.specialties:
            self.move_cursor(row=0, column=today.day, animate=False)

    def selected(self):
        """(specialty_id, day or None, RosterCell or None) under the cursor."""
        if self.month is None or not self.month.specialties:
            return None
        row, column = self.cursor_coordinate
        specialty_id = self.month.specialties[row][0]
        if column == 0:
            return specialty_id, None, None
        day = self.month.days[column - 1]
        return specialty_id, day, self.month.cells.get((specialty_id, day))

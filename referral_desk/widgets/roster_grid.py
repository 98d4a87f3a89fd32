"""The month's roster as a grid: a row per specialty, a column per day, gaps and today marked.

Drawn line by line (a ScrollView), not as a DataTable: a month is 40 x 31 cells and a
DataTable renders every cell of every visible row, also the columns scrolled out of
view, which took several hundred milliseconds a frame. Here a line is a few segments.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

WEEKDAYS = "一二三四五六日"
DAY_WIDTH = 7  # a three-character name and a space either side
GAP_MARK = "—"


def _fit(text: str, width: int, align: str = "left") -> str:
    """Pad or crop to `width` terminal cells (Chinese characters take two)."""
    while cell_len(text) > width:
        text = text[:-1]
    pad = width - cell_len(text)
    if align == "center":
        return " " * (pad // 2) + text + " " * (pad - pad // 2)
    return text + " " * pad


class RosterGrid(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    RosterGrid { background: $surface; }
    RosterGrid > .roster-grid--header { background: $panel; text-style: bold; }
    RosterGrid > .roster-grid--weekend { color: $text-muted; }
    RosterGrid > .roster-grid--today { text-style: reverse bold; }
    RosterGrid > .roster-grid--gap { color: $text-error; text-style: bold; }
    RosterGrid > .roster-grid--stripe { background: $surface-lighten-1; }
    RosterGrid > .roster-grid--specialty { text-style: bold; }
    RosterGrid > .roster-grid--cursor { background: $accent; color: $text; }
    RosterGrid:nocolor > .roster-grid--cursor { text-style: reverse underline; }  /* underline: today is reverse too */
    """
    COMPONENT_CLASSES = {
        "roster-grid--header", "roster-grid--today", "roster-grid--weekend", "roster-grid--gap",
        "roster-grid--cursor", "roster-grid--stripe", "roster-grid--specialty",
    }
    BINDINGS = [
        Binding("up", "move(-1, 0)", show=False),
        Binding("down", "move(1, 0)", show=False),
        Binding("left", "move(0, -1)", show=False),
        Binding("right", "move(0, 1)", show=False),
        Binding("pageup", "move(-10, 0)", show=False),
        Binding("pagedown", "move(10, 0)", show=False),
        Binding("home", "edge(0)", show=False),
        Binding("end", "edge(1)", show=False),
        Binding("enter", "choose", "医师", show=True),
    ]

    class CellChosen(Message):
        """Enter on a cell: the screen opens the specialist's card (or says there is nobody)."""

    # (specialty row, column); column 0 is the specialty. Held inside the month shown; moving it redraws
    # the two rows it left and entered and scrolls it into view.
    cursor: reactive[tuple[int, int]] = reactive((0, 0), init=False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.month = None
        self.today: date | None = None
        self._name_width = 10
        self._lines: dict[int, list[Segment]] = {}  # a row's day part, before scrolling crops it
        self.placed = False  # the shown month is scrolled to its cursor (a frame drawn now shows it there)

    # -- data ---------------------------------------------------------------------
    def show(self, month, today: date) -> None:
        """`month` is a RosterMonth; the cursor keeps its place when the same month comes again."""
        same = self.month is not None and self.month.month == month.month
        self.month, self.today = month, today
        self._lines.clear()
        self.placed = False
        self._name_width = max([8] + [cell_len(self.specialty_label(i)) + 2
                                      for i in range(len(month.specialties))])
        self.virtual_size = Size(self._name_width + DAY_WIDTH * len(month.days), len(month.specialties) + 1)
        if not same:
            on_today = today.replace(day=1) == month.month
            self.cursor = (0, today.day if on_today else 1)
        else:
            self.cursor = self.cursor  # the same place, held inside a month that may have fewer rows
        if self.size.width:
            self._place()
        else:  # not laid out yet: it does not know its width
            self.call_after_refresh(self._place)
        self.refresh()

    def _place(self) -> None:
        self._reveal_cursor()
        self.placed = True
        self.refresh()

    # A new month is scrolled before a layout has given it scrollbars (the scroll is forced, see
    # _reveal_cursor): a scrollbar that appears afterwards takes the offset already there.
    def watch_show_horizontal_scrollbar(self, shown: bool) -> None:
        if shown:
            self.horizontal_scrollbar.position = self.scroll_x

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        if shown:
            self.vertical_scrollbar.position = self.scroll_y

    def specialty_label(self, row: int) -> str:
        specialty_id, name = self.month.specialties[row]
        gaps = self.month.gaps(specialty_id)
        return f"{name} 缺{gaps}" if gaps else name

    def day_label(self, day: date) -> str:
        return f"{day.day}{WEEKDAYS[day.weekday()]}"

    def cell_text(self, specialty_id: str, day: date) -> str:
        cell = self.month.cells.get((specialty_id, day))
        return cell.specialist_name if cell else GAP_MARK

    def selected(self):
        """(specialty_id, day or None, RosterCell or None) under the cursor."""
        if self.month is None or not self.month.specialties:
            return None
        row, column = self.cursor
        specialty_id = self.month.specialties[row][0]
        if column == 0:
            return specialty_id, None, None
        day = self.month.days[column - 1]
        return specialty_id, day, self.month.cells.get((specialty_id, day))

    # -- keys ---------------------------------------------------------------------
    def action_move(self, rows: int, columns: int) -> None:
        if self.month is not None:
            self.cursor = (self.cursor[0] + rows, self.cursor[1] + columns)

    def action_edge(self, end: int) -> None:
        if self.month is not None:
            days = len(self.month.days)
            self.action_move(0, days if end else -days)

    def action_choose(self) -> None:
        self.post_message(self.CellChosen())

    def validate_cursor(self, cursor: tuple[int, int]) -> tuple[int, int]:
        if self.month is None:
            return (0, 0)
        rows = max(len(self.month.specialties) - 1, 0)
        return (min(max(cursor[0], 0), rows), min(max(cursor[1], 0), len(self.month.days)))

    def watch_cursor(self, old: tuple[int, int], new: tuple[int, int]) -> None:
        self._lines.pop(old[0], None)
        self._lines.pop(new[0], None)
        if self.size.width:  # before its first layout, show() places it once the width is known
            self._reveal_cursor()

    def _reveal_cursor(self) -> None:
        row, column = self.cursor
        body_height = max(self.scrollable_content_region.height - 1, 1)
        day_width = self._whole_days_width()
        y, x = self.scroll_offset.y, self.scroll_offset.x
        if row < y:
            y = row
        elif row >= y + body_height:
            y = row - body_height + 1
        if column == 0:  # Home: the specialty, with the month's first days beside it (late days stayed in view)
            x = 0
        else:
            left = (column - 1) * DAY_WIDTH
            if left < x:
                x = left
            elif left + DAY_WIDTH > x + day_width:
                x = left + DAY_WIDTH - day_width
        # Forced: unforced, a scroll is ignored until the scrollbars are laid out, and the first
        # frame of a month would not show today. The offset is still clamped to the content.
        self.scroll_to(x=x, y=y, animate=False, immediate=True, force=True)

    # -- drawing --------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"roster-grid--{name}")

    def _whole_days_width(self) -> int:
        """The cells the days get: whole columns only, so no name is cut at the right edge (issue 25: 80x24
        showed `杨`, `王` of a third character's name)."""
        # Inside the scrollbar (a year's 40 specialties bring one: the last column ran under it, cut), and one
        # cell kept for the … that says more days follow.
        return max((self._visible_width() - self._name_width - 1) // DAY_WIDTH, 1) * DAY_WIDTH

    def _visible_width(self) -> int:
        return self.scrollable_content_region.width or self.size.width

    def _first_day_cell(self) -> int:
        # Rounded up to a column's edge: the offset is clamped to the content, which can fall mid-column
        # when the cursor is on the month's last day, and rounding down would hide that day.
        return -(-self.scroll_offset.x // DAY_WIDTH) * DAY_WIDTH

    def render_line(self, y: int) -> Strip:
        width = self._visible_width()
        if self.month is None:
            return Strip.blank(width, self.rich_style)  # a styled blank: NO_COLOR's filter reads every style
        scroll_y = self.scroll_offset.y
        day_width = self._whole_days_width()
        scroll_x = self._first_day_cell()
        more = scroll_x + day_width < DAY_WIDTH * len(self.month.days)
        if y == 0:
            # Days before the left edge said by a … at the end of the specialty column, as those beyond the
            # right edge are at the end of the line (outside trial: scrolled on, the 1st to the 14th were
            # gone without a word).
            name = (_fit(" 专业", self._name_width - 1) + "…" if scroll_x > 0
                    else _fit(" 专业", self._name_width))
            head = [Segment(name, self._style("header"))]
            days = self._header_segments()
            if more:  # days beyond the right edge: said where the day numbers are
                return Strip.join([Strip(head), Strip(days).crop(scroll_x, scroll_x + day_width),
                                   Strip([Segment("…", self._style("header"))])]).extend_cell_length(
                    width, self.rich_style).crop(0, width)
        else:
            row = scroll_y + y - 1
            if row >= len(self.month.specialties):
                return Strip.blank(width, self.rich_style)
            head = [self._specialty_segment(row)]
            days = self._lines.get(row)
            if days is None:
                days = self._lines[row] = self._row_segments(row)
        body = Strip(days).crop(scroll_x, scroll_x + day_width)
        return Strip.join([Strip(head), body]).extend_cell_length(width, self.rich_style)

    def _header_segments(self) -> list[Segment]:
        header = self._style("header")
        out = []
        for day in self.month.days:
            style = header
            if day == self.today:
                style = header + self._style("today")
            elif day.weekday() >= 5:
                style = header + self._style("weekend")
            out.append(Segment(_fit(self.day_label(day), DAY_WIDTH, "center"), style))
        return out

    def _specialty_segment(self, row: int) -> Segment:
        style = self._style("specialty") + (self._style("stripe") if row % 2 else Style())
        if self.cursor == (row, 0):
            style += self._style("cursor")
        return Segment(_fit(" " + self.specialty_label(row), self._name_width), style)

    def _row_segments(self, row: int) -> list[Segment]:
        specialty_id = self.month.specialties[row][0]
        base = self.rich_style + (self._style("stripe") if row % 2 else Style())
        out = []
        for index, day in enumerate(self.month.days, start=1):
            cell = self.month.cells.get((specialty_id, day))
            style = base + (self._style("gap") if cell is None else Style())
            if self.cursor == (row, index):
                # The cursor as anywhere else, on today too: today's reverse turned it inside out (on a light
                # 16-colour terminal, blue on white: the one cell that looked like no cursor). The header says
                # which day is today.
                style += self._style("cursor")
            elif day == self.today:
                style += self._style("today")
            name = cell.specialist_name if cell else GAP_MARK
            out.append(Segment(_fit(name, DAY_WIDTH, "center"), style))
        return out

"""A day-by-day trend drawn from zero: a bar's height is its count's share of the busiest day, so a day of 164
and a day of 165 look alike, and an empty day is told from a quiet one (issue 25: Textual's sparkline scales
from the period's smallest day, so 164 drew empty beside 165 full)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

LEVELS = "▁▂▃▄▅▆▇█"


def column_values(counts: Sequence[int], width: int) -> list[int]:
    """One value per column: the busiest day of the days the column stands for (a year in 60 columns), or a
    day repeated over the columns it spans (a week in 60 columns)."""
    n = len(counts)
    if not n or width <= 0:
        return []
    values = []
    for column in range(width):
        start = column * n // width
        end = max((column + 1) * n // width, start + 1)
        values.append(max(counts[start:end]))
    return values


def column_levels(value: int, top: int, height: int) -> int:
    """Eighths of a cell filled, 0 only for nothing: any day with a request shows at least a sliver."""
    if value <= 0 or top <= 0:
        return 0
    return max(1, round(value * height * len(LEVELS) / top))


def trend_lines(counts: Sequence[int], width: int, height: int) -> list[str]:
    """The trend as `height` lines of `width` cells, top line first."""
    values = column_values(counts, width)
    top = max(values, default=0)
    levels = [column_levels(v, top, height) for v in values]
    eighths = len(LEVELS)
    lines = []
    for row in reversed(range(height)):
        floor = row * eighths
        cells = []
        for level in levels:
            filled = level - floor
            cells.append(" " if filled <= 0 else LEVELS[min(filled, eighths) - 1])
        lines.append("".join(cells))
    return lines


class DailyTrend:
    """The renderable: as wide as it is given, so a resized terminal draws it again at its new width."""

    def __init__(self, counts: Sequence[int], height: int = 3, style: str = "") -> None:
        self.counts = list(counts)
        self.height = height
        self.style = style  # a name of the palette's, resolved by the console for the look in use

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = trend_lines(self.counts, options.max_width, self.height)
        style = console.get_style(self.style) if self.style else Style()
        for index, line in enumerate(lines):
            yield Segment(line, style)
            if index < len(lines) - 1:
                yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)

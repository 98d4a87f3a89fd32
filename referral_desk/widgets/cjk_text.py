"""Chinese text folded over lines the way Chinese is set (issue 25: the `?` guide at 80 columns broke a line
inside `（`…`）` and started lines with `、`).

Rich folds text without spaces at any character. Here a line never starts with closing punctuation (`、` `，`
`）` `」`…) nor ends with opening punctuation (`（` `「`…): the character is carried to the next line with its
neighbour, as Chinese typesetting does (禁则). A run of Latin letters and digits (`Ctrl+S`, `13346250001`) is
kept whole unless it is longer than a line, and a key stays with the 按 before it (`按 u`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

NO_LINE_START = frozenset("、。，．,.：:；;！!？?）)]」』】〕》〉…·%’”")
NO_LINE_END = frozenset("（([「『【〔《〈‘“")
# `按 u`: a key is never folded away from the 按 before it (a toast read `…再按` / `u 继续）`).
_UNIT = re.compile(r"按 [A-Za-z0-9_+\-]+|[A-Za-z0-9_+\-./@#%=<>|~^*&]+| +|.", re.S)


def cut_to(text: str, cells: int) -> str:
    """`text` in at most `cells` terminal cells, ending in … when cut (a wide character is two cells)."""
    if cell_len(text) <= cells:
        return text
    kept = ""
    for char in text:
        if cell_len(kept + char) > cells - 1:
            break
        kept += char
    return kept + "…"


def _units(text: str, width: int) -> list[str]:
    """The pieces a line may break between; `按 Ctrl+S` is one unless longer than a line."""
    units: list[str] = []
    for unit in _UNIT.findall(text):
        units += ["按", " ", unit[2:]] if unit.startswith("按 ") and cell_len(unit) > width else [unit]
    return units


def _fold(unit: str, width: int) -> list[str]:
    """A unit longer than a line, cut at the line's width."""
    parts, part = [], ""
    for char in unit:
        if part and cell_len(part + char) > width:
            parts.append(part)
            part = ""
        part += char
    return [*parts, part] if part else parts


def cjk_lines(text: str, width: int) -> list[str]:
    """`text` over lines of at most `width` cells (a line may be 1 cell short of `width` where a character is
    carried), with the line-start and line-end rules above; newlines in `text` are kept."""
    width = max(width, 2)
    out: list[str] = []
    for paragraph in text.split("\n"):
        lines: list[list[str]] = [[]]
        for unit in _units(paragraph, width):
            pieces = _fold(unit, width) if cell_len(unit) > width else [unit]
            for piece in pieces:
                line = lines[-1]
                if cell_len("".join(line) + piece) <= width or not line:
                    line.append(piece)
                    continue
                if piece.isspace():
                    lines.append([])  # a space at the break is the break
                    continue
                carried: list[str] = []
                # A closing mark may not start the next line, nor an opening mark end this one: the units
                # before it go along (at most three, and a line is never emptied).
                while len(line) > 1 and len(carried) < 3 and (
                        (carried[0] if carried else piece)[0] in NO_LINE_START or line[-1][-1] in NO_LINE_END):
                    carried.insert(0, line.pop())
                while line and line[-1].isspace():
                    line.pop()
                lines.append([*carried, piece])
        out.extend("".join(line).rstrip() for line in lines)
    return out


class Folded:
    """A Rich renderable: `text` folded by cjk_lines at the width it is given (a table cell, a panel)."""

    def __init__(self, text: str, style: str | Style = "") -> None:
        self.text = text
        self.style = style

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(u) for u in _units(self.text, 0) if not u.isspace()), default=1)
        return Measurement(min(widest, 12), max(cell_len(line) for line in self.text.split("\n")))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n".join(cjk_lines(self.text, options.max_width)), style=self.style, no_wrap=True,
                   overflow="crop")


def first_that_fits(tries: Sequence[str], room: int) -> str:
    """The first of `tries` (most said first) within `room` cells, else the last (the least said)."""
    return next((said for said in tries if cell_len(said) <= room), tries[-1])


def keys_that_fit(keys: Sequence[str], room: int, *, give_way: Sequence[int], sep: str = "  ",
                  lead: str = "   ") -> str:
    """A line's hint of keys (`lead` + `keys` joined by `sep`) in `room` cells: the keys at the indexes
    `give_way` are left out in that order, a whole key at a time, until it fits (those the footer also shows
    go first); '' when even the rest does not fit. Cut at the border, `x/v 导出` read `x…` (issue 25)."""
    kept = list(range(len(keys)))
    order = iter(give_way)
    while kept:
        said = lead + sep.join(keys[i] for i in kept)
        if cell_len(said) <= room:
            return said
        drop = next(order, None)
        if drop is None:
            return ""
        kept.remove(drop)
    return ""

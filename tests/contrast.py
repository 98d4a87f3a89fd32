"""Contrast of every character on a real terminal's screen (tmux capture-pane -e), issue 25: all text
at least 4.5:1 (WCAG AA) against the cell it sits on, in every colour mode the desk meets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# xterm's 16 colours, and a dark terminal's default foreground and background.
ANSI16 = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
          (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
          (255, 0, 255), (0, 255, 255), (255, 255, 255)]
DEFAULT_FG, DEFAULT_BG = (229, 229, 229), (0, 0, 0)
# A light terminal's (xterm's own default: black on white), for the light look.
LIGHT_FG, LIGHT_BG = (0, 0, 0), (255, 255, 255)
SGR = re.compile(r"\x1b\[([0-9;]*)m")
# What is drawn, not read: borders, scrollbars, blocks and blanks.
DRAWING = re.compile(r"[\u2500-\u259f\u2800-\u28ff\s]")


def _xterm256(n: int) -> tuple[int, int, int]:
    if n < 16:
        return ANSI16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return steps[n // 36], steps[n // 6 % 6], steps[n % 6]
    grey = 8 + 10 * (n - 232)
    return grey, grey, grey


def _luminance(rgb) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass
class Cell:
    char: str
    fg: tuple[int, int, int]
    bg: tuple[int, int, int]
    row: int
    col: int


def cells(captured: str, default: tuple = (DEFAULT_FG, DEFAULT_BG)) -> list[Cell]:
    """Every character of `tmux capture-pane -p -e` with the colours it is drawn in; `default`: the
    terminal's own foreground and background."""
    found: list[Cell] = []
    for row, line in enumerate(captured.splitlines()):
        fg, bg, reverse = None, None, False
        col = 0
        pos = 0
        for m in list(SGR.finditer(line)) + [None]:
            text = line[pos:m.start()] if m else line[pos:]
            for ch in text:
                f = fg if fg is not None else default[0]
                b = bg if bg is not None else default[1]
                if reverse:
                    f, b = b, f
                found.append(Cell(ch, f, b, row, col))
                col += 1
            if m is None:
                break
            pos = m.end()
            codes = [int(c) if c else 0 for c in m.group(1).split(";")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    fg, bg, reverse = None, None, False
                elif c == 7:
                    reverse = True
                elif c == 27:
                    reverse = False
                elif 30 <= c <= 37:
                    fg = ANSI16[c - 30]
                elif 90 <= c <= 97:
                    fg = ANSI16[c - 90 + 8]
                elif 40 <= c <= 47:
                    bg = ANSI16[c - 40]
                elif 100 <= c <= 107:
                    bg = ANSI16[c - 100 + 8]
                elif c == 39:
                    fg = None
                elif c == 49:
                    bg = None
                elif c in (38, 48) and i + 1 < len(codes):
                    rgb = (_xterm256(codes[i + 2]) if codes[i + 1] == 5 else tuple(codes[i + 2:i + 5]))
                    if c == 38:
                        fg = rgb
                    else:
                        bg = rgb
                    i += 2 if codes[i + 1] == 5 else 4
                i += 1
    return found


def low_contrast(captured: str, minimum: float = 4.5, default: tuple = (DEFAULT_FG, DEFAULT_BG)
                 ) -> list[tuple[float, str, Cell]]:
    """The characters read below `minimum`, with the text of their row around them."""
    lines = [SGR.sub("", line) for line in captured.splitlines()]
    low = []
    for cell in cells(captured, default):
        if DRAWING.match(cell.char):
            continue
        r = ratio(cell.fg, cell.bg)
        if r < minimum:
            low.append((round(r, 2), lines[cell.row].strip()[:60], cell))
    return low

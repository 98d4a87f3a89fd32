"""The desk's colours, by meaning. Cells cannot take TCSS classes, so they carry Rich style *names*
("desk.error"); the app's console resolves each name for the look in use (`cell_theme`), when the cell
is drawn. Switching the look therefore recolours every cell, and a light look keeps them readable
(issue 25: on a light theme the dark look's cursor row read at 1.1:1 and countdowns at 1.4:1).
Every colour a screen or widget writes comes from here; TCSS uses the theme's variables ($error…)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.theme import Theme
from rich.themes import DEFAULT

from referral_desk.domain.consultation import Urgency

ERROR = "desk.error"  # refusals, gaps, what is missing (one red for all of them)
ERROR_BOLD = "desk.error.bold"
WARNING = "desk.warning"  # flagged, soon due, a warning under a form
GOOD = "desk.good"  # eligible, on duty, plenty of time
GOOD_BOLD = "desk.good.bold"
CHART = "desk.chart"  # the statistics' bars
ON_DUTY = "desk.on_duty"  # a duty day in the specialist's month (a block of colour with its text on it)
OVERDUE = "desk.overdue"
MISSING = "desk.missing"
MUTED = "desk.muted"
FLAG = "desk.flag"
REFUSED = ERROR

URGENCY_STYLES = {"overdue": OVERDUE, "lt15": ERROR_BOLD, "lt60": WARNING, "later": GOOD}
URGENCY_MARKS = {u.value: u.mark for u in Urgency}  # !! overdue, ! under 15 minutes (the domain's, as the handover)


@dataclass(frozen=True)
class Swatch:
    """One look's colours. Each is at least 4.5:1 on every ground a cell of it sits on in that look: the
    pane, the zebra stripe, the status line (tests/test_palette.py computes it; tests/test_contrast.py
    measures the real terminal)."""

    error: str
    warning: str
    good: str
    chart: str
    alarm: str  # the background of what is overdue, with white text on it
    muted: str
    on_good: str  # text on a block of `good`
    on_alarm: str = "#ffffff"  # a bare `white` is the dark theme's grey: 3.7:1

    def styles(self) -> dict[str, str]:
        return {
            ERROR: self.error,
            ERROR_BOLD: f"bold {self.error}",
            WARNING: self.warning,
            GOOD: self.good,
            GOOD_BOLD: f"bold {self.good}",
            CHART: self.chart,
            ON_DUTY: f"bold {self.on_good} on {self.good}",
            OVERDUE: f"bold {self.on_alarm} on {self.alarm}",
            MISSING: f"italic {self.error}",
            MUTED: self.muted,
            FLAG: f"bold {self.warning}",
        }


# Made and measured for Textual's dark theme (and, brought down to 16 colours, for a dark terminal).
DARK = Swatch(error="#ff8073", warning="#f0b43c", good="#7fbf7f", chart="#5fafd7", alarm="#b3261e",
              muted="#a0a0a0", on_good="black")
# For Textual's light theme and a light terminal: the same meanings, dark enough for a white ground.
# Textual's light theme is grey (#e0e0e0), its zebra stripe and status line darker still (#cecece, #d0d0d0):
# each is at least 5.3:1 on the stripe. The red is one of the 256 colours: #9c001c became (175, 0, 0) there, 4.4:1.
LIGHT = Swatch(error="#870000", warning="#6f4400", good="#145224", chart="#1a4f85", alarm="#b3261e",
               muted="#4a4a4a", on_good="#ffffff")

# A light terminal with 16 colours (Textual's ANSI light theme): only its red, blue, magenta and own
# foreground read on white (green, yellow, cyan and grey are 1.7-4:1), so the meanings take those.
LIGHT_16 = Swatch(error="red", warning="magenta", good="blue", chart="blue", alarm="red", muted="default",
                  on_good="bright_white", on_alarm="bright_white")

LOOKS = {("dark", False): DARK, ("dark", True): DARK, ("light", False): LIGHT, ("light", True): LIGHT_16}


def cell_theme(look: str, sixteen: bool = False) -> Theme:
    """The Rich theme that names the cells' styles for `look` ("dark" or "light") on a terminal with 16
    colours or more."""
    return Theme(LOOKS[look, sixteen].styles(), inherit=True)


# Every console knows the names, in the dark look, before an app pushes its own: a widget drawn by a console the
# desk did not set up (a test's App, a Rich print of a details table) would otherwise raise MissingStyle.
DEFAULT.styles.update(cell_theme("dark").styles)

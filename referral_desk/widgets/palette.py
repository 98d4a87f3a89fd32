"""The desk's colours, by meaning: Rich styles for cell text (cells cannot take TCSS classes).
Every colour a screen or widget writes comes from here; TCSS uses the theme's variables ($error…)."""

ERROR = "#ff8073"  # refusals, gaps, what is missing (one red for all of them)
WARNING = "#f0b43c"  # flagged, soon due, a warning under a form
GOOD = "#7fbf7f"  # eligible, on duty, plenty of time
CHART = "#5fafd7"  # the statistics' bars
ALARM = "#b3261e"  # the background of what is overdue (white text on it)

URGENCY_STYLES = {
    "overdue": f"bold #ffffff on {ALARM}",  # 6.6:1 (a bare `white` is the theme's grey: 3.7:1)
    "lt15": f"bold {ERROR}",
    "lt60": WARNING,
    "later": GOOD,
}
# Told by a mark as well as a colour (issue 25: NO_COLOR and 16-colour terminals): !! overdue, ! under 15 min.
URGENCY_MARKS = {"overdue": "!!", "lt15": "! ", "lt60": "  ", "later": "  "}
MISSING = f"italic {ERROR}"
MUTED = "#a0a0a0"  # ≥ 4.5:1 on the zebra stripe and the status line (issue 25)
FLAG = f"bold {WARNING}"
REFUSED = ERROR

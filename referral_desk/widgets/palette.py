"""The desk's colours, by meaning: Rich styles for cell text (cells cannot take TCSS classes).
Every colour a screen or widget writes comes from here; TCSS uses the theme's variables ($error…)."""

ERROR = "#ff6b5e"  # refusals, gaps, what is missing (one red for all of them)
WARNING = "#f0b43c"  # flagged, soon due, a warning under a form
GOOD = "#7fbf7f"  # eligible, on duty, plenty of time
CHART = "#5fafd7"  # the statistics' bars
ALARM = "#b3261e"  # the background of what is overdue (white text on it)

URGENCY_STYLES = {
    "overdue": f"bold white on {ALARM}",
    "lt15": f"bold {ERROR}",
    "lt60": WARNING,
    "later": GOOD,
}
MISSING = f"italic {ERROR}"
MUTED = "#8a8a8a"
FLAG = f"bold {WARNING}"
REFUSED = ERROR

"""Rich styles for cell text, by meaning (cells cannot take TCSS classes)."""

URGENCY_STYLES = {
    "overdue": "bold white on #b3261e",
    "lt15": "bold #ff6b5e",
    "lt60": "#f0b43c",
    "later": "#7fbf7f",
}
MISSING = "italic #ff6b5e"
MUTED = "#8a8a8a"
FLAG = "bold #f0b43c"

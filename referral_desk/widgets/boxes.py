"""The bordered boxes the desk's dialogs are drawn in, with their look (keep ids for the tests)."""

from __future__ import annotations

from textual.containers import Vertical, VerticalScroll

# The frame every dialog box shares (the boxes here, and the forms' boxes in their screens' CSS).
FRAME = """
    border: round $accent;
    border-title-color: $accent;
    border-title-style: bold;
    background: $surface;
    padding: 0 1;
"""


class DetailBox(VerticalScroll):
    """Most of the screen, scrolling: a record's details, the keys' list."""

    DEFAULT_CSS = f"DetailBox {{ width: 90%; max-width: 110; height: 90%; {FRAME} }}"


class DetailFrame(Vertical):
    """As DetailBox, for content that scrolls itself (a table)."""

    DEFAULT_CSS = f"DetailFrame {{ width: 90%; max-width: 110; height: 90%; {FRAME} }}"


class PromptBox(Vertical):
    """A question over the screen: as high as its content. A `.prompt-help` line is muted."""

    DEFAULT_CSS = (f"PromptBox {{ width: 70%; max-width: 80; height: auto; {FRAME} }}\n"
                   "PromptBox > .prompt-help { color: $text-muted; }")

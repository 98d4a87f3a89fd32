"""A checkbox whose tick is a mark, not only a colour: ticked ▐✓▌, not ticked ▐ ▌ (issue 25: under
NO_COLOR, or on a 16-colour terminal, Textual's ▐X▌ looked the same either way)."""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    TICKED = "✓"
    CLEAR = " "

    def on_mount(self) -> None:
        self._show_tick(self.value)

    def watch_value(self) -> None:
        super().watch_value()  # the -on class and the Changed message
        self._show_tick(self.value)

    def _show_tick(self, value: bool) -> None:
        self.BUTTON_INNER = self.TICKED if value else self.CLEAR
        self.refresh()

"""A text field whose paste never loses words silently (issue 25: a 600-character diagnosis pasted into a
400-character field vanished whole, and a pasted paragraph kept only its first line)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import Input


class DeskInput(Input):
    # Textual's widgets lay the whole screen out again when their virtual size changes, and an Input's grows
    # with each character typed: a filter keystroke re-rendered all four panes, the status line and the footer
    # (issue 25: 48 ms a key on the year store). A one-line field scrolls within its own width; its size in
    # the layout does not depend on its text, so a repaint is enough.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Textual's own paste: first line only, nothing at all when too long
        event.stop()
        # A paragraph's lines become one line (a field holds one), never control characters.
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if not text:
            return
        start, end = sorted((self.selection.start, self.selection.end))
        if self.max_length:
            room = max(0, self.max_length - (len(self.value) - (end - start)))
            if len(text) > room:
                self.notify(f"粘贴的内容有 {len(text)} 字，本栏最多 {self.max_length} 字："
                            f"只粘贴了前 {room} 字，请核对或精简", severity="warning", timeout=10)
                text = text[:room]
        if text:
            self.replace(text, start, end)

    def render_line(self, y: int) -> Strip:
        """A placeholder longer than the field ends in … (outside trial: cut at the border it read as
        whole, `筛选：汉字、拼音、首字母或号码 · Enter 到` at 80x24)."""
        full = self.placeholder
        room = self.scrollable_content_region.width
        if y != 0 or self.value or cell_len(full) <= room or room < 2:
            return super().render_line(y)
        cut = Text(full)
        cut.truncate(room, overflow="ellipsis")
        self.set_reactive(Input.placeholder, cut.plain)  # for this line only: no watcher, no repaint
        try:
            return super().render_line(y)
        finally:
            self.set_reactive(Input.placeholder, full)

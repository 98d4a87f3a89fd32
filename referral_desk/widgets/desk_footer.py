"""The footer of every screen: its keys fit the terminal or say that more are a key away.

Textual's footer lays its keys out in one line and clips whatever passes the right edge mid-word, with nothing
saying keys are missing (issue 25: the statistics at 80x24 ended `x 导出xls▏`, its csv export unseen). Here
the keys are measured before they are drawn: tighter spacing when they do not fit, and when even that does not
fit, the last keys give way to `F1 更多按键…`, which lists every key of the screen.

One widget draws the whole line. Textual's footer makes a widget per key and builds them all again whenever
the screen's keys change, which is every time a screen is shown: styling those widgets took 80-150 ms of each
key that opens a screen on the year store, in the way of its first figures (issue 25). Here the line is only
drawn again. It looks as Textual's does, cell for cell (tests/test_desk_footer.py compares them).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.strip import Strip
from textual.widget import Widget

HELP_ACTIONS = frozenset({"show_keys", "app.show_keys"})
MORE = Binding("f1", "app.show_keys", "更多按键…")
PALETTE_CELLS = 10  # the command palette's key docked right: its border, `^p`, `命令` and padding


def key_cells(key_display: str, description: str, compact: bool) -> int:
    """The cells Textual's FooterKey takes: paddings and margins as its default styles set them."""
    if compact:
        return cell_len(key_display) + 1 + cell_len(description) + 1
    return 1 + cell_len(key_display) + 1 + cell_len(description) + 1


def plan(keys: list[tuple[str, str]], width: int) -> tuple[bool, int]:
    """(compact, how many of `keys` are shown, in order) for a footer `width` cells wide; when not all fit,
    room is left for the `F1 更多按键…` key."""
    if sum(key_cells(k, d, False) for k, d in keys) <= width:
        return False, len(keys)
    if sum(key_cells(k, d, True) for k, d in keys) <= width:
        return True, len(keys)
    return True, fitting(keys, width)


def fitting(keys: list[tuple[str, str]], width: int) -> int:
    """How many of `keys`, tight and in order, fit beside the `F1 更多按键…` key."""
    room = width - key_cells("F1", str(MORE.description), True)
    shown = 0
    for key, description in keys:
        room -= key_cells(key, description, True)
        if room < 0:
            break
        shown += 1
    return shown


class FooterKey(NamedTuple):
    """A key as the footer shows it, and the cells it takes (start included, end not)."""

    key: str
    key_display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    start: int
    end: int


class DeskFooter(Widget, can_focus=False):
    """Used by every screen instead of Textual's Footer; `keys` are the keys it shows now."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--item", "footer-key--key", "footer-key--description",
                         "footer-key--palette-border", "footer-key--hover"}
    # Textual's Footer and FooterKey styles, on one widget: its colours come from the same theme variables.
    DEFAULT_CSS = """
    DeskFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer-key--item { background: $footer-item-background; }
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--palette-border { color: $foreground 20%; }
        & > .footer-key--hover { color: $footer-key-foreground; background: $block-hover-background; }
    }
    """

    def __init__(self, *, compact: bool = False, late: bool = False, show_command_palette: bool = True,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self._always_compact = compact  # the dashboard's and the details' keys are tight at any width
        self.show_command_palette = show_command_palette
        self.keys: tuple[FooterKey, ...] = ()  # as last drawn
        self.compact = compact
        self._hover: int | None = None  # the cell under the mouse

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen) -> None:
        # Textual's footer waits for the terminal's focus before drawing its keys; a terminal that never
        # reports focus (tmux, some remote sessions) then showed none. The keys are drawn regardless.
        if self.is_attached and screen is self.screen:
            self.refresh()

    def _shown_bindings(self) -> list[tuple[Binding, bool, str]]:
        # As Footer.compose reads them: one key per action, the first bound; the desk uses no binding groups.
        seen: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen[binding.action] = (binding, enabled, tooltip)
        return list(seen.values())

    def _plan(self, width: int) -> tuple[bool, list[tuple[Binding, bool, str]], tuple[Binding, bool, str] | None]:
        """(compact, the keys shown left to right, the palette's key on the right or None)."""
        bindings = self._shown_bindings()
        palette = self._palette_binding()
        room = width - (PALETTE_CELLS if palette is not None else 0)
        compact, shown = plan(self._displayed(bindings), room)
        compact = compact or self._always_compact
        if shown < len(bindings):  # the screen's own help key gives way to the one that says more
            bindings = [entry for entry in bindings if entry[0].action not in HELP_ACTIONS]
            shown = fitting(self._displayed(bindings), room)
            bindings = [*bindings[:shown], (MORE, True, "列出本屏的全部按键")]
        return compact, bindings, palette

    def _displayed(self, bindings: list[tuple[Binding, bool, str]]) -> list[tuple[str, str]]:
        return [(self.app.get_key_display(b), b.description) for b, _e, _t in bindings]

    def _palette_binding(self) -> tuple[Binding, bool, str] | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        try:
            _node, binding, enabled, tooltip = self.screen.active_bindings[self.app.COMMAND_PALETTE_BINDING]
        except KeyError:
            return None
        return binding, enabled, tooltip or binding.tooltip or binding.description

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y != 0 or width <= 0:
            return Strip.blank(width, self.rich_style)
        compact, bindings, palette = self._plan(width)
        self.compact = compact
        ground = Style(bgcolor=self.rich_style.bgcolor)  # between keys: the footer's colour, as Textual's margins
        item = self.rich_style + self.get_component_rich_style("footer-key--item")
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        hover_style = self.get_component_rich_style("footer-key--hover")
        segments: list[Segment] = []
        keys: list[FooterKey] = []
        at = 0

        def put(text: str, style: Style) -> None:
            nonlocal at
            if text:
                segments.append(Segment(text, style))
                at += cell_len(text)

        def add_key(binding: Binding, enabled: bool, tooltip: str, tight: bool, padding_right: int) -> None:
            display = "F1" if binding is MORE else self.app.get_key_display(binding)
            start = at
            base = item + hover_style if self._hover == start else item
            if not enabled:
                base += Style(dim=True)
            put(display if tight else f" {display} ", base + key_style)
            put(f" {binding.description}" if tight else f"{binding.description} ", base + description_style)
            put(" " * padding_right, Style(bgcolor=base.bgcolor))  # padding: no text colour, as Textual's
            keys.append(FooterKey(binding.key, display, binding.description, binding.action, enabled, tooltip,
                                  start, at))

        for binding, enabled, tooltip in bindings:
            add_key(binding, enabled, tooltip, compact, 0)
            if compact:
                put(" ", ground)  # the margin between keys
        if palette is not None:
            binding, enabled, tooltip = palette
            # Textual's palette key: docked right, a thin rule before it, tight whatever the footer.
            cells = 1 + cell_len(self.app.get_key_display(binding)) + 1 + cell_len(binding.description) + 1
            if width - at >= cells:
                put(" " * (width - at - cells), ground)
                put("▏", item + self.get_component_rich_style("footer-key--palette-border"))
                add_key(binding, enabled, tooltip, True, 0 if compact else 1)
                if compact:
                    put(" ", ground)
        self.keys = tuple(keys)
        return Strip(segments, at).crop_extend(0, width, ground)

    def _key_at(self, x: int) -> FooterKey | None:
        return next((k for k in self.keys if k.start <= x < k.end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        hover = None if key is None else key.start
        if hover != self._hover:
            self._hover = hover
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

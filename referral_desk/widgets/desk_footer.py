"""The footer of every screen: its keys fit the terminal or say that more are a key away.

Textual's footer lays its keys out in one line and clips whatever passes the right edge mid-word, with nothing
saying keys are missing (issue 25: the statistics at 80x24 ended `x 导出xls▏`, its csv export unseen). Here
the keys are measured before they are made: tighter spacing when they do not fit, and when even that does not
fit, the last keys give way to `F1 更多按键…`, which lists every key of the screen.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from referral_desk.textual_adapter import footer_bindings_known, footer_bindings_ready, footer_key_class

FooterKey = footer_key_class()

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


class DeskFooter(Footer):
    """Used by every screen instead of Textual's Footer."""

    _planned_width = 0

    def __init__(self, *, compact: bool = False, late: bool = False, **kwargs) -> None:
        super().__init__(compact=compact, **kwargs)
        self._always_compact = compact  # the dashboard's and the details' keys are tight at any width
        # Mounted after its screen was shown (the dashboard's, once the store is open): the screen's bindings
        # were announced before it listened, so it shows them at once rather than waiting for the next change
        # (the outside trial: a year store opened with --operator showed no keys at all until a pane key).
        self._late = late

    def on_mount(self) -> None:
        super().on_mount()
        if self._late:
            footer_bindings_ready(self)
            self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen) -> None:
        # Textual's footer waits for the terminal's focus before drawing its keys; a terminal that never
        # reports focus (tmux, some remote sessions) then showed none. The keys are drawn regardless.
        footer_bindings_ready(self)
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.recompose)

    def _shown_bindings(self) -> list[tuple[Binding, bool, str]]:
        # As Footer.compose reads them: one key per action, the first bound; the desk uses no binding groups.
        seen: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen[binding.action] = (binding, enabled, tooltip)
        return list(seen.values())

    def compose(self) -> ComposeResult:
        if not footer_bindings_known(self):
            return
        width = self.app.size.width
        self._planned_width = width
        bindings = self._shown_bindings()
        palette = PALETTE_CELLS if self._shows_palette_key() else 0
        compact, shown = plan(self._displayed(bindings), width - palette)
        compact = compact or self._always_compact
        trimmed = shown < len(bindings)
        if trimmed:  # the screen's own help key gives way to the one that says more
            bindings = [entry for entry in bindings if entry[0].action not in HELP_ACTIONS]
            shown = fitting(self._displayed(bindings), width - palette)
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact")
        yield from self._keys(bindings[:shown])
        if trimmed:
            yield FooterKey(MORE.key, "F1", str(MORE.description), MORE.action,
                            tooltip="列出本屏的全部按键").data_bind(compact=Footer.compact)
        yield from self._palette_key()

    def _displayed(self, bindings: list[tuple[Binding, bool, str]]) -> list[tuple[str, str]]:
        return [(self.app.get_key_display(b), b.description) for b, _e, _t in bindings]

    def _keys(self, bindings: Iterable[tuple[Binding, bool, str]]) -> Iterable[FooterKey]:
        for binding, enabled, tooltip in bindings:
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip).data_bind(compact=Footer.compact)

    def _shows_palette_key(self) -> bool:
        return (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
                and self.app.COMMAND_PALETTE_BINDING in self.screen.active_bindings)

    def _palette_key(self) -> Iterable[FooterKey]:
        if not self._shows_palette_key():
            return
        try:
            _node, binding, enabled, tooltip = self.screen.active_bindings[self.app.COMMAND_PALETTE_BINDING]
        except KeyError:
            return
        yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                        classes="-command-palette", disabled=not enabled,
                        tooltip=binding.tooltip or binding.description)

    def on_resize(self, event: events.Resize) -> None:
        if footer_bindings_known(self) and self.app.size.width != self._planned_width:
            self.call_after_refresh(self.recompose)

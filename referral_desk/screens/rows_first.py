"""Keys typed right behind the one that opened a list wait for its rows (issue 25: `f Enter g` typed at
once found an empty list, so Enter and g did nothing)."""

from __future__ import annotations


class KeysWaitForRows:
    """Mix into a Screen whose rows come from a worker: call hold_keys_for_rows() on mount and
    rows_shown() when they are on screen. A slow or failed read holds the keyboard HOLD_AT_MOST
    seconds, never longer."""

    HOLD_AT_MOST = 2.0
    _holding_keys = False

    def hold_keys_for_rows(self) -> None:
        app = self.app  # type: ignore[attr-defined]
        if not hasattr(app, "hold_keys_unless_held") or not app.hold_keys_unless_held():
            return  # a test app, or the start-up's own hold (it releases them itself)
        self._holding_keys = True
        self.set_timer(self.HOLD_AT_MOST, self.rows_shown)  # type: ignore[attr-defined]

    def rows_shown(self) -> None:
        if self._holding_keys:
            self._holding_keys = False
            self.call_later(self.app.release_keys)  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        self.rows_shown()

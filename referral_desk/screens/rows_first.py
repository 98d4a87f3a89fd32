"""Keys typed right behind a key whose work is not on screen yet wait for it (issue 25: `f Enter g` typed
at once found an empty list, so Enter and g did nothing; `Ctrl+S b …` on the booking form went out while
the booking was still being saved)."""

from __future__ import annotations

from textual.worker import Worker, WorkerState


class HoldsKeys:
    """Mix into a Screen: hold_typed_keys() when work starts, let_keys_go() when it is done. A slow or
    failed piece of work holds the keyboard `at_most` seconds, never longer. A form that saves in a worker
    names its group in KEYS_WAIT_FOR, calls hold_keys_for_save() on Ctrl+S, and its keys go when that worker
    ends (the booking, the referral, the handover: keys typed behind Ctrl+S were lost, outside trials)."""

    _holding_keys = False
    KEYS_WAIT_FOR = ""  # the saving worker's group
    HOLD_KEYS_AT_MOST = 5.0  # seconds, if the store is slow

    def hold_keys_for_save(self) -> None:
        self.hold_typed_keys(self.HOLD_KEYS_AT_MOST)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # After the worker's own messages (saved, a question to save again, a refusal) were handled.
        if self.KEYS_WAIT_FOR and event.worker.group == self.KEYS_WAIT_FOR and event.state in (
                WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self.let_keys_go()

    def hold_typed_keys(self, at_most: float) -> None:
        app = self.app  # type: ignore[attr-defined]
        if not hasattr(app, "hold_keys_unless_held") or not app.hold_keys_unless_held():
            return  # a test app, or the start-up's own hold (it releases them itself)
        self._holding_keys = True
        callbacks = getattr(self, "_result_callbacks", None)
        self._keys_requester = callbacks[-1].requester if callbacks else None
        self.set_timer(at_most, self.let_keys_go)  # type: ignore[attr-defined]

    def let_keys_go(self) -> None:
        if self._holding_keys:
            self._holding_keys = False
            requester = getattr(self, "_keys_requester", None)
            if requester is not None and getattr(requester, "is_attached", False):
                # Behind the result's callback, which Textual queues with call_next on the screen that opened
                # this one (it may open the next screen: `Ctrl+S g` on the referral form); call_later there
                # could run first.
                requester.call_next(self.app.release_keys)  # type: ignore[attr-defined]
            else:
                self.app.call_later(self.app.release_keys)  # type: ignore[attr-defined]


class KeysWaitForRows(HoldsKeys):
    """A Screen whose rows come from a worker: hold_keys_for_rows() on mount, rows_shown() once the rows
    are on screen."""

    HOLD_AT_MOST = 2.0

    def hold_keys_for_rows(self) -> None:
        self.hold_typed_keys(self.HOLD_AT_MOST)

    def rows_shown(self) -> None:
        self.let_keys_go()

    def on_unmount(self) -> None:
        self.let_keys_go()

    def on_screen_suspend(self) -> None:
        self.let_keys_go()  # a kept screen is not unmounted when it closes

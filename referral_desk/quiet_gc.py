"""Full garbage collections kept short, and run while nobody types (issue 25).

On the year store Python's full collection took 100-300 ms and came every few seconds of use; a key
pressed meanwhile waited for it (most of the p95 figures in `make bench`'s key table). It walked
everything the desk holds: the modules and the dashboard, alive all shift, and render caches Textual
kept for widgets long gone. Here the first is frozen once the store is open (never walked again), the
second is let go every second (textual_adapter.release_textual_leftovers), and a full collection runs
as soon as the keyboard is quiet. Python starts a full collection itself only after FULL_EVERY young
ones (ten by default, a few seconds of keys): those landed under a key, 14-140 ms each, and made the keys'
p95 figures. The young collections stay as they are, so cycles that die young never reach the old
generation, and a typist who never rests still gets a full collection from Python, later.

What a full collection walks is mostly what the desk built after it opened and keeps: the screens kept for
their next look and the lines they drew (150,000 objects once each screen was opened, 110 ms a collection).
When the desk has built a screen it keeps (`kept()`), the next quiet collection freezes what survives it,
at most REFREEZES times a session (one per kind of kept screen). An object frozen and later dropped in a
cycle is never freed: freezing at every collection (tried) let memory grow with every refresh, and freezing
whenever survivors piled up froze the panes' rows of a desk left alone (the shift bench: +23 MB).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


class QuietCollector:
    QUIET_SECONDS = 1.0  # no key for this long: a collection will not be in anyone's way
    FULL_EVERY = 200  # young (generation 1) collections before Python itself walks everything
    REFREEZES = 8

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_key = clock()
        self._frozen = False
        self._thresholds: tuple[int, int, int] | None = None  # Python's, while the desk holds its own
        self.collections = 0
        self.refrozen = 0
        self._built = False  # a kept screen built since the last freeze

    def start(self) -> None:
        """Once the desk is open: what is alive now (modules, the dashboard) lives as long as the desk,
        and no later collection walks it again."""
        if not self._frozen:
            gc.collect()
            gc.freeze()
            self._frozen = True
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _old = self._thresholds
            gc.set_threshold(young, middle, self.FULL_EVERY)

    def stop(self) -> None:
        """Everything frozen collectable again."""
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def kept(self) -> None:
        """The desk built a screen it keeps for the rest of the session."""
        self._built = True

    def typed(self) -> None:
        self._last_key = self._clock()

    def due(self) -> bool:
        """Quiet, and something has lived through a young collection since the last full one."""
        return self._clock() - self._last_key >= self.QUIET_SECONDS and gc.get_count()[2] > 0

    def tick(self) -> bool:
        """Once a second: a full collection if one is due (True)."""
        if not self.due():
            return False
        gc.collect()
        self.collections += 1
        if self._frozen and self._built and self.refrozen < self.REFREEZES:
            gc.freeze()
            self.refrozen += 1
        self._built = False
        return True

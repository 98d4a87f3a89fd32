"""Full garbage collections kept short, and run while nobody types (issue 25).

On the year store Python's full collection took 100-300 ms and came every few seconds of use; a key
pressed meanwhile waited for it (most of the p95 figures in `make bench`'s key table). It walked
everything the desk holds: the modules and the dashboard, alive all shift, and render caches Textual
kept for widgets long gone. Here the first is frozen once the store is open (never walked again), the
second is let go every second (textual_adapter.release_textual_leftovers), and a full collection runs
as soon as the keyboard is quiet, so the ones Python starts itself meet little garbage. Python's own
thresholds stay: memory stays flat whatever the operator does.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


class QuietCollector:
    QUIET_SECONDS = 1.0  # no key for this long: a collection will not be in anyone's way

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_key = clock()
        self._frozen = False
        self.collections = 0

    def start(self) -> None:
        """Once the desk is open: what is alive now (modules, the dashboard) lives as long as the desk,
        and no later collection walks it again."""
        if not self._frozen:
            gc.collect()
            gc.freeze()
            self._frozen = True

    def stop(self) -> None:
        """Everything frozen collectable again."""
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

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
        return True

"""Bad tokens from one address are slowed down: after a burst of failures that address gets 429
for a while. A good token is never counted nor slowed, whoever shares its address."""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from datetime import datetime, timedelta

from referral_desk.clock import Clock

BURST = 20  # bad tokens within WINDOW before an address is told to wait
WINDOW = timedelta(minutes=1)
MAX_ADDRESSES = 10_000  # remembered at most; the longest quiet are forgotten first


class FailureThrottle:
    def __init__(self, clock: Clock, burst: int = BURST, window: timedelta = WINDOW) -> None:
        self.clock = clock
        self.burst = burst
        self.window = window
        self._failures: OrderedDict[str, deque[datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def failed(self, address: str) -> int | None:
        """Count one bad token from `address`; the seconds it must wait, once past the burst."""
        now = self.clock.now()
        with self._lock:
            times = self._failures.pop(address, None) or deque()
            while times and now - times[0] > self.window:
                times.popleft()
            times.append(now)
            if len(times) > self.burst * 2:
                times.popleft()  # enough to judge: memory stays bounded under a flood
            self._failures[address] = times
            while len(self._failures) > MAX_ADDRESSES:
                self._failures.popitem(last=False)
            if len(times) <= self.burst:
                return None
            return max(1, int((times[0] + self.window - now).total_seconds()) + 1)

"""Background sync for the desk: a round every few seconds, at once after a local
change, and backing off while the server cannot be reached."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from referral_desk.clock import Clock
from referral_desk.domain.bounds import halves
from referral_desk.sync.client import SyncClient, SyncError, SyncReport
from referral_desk.sync.protocol import OTHER_SERVER

MAX_BACKOFF = 60.0
# How far each wait is spread at random: a little between good rounds, so desks switched on at 08:00
# together drift apart; half the wait while backing off, so 300 desks that lost the server at the same
# moment do not all come back at the same moment (issue 23: the reconnect storm after a restart).
STEADY_SPREAD = 0.1
BACKOFF_SPREAD = 0.5


@dataclass(frozen=True)
class SyncState:
    configured: bool
    online: bool | None = None  # None: no round finished yet
    last_success: datetime | None = None
    last_error: str | None = None
    waiting: int = 0
    conflicts: int = 0
    role: str | None = None  # the token's role, once the server has said it
    held_readonly: int = 0  # changes kept unsent because the token is read-only
    other_server: bool = False  # the server is another installation: nothing exchanged until adopted
    parked: int = 0  # changes kept and sent again each round (their record, or room for them, missing)
    parked_words: str = ""  # what the last round said of them
    last_error_short: str | None = None  # the status line's few words (sync.failure)
    policy_differs: str = ""  # the server's time zone, service hours or reply limit are not this desk's


class SyncRunner:
    """Thread-safe: rounds never overlap; the state is read from the UI thread."""

    def __init__(self, client: SyncClient, clock: Clock, interval: float = 5.0,
                 chance: Callable[[], float] = random.random) -> None:
        """`chance`: a number in [0, 1) each call (tests fix it)."""
        self.client = client
        self.clock = clock
        self.interval = interval
        self.chance = chance
        self.failures = 0
        self.retry_after: float | None = None
        self._lock = threading.Lock()
        waiting, conflicts = client.counts()
        self.state = SyncState(configured=True, waiting=waiting, conflicts=conflicts)

    def next_delay(self) -> float:
        """Seconds to the next round: the interval; after a busy server's 503, its Retry-After, spread
        upwards at random (the server is up and says when: doubling would leave it idle while desks
        wait); after any other failure, the interval doubled per failure up to a minute and spread
        downwards at random (so the cap holds)."""
        if not self.failures:
            return self.interval * (1 - STEADY_SPREAD * self.chance())
        if self.retry_after is not None:
            return self.retry_after * (1 + BACKOFF_SPREAD * self.chance())
        backoff = min(self.interval * (2 ** self.failures), MAX_BACKOFF)
        return backoff * (1 - BACKOFF_SPREAD * self.chance())

    def run_once(self) -> SyncReport | None:
        if not self._lock.acquire(blocking=False):
            return None  # a round is already under way; its successor will pick this change up
        try:
            try:
                report = self.client.sync_once()
            except SyncError as exc:
                self.failures += 1
                self.retry_after = exc.retry_after
                waiting, conflicts = self.client.counts()
                self.state = SyncState(True, False, self.state.last_success, str(exc), waiting, conflicts,
                                       self.state.role, other_server=exc.code == OTHER_SERVER,
                                       last_error_short=exc.short, policy_differs=self.state.policy_differs)
                return None
            self.failures = 0
            self.retry_after = None
            self.state = SyncState(True, True, self.clock.now(), None, report.waiting, report.conflicts,
                                   report.role or self.state.role, report.held_readonly, parked=report.parked,
                                   parked_words="\n".join(halves(w)[0] for w in report.parked_words()),
                                   policy_differs=report.policy_differs)
            return report
        finally:
            self._lock.release()

    def adopt_server(self) -> None:
        """The operator said the other server is this desk's own now: the next round starts over there."""
        self.client.adopt_server = True

    def close(self) -> None:
        self.client.close()

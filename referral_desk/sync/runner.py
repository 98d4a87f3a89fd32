"""Background sync for the desk: a round every few seconds, at once after a local
change, and backing off while the server cannot be reached."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from referral_desk.clock import Clock
from referral_desk.domain.bounds import halves
from referral_desk.sync.client import SyncClient, SyncError, SyncReport
from referral_desk.sync.protocol import OTHER_SERVER

MAX_BACKOFF = 60.0


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


class SyncRunner:
    """Thread-safe: rounds never overlap; the state is read from the UI thread."""

    def __init__(self, client: SyncClient, clock: Clock, interval: float = 5.0) -> None:
        self.client = client
        self.clock = clock
        self.interval = interval
        self.failures = 0
        self._lock = threading.Lock()
        waiting, conflicts = client.counts()
        self.state = SyncState(configured=True, waiting=waiting, conflicts=conflicts)

    def next_delay(self) -> float:
        return min(self.interval * (2 ** self.failures), MAX_BACKOFF) if self.failures else self.interval

    def run_once(self) -> SyncReport | None:
        if not self._lock.acquire(blocking=False):
            return None  # a round is already under way; its successor will pick this change up
        try:
            try:
                report = self.client.sync_once()
            except SyncError as exc:
                self.failures += 1
                waiting, conflicts = self.client.counts()
                self.state = SyncState(True, False, self.state.last_success, str(exc), waiting, conflicts,
                                       self.state.role, other_server=exc.code == OTHER_SERVER)
                return None
            self.failures = 0
            self.state = SyncState(True, True, self.clock.now(), None, report.waiting, report.conflicts,
                                   report.role or self.state.role, report.held_readonly, parked=report.parked,
                                   parked_words="\n".join(halves(w)[0] for w in report.parked_words()))
            return report
        finally:
            self._lock.release()

    def adopt_server(self) -> None:
        """The operator said the other server is this desk's own now: the next round starts over there."""
        self.client.adopt_server = True

    def close(self) -> None:
        self.client.close()

"""systemd's notify protocol for `serve` under `Type=notify` with `WatchdogSec=`: READY=1 once the server
answers on its port (not merely when the process started), then WATCHDOG=1 every half period for as long
as `/api/v1/live` answers. A server that stops answering (a wedged event loop, every worker gone) gets no
ping, and systemd restarts it after WatchdogSec. Nothing is done where NOTIFY_SOCKET is not set."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

log = logging.getLogger("referral_desk.server")

# How long a server may take to answer its first probe before READY=1 is given up on (systemd's own
# TimeoutStartSec then fails the start).
FIRST_ANSWER_WITHIN = 120.0


def notify(message: str) -> bool:
    """Send one notification (`READY=1`, `WATCHDOG=1`, `STATUS=...`); False where there is no socket."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
        try:
            sock.connect(address)
            sock.sendall(message.encode())
        except OSError:
            return False
    return True


def watchdog_period() -> float | None:
    """Seconds between pings (half of WatchdogSec), or None without a watchdog meant for this process."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0 or (pid and pid != str(os.getpid())):
        return None
    return int(usec) / 2_000_000


class Watchdog:
    """A daemon thread in the serving (parent) process. `probe(timeout)` returns None when the server
    answered within `timeout` seconds, else why not.

    Each probe may take up to the ping period (half of WatchdogSec): under a reconnect storm `/live` waits
    its turn behind hundreds of desks' calls for several seconds (README: Load), and a server that is busy,
    not wedged, must not be restarted into the storm. One probe that fails for a whole period restarts it."""

    def __init__(self, probe: Callable[[float], str | None], status: str, stop: threading.Event | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.probe = probe
        self.clock = clock
        self.status = status
        self.stop = stop or threading.Event()
        self.thread = threading.Thread(target=self._run, name="systemd-watchdog", daemon=True)

    @classmethod
    def start_if_asked(cls, probe: Callable[[float], str | None], status: str) -> Watchdog | None:
        if not os.environ.get("NOTIFY_SOCKET"):
            return None
        dog = cls(probe, status)
        dog.thread.start()
        return dog

    def _run(self) -> None:
        period = watchdog_period()
        step = min(period or 1.0, 1.0)
        waited = 0.0
        while (why := self.probe(step)) is not None:  # READY=1 only once it answers
            waited += step
            if waited > FIRST_ANSWER_WITHIN or self.stop.wait(step):
                log.error("server does not answer its own probe; systemd not told it is ready: %s", why)
                return
        notify(f"READY=1\nSTATUS={self.status}")
        if period is None:
            return
        failing = False
        due = self.clock() + period
        while not self.stop.wait(max(0.0, due - self.clock())):
            due = self.clock() + period  # the next ping is due a period after this probe began
            why = self.probe(max(0.5, period - 0.5))
            if why is None:
                notify("WATCHDOG=1")
                if failing:
                    log.warning("server answers its own probe again; watchdog pings resumed",
                                extra={"event": "watchdog_resumed"})
                failing = False
            elif not failing:
                failing = True
                log.error("server does not answer its own probe; no watchdog ping (systemd restarts it after "
                          "WatchdogSec): %s", why, extra={"event": "watchdog_missed", "reason": why})

    def close(self) -> None:
        notify("STOPPING=1")
        self.stop.set()

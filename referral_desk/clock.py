"""Clocks: every deadline computation asks one of these, never datetime.now()."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from referral_desk.domain.policy import Policy


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""


class HasClockAndPolicy(Protocol):
    @property
    def clock(self) -> Clock: ...
    @property
    def policy(self) -> Policy: ...


class LocalTime:
    """Now, and an instant on the desk's wall clock (the policy's time zone), for whatever holds a `clock`
    and a `policy`."""

    def now(self: HasClockAndPolicy) -> datetime:
        return self.clock.now()

    def local(self: HasClockAndPolicy, at: datetime) -> datetime:
        return at.astimezone(self.policy.tz)

    def today(self: HasClockAndPolicy) -> date:
        return self.clock.now().astimezone(self.policy.tz).date()


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told; tests and snapshots use it."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta) -> None:
        self._at += delta

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)


class StartedClock:
    """Starts at a given instant and runs on in real time: the desk in a terminal test, or a
    training session, sees the day the data was made for, with timers that still tick."""

    def __init__(self, at: datetime, speed: float = 1.0) -> None:
        """`speed`: desk seconds per real second (a shift's soak run in minutes; the desk's own timers still
        tick in real seconds)."""
        if at.tzinfo is None:
            raise ValueError("StartedClock needs an aware datetime")
        self._at = at.astimezone(UTC)
        self._speed = speed
        self._started = time.monotonic()

    def now(self) -> datetime:
        return self._at + timedelta(seconds=(time.monotonic() - self._started) * self._speed)

    @property
    def speed(self) -> float:
        return self._speed


START_AT_ENV = "REFERRAL_DESK_START_AT"
SPEED_ENV = "REFERRAL_DESK_CLOCK_SPEED"
MAX_SPEED = 3600.0


def _speed_from_environment() -> float:
    value = os.environ.get(SPEED_ENV, "").strip()
    if not value:
        return 1.0
    try:
        speed = float(value)
    except ValueError:
        speed = 0.0
    if not 1.0 <= speed <= MAX_SPEED:  # also refuses nan and inf
        raise ValueError(f"{SPEED_ENV}={value!r}: expected a number from 1 to {MAX_SPEED:g} (desk seconds a second)")
    if not os.environ.get(START_AT_ENV, "").strip():
        raise ValueError(f"{SPEED_ENV} needs {START_AT_ENV}: a faster clock starts from a given instant")
    return speed


def clock_from_environment() -> Clock:
    """The system clock, unless REFERRAL_DESK_START_AT (an ISO instant with its offset) says
    where to start, and REFERRAL_DESK_CLOCK_SPEED how fast it runs from there (benchmarks.soak);
    a malformed value is refused rather than silently ignored."""
    speed = _speed_from_environment()
    value = os.environ.get(START_AT_ENV, "").strip()
    if not value:
        return SystemClock()
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{START_AT_ENV}={value!r}: expected an ISO instant such as 2026-11-23T10:00+08:00") from None
    if at.tzinfo is None:
        raise ValueError(f"{START_AT_ENV}={value!r}: the instant needs its UTC offset, e.g. +08:00")
    from referral_desk.domain.bounds import check_value

    check_value(at)  # a desk started in year 9999 could write nothing: refused here, in words
    return StartedClock(at, speed)

"""Clocks: every deadline computation asks one of these, never datetime.now()."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FixedClock:
    """A clock that only moves when told; tests and snapshots use it."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta) -> None:
        self._at += delta

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(timezone.utc)


class StartedClock:
    """Starts at a given instant and runs on in real time: the desk in a terminal test, or a
    training session, sees the day the data was made for, with timers that still tick."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("StartedClock needs an aware datetime")
        self._at = at.astimezone(timezone.utc)
        self._started = time.monotonic()

    def now(self) -> datetime:
        return self._at + timedelta(seconds=time.monotonic() - self._started)


START_AT_ENV = "REFERRAL_DESK_START_AT"


def clock_from_environment() -> Clock:
    """The system clock, unless REFERRAL_DESK_START_AT (an ISO instant with its offset) says
    where to start; a malformed value is refused rather than silently ignored."""
    value = os.environ.get(START_AT_ENV, "").strip()
    if not value:
        return SystemClock()
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{START_AT_ENV}={value!r}: expected an ISO instant such as 2026-11-23T10:00+08:00")
    if at.tzinfo is None:
        raise ValueError(f"{START_AT_ENV}={value!r}: the instant needs its UTC offset, e.g. +08:00")
    from referral_desk.domain.bounds import check_value

    check_value(at)  # a desk started in year 9999 could write nothing: refused here, in words
    return StartedClock(at)

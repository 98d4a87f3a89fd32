"""Consultation service hours (000: 08:00-12:00 and 13:30-23:00 every day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache


@dataclass(frozen=True)
class Period:
    start: time
    end: time

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError(f"service period must start before it ends: {self.start}-{self.end}")

    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_periods(text: str) -> tuple[Period, ...]:
    """Parse '08:00-12:00,13:30-23:00' into sorted, non-overlapping periods."""
    periods: list[Period] = []
    for part in text.replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            start_s, end_s = part.split("-")
            periods.append(Period(time.fromisoformat(start_s.strip()), time.fromisoformat(end_s.strip())))
        except ValueError as exc:
            raise ValueError(f"服务时间格式应为 HH:MM-HH:MM，收到「{part}」") from exc
    periods.sort(key=lambda p: p.start)
    for a, b in zip(periods, periods[1:], strict=False):
        if b.start < a.end:
            raise ValueError(f"服务时间段重叠：{a.label()} 与 {b.label()}")
    if not periods:
        raise ValueError("至少需要一个服务时间段")
    return tuple(periods)


DEFAULT_SERVICE_HOURS = parse_periods("08:00-12:00,13:30-23:00")


@dataclass(frozen=True)
class ServiceHours:
    periods: tuple[Period, ...] = DEFAULT_SERVICE_HOURS

    def label(self) -> str:
        return "、".join(p.label() for p in self.periods)

    def contains(self, at: datetime, tz: tzinfo) -> bool:
        local = at.astimezone(tz).time()
        return any(p.start <= local < p.end for p in self.periods)

    def slot_allowed(self, start: datetime, end: datetime, tz: tzinfo) -> bool:
        """A slot must lie inside one period of one local day."""
        ls, le = start.astimezone(tz), end.astimezone(tz)
        if ls.date() != le.date() or not ls < le:
            return False
        return any(p.start <= ls.time() and le.time() <= p.end for p in self.periods)

    def _windows(self, day: date, tz: tzinfo) -> tuple[tuple[datetime, datetime], ...]:
        return _day_windows(self.periods, day, tz)

    def add_service_time(self, start: datetime, amount: timedelta, tz: tzinfo) -> datetime:
        """The instant when `amount` of service time has passed since `start`.

        Time outside the service hours (the lunch break, the night) does not count,
        so a request submitted at 11:40 with a 60-minute limit is due at 14:10.
        """
        remaining = amount
        cursor = start.astimezone(tz)
        day = cursor.date()
        for _ in range(3660):  # a limit of years would be a configuration error
            for w_start, w_end in self._windows(day, tz):
                if w_end <= cursor:
                    continue
                begin = max(cursor, w_start)
                available = w_end - begin
                if remaining <= available:
                    return (begin + remaining).astimezone(start.tzinfo)
                remaining -= available
                cursor = w_end
            day += timedelta(days=1)
        raise ValueError("reply limit too long for the service hours")


@lru_cache(maxsize=1024)
def _day_windows(periods: tuple[Period, ...], day: date, tz: tzinfo) -> tuple[tuple[datetime, datetime], ...]:
    """A day's service windows as instants: a year's statistics asks for each day's hundreds of times."""
    return tuple((datetime.combine(day, p.start, tzinfo=tz), datetime.combine(day, p.end, tzinfo=tz))
                 for p in periods)

"""Full garbage collections kept short and run while nobody types (issue 25: Python's own, 100-300 ms
every few seconds, made the keys' p95 figures)."""

from __future__ import annotations

import gc

import pytest

from referral_desk.quiet_gc import QuietCollector


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def some_long_lived_garbage() -> None:
    """Cycles that live through young collections, as a closed screen's widgets do."""
    kept = []
    for _ in range(30_000):
        a: list = []
        a.append(a)
        kept.append(a)
    gc.collect(1)  # into the old generation, counted as a young collection behind it
    del kept


@pytest.fixture
def collector():
    clock = Clock()
    quiet = QuietCollector(clock=clock)
    quiet.clock = clock  # type: ignore[attr-defined]
    yield quiet
    quiet.stop()


def test_nothing_is_collected_while_keys_come(collector):
    collector.start()
    some_long_lived_garbage()
    collector.typed()
    collector.clock.now += collector.QUIET_SECONDS / 2
    assert collector.tick() is False and collector.collections == 0


def test_a_quiet_keyboard_gets_the_collection(collector):
    collector.start()
    some_long_lived_garbage()
    collector.typed()
    collector.clock.now += collector.QUIET_SECONDS
    assert collector.tick() is True and collector.collections == 1
    assert gc.get_count()[2] == 0  # the old generation was walked
    assert collector.tick() is False  # nothing has aged since: an idle desk does not keep collecting


def test_the_desk_alive_at_start_is_frozen_and_given_back_at_the_end(collector):
    collector.start()
    assert gc.get_freeze_count() > 0
    collector.stop()
    assert gc.get_freeze_count() == 0


async def test_the_desk_tells_its_collector_of_every_key_and_freezes_once_open(filled, settings):
    from referral_desk.app import ReferralDeskApp
    from tests.pilot import settle

    clock = Clock()
    quiet = QuietCollector(clock=clock)
    app = ReferralDeskApp(filled, settings, "desk.sqlite3", collector=quiet)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            assert gc.get_freeze_count() > 0  # frozen once the store was open
            some_long_lived_garbage()
            clock.now += 60
            await pilot.press("2")
            assert quiet.due() is False  # that key was just now
            clock.now += quiet.QUIET_SECONDS
            # Garbage aged again: the desk's own timer may have collected the first lot while the key was read
            # (the full suite on a busy machine saw it), and a quiet keyboard with nothing old is not due.
            some_long_lived_garbage()
            assert quiet.due() is True
    finally:
        quiet.stop()

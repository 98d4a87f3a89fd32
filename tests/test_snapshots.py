"""The look of the desk, with a fixed clock and fixed data (update with --snapshot-update)."""

from __future__ import annotations

import asyncio

import pytest

from referral_desk.app import ReferralDeskApp


@pytest.fixture
def app(filled, settings):
    return ReferralDeskApp(filled, settings, "desk.sqlite3")


def _after_load(*keys: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        await asyncio.wait_for(app.dashboard.loaded.wait(), timeout=10)
        await app.workers.wait_for_complete()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            for _ in range(2):  # a keystroke's message may start a worker after the first wait
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


def test_dashboard_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after_load())


def test_dashboard_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load())


def test_directory_search_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("slash", *"ygzx", "enter"))


def test_request_details_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("2", "enter"))


def test_specialist_month_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("1", "enter"))


def test_bed_log_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("3", "down", "enter"))


def test_keys_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after_load("question_mark"))

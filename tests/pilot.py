"""Helpers for pilot tests of the desk: wait for it to settle, read a pane's cells."""

from __future__ import annotations

import asyncio
import io

from rich.console import Console

from referral_desk.widgets.desk_table import DeskTable
from referral_desk.widgets.palette import cell_theme


async def workers_idle(app) -> None:
    """Wait until no worker runs. An exclusive worker superseded meanwhile (a refresh replaced by a newer
    one on its 1 s interval, under load) is cancelled, which is how it should end, not a failure; a worker
    that raised has been said by the app (App.worker_ended: tests read its notices and worker_failures)."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(20):
        try:
            await app.workers.wait_for_complete()
            return
        except (WorkerCancelled, WorkerFailed):
            continue
    await app.workers.wait_for_complete()


async def quiet(app, pilot) -> None:
    """What the last key or call started has ended: no worker runs, the messages its results posted are
    handled and drawn (a result that starts another read is waited for too). The screens keep no events
    for tests: this waits on Textual's own workers and message queues."""
    from textual.worker import WorkerState

    for _ in range(50):
        await workers_idle(app)
        await pilot.pause()
        await pilot.pause()  # what call_after_refresh put off until the frame drawn from the results
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            return
    raise AssertionError("the desk kept working: no quiet moment in 50 rounds")


async def until(app, pilot, condition, what: str, timeout: float = 10.0) -> None:
    """Wait, the desk running, until `condition()` holds (a timer's work: a refresh, a sync round)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        if loop.time() > end:
            raise AssertionError(f"waited {timeout} s for {what}")
        await quiet(app, pilot)
        if not condition():
            await pilot.pause(0.02)  # a look every 20 ms for the next timer's work, not a wait for it
    await quiet(app, pilot)  # and what the desk makes of it


async def settle(app, pilot) -> None:
    await asyncio.wait_for(app.dashboard.loaded.wait(), timeout=10)
    await workers_idle(app)
    await pilot.pause()


def body_text(app) -> str:
    console = Console(width=110, file=io.StringIO(), color_system=None, theme=cell_theme("dark"))
    console.print(app.screen.body)
    return console.file.getvalue()


def table(app, name) -> DeskTable:
    return app.screen.query_one(f"#{name}-table", DeskTable)


def column(app, name, key) -> list[str]:
    t = table(app, name)
    return [str(t.get_cell(row_key, key)) for row_key in t.rows]


async def open_screen(app, pilot, key: str):
    """The desk as it opens, then `key`: the screen it opens, once its rows or figures are read."""
    await settle(app, pilot)
    await pilot.press(key)
    await quiet(app, pilot)
    return app.screen


async def open_details(app, pilot, *keys: str):
    """The desk as it opens, then `keys` (a pane's number, moves) and Enter: the row's details, read."""
    await settle(app, pilot)
    await pilot.press(*keys, "enter")
    await workers_idle(app)
    await pilot.pause()
    return app.screen


async def open_request(app, pilot):
    """The desk as it opens, then Enter on 待审核's most urgent request: its details, read."""
    from referral_desk.screens.details import ConsultationScreen

    screen = await open_details(app, pilot, "2")
    assert isinstance(screen, ConsultationScreen)
    return screen


async def open_flagged_bed(app, pilot):
    """The desk as it opens, then Enter on 床位协调's second row: the 需协调 bed's details, read."""
    from referral_desk.screens.details import BedScreen

    screen = await open_details(app, pilot, "3", "down")
    assert isinstance(screen, BedScreen)
    return screen


async def open_refer_up_form(app, pilot, service):
    """The desk as it opens, then `r` on a consultation completed as 需上转: the upward form, prefilled."""
    from referral_desk.screens.details import ConsultationScreen
    from referral_desk.screens.referral_form import ReferralFormScreen
    from tests.fixtures import CONSULT_REFER_UP

    await settle(app, pilot)
    await app.push_screen(ConsultationScreen(service, CONSULT_REFER_UP))
    await workers_idle(app)
    await pilot.press("r")
    await workers_idle(app)
    await pilot.pause()
    assert isinstance(app.screen, ReferralFormScreen)
    return app.screen

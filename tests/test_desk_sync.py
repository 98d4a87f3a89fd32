"""The desk syncing in the background: footer state, immediate push, conflicts in words."""

from __future__ import annotations

from datetime import timedelta

import pytest

from referral_desk.app import ReferralDeskApp
from referral_desk.desk.desk import Desk
from referral_desk.domain import commands as c
from referral_desk.screens.conflicts import ConflictScreen
from referral_desk.server.app import create_app
from referral_desk.server.db import open_server_db
from referral_desk.server.tokens import create_token
from referral_desk.store.database.engine import open_store
from referral_desk.store.writes.actor import Actor
from referral_desk.sync.client import SyncClient
from referral_desk.sync.runner import SyncRunner
from referral_desk.widgets.desk_table import DeskTable
from tests.fixtures import CONSULT_OVERDUE, CONSULT_SOON, NOW, day_commands, setup_commands
from tests.live_server import LiveServer
from tests.pilot import until, workers_idle


@pytest.fixture
def central(tmp_path, clock):
    engine = open_server_db(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    live = LiveServer(create_app(engine, clock=clock))
    yield engine, live
    live.stop()
    engine.dispose()


@pytest.fixture
def other(central, tmp_path, clock, policy):
    """A second workstation, driven directly."""
    engine, live = central
    store = open_store(tmp_path / "other.sqlite3")
    service = Desk(store, policy, clock, Actor("王医生", "工作站3"))
    client = SyncClient(store, policy, clock, live.url, create_token(engine, "工作站3", "operator", NOW))
    yield service, client
    client.close()
    store.close()


@pytest.fixture
def desk(central, filled, settings, clock):
    engine, live = central
    client = SyncClient(filled.store, filled.policy, clock, live.url, create_token(engine, "窗口8-1", "operator", NOW))
    runner = CountingRunner(client, clock, interval=60, chance=lambda: 0.0)  # only the rounds a test causes
    app = ReferralDeskApp(filled, settings.with_changes(refresh_seconds=60), "desk.sqlite3", sync_runner=runner)
    yield app
    runner.close()


class CountingRunner(SyncRunner):
    """The desk's runner, counting its rounds: a test waits for the round it caused, not for a time."""

    rounds = 0
    expected = 1  # the round on start

    def run_once(self):
        try:
            return super().run_once()
        finally:
            self.rounds += 1


async def round_done(app, pilot) -> None:
    """Wait for the sync round that follows the last `expect_round` (or the first one), and what the
    dashboard makes of it."""
    runner = app.sync_runner
    await until(app, pilot, lambda: runner.rounds >= runner.expected, "a sync round", timeout=20)


def expect_round(app) -> None:
    app.sync_runner.expected = app.sync_runner.rounds + 1


async def change_and_sync(app, pilot, change) -> None:
    """A local change made off the UI thread, and the sync round it starts."""
    expect_round(app)
    worker = app.run_worker(change, thread=True)
    await worker.wait()
    await round_done(app, pilot)


def status(app) -> str:
    return str(app.dashboard.query_one("#status").render())


async def test_the_desk_pushes_on_start_and_after_each_change(desk, central, filled):
    engine, _live = central
    async with desk.run_test(size=(120, 40)) as pilot:
        await round_done(desk, pilot)
        await pilot.pause()
        assert "同步：在线" in status(desk) and "待推送 0" in status(desk)
        n = len(setup_commands()) + len(day_commands())
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM applied_mutation").scalar() == n
        expect_round(desk)
        worker = desk.run_worker(lambda: filled.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON)),
                                 thread=True)
        await worker.wait()
        await round_done(desk, pilot)  # the change itself started it: the interval is a minute
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM applied_mutation").scalar() == n + 1


async def test_a_conflict_is_told_in_words_and_acknowledged(desk, other, filled):
    service2, client2 = other
    async with desk.run_test(size=(120, 40)) as pilot:
        await round_done(desk, pilot)
        client2.sync_once()
        service2.execute(c.ApproveConsultation(consultation_id=CONSULT_OVERDUE))
        client2.sync_once()
        filled.clock.advance(timedelta(minutes=1))
        expect_round(desk)
        worker = desk.run_worker(lambda: filled.execute(
            c.DeclineConsultation(consultation_id=CONSULT_OVERDUE, reason="专家休假")), thread=True)
        await worker.wait()
        await round_done(desk, pilot)
        await pilot.pause()
        assert "冲突 1（按 ! 查看）" in status(desk)
        await pilot.press("exclamation_mark")
        await workers_idle(desk)
        await pilot.pause()
        assert isinstance(desk.screen, ConflictScreen)
        text = str(desk.screen.query_one(DeskTable).get_row_at(0)[0])
        assert text.startswith("会诊申请 #")
        assert text.endswith(" 已被王医生于10:00「审核通过」（工作站3）；您10:01的「审核拒绝」未生效")
        expect_round(desk)
        await pilot.press("a")
        await workers_idle(desk)
        await pilot.pause()
        assert filled.conflicts.open_conflicts() == []
        await pilot.press("escape")
        await round_done(desk, pilot)  # the acknowledgement is a local change: a round follows
        await pilot.pause()
        assert "冲突" not in status(desk)
        # The server's decision is what the desk shows now.
        assert CONSULT_OVERDUE not in [p.row.consultation_id for p in filled.panes.pending_approvals()]


async def test_reopening_a_conflict_registers_the_request_again(desk, other, filled):
    service2, client2 = other
    async with desk.run_test(size=(120, 40)) as pilot:
        await round_done(desk, pilot)
        client2.sync_once()
        service2.execute(c.DeclineConsultation(consultation_id=CONSULT_OVERDUE, reason="非本专业"))
        client2.sync_once()
        await change_and_sync(desk, pilot,
                              lambda: filled.execute(c.ApproveConsultation(consultation_id=CONSULT_OVERDUE)))
        await pilot.press("exclamation_mark")
        await workers_idle(desk)
        await pilot.pause()
        before = {p.row.consultation_id for p in filled.panes.pending_approvals()}
        await pilot.press("r")
        await workers_idle(desk)
        await pilot.pause()
        assert filled.conflicts.open_conflicts() == []
        new = [p.row.consultation_id for p in filled.panes.pending_approvals() if p.row.consultation_id not in before]
        assert len(new) == 1
        copy = filled.requests.consultation_detail(new[0]).consultation
        old = filled.requests.consultation_detail(CONSULT_OVERDUE).consultation
        assert (copy.patient_name, copy.requesting_unit, copy.diagnosis, copy.status) == (
            old.patient_name, old.requesting_unit, old.diagnosis, "submitted")
        assert old.status == "declined"  # the server's decision on the old request stands


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_offline_the_desk_keeps_working_and_says_so(desk, central, filled, size):
    """Which failure, in words, on the status line; at 80x24 too, where it gives up the time zone, the store's
    name and the last sync first (it ended at the store's name and an offline desk looked like any other)."""
    from rich.cells import cell_len

    _engine, live = central
    async with desk.run_test(size=size) as pilot:
        await round_done(desk, pilot)
        live.stop()
        await change_and_sync(desk, pilot, lambda: filled.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON)))
        await pilot.pause()
        shown = status(desk)
        assert "同步：离线（服务器未运行）" in shown and "待推送 1" in shown and cell_len(shown) <= size[0]
        assert desk.sync_runner.next_delay() == 60  # backing off: 60 s x 2, capped at a minute
        assert CONSULT_SOON not in [p.row.consultation_id for p in filled.panes.pending_approvals()]


async def test_a_server_restored_from_a_backup_is_said_on_screen(desk, central, filled, tmp_path, clock):
    import sqlite3

    import httpx

    engine, live = central
    async with desk.run_test(size=(120, 40)) as pilot:
        await round_done(desk, pilot)
        src, dst = sqlite3.connect(tmp_path / "server.sqlite3"), sqlite3.connect(tmp_path / "nightly.sqlite3")
        src.backup(dst)
        src.close()
        dst.close()
        await change_and_sync(desk, pilot, lambda: filled.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON)))
        live.stop()
        restored = open_server_db(f"sqlite:///{tmp_path / 'nightly.sqlite3'}")
        again = LiveServer(create_app(restored, clock=clock))
        try:
            desk.sync_runner.client.http.base_url = httpx.URL(again.url)
            expect_round(desk)
            desk.dashboard.sync_now()
            await round_done(desk, pilot)
            await pilot.pause()
            said = [n.message for n in desk._notifications if "服务器已从备份恢复" in n.message]
            assert said and "重新推送" in said[0]
            with restored.connect() as conn:  # the approval made after the backup is back on the server
                assert conn.exec_driver_sql("SELECT status FROM consultation WHERE id = ?",
                                            (CONSULT_SOON,)).scalar() == "approved"
        finally:
            again.stop()
            restored.dispose()


async def test_another_server_at_the_address_is_asked_about_and_nothing_goes_there_until_yes(desk, central, filled,
                                                                                             tmp_path, clock):
    """Issue 22 item 6: a desk pointed at another installation used to upload its last 30 days there."""
    import httpx

    from referral_desk.screens.confirm import ConfirmScreen

    _engine, live = central
    stranger = open_server_db(f"sqlite:///{tmp_path / 'another.sqlite3'}")
    there = LiveServer(create_app(stranger, clock=clock))
    try:
        async with desk.run_test(size=(120, 40)) as pilot:
            await round_done(desk, pilot)
            live.stop()
            desk.sync_runner.client.http.base_url = httpx.URL(there.url)
            token = create_token(stranger, "窗口8-1", "operator", NOW)
            desk.sync_runner.client.http.headers["Authorization"] = f"Bearer {token}"
            await change_and_sync(desk, pilot,
                                  lambda: filled.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON)))
            await pilot.pause()
            assert isinstance(desk.screen, ConfirmScreen) and "另一台服务器" in desk.screen.body_text
            assert "另一台服务器，未同步" in status(desk) and "待推送 1" in status(desk)
            with stranger.connect() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM applied_mutation").scalar() == 0
            await pilot.press("n")  # not now: said in a notice an 80-column status line cannot cut off
            await pilot.pause()
            assert any("未同步：配置的地址上是另一台服务器" in n.message for n in desk._notifications)
            expect_round(desk)
            desk.dashboard._may_ask_again()  # the timer's ten minutes, without waiting for them
            desk.dashboard.sync_now()
            await round_done(desk, pilot)
            await pilot.pause()
            assert isinstance(desk.screen, ConfirmScreen)
            expect_round(desk)
            await pilot.press("y")
            await round_done(desk, pilot)
            await pilot.pause()
            with stranger.connect() as conn:  # adopted: the desk's recent changes are there now
                assert conn.exec_driver_sql("SELECT status FROM consultation WHERE id = ?",
                                            (CONSULT_SOON,)).scalar() == "approved"
            assert "在线" in status(desk) and "待推送 0" in status(desk)
            said = [n.message for n in desk._notifications if "重新推送" in n.message]
            assert said and said[-1].startswith("已改用另一台服务器") and "备份" not in said[-1]
    finally:
        there.stop()
        stranger.dispose()



async def test_a_change_kept_for_a_missing_record_is_said_in_a_notice(desk, central, filled):
    """Issue 22: at 80 columns the status line is cut before its waiting count; a parked change is said
    where it cannot be cut, once, with who can help."""
    from sqlalchemy import text

    from tests.fixtures import day_commands, fid

    async with desk.run_test(size=(80, 24)) as pilot:
        await round_done(desk, pilot)
        booked = next(cmd for cmd, _at in day_commands() if isinstance(cmd, c.CreateConsultation))

        def offline_history() -> None:
            filled.execute(booked.model_copy(update={"consultation_id": fid(991)}))
            with filled.store.engine.begin() as conn:  # its creation never reaches the server
                conn.execute(text("UPDATE outbox SET state = 'done' WHERE entity_id = :i"), {"i": fid(991)})
            filled.execute(c.ApproveConsultation(consultation_id=fid(991)))

        await change_and_sync(desk, pilot, offline_history)
        await pilot.pause()
        said = [n.message for n in desk._notifications if "请让其他工作站都同步一次" in n.message]
        assert len(said) == 1 and "待推送 1" in status(desk)
        assert said[0].startswith("1项更改") and "change(s)" not in said[0]  # the operator's language only
        expect_round(desk)
        desk.dashboard.sync_now()
        await round_done(desk, pilot)
        await pilot.pause()
        assert len([n for n in desk._notifications if "请让其他工作站都同步一次" in n.message]) <= 1  # not again

"""Workers answer with typed messages; their refusals and failures end in one place (issue 14)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from referral_desk.domain.errors import DomainError
from referral_desk.screens.refusals import refusal_words
from tests.pilot import settle, workers_idle


def test_no_screen_hands_work_back_through_call_from_thread():
    package = Path(__file__).parent.parent / "referral_desk"
    found = [f"{p.relative_to(package)}:{n}" for p in package.rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if "call_from_thread" in line]
    assert found == []


def test_no_screen_reaches_into_the_dashboard():
    package = Path(__file__).parent.parent / "referral_desk" / "screens"
    found = [p.name for p in package.rglob("*.py") if "app.dashboard" in p.read_text(encoding="utf-8")]
    assert found == []


@pytest.mark.parametrize("error, words", [
    (DomainError("会诊申请当前为「已过期」"), "会诊申请当前为「已过期」"),
    (PermissionError(13, "Permission denied"), "无法写入文件（Permission denied）"),
    (sqlite3.OperationalError("database is locked"), "数据文件正被其他程序占用（锁定），请稍后再试"),
    (RuntimeError("身份证 371502198001011234"), None),  # a failure, not a refusal: said by type only
])
def test_a_refusal_is_said_in_words_and_anything_else_is_a_failure(error, words):
    assert refusal_words(error) == words


async def test_a_refusal_is_titled_by_its_worker_and_is_no_failure(app, filled, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise DomainError("该时段已有专家值班记录")

    monkeypatch.setattr(filled.reports, "statistics", refuse)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")  # statistics
        await workers_idle(app)
        await pilot.pause()
        said = [(n.title, n.message) for n in app._notifications if "值班记录" in n.message]
        assert said == [("未能统计", "该时段已有专家值班记录")]
        assert app.is_running and app.worker_failures == []


async def test_a_locked_store_during_a_refresh_is_said_and_the_desk_stays_open(app, filled, monkeypatch):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)

        def locked(*_args, **_kwargs):
            raise sqlite3.OperationalError("database is locked")

        monkeypatch.setattr(filled.panes, "snapshot", locked)
        app.dashboard.refresh_data()
        await workers_idle(app)
        await pilot.pause()
        said = [n.message for n in app._notifications if n.message.startswith("刷新失败")]
        assert said == ["刷新失败，将在1秒后重试：数据文件正被其他程序占用（锁定），请稍后再试"]
        assert app.is_running and app.worker_failures == []


def test_every_worker_goes_through_the_desks_own_route_and_nothing_overrides_textual_privately():
    """Workers start through screens.work (exit_on_error=False, failures posted to the app): a bare
    @work or run_worker would end the desk on its first exception. No private App method is overridden
    (issue 27: `_handle_exception` was)."""
    from referral_desk.app import ReferralDeskApp

    package = Path(__file__).parent.parent / "referral_desk"
    bare = [f"{p.relative_to(package)}:{n}" for p in package.rglob("*.py") if p.name != "work.py"
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if "@work(" in line or ".run_worker(" in line]
    assert bare == []
    assert "_handle_exception" not in vars(ReferralDeskApp)


def test_screens_keep_no_events_for_tests():
    """Issue 27: sixteen asyncio.Event attributes lived in screens only for tests to wait on; tests wait on
    the workers and the message queues (tests/pilot.py `quiet`, `until`). The dashboard's `loaded` stays:
    the app waits on it (`--exit-when-ready`, the keys typed before the store opens)."""
    package = Path(__file__).parent.parent / "referral_desk"
    events = [f"{p.relative_to(package)}: {line.strip()}"
              for folder in ("screens", "widgets") for p in (package / folder).rglob("*.py")
              for line in p.read_text(encoding="utf-8").splitlines()
              if "asyncio.Event(" in line or "test hook" in line]
    assert events == ["screens/dashboard.py: self.loaded = asyncio.Event()  # set by the first refresh"]


async def test_a_worker_that_fails_after_its_screen_closed_is_still_said(app, filled, monkeypatch):
    """The failure goes to the app, not to the screen that started the work: a form closed while its save
    was still running has no screen left to hear of it."""
    import asyncio
    import threading

    from textual.screen import ModalScreen

    from referral_desk.screens.work import desk_work

    started, go_on = threading.Event(), threading.Event()

    class Saving(ModalScreen):
        @desk_work(thread=True, description="未保存（测试）")
        def save(self) -> None:
            started.set()
            go_on.wait(10)
            raise DomainError("该单位已停用")

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = Saving()
        await app.push_screen(screen)
        screen.save()
        assert await asyncio.to_thread(started.wait, 10)  # the save is under way
        app.pop_screen()
        await pilot.pause()
        assert not screen.is_attached
        ended = asyncio.Event()  # the closed screen's worker was cancelled: nothing to wait on but the app
        told = app.worker_ended
        monkeypatch.setattr(app, "worker_ended", lambda *args: (told(*args), ended.set()))
        go_on.set()
        await asyncio.wait_for(ended.wait(), 10)
        said = [(n.title, n.message) for n in app._notifications if "停用" in n.message]
        assert said == [("未保存（测试）", "该单位已停用")]
        assert app.is_running and app.worker_failures == []

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

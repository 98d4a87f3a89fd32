"""Requests past their deadline: expired only by an operator (one by one or in bulk) or by the
configured policy, each with its reason in the timeline; never silently dropped."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from referral_desk.config import ConfigError, load_settings
from referral_desk.screens.confirm import ConfirmScreen
from tests.fixtures import CONSULT_HALF, CONSULT_OVERDUE
from tests.pilot import settle, workers_idle


def status(service, cid: str) -> str:
    return service.requests.consultation_detail(cid).consultation.status


def test_bulk_expiry_takes_only_what_is_past_its_deadline_and_says_why(filled):
    assert [p.row.consultation_id for p in filled.requests.overdue_for_expiry()] == [CONSULT_OVERDUE]
    assert filled.requests.expire_overdue() == 1
    assert status(filled, CONSULT_OVERDUE) == "expired"
    assert status(filled, CONSULT_HALF) == "submitted"
    assert (filled.requests.consultation_detail(CONSULT_OVERDUE).timeline[-1].summary
            == "标记过期：超过审核截止未审核（批量处理）")
    assert CONSULT_OVERDUE not in [p.row.consultation_id for p in filled.panes.pending_approvals()]
    assert filled.requests.expire_overdue() == 0  # nothing left to do, nothing written


def test_the_policy_waits_its_grace_period_on_the_injected_clock(filled, clock):
    filled.policy = replace(filled.policy, expire_after=timedelta(minutes=60))
    assert filled.requests.expire_by_policy() == 0  # 30 minutes past the deadline at 10:00
    clock.advance(timedelta(minutes=30))
    assert filled.requests.expire_by_policy() == 1
    assert status(filled, CONSULT_OVERDUE) == "expired"
    assert "过期策略" in filled.requests.consultation_detail(CONSULT_OVERDUE).timeline[-1].summary


def test_without_a_policy_nothing_expires_by_itself(filled, clock):
    clock.advance(timedelta(days=2))
    assert filled.requests.expire_by_policy() == 0
    assert status(filled, CONSULT_OVERDUE) == "submitted"


def test_a_request_approved_after_the_operator_looked_is_left_alone(filled):
    from referral_desk.domain.commands import ApproveConsultation

    seen = {p.row.consultation_id for p in filled.requests.overdue_for_expiry()}
    filled.execute(ApproveConsultation(consultation_id=CONSULT_OVERDUE))
    assert filled.requests.expire_overdue(only=seen) == 0
    assert status(filled, CONSULT_OVERDUE) == "approved"


def test_the_setting_is_checked(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[desk]\nexpire_overdue_after_minutes = -5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="不能为负数"):
        load_settings(path)
    path.write_text("[desk]\nexpire_overdue_after_minutes = 90\n", encoding="utf-8")
    assert load_settings(path).policy().expire_after == timedelta(minutes=90)
    path.write_text("[desk]\n", encoding="utf-8")
    assert load_settings(path).policy().expire_after is None


async def test_x_asks_first_and_n_writes_nothing(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "1 条" in app.screen.body_text and "阳谷中心医院" in app.screen.body_text
        await pilot.press("n")
        await pilot.pause()
        assert status(filled, CONSULT_OVERDUE) == "submitted"
        await pilot.press("X")
        await pilot.pause()
        await pilot.press("enter")  # Enter is not a yes (issue 13): the question stays
        await workers_idle(app)
        assert isinstance(app.screen, ConfirmScreen) and status(filled, CONSULT_OVERDUE) == "submitted"
        await pilot.press("y")
        await workers_idle(app)
        await pilot.pause()
        assert status(filled, CONSULT_OVERDUE) == "expired"
        assert any("已将 1 条申请标记为过期" in n.message for n in app._notifications)
        await pilot.press("X")  # nothing overdue any more: said, not asked
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert any("没有已超过审核截止的申请" in n.message for n in app._notifications)


async def test_the_dashboard_runs_the_policy_and_says_so(app, filled, clock):
    filled.policy = replace(filled.policy, expire_after=timedelta(minutes=15))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.dashboard.expire_by_policy()
        await workers_idle(app)
        await pilot.pause()
        assert status(filled, CONSULT_OVERDUE) == "expired"
        assert any("已按过期策略将 1 条" in n.message for n in app._notifications)

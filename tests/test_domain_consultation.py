from __future__ import annotations

from datetime import timedelta

import pytest

from referral_desk.domain.consultation import (
    TRANSITIONS,
    ConsultationStatus,
    Urgency,
    approval_deadline,
    check_outcome,
    check_transition,
    format_countdown,
    urgency,
)
from referral_desk.domain.errors import DomainError, IllegalTransition
from referral_desk.domain.policy import Policy
from tests.fixtures import TODAY, local

S = ConsultationStatus
LEGAL = {
    (S.SUBMITTED, S.APPROVED), (S.SUBMITTED, S.DECLINED), (S.SUBMITTED, S.WITHDRAWN), (S.SUBMITTED, S.EXPIRED),
    (S.APPROVED, S.SCHEDULED),
    (S.SCHEDULED, S.COMPLETED), (S.SCHEDULED, S.NO_SHOW), (S.SCHEDULED, S.CANCELLED),
}
ALL_PAIRS = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
def test_legal_transitions_are_allowed(current, target):
    assert check_transition(current.value, target.value) is target


@pytest.mark.parametrize(("current", "target"), [p for p in ALL_PAIRS if p not in LEGAL])
def test_illegal_transitions_say_which(current, target):
    with pytest.raises(IllegalTransition) as err:
        check_transition(current.value, target.value)
    assert current.label in err.value.message and target.label in err.value.message
    assert (err.value.current, err.value.target) == (current.value, target.value)
    assert "->" not in err.value.message  # Chinese only on the operator's screen (issue 25)


def test_the_table_matches_the_issue():
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == LEGAL
    assert {s for s in S if s.is_final} == {S.DECLINED, S.WITHDRAWN, S.EXPIRED, S.COMPLETED, S.NO_SHOW, S.CANCELLED}


def test_outcome_is_refer_up_or_a_plan_in_words():
    assert check_outcome("refer_up", "").value == "refer_up"
    assert check_outcome("treatment_plan", "继续口服").value == "treatment_plan"
    with pytest.raises(DomainError, match="方案内容"):
        check_outcome("treatment_plan", "  ")
    with pytest.raises(DomainError):
        check_outcome("something", "x")


@pytest.fixture
def policy():
    return Policy()


def test_deadline_is_reply_limit_inside_service_hours(policy):
    assert approval_deadline(local(9, 0), None, policy) == local(10, 0)


def test_deadline_is_pulled_forward_by_the_appointment(policy):
    # submitted + 60 min = 10:00, appointment - 30 min = 09:40: the earlier wins.
    assert approval_deadline(local(9, 0), local(10, 10), policy) == local(9, 40)


def test_deadline_skips_the_lunch_break(policy):
    # 20 minutes before 12:00, 40 minutes after 13:30.
    assert approval_deadline(local(11, 40), None, policy) == local(14, 10)


def test_deadline_submitted_during_the_break_starts_at_1330(policy):
    assert approval_deadline(local(12, 30), None, policy) == local(14, 30)


def test_deadline_crosses_midnight(policy):
    # 30 minutes before 23:00, the other 30 from 08:00 the next morning.
    assert approval_deadline(local(22, 30), None, policy) == local(8, 30, TODAY + timedelta(days=1))


def test_deadline_submitted_after_midnight(policy):
    assert approval_deadline(local(0, 15), None, policy) == local(9, 0)


def test_deadline_on_wall_clock_when_configured():
    wall = Policy(reply_limit_in_service_hours=False)
    assert approval_deadline(local(22, 30), None, wall) == local(23, 30)


def test_deadline_follows_configured_limits():
    p = Policy(reply_limit=timedelta(minutes=30), reminder_lead=timedelta(minutes=10))
    assert approval_deadline(local(9, 0), None, p) == local(9, 30)
    assert approval_deadline(local(9, 0), local(9, 20), p) == local(9, 10)


@pytest.mark.parametrize(
    ("left", "band"),
    [
        (timedelta(minutes=-5), Urgency.OVERDUE),
        (timedelta(0), Urgency.OVERDUE),
        (timedelta(minutes=14, seconds=59), Urgency.UNDER_15),
        (timedelta(minutes=15), Urgency.UNDER_60),
        (timedelta(minutes=59), Urgency.UNDER_60),
        (timedelta(minutes=60), Urgency.LATER),
    ],
)
def test_urgency_bands(left, band):
    now = local(10, 0)
    assert urgency(now + left, now) is band


def test_countdown_text():
    now = local(10, 0)
    assert format_countdown(now + timedelta(minutes=42, seconds=10), now) == "0:42:10"
    assert format_countdown(now - timedelta(minutes=12, seconds=5), now) == "-0:12:05"
    assert format_countdown(now + timedelta(days=1, hours=2, minutes=3), now) == "1天2小时"
    # Beyond the hour either side of the deadline the seconds are not shown (issue 28): they only ticked.
    assert format_countdown(now + timedelta(hours=1), now) == "1:00:00"
    assert format_countdown(now + timedelta(hours=1, seconds=1), now) == "1小时00分"
    assert format_countdown(now - timedelta(hours=9, minutes=59, seconds=59), now) == "-9小时59分"
    assert format_countdown(now - timedelta(hours=15, minutes=37, seconds=25), now) == "-15小时"
    assert format_countdown(now - timedelta(minutes=59, seconds=59), now) == "-0:59:59"

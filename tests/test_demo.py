"""The demo store is generated around the current time: it must look like a real day at any hour."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from referral_desk.clock import FixedClock
from referral_desk.desk.desk import Desk
from referral_desk.domain.consultation import ConsultationStatus, urgency
from referral_desk.domain.policy import Policy
from referral_desk.store.database.engine import open_store
from referral_desk.store.demo import build_demo
from referral_desk.store.writes.actor import Actor
from tests.fixtures import SHANGHAI


@pytest.mark.parametrize(
    "local_now",
    [
        datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI),  # a morning at the desk
        datetime(2026, 12, 1, 2, 0, tzinfo=SHANGHAI),  # the night of a month's first day
        datetime(2026, 11, 30, 12, 40, tzinfo=SHANGHAI),  # the lunch break on a month's last day
    ],
)
def test_demo_store_is_a_full_day(tmp_path, local_now):
    store = open_store(tmp_path / "demo.sqlite3")
    clock = FixedClock(local_now)
    build_demo(store, Policy(), clock)
    service = Desk(store, Policy(), clock, Actor("演示", "demo"))

    duty = service.panes.duty_today()
    assert len(duty) == 30 and sum(r.specialist_id is None for r in duty) == 2

    pending = service.panes.pending_approvals()
    bands = {urgency(p.deadline, clock.now()).value for p in pending}
    assert len(pending) == 16 and "overdue" in bands and len(bands) >= 2

    with store.engine.connect() as conn:
        states = dict(conn.execute(text("SELECT status, count(*) FROM consultation GROUP BY status")).all())
        beds = conn.execute(text("SELECT count(*) FROM bed_request")).scalar()
    assert set(states) == {s.value for s in ConsultationStatus}
    assert 35 <= sum(states.values()) <= 45 and beds == 15
    assert service.panes.beds_to_coordinate()
    assert len(service.panes.search_directory("")) == 13
    store.close()


@pytest.mark.parametrize("local_now", [datetime(2026, 12, 6, 3, 46, tzinfo=SHANGHAI),
                                       datetime(2026, 12, 6, 7, 47, tzinfo=SHANGHAI),
                                       datetime(2026, 12, 6, 12, 47, tzinfo=SHANGHAI),
                                       datetime(2026, 12, 6, 15, 30, tzinfo=SHANGHAI),
                                       datetime(2026, 12, 6, 23, 47, tzinfo=SHANGHAI)])
def test_the_demo_built_at_any_hour_looks_like_a_day_at_the_desk(tmp_path, local_now):
    """Issue 25: requests at night, admission windows at 02:00, 支气管哮喘 under 口腔科."""
    from referral_desk.store.demo import DIAGNOSES_OF

    policy = Policy()
    store = open_store(tmp_path / "demo.sqlite3")
    build_demo(store, policy, FixedClock(local_now))
    with store.engine.connect() as conn:
        consultations = conn.execute(text(
            "SELECT s.name, c.diagnosis, c.submitted_at FROM consultation c JOIN specialty s ON s.id = c.specialty_id"
        )).all()
        windows = conn.execute(text("SELECT window_start, window_end FROM bed_request UNION ALL "
                                    "SELECT window_start, window_end FROM referral WHERE emergency = 0")).all()
        # Outside trial: beds asked at 01:05 and rung at 03:44, referrals sent at the hour the demo was built.
        activity = [r[0] for r in conn.execute(text(
            "SELECT requested_at FROM bed_request UNION ALL SELECT called_at FROM escalation_call UNION ALL "
            "SELECT requested_at FROM referral WHERE emergency = 0 UNION ALL "
            "SELECT transferred_at FROM referral WHERE emergency = 0"))]
    store.close()
    assert consultations and all(d in DIAGNOSES_OF[name] for name, d, _at in consultations)
    tz = policy.tz

    def local(stored) -> datetime:  # stored as naive UTC text
        return datetime.fromisoformat(f"{stored}+00:00").astimezone(tz)

    assert all(policy.service_hours.contains(local(at), tz) for _n, _d, at in consultations)
    assert activity and all(policy.service_hours.contains(local(at), tz) for at in activity), [
        f"{local(at):%H:%M}" for at in activity if not policy.service_hours.contains(local(at), tz)]
    for start, end in windows:
        assert policy.admission_opens <= local(start).time() and local(end).time() <= policy.admission_closes

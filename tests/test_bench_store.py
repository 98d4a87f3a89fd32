"""The benchmark's year store is written with raw SQL: check the desk reads it as its own."""

from __future__ import annotations

from datetime import UTC

import benchmarks.year_store as year
from referral_desk.clock import FixedClock
from referral_desk.desk.desk import Desk
from referral_desk.domain.policy import Policy
from referral_desk.store.database.engine import open_store
from referral_desk.store.writes.actor import Actor
from tests.fixtures import NOW


def test_a_small_year_store_reads_like_a_real_one(tmp_path, monkeypatch):
    monkeypatch.setattr(year, "COUNTS", {k: max(v // 200, 20) for k, v in year.COUNTS.items()})
    counts = year.build_year_store(tmp_path / "y.sqlite3", NOW)
    assert counts["consultation"] == 300 and counts["audit_entry"] == 2500
    store = open_store(tmp_path / "y.sqlite3")
    service = Desk(store, Policy(), FixedClock(NOW), Actor("t", "t"))
    duty = service.panes.duty_today()
    assert len(duty) == year.SPECIALTIES and all(r.specialist_id for r in duty)
    pending = service.panes.pending_approvals()
    assert len(pending) == year.OPEN_CONSULTATIONS
    assert all(p.row.submitted_at.tzinfo is UTC and p.row.submitted_at <= NOW for p in pending)
    assert service.panes.beds_to_coordinate()
    assert len(service.panes.search_directory("卫生院")) > 0
    store.close()

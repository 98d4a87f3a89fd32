"""`make trial`'s short form in `make test` (issue 22): the attacker and the bad day, staged against a real
`serve` process on SQLite with three desks; `make trial` runs it whole on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.trial import run_trial


def test_the_trial_passes_on_sqlite(tmp_path):
    checks = run_trial(f"sqlite:///{tmp_path / 'server.sqlite3'}", tmp_path, specialties=40)
    failed = [f"{c.name}: {c.detail}" for c in checks if not c.ok]
    assert len(checks) == 11 and not failed, failed

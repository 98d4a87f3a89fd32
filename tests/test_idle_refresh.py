"""Issue 28: an idle desk re-read and re-drew its four panes every 3 s; now the periodic read is skipped
while nothing was written to the store (PRAGMA data_version), and a write by anyone is still seen."""

from __future__ import annotations

from referral_desk.desk.desk import Desk
from referral_desk.domain import commands as c
from referral_desk.store.database.engine import open_store
from referral_desk.store.writes.actor import Actor
from tests.pilot import settle, workers_idle


async def test_the_periodic_read_waits_for_a_write_and_sees_another_process(app, filled, db_path, clock, policy):
    reads = []
    real = filled.panes.snapshot
    filled.panes.snapshot = lambda *a, **kw: reads.append(1) or real(*a, **kw)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        dashboard = app.dashboard
        dashboard._refresh_if_changed()  # the first periodic read after start: a baseline
        await workers_idle(app)
        before = len(reads)
        for _ in range(3):  # nothing written: nothing read
            dashboard._refresh_if_changed()
            await workers_idle(app)
        assert len(reads) == before
        other = open_store(db_path)  # another desk's process writing to the same file
        try:
            Desk(other, policy, clock, Actor("另一台", "窗口2")).execute(
                c.UpsertDirectoryEntry(unit_name="阳谷中心医院", contact="医务科值班", phone="0635-6211111",
                                       purpose="转诊咨询"))
        finally:
            other.close()
        dashboard._refresh_if_changed()
        await workers_idle(app)
        await pilot.pause()
        assert len(reads) == before + 1
        assert "0635-6211111" in [r.phone for r in dashboard.query_one("#directory").rows]
        dashboard.refresh_data()  # an explicit refresh always reads
        await workers_idle(app)
        assert len(reads) == before + 2


async def test_the_duty_pane_turns_at_midnight_on_the_next_tick(app, filled, clock):
    """The new day's specialists were read at the next full re-read, up to a minute after 00:00 (ten desk hours
    in a soak run at 600x); the second's tick sees the day change and reads at once."""
    from datetime import datetime, time, timedelta

    from tests.fixtures import TODAY, fid
    from tests.pilot import column

    # 孙立 instead of 王建国 on 心血管内科 tomorrow: the two days' panes differ.
    filled.execute(c.SetDuty(roster_entry_id=fid(302), specialty_id=fid(1), duty_date=TODAY + timedelta(days=1),
                             specialist_id=fid(14)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        dashboard = app.dashboard
        dashboard._refresh_if_changed()  # the baseline: nothing written since
        await workers_idle(app)
        today = column(app, "duty", "name")
        tomorrow = [r.specialist_name or "无人值班" for r in filled.panes.duty_today(TODAY + timedelta(days=1))]
        clock.set(datetime.combine(TODAY, time(23, 59, 59), filled.policy.tz))
        dashboard.tick()
        await workers_idle(app)
        assert column(app, "duty", "name") == today
        clock.advance(timedelta(seconds=2))
        dashboard.tick()
        await workers_idle(app)
        await pilot.pause()
        assert column(app, "duty", "name")[:len(tomorrow)] == tomorrow and tomorrow[0] == "孙立"

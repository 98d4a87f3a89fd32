"""Past days' figures kept in the store (day_figures_cache) give exactly the figures a straight count gives,
after every kind of change, by whoever writes it (issue 25: a year's statistics within 300 ms)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import pytest

import benchmarks.year_store as year
from referral_desk.clock import FixedClock
from referral_desk.desk.desk import Desk
from referral_desk.domain import commands as c
from referral_desk.domain.day_figures import DayFigures, figures_by_day, rolled_up
from referral_desk.domain.policy import Policy
from referral_desk.domain.statistics import summed
from referral_desk.store.database import day_figures_cache as day_cache
from referral_desk.store.database.engine import open_store
from referral_desk.store.writes.actor import Actor
from tests.fixtures import NOW, SHANGHAI

TODAY = NOW.astimezone(SHANGHAI).date()
PERIODS = [
    (TODAY - timedelta(days=365), TODAY),  # the year: eleven whole months kept as months
    (date(2026, 9, 1), date(2026, 9, 30)),  # one whole month
    (date(2026, 8, 28), date(2026, 9, 4)),  # a week across a month's end
    (date(2026, 11, 20), TODAY),  # days up to today, today never kept
    (TODAY - timedelta(days=1), TODAY - timedelta(days=1)),
]


@pytest.fixture
def year_path(tmp_path, monkeypatch):
    monkeypatch.setattr(year, "COUNTS", {k: max(v // 100, 20) for k, v in year.COUNTS.items()})
    path = tmp_path / "y.sqlite3"
    year.build_year_store(path, NOW)
    return path


@pytest.fixture
def desk(year_path):
    store = open_store(year_path)
    clock = FixedClock(NOW)
    service = Desk(store, Policy(), clock, Actor("统计员", "stats-1"))
    service.clock_ = clock
    yield service
    store.close()


def straight(service: Desk, first: date, last: date):
    """The figures counted from the records alone, nothing kept."""
    return service.reports._computed(first, last, service.reports.consultation_records(first, last))


def assert_same_as_straight(service: Desk) -> None:
    for first, last in PERIODS:
        kept, counted = service.reports.statistics(first, last), straight(service, first, last)
        assert kept == counted, (first, last)
        assert kept.summary["consultations"] > 0 or (first, last) == PERIODS[-1]


def kept_rows(path) -> dict[str, bool]:
    con = sqlite3.connect(path)
    try:
        return {k: f is not None for k, f in con.execute("SELECT day, figures FROM statistics_day")}
    finally:
        con.close()


def old_row(path, table: str, where: str = "1") -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT id FROM {table} WHERE {where} ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        con.close()


def write(path, sql: str, *params) -> None:
    """Another program writes the store (as a pull from the server, a restore or sqlite3 would)."""
    con = sqlite3.connect(path)
    try:
        cursor = con.execute(sql, params)
        assert sql.startswith(("DROP", "CREATE")) or cursor.rowcount >= 1
        con.commit()
    finally:
        con.close()


def test_the_kept_figures_are_the_straight_count_and_stay_so_through_every_kind_of_change(desk, year_path):
    assert_same_as_straight(desk)
    rows = kept_rows(year_path)
    assert "2026-09" in rows and "2026-09-30" in rows and TODAY.isoformat() not in rows
    assert rows["2026-09"] and all(rows.values())
    assert_same_as_straight(desk)  # read back from the kept rows

    month = "consultation_id IN (SELECT id FROM consultation WHERE submitted_at LIKE '2026-09-1%')"
    changes = [
        # a late answer to a request of last month
        ("UPDATE consultation SET status = 'approved', answered_at = datetime(submitted_at, '+3 hours') "
         "WHERE id = ?", old_row(year_path, "consultation", "status = 'withdrawn' AND submitted_at LIKE '2026-09%'")),
        ("UPDATE consultation SET deleted_at = '2026-11-23 01:00:00' WHERE id = ?",
         old_row(year_path, "consultation", "submitted_at LIKE '2026-09-0%'")),
        ("UPDATE consultation SET specialty_id = (SELECT max(id) FROM specialty) WHERE id = ?",
         old_row(year_path, "consultation", "submitted_at LIKE '2026-08-3%' OR submitted_at LIKE '2026-09-01%'")),
        ("UPDATE escalation_call SET deleted_at = '2026-11-23 01:00:00' WHERE id = ?",
         old_row(year_path, "escalation_call", month)),
        ("DELETE FROM escalation_call WHERE id = ?", old_row(year_path, "escalation_call", month)),
        ("UPDATE referral SET status = 'cancelled', transferred_at = NULL WHERE id = ?",
         old_row(year_path, "referral", "status = 'transferred' AND requested_at LIKE '2026-09%'")),
        ("UPDATE referral SET transferred_at = '2026-09-29 02:00:00' WHERE id = ?",
         old_row(year_path, "referral", "direction = 'down' AND transferred_at LIKE '2026-08%'")),
        ("UPDATE follow_up SET status = 'done', done_at = due_date || ' 01:00:00' WHERE id = ?",
         old_row(year_path, "follow_up", "status != 'done'")),
        ("UPDATE specialty SET name = '改名的专科' WHERE id = (SELECT min(id) FROM specialty)",),
    ]
    for change in changes:
        write(year_path, *change)
        assert_same_as_straight(desk)
    # every change counted again and kept again (2025-11 is no whole month of the year: its days are kept)
    assert all(kept for key, kept in kept_rows(year_path).items() if key != "2025-11")


def test_changes_through_the_desk_s_commands_count_on_their_own_days(desk, year_path):
    assert_same_as_straight(desk)
    old = old_row(year_path, "consultation", "status = 'scheduled' AND submitted_at LIKE '2026-09%'")
    desk.execute(c.LogEscalationCall(consultation_id=old, callee="王主任", result="no_answer"))
    desk.execute(c.CompleteConsultation(consultation_id=old, outcome="refer_up"))
    referral = old_row(year_path, "referral", "direction = 'up' AND requested_at LIKE '2026-09%'")
    desk.execute(c.CreateBedRequest(referral_id=referral, department="神经内科", patient_name="高秀兰",
                                    window_start=datetime(2026, 9, 28, 8, 0, tzinfo=SHANGHAI),
                                    window_end=datetime(2026, 9, 28, 17, 0, tzinfo=SHANGHAI)))
    assert_same_as_straight(desk)
    assert desk.reports.statistics(*PERIODS[0]).summary["bed_hours"] is None
    write(year_path, "UPDATE bed_request SET status = 'reserved', reserved_at = '2026-11-23 03:00:00' "
          "WHERE referral_id = ?", referral)  # the bed alone changes: its referral's day counts again
    assert_same_as_straight(desk)
    assert desk.reports.statistics(*PERIODS[0]).summary["bed_hours"] is not None


def test_figures_counted_while_the_day_was_written_are_not_kept(desk, year_path):
    desk.reports.statistics(*PERIODS[1])
    write(year_path, "DELETE FROM statistics_day")
    with desk.store.engine.connect() as conn:
        _, gens = day_cache.kept(conn, date(2026, 9, 1), date(2026, 9, 30), "fp")
    day_cache.claim(desk.store.engine, ["2026-09-05", "2026-09-20", "2026-09"], gens)  # then the records are read
    counted = [("2026-09-05", DayFigures().to_json()), ("2026-09-20", DayFigures().to_json()),
               ("2026-09", DayFigures().to_json()), ("2026-09-21", DayFigures().to_json())]
    write(year_path, "UPDATE consultation SET status = 'expired' WHERE id = ?",  # written during the count
          old_row(year_path, "consultation", "submitted_at LIKE '2026-09-05%'"))
    assert day_cache.keep(desk.store.engine, counted, gens, "fp") == 1
    assert kept_rows(year_path) == {"2026-09-05": False, "2026-09-20": True, "2026-09": False}  # 09-21 not claimed


def test_a_day_whose_request_may_still_turn_overdue_is_counted_again_until_it_cannot(desk, year_path):
    yesterday = TODAY - timedelta(days=1)
    late = datetime.combine(yesterday, datetime.min.time(), SHANGHAI).replace(hour=22, minute=50)
    con = sqlite3.connect(year_path)
    specialty, specialist = con.execute("SELECT specialty_id, specialist_id FROM roster_entry WHERE duty_date = ?",
                                        (yesterday.isoformat(),)).fetchone()
    con.close()
    desk.executor.execute_many([(c.CreateConsultation(
        requesting_unit="阳谷中心医院", requesting_doctor="张医生", patient_name="夜间", specialty_id=specialty,
        specialist_id=specialist, submitted_at=late), late)])
    desk.clock_.set(datetime.combine(TODAY, datetime.min.time(), SHANGHAI).replace(hour=8, minute=40))
    assert_same_as_straight(desk)
    assert not kept_rows(year_path).get(yesterday.isoformat())  # its 08:50 deadline is still ahead
    desk.clock_.advance(timedelta(minutes=20))
    assert_same_as_straight(desk)
    assert kept_rows(year_path)[yesterday.isoformat()]


def test_a_missing_or_other_trigger_forgets_every_kept_day(desk, year_path):
    desk.reports.statistics(*PERIODS[0])
    desk.store.close()
    write(year_path, "DROP TRIGGER statistics_day_escalation_call_delete")  # as an older release would have it:
    write(year_path, "CREATE TRIGGER statistics_day_escalation_call_delete AFTER DELETE ON escalation_call "
          "BEGIN SELECT 1; END")  # there, by its name, but forgetting nothing
    write(year_path, "DELETE FROM escalation_call WHERE id = ?", old_row(year_path, "escalation_call"))
    store = open_store(year_path)  # the desk started again
    try:
        fresh = Desk(store, Policy(), desk.clock_, Actor("统计员", "stats-1"))
        assert fresh.reports.statistics(*PERIODS[0]) == straight(fresh, *PERIODS[0])
    finally:
        store.close()


def test_another_policy_counts_again(desk, year_path):
    desk.reports.statistics(*PERIODS[0])
    stricter = Desk(desk.store, Policy(reply_limit=timedelta(minutes=20)), desk.clock_, Actor("统计员", "s"))
    assert stricter.reports.statistics(*PERIODS[0]) == straight(stricter, *PERIODS[0])
    assert (stricter.reports.statistics(*PERIODS[0]).summary["within_limit"]
            < desk.reports.statistics(*PERIODS[0]).summary["within_limit"])


def test_days_rolled_into_a_month_and_back_from_text_sum_to_the_same_figures(desk):
    first, last = date(2026, 10, 1), date(2026, 10, 31)
    days = figures_by_day(desk.reports.consultation_records(first, last), desk.reports.referral_records(first, last),
                          desk.reports.follow_up_records(first, last), first, last)
    month = DayFigures.from_json(rolled_up({d: DayFigures.from_json(f.to_json()) for d, f in days.items()}).to_json())
    assert summed(first, last, {first: month}, 0, TODAY) == summed(first, last, days, 0, TODAY)


def test_a_kept_row_is_parsed_once_and_counting_again_changes_no_figure(desk, monkeypatch):
    """Issue 25: parsing a year's kept rows was half its count; the parsed figures are kept beside their
    text, read again only when the text changed, and summing never changes them."""
    year_ = PERIODS[0]
    first = desk.reports.statistics(*year_)  # counts and keeps
    parsed: list[str] = []
    original = DayFigures.from_json
    monkeypatch.setattr(DayFigures, "from_json", classmethod(lambda cls, text: parsed.append(text) or original(text)))
    again = desk.reports.statistics(*year_)
    assert parsed  # the rows kept by the first count, read once
    read = len(parsed)
    for _ in range(3):
        assert desk.reports.statistics(*year_) == again == first
    assert len(parsed) == read  # never again while their text stays
    assert desk.reports.statistics(*PERIODS[1]) == straight(desk, *PERIODS[1])


def test_a_store_that_refuses_writes_still_counts_its_figures(desk):
    from referral_desk.store.database.engine import mark_damaged

    mark_damaged(desk.store, ["a page of the file cannot be read"])  # writes refused from here on
    assert desk.reports.statistics(*PERIODS[1]) == straight(desk, *PERIODS[1])


def test_a_change_pulled_from_the_server_counts_on_its_own_day(desks, clock):
    """Desk A keeps the figures of two days ago; desk B answers a request of that day and logs a call; A pulls
    them through the real server and its figures are the straight count's."""
    from tests.fixtures import CONSULT_OVERDUE
    from tests.fixtures import TODAY as SEEDED
    from tests.sync_desks import seed_and_sync

    a, b = desks("a"), desks("b")
    seed_and_sync(a, b)
    clock.advance(timedelta(days=2))
    period = (SEEDED - timedelta(days=3), SEEDED + timedelta(days=2))
    before = a.service.reports.statistics(*period)
    assert kept_rows(a.store.path)[SEEDED.isoformat()] and before.summary["consultations"] == 6
    b.service.execute(c.LogEscalationCall(consultation_id=CONSULT_OVERDUE, callee="王主任", result="no_answer"))
    b.service.execute(c.ApproveConsultation(consultation_id=CONSULT_OVERDUE, on_behalf="王主任"))
    b.sync()
    a.sync()
    after = a.service.reports.statistics(*period)
    assert after == straight(a.service, *period) and after != before
    assert after.summary["escalations_per_request"] > before.summary["escalations_per_request"]


def test_a_dropped_table_is_made_again_at_the_next_opening_and_writes_go_on(desk, year_path):
    """Its triggers would refuse every write to the tables they watch without it."""
    desk.reports.statistics(*PERIODS[1])
    desk.store.close()
    write(year_path, "DROP TABLE statistics_day")
    store = open_store(year_path)
    try:
        again = Desk(store, Policy(), desk.clock_, Actor("统计员", "stats-1"))
        old = old_row(year_path, "consultation", "status = 'scheduled' AND submitted_at LIKE '2026-09%'")
        again.execute(c.LogEscalationCall(consultation_id=old, callee="王主任", result="no_answer"))
        assert again.reports.statistics(*PERIODS[1]) == straight(again, *PERIODS[1])
    finally:
        store.close()


def test_a_table_removed_under_a_running_desk_or_made_by_hand_counts_straight_and_is_put_back(desk, year_path):
    desk.reports.statistics(*PERIODS[1])
    write(year_path, "DROP TABLE statistics_day")  # while the desk runs
    assert desk.reports.statistics(*PERIODS[1]) == straight(desk, *PERIODS[1])  # counted straight, not stuck
    assert desk.reports.statistics(*PERIODS[1]) == straight(desk, *PERIODS[1])  # the table made again, kept again
    assert kept_rows(year_path)["2026-09"]
    desk.store.close()
    write(year_path, "DROP TABLE statistics_day")
    write(year_path, "CREATE TABLE statistics_day (day TEXT PRIMARY KEY)")  # by hand, the wrong shape
    store = open_store(year_path)
    try:
        again = Desk(store, Policy(), desk.clock_, Actor("统计员", "stats-1"))
        old = old_row(year_path, "consultation", "status = 'scheduled' AND submitted_at LIKE '2026-09%'")
        again.execute(c.LogEscalationCall(consultation_id=old, callee="王主任", result="no_answer"))  # saves
        assert again.reports.statistics(*PERIODS[1]) == straight(again, *PERIODS[1])
    finally:
        store.close()


@pytest.mark.parametrize("by_hand", ["DROP TABLE statistics_day",
                                     "DROP TABLE statistics_day; CREATE TABLE statistics_day (day TEXT PRIMARY KEY)"])
def test_a_save_right_after_the_table_is_removed_under_a_running_desk_goes_through(desk, year_path, by_hand):
    """The last trial: a save between the table's removal and the next statistics said 数据库错误
    （OperationalError） and wrote nothing."""
    desk.reports.statistics(*PERIODS[1])
    con = sqlite3.connect(year_path)
    con.executescript(by_hand)
    con.close()
    old = old_row(year_path, "consultation", "status = 'scheduled' AND submitted_at LIKE '2026-09%'")
    applied = desk.execute(c.LogEscalationCall(consultation_id=old, callee="王主任", result="no_answer"))
    assert applied.entity_id
    # What was kept before the removal is not trusted: the triggers are checked again at the next count.
    assert desk.reports.statistics(*PERIODS[1]) == straight(desk, *PERIODS[1])
    again = desk.execute(c.LogEscalationCall(consultation_id=old, callee="王主任", result="no_answer"))
    assert again.entity_id and desk.reports.statistics(*PERIODS[1]) == straight(desk, *PERIODS[1])


def test_a_pull_right_after_the_table_is_removed_under_a_running_desk_is_copied(desks, clock):
    """The pull writes the watched tables too: it must not fail at every round until a restart."""
    from tests.fixtures import CONSULT_OVERDUE
    from tests.fixtures import TODAY as SEEDED
    from tests.sync_desks import seed_and_sync

    a, b = desks("a"), desks("b")
    seed_and_sync(a, b)
    period = (SEEDED - timedelta(days=3), SEEDED)
    a.service.reports.statistics(*period)
    con = sqlite3.connect(a.store.path)
    con.execute("DROP TABLE statistics_day")
    con.commit()
    con.close()
    b.service.execute(c.LogEscalationCall(consultation_id=CONSULT_OVERDUE, callee="王主任", result="no_answer"))
    b.sync()
    report = a.sync()
    assert report.pulled >= 1
    assert a.service.reports.statistics(*period) == straight(a.service, *period)

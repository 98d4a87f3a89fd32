"""The supervisor's day review and statistics screens, driven with the pilot."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook

from referral_desk.screens.review import DayReviewScreen
from referral_desk.screens.statistics import StatisticsScreen
from referral_desk.widgets.palette import cell_theme
from tests.fixtures import CONSULT_OVERDUE, TODAY
from tests.pilot import open_screen, quiet, settle, workers_idle


def plain(widget) -> str:
    """What a Static shows, as text (a rich Group renders only through a console)."""
    from rich.console import Console

    console = Console(width=160, record=True, file=io.StringIO(), theme=cell_theme("dark"))
    console.print(widget.content)
    return console.export_text()


def test_the_day_lists_what_was_handled_and_marks_what_was_left_open(filled):
    items = filled.review.day_review(TODAY)
    kinds = {i.kind for i in items}
    assert kinds == {"consultation", "bed_request", "escalation_call", "follow_up"}
    open_ = {(i.kind, i.open_reason) for i in items if i.open_reason}
    assert ("consultation", "审核超时未回复") in open_ and ("bed_request", "床位未预留") in open_
    assert ("follow_up", "随访未完成") in open_
    assert items[0].open_reason  # what was left open comes first
    overdue = next(i for i in items if i.entity_id == CONSULT_OVERDUE and i.kind == "consultation")
    assert overdue.operator == "张敏" and overdue.unit == "阳谷中心医院" and overdue.specialty == "心血管内科"
    calls = [i for i in items if i.kind == "escalation_call"]
    assert len(calls) == 3 and {c.opens for c in calls} == {"consultation", "bed_request"}


def test_the_day_review_masks_patients_names_as_the_panes_do(filled):
    """Outside trial: the review showed patients' full names where the panes and the handover mask them
    (欧阳**). Every name the day's requests, beds, referrals and follow-ups hold is masked in what it lists."""
    from sqlmodel import Session, select

    from referral_desk.domain.identity import mask_name
    from referral_desk.store.database.tables import BedRequest, Consultation, Referral

    with Session(filled.store.engine) as s:
        names = {row.patient_name for table in (Consultation, BedRequest, Referral) for row in s.exec(select(table))}
    assert len(names) >= 3
    said = " ".join(i.subject for day in (TODAY, TODAY - timedelta(days=2)) for i in filled.review.day_review(day))
    assert not [name for name in names if name in said]
    assert any(mask_name(name) in said for name in names)


def test_a_quiet_day_only_carries_what_stayed_open(filled):
    items = filled.review.day_review(TODAY - timedelta(days=2))
    assert [(i.kind, i.open_reason) for i in items] == [("follow_up", "随访未完成")]


async def test_filters_narrow_the_list_and_enter_opens_the_timeline(app, filled):
    from referral_desk.screens.details import ConsultationScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        screen = app.screen
        assert isinstance(screen, DayReviewScreen)
        await quiet(app, pilot)
        await pilot.pause()
        total = len(screen.items)
        assert screen.query_one("#review-table").row_count == total
        screen.query_one("#filter-unit").value = "莘县中心医院"
        await pilot.pause()
        assert {i.unit for i in screen.shown()} == {"莘县中心医院"} and len(screen.shown()) < total
        screen.query_one("#filter-unit").clear()
        await pilot.press("o")
        await pilot.pause()
        assert screen.shown() and all(i.open_reason for i in screen.shown())
        screen.query_one("#filter-state").value = "待审核"
        await pilot.pause()
        await pilot.press("enter")
        await workers_idle(app)
        await pilot.pause()
        assert isinstance(app.screen, ConsultationScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("[")
        await quiet(app, pilot)
        assert screen.day == TODAY - timedelta(days=1)


async def test_the_statistics_screen_shows_the_figures_and_exports_the_report(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, StatisticsScreen)
        await quiet(app, pilot)
        await pilot.pause()
        assert (screen.first, screen.last) == (TODAY.replace(day=1), TODAY)
        summary = plain(screen.query_one("#stats-summary"))
        assert "会诊申请数" in summary and "33.3%" in summary
        assert "心血管内科" in plain(screen.query_one("#stats-bars"))
        await pilot.press("d")
        await pilot.pause()
        assert "从提交到会诊医师审核通过或拒绝" in plain(screen.query_one("#stats-summary"))
        await pilot.press("x")
        await workers_idle(app)
        await pilot.pause()
        [path] = screen.exported
        book = load_workbook(path, read_only=True)
        assert book.sheetnames[0] == "汇总"
        book.close()
        await pilot.press("[")
        await quiet(app, pilot)
        assert (screen.first, screen.last) == (TODAY.replace(month=10, day=1), TODAY.replace(month=10, day=31))
        assert screen.stats.summary["consultations"] == 0


async def test_the_review_shown_again_is_today_s_with_no_filter_and_read_afresh(app, filled):
    """Issue 25: the desk keeps one review and shows it again (building it was most of `v`'s 116 ms):
    what the last look left (another day, a filter, 只看未结) goes, and the rows are read anew."""
    from referral_desk.domain import commands as c
    from referral_desk.domain.escalation import CallResult

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(app, pilot, "v")
        screen.query_one("#filter-unit").value = "莘县中心医院"
        await pilot.press("o")
        await pilot.press("[")
        await quiet(app, pilot)
        await pilot.press("escape")
        before = len(filled.review.day_review(TODAY))
        filled.execute(c.LogEscalationCall(escalation_call_id="00000000-0000-7000-8000-000000000777",
                                           consultation_id=CONSULT_OVERDUE, callee="王建国", callee_phone="13346250001",
                                           result=CallResult.NO_ANSWER))
        await pilot.press("v")
        assert app.screen is screen  # kept, not built again
        await quiet(app, pilot)
        await workers_idle(app)
        await pilot.pause()
        assert screen.day == TODAY and not screen.open_only
        assert all(value is None for value in screen.chosen().values())
        assert len(screen.items) == before + 1 == screen.query_one("#review-table").row_count
        assert "当日审阅" in str(screen.query_one("#review-title").render()) and "正在读取" not in str(
            screen.query_one("#review-title").render())
        # The order is said (outside trial: 08:00 follow-ups above 07:11 calls read as out of order).
        assert "未结在前，各按时间" in str(screen.query_one("#review-title").render())


async def test_a_day_asked_for_before_the_last_key_does_not_replace_it(app, filled):
    """`[` then Esc and `v` at once: yesterday's late answer came after the review had started over on today."""
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(app, pilot, "v")
        yesterday = TODAY - timedelta(days=1)
        late = DayReviewScreen.Read(yesterday, filled.review.day_review(yesterday))
        screen.post_message(late)  # the answer to a `[` pressed before this look
        await pilot.pause()
        assert (screen.day == TODAY
                and screen.query_one("#review-table").row_count == len(filled.review.day_review(TODAY)))


async def test_days_and_months_typed_while_read_count_from_the_last_asked_for(app, filled):
    """Outside trial: `[ [` typed while the first was read gave one day back (and one month in statistics)."""

    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_screen(app, pilot, "v")
        review.action_day(-1)
        review.action_day(-1)  # before the first is read
        await quiet(app, pilot)
        await workers_idle(app)
        await pilot.pause()
        assert review.day == TODAY - timedelta(days=2)
        await pilot.press("escape", "s")
        stats = app.screen
        await quiet(app, pilot)
        stats.action_month(-1)
        stats.action_month(-1)
        await workers_idle(app)
        await pilot.pause()
        assert stats.first == TODAY.replace(month=TODAY.month - 2, day=1)


async def test_the_review_reads_again_when_a_record_opened_from_it_closes(app, filled):
    """Outside trial: approved from its details, the request still said 待审核 in the review until it was reopened."""

    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_screen(app, pilot, "v")
        read_before = review.items
        await pilot.press("enter")
        await workers_idle(app)
        assert app.screen is not review
        await pilot.press("escape")
        await quiet(app, pilot)
        assert review.items is not read_before and review.items == filled.review.day_review(TODAY)  # read again


async def test_the_statistics_shown_again_are_this_month_s_counted_afresh(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(app, pilot, "s")
        await pilot.press("[", "d")
        await quiet(app, pilot)
        assert screen.first == TODAY.replace(month=10, day=1) and screen.show_definitions
        await pilot.press("escape")
        counted = filled.reports.statistics(TODAY.replace(day=1), TODAY).summary["consultations"]
        await pilot.press("s")
        assert app.screen is screen  # kept, not built again
        await quiet(app, pilot)
        await workers_idle(app)
        await pilot.pause()
        assert (screen.first, screen.last) == (TODAY.replace(day=1), TODAY) and not screen.show_definitions
        assert screen.stats.summary["consultations"] == counted
        assert "定义" not in plain(screen.query_one("#stats-summary")).splitlines()[0]


async def test_a_readonly_desk_shows_no_action_that_writes(app, filled):
    import pytest

    from referral_desk.domain import commands as c
    from referral_desk.domain.errors import DomainError
    from referral_desk.screens.details import ConsultationScreen

    filled.readonly = True
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        footer = {key for key, b in app.screen.active_bindings.items() if b.binding.show and b.enabled}
        assert "b" not in footer and "X" not in footer and "s" in footer and "v" in footer
        assert "只读（督导）" in str(app.screen.query_one("#status").render())
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is app.dashboard
        await pilot.press("2", "enter")
        await workers_idle(app)
        await pilot.pause()
        assert isinstance(app.screen, ConsultationScreen)
        await pilot.press("a")  # approve: not offered, nothing happens
        await workers_idle(app)
        assert filled.requests.consultation_detail(CONSULT_OVERDUE).consultation.status == "submitted"
        await pilot.press("i")  # a reveal is still possible, and audited
        await workers_idle(app)
        await pilot.pause()
        assert app.screen.revealed
    with pytest.raises(DomainError, match="只读模式"):
        filled.execute(c.ApproveConsultation(consultation_id=CONSULT_OVERDUE))


async def test_neither_the_review_nor_the_statistics_go_past_today(app, filled):
    """`]` showed tomorrow's empty review and next month's zeros as if they were figures (outside trial)."""
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_screen(app, pilot, "v")
        await pilot.press("right_square_bracket")
        await workers_idle(app)
        await pilot.pause()
        assert review.day == TODAY and any("已是今天" in n.message for n in app._notifications)
        await pilot.press("left_square_bracket", "right_square_bracket", "right_square_bracket")
        await workers_idle(app)
        await pilot.pause()
        assert review.day == TODAY
        await pilot.press("escape", "s")
        stats = app.screen
        await quiet(app, pilot)
        await pilot.press("right_square_bracket")
        await workers_idle(app)
        await pilot.pause()
        assert stats.first == TODAY.replace(day=1) and any("已是本月" in n.message for n in app._notifications)
        await pilot.press("y", "left_square_bracket")  # from a year to today: last month, not the year's second
        await workers_idle(app)
        await pilot.pause()
        assert (stats.first, stats.last) == (TODAY.replace(month=TODAY.month - 1, day=1), TODAY.replace(day=1)
                                             - timedelta(days=1))


async def test_at_80x24_the_review_says_which_columns_it_leaves_out(app, filled):
    """The title named the hidden 状态 and 经办 past the 80th column, where nobody read it (issue 25)."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, "v")
        await pilot.pause()
        title = screen.query_one("#review-title")
        shown = [strip.text for strip in title.render_lines(title.content_region.reset_offset)]
        assert any("未显示：状态、经办（Enter 看全）" in line for line in shown), shown


def test_a_row_of_another_day_shows_its_day_and_of_another_year_its_year():
    """Outside trial: a request of last December, still open in January's review, read as this December's."""
    from datetime import date, datetime
    from types import SimpleNamespace

    from referral_desk.screens.review import DayReviewScreen

    review = SimpleNamespace(day=date(2027, 1, 4))
    assert DayReviewScreen._when(review, datetime(2027, 1, 4, 9, 5)) == "09:05"
    assert DayReviewScreen._when(review, datetime(2027, 1, 2, 9, 5)) == "01-02 09:05"
    assert DayReviewScreen._when(review, datetime(2026, 12, 30, 9, 5)) == "2026-12-30 09:05"

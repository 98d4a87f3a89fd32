"""The supervisor's figures on hand-built data whose answers are known."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from referral_desk.domain import commands as c
from referral_desk.domain.errors import DomainError
from referral_desk.domain.statistics import percentile
from referral_desk.widgets.palette import cell_theme
from tests.fixtures import CONSULT_OVERDUE, TODAY, fid, local


def test_today_counts_the_open_requests_too(filled):
    s = filled.reports.statistics(TODAY, TODAY)
    f = s.summary
    assert f["consultations"] == 6
    assert (f["reply_median"], f["reply_p90"]) == (12.5, 20)  # answered in 20 and 5 minutes
    assert f["within_limit"] == pytest.approx(2 / 6)
    assert f["overdue"] == 1  # 8:30 with nobody answering by 9:30
    assert f["escalations_per_request"] == pytest.approx(2 / 6)
    assert (f["up"], f["down"], f["down_patients"]) == (0, 0, 0)
    assert s.by_state == {"待审核": 4, "已通过": 1, "已完成": 1}
    [day] = s.by_day
    assert (day.key, day.consultations, day.answered_within_limit, day.overdue) == ("2026-11-23", 6, 2, 1)
    assert s.by_specialty[0].key == "心血管内科" and s.by_specialty[0].consultations == 3


def test_an_answer_later_makes_a_request_overdue_once_the_clock_passes_its_deadline(filled, clock):
    clock.advance(timedelta(hours=1, minutes=1))  # 11:01: the 9:40, 9:30 and 10:00 ones are past theirs
    assert filled.reports.statistics(TODAY, TODAY).summary["overdue"] == 4
    filled.execute(c.ApproveConsultation(consultation_id=CONSULT_OVERDUE))
    f = filled.reports.statistics(TODAY, TODAY).summary
    assert f["overdue"] == 4 and f["within_limit"] == pytest.approx(2 / 6)  # answered, but late


def test_referrals_follow_ups_and_the_downward_patient_count(filled):
    s = filled.reports.statistics(TODAY - timedelta(days=10), TODAY)
    f = s.summary
    assert (f["up"], f["down"], f["down_patients"]) == (1, 1, 1)
    assert (s.down_inpatient, s.down_outpatient) == (1, 0)
    assert f["follow_up_on_time"] == 0.0  # two due, neither done
    assert f["bed_before_window"] is None  # no upward referral asked for a bed
    assert filled.reports.statistics(TODAY - timedelta(days=9), TODAY).summary["down"] == 0  # applied the day before


def test_an_empty_period_has_no_figures_not_zero_divisions(filled):
    s = filled.reports.statistics(date(2026, 1, 1), date(2026, 1, 31))
    assert s.empty and s.summary["consultations"] == 0
    assert s.summary["reply_median"] is None and s.summary["within_limit"] is None
    assert len(s.by_day) == 31 and all(g.consultations == 0 for g in s.by_day)
    with pytest.raises(DomainError, match="早于"):
        filled.reports.statistics(date(2026, 2, 1), date(2026, 1, 1))


def test_a_request_belongs_to_the_day_it_was_submitted_across_a_month_boundary(filled):
    oct31, nov1 = date(2026, 10, 31), date(2026, 11, 1)
    filled.executor.execute_many([
        (c.SetDuty(specialty_id=fid(1), duty_date=oct31, specialist_id=fid(11)), local(0, 0, oct31)),
        (c.CreateConsultation(consultation_id=fid(901), requesting_unit="阳谷中心医院", requesting_doctor="张医生",
                              patient_name="夜间", specialty_id=fid(1), specialist_id=fid(11),
                              submitted_at=local(22, 50, oct31)), local(22, 50, oct31)),
        (c.ApproveConsultation(consultation_id=fid(901)), local(8, 10, nov1)),
    ])
    october = filled.reports.statistics(date(2026, 10, 1), oct31).summary
    # 22:50 + 60 minutes of service time is 08:50 the next morning: answered at 08:10, in time.
    assert (october["consultations"], october["within_limit"], october["overdue"]) == (1, 1.0, 0)
    assert october["reply_median"] == 560  # on the clock: 9 h 20 min
    assert filled.reports.statistics(nov1, date(2026, 11, 22)).summary["consultations"] == 0


def test_bed_reservation_before_the_window_and_its_time(filled, clock):
    from tests.fixtures import CONSULT_REFER_UP, up_command

    referral = up_command()
    bed = c.CreateBedRequest(referral_id=referral.referral_id, consultation_id=CONSULT_REFER_UP, department="神经内科",
                             patient_name="高秀兰", window_start=referral.window_start, window_end=referral.window_end)
    filled.referrals.apply_for_referral(referral, bed)
    clock.advance(timedelta(hours=3))
    filled.execute(c.ReserveBed(bed_request_id=bed.bed_request_id, ward="神内一病区"))
    f = filled.reports.statistics(TODAY, TODAY).summary
    assert (f["up"], f["bed_before_window"], f["bed_hours"]) == (1, 1.0, 3.0)


def test_percentile_is_nearest_rank():
    assert percentile([], 0.9) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile(list(range(1, 101)), 0.9) == 90


def test_the_readme_defines_every_figure_in_the_words_the_report_uses():
    from pathlib import Path

    from referral_desk.domain.statistics import DEFINITIONS

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for _key, label, definition in DEFINITIONS:
        assert f"| {label} | {definition} |" in readme, label


def test_the_referral_rate_the_transfer_rate_and_downward_referrals_by_disease_group(filled):
    from tests.fixtures import down_command

    today = filled.reports.statistics(TODAY, TODAY).summary
    assert today["referral_rate"] == 1.0  # the one completed consultation found 需上转
    s = filled.reports.statistics(TODAY - timedelta(days=10), TODAY)
    assert s.summary["transfer_rate"] == 1.0  # both referrals with an outcome were transferred
    assert [(d.key, d.applied, d.transferred) for d in s.by_disease] == [("第5组 慢性胃炎", 1, 1)]
    filled.execute(down_command(diagnosis="类风湿关节炎"))
    cancelled = filled.execute(down_command(diagnosis="冠心病", downward_basis="经科主任评估病情稳定"))
    filled.execute(c.CancelReferral(referral_id=cancelled.entity_id, reason="家属改变主意"))
    filled.execute(down_command(diagnosis="脑梗死恢复期"))
    s = filled.reports.statistics(TODAY - timedelta(days=10), TODAY)
    assert s.summary["transfer_rate"] == pytest.approx(2 / 3)  # still applied ones have no outcome yet
    assert [(d.key, d.applied, d.transferred) for d in s.by_disease] == [
        ("第5组 慢性胃炎", 1, 1), ("第8组 基础病组类风湿性关节炎不伴有极重度或严重的并发症和伴随症", 1, 0),
        ("建议外经确认下转", 1, 0), ("病情稳定/康复等（000 三(1)；001 附件 二）", 1, 0)]
    assert s.summary["down"] == 4


def test_a_booking_undone_as_a_mistake_is_in_no_count(filled, clock):
    """Ctrl+Z withdraws a booking made by mistake (its record stays, as every request's does): it was never
    a request, so no figure, by state, day, specialty or in the report's item list, counts it (issue 24)."""
    before = filled.reports.statistics(TODAY, TODAY)
    booked = filled.execute(c.CreateConsultation(
        requesting_unit="阳谷中心医院", requesting_doctor="张医生", requesting_phone="0635-5551234",
        patient_name="误登记", patient_sex="男", patient_age=60, diagnosis="社区获得性肺炎",
        specialty_id=fid(1), specialist_id=fid(11), submitted_at=clock.now()))
    assert filled.reports.statistics(TODAY, TODAY).summary["consultations"] == before.summary["consultations"] + 1
    undone = filled.undo.undo_last()
    assert "撤销误登记" in undone.summary
    after = filled.reports.statistics(TODAY, TODAY)
    assert after.summary == before.summary and after.by_state == before.by_state
    assert not [row for row in filled.reports.report_items(TODAY, TODAY) if "误登记" in map(str, row)]
    assert booked.entity_id
    # A request withdrawn for a reason of its own still counts.
    filled.execute(c.WithdrawConsultation(consultation_id=CONSULT_OVERDUE, reason="患者病情好转"))
    assert filled.reports.statistics(TODAY, TODAY).by_state.get("已撤回") == 1


async def test_t_shows_today_s_figures(app, filled):
    """The supervisor's day so far is one key away (issue 24 item 7)."""

    from tests.pilot import quiet, workers_idle

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _statistics_open(app, pilot)
        await pilot.press("w")
        await quiet(app, pilot)
        assert (screen.first, screen.last) == (TODAY - timedelta(days=6), TODAY)
        await pilot.press("t")
        await quiet(app, pilot)
        await workers_idle(app)
        assert (screen.first, screen.last) == (TODAY, TODAY)
        assert screen.stats.summary["consultations"] == 6


async def test_a_period_asked_for_before_the_last_key_does_not_replace_it(app, filled):
    """`s` then `t` at once: the month's late answer arrived after today's and was shown (issue 25's
    ergonomics run found 督导 at 80x24 showing the month)."""
    from referral_desk.screens.statistics import StatisticsScreen
    from tests.pilot import settle, workers_idle

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("s", "t")
        await workers_idle(app)
        screen = app.screen
        assert isinstance(screen, StatisticsScreen) and (screen.first, screen.last) == (TODAY, TODAY)
        month = filled.reports.statistics(TODAY.replace(day=1), TODAY)
        screen.post_message(StatisticsScreen.Counted(month, (TODAY.replace(day=1), TODAY)))  # the late one
        await pilot.pause()
        assert (screen.first, screen.last) == (TODAY, TODAY)
        assert "（1天）" in str(screen.query_one("#stats-title").render())


async def test_at_80x24_the_definitions_are_read_whole_under_their_figures(app, filled):
    """Issue 25: at 80x24 `d` cut figure names and definitions with … (CJK has no spaces to wrap at)."""
    from rich.console import Console

    from referral_desk.domain.statistics import DEFINITIONS
    from referral_desk.screens.statistics import StatisticsScreen
    from tests.pilot import settle, workers_idle

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await workers_idle(app)
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatisticsScreen)
        width = screen.query_one("#stats-left").size.width
        console = Console(width=width - 1, record=True, theme=cell_theme("dark"))  # its scrollbar's cell
        console.print(screen._summary(screen.stats))
        shown = console.export_text()
        assert "…" not in shown
        flat = shown.replace("\n", "").replace(" ", "")
        for _key, label, definition in DEFINITIONS:
            assert label in shown and definition.replace(" ", "") in flat, label


def test_bars_cut_a_long_name_with_an_ellipsis_and_an_empty_chart_keeps_its_title_on_one_line():
    from rich.cells import cell_len

    from referral_desk.domain.statistics import Group
    from referral_desk.screens.statistics import NAME_CELLS, bars

    groups = [Group("冠县辛集镇中心卫生院第二分院门诊部", consultations=8), Group("阳谷中心医院", consultations=2)]
    lines = bars("各医联体单位会诊申请（条）", groups, lambda g: g.consultations, bar=8).plain.split("\n")
    assert lines[0] == "各医联体单位会诊申请（条）"
    assert lines[1].startswith(" 冠县辛集镇中心卫…") and cell_len(lines[1].split("  ")[0]) == 1 + NAME_CELLS - 1
    assert lines[1].endswith("████████  8") and lines[2].endswith("██        2")  # numbers in one column
    assert bars("下转按病种：申请（条）", [], lambda g: 0).plain == "下转按病种：申请（条）\n （无）"


def test_a_unit_added_to_the_directory_is_known_by_its_names_at_once(filled):
    assert "新开卫生院" not in filled.directory.unit_by_any_name()
    filled.directory.set_directory_entry("新开卫生院（莘县分院）", phone="0635-1234567", contact="王", add=True)
    names = filled.directory.unit_by_any_name()
    assert names["新开卫生院"] == names["莘县分院"] == filled.directory.directory_unit("新开卫生院（莘县分院）")


def test_a_year_s_figures_are_never_cut_in_a_narrow_pane():
    """At 80x24 the year's 59759 requests read as 5975 and 53.3% lost its % (outside trial, issue 25)."""
    import io
    from types import SimpleNamespace

    from rich.console import Console

    from referral_desk.domain.statistics import Statistics
    from referral_desk.screens.statistics import StatisticsScreen

    stats = Statistics(date(2025, 12, 8), date(2026, 12, 7), summary={
        "consultations": 59759, "within_limit": 0.533, "overdue": 15847, "up": 7181, "reply_median": 77.0},
        down_outpatient=1463, down_inpatient=3299)
    console = Console(width=38, file=io.StringIO(), color_system=None, theme=cell_theme("dark"))
    console.print(StatisticsScreen._summary(SimpleNamespace(show_definitions=False), stats))
    shown = console.file.getvalue()
    for figure in ("59759", "53.3%", "15847", "7181", "77.0", "1463 / 3299"):
        assert figure in shown, shown


async def test_at_80x24_each_bar_keeps_its_count_on_its_line_and_a_new_period_says_it_is_counting(app, filled):
    """The outside trial: at 80x24 bars were made for a width read before the layout, too long, and each
    count wrapped onto a line of its own; after `y` the last period's title and figures stood for seconds."""
    from tests.pilot import quiet

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _statistics_open(app, pilot)
        await quiet(app, pilot)
        await pilot.pause()
        charts = screen.query_one("#stats-bars")
        lines = [strip.text for strip in charts.render_lines(charts.region.reset_offset)]
        with_bars = [line for line in lines if "█" in line]
        assert with_bars and all(line.rstrip()[-1:].isdigit() for line in with_bars), with_bars
        screen.action_last_days(365)  # as `y` does; read before the count can answer
        title = str(screen.query_one("#stats-title").render())
        assert "正在计算" in title and f"{TODAY - timedelta(days=364):%Y-%m-%d}" in title
        await quiet(app, pilot)


@pytest.mark.parametrize("width", [33, 36, 40, 47, 60, 100])
def test_bar_charts_fit_the_width_they_are_drawn_at(width):
    from types import SimpleNamespace

    from rich.console import Console

    from referral_desk.screens.statistics import BarCharts

    groups = [SimpleNamespace(key=name, n=n) for name, n in
              [("聊城市人民医院脑科医院（东院区）", 59759), ("心血管内科", 1200), ("阳谷县石佛镇卫生院", 7)]]
    console = Console(width=width, record=True, color_system=None, theme=cell_theme("dark"))
    console.print(BarCharts([("各医联体单位会诊申请（条）", groups, lambda g: g.n)]))
    lines = console.export_text().splitlines()
    with_bars = [line for line in lines if "█" in line]
    assert len(with_bars) == 3 and all(line.rstrip()[-1].isdigit() for line in with_bars), lines


async def _statistics_open(app, pilot):
    """The desk settled, then `s`: the statistics screen, its first period under way."""
    from referral_desk.screens.statistics import StatisticsScreen
    from tests.pilot import settle, workers_idle

    await settle(app, pilot)
    await pilot.press("s")
    await workers_idle(app)
    assert isinstance(app.screen, StatisticsScreen)
    return app.screen


def test_the_downward_split_is_under_the_figure_it_splits():
    """Outside trial: 其中门诊 / 住院 stood under 随访按时完成率, the last figure, instead of 下转患者人次数."""
    import io
    from types import SimpleNamespace

    from rich.console import Console

    from referral_desk.domain.statistics import DEFINITIONS, Statistics
    from referral_desk.screens.statistics import StatisticsScreen

    stats = Statistics(date(2026, 11, 1), date(2026, 11, 30), summary={"down_patients": 7}, down_outpatient=3,
                       down_inpatient=4)
    console = Console(width=100, file=io.StringIO(), color_system=None, theme=cell_theme("dark"))
    console.print(StatisticsScreen._summary(SimpleNamespace(show_definitions=False), stats))
    lines = console.file.getvalue().splitlines()
    split = next(i for i, line in enumerate(lines) if "其中门诊 / 住院" in line)
    assert "下转患者人次数" in lines[split - 1] and "3 / 4" in lines[split]
    assert DEFINITIONS[-1][1] not in lines[split - 1]


async def test_at_80_columns_the_title_keeps_the_export_key_and_lets_the_footers_keys_go(app):
    """Outside trials: the title's `x/v 导出` was cut at 80 columns, with nothing to say so, then to `x…`; the
    footer has no room for it. The keys the footer shows give way, a whole key at a time, and come back."""
    from tests.pilot import quiet

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _statistics_open(app, pilot)
        await quiet(app, pilot)
        line = screen.query_one("#stats-title").render_line(0).text.rstrip()
        assert line.startswith("统计 ") and line.endswith("d 定义  x/v 导出") and "…" not in line
        assert "[ ] 换月" not in line
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        line = screen.query_one("#stats-title").render_line(0).text.rstrip()
        assert line.endswith("[ ] 换月  w 近7天  y 近一年  d 定义  x/v 导出")

"""Statistics for a period: the figures with their definitions a key away, a daily trend and
bars per specialty and per unit (002 五(四)(五); 004); the report is written from here too."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from referral_desk.domain.statistics import DEFINITIONS, format_figure
from referral_desk.screens.work import desk_work
from referral_desk.widgets.cjk_text import cut_to, keys_that_fit
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.palette import CHART, MUTED
from referral_desk.widgets.rendered import RenderedOnce
from referral_desk.widgets.trend import DailyTrend

if TYPE_CHECKING:  # for the editor: the screen reaches the store only through the reports
    from referral_desk.desk.reports import Reports

BAR = 24  # cells of the longest bar


def month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


NAME_CELLS = 18  # a group's name, cut with … beyond this


def bars(title: str, groups, value, limit: int = 12, bar: int = BAR) -> Text:
    """A bar per group with the number beside it: a supervisor sees the shape, and can read it. Plain lines of
    text, not a table: seven of them are drawn at each look at the figures, and a table measured every cell
    of them each time (20 ms a look on the year store)."""
    counted = [g for g in groups if value(g)]
    shown = counted[:limit]
    chart = Text(title, style="bold", no_wrap=False)
    if not shown:
        chart.append("\n ")
        chart.append("（无）", style=MUTED)
        return chart
    names = [cut_to(g.key, NAME_CELLS) for g in shown]
    name_cells = max(cell_len(n) for n in names)
    top = max(value(g) for g in shown)
    lengths = [max(1, round(bar * value(g) / top)) for g in shown]
    digits = max(len(str(value(g))) for g in shown)
    for name, g, length in zip(names, shown, lengths, strict=False):
        chart.append(f"\n {name}{' ' * (name_cells - cell_len(name))}  ")
        chart.append("█" * length, style=CHART)
        chart.append(f"{' ' * (max(lengths) - length)}  {value(g):>{digits}}")
    if len(counted) > limit:
        chart.append(f"\n …另有 {len(counted) - limit} 项，见导出的报表", style=MUTED)
    return chart


class BarCharts:
    """The statistics' bar charts, their bars as long as the width they are drawn at allows: the longest bar
    fits beside an 18-cell name and a 5-digit number (the outside trial at 80x24: a width read before the
    layout made bars too long, and each count wrapped onto a line of its own)."""

    def __init__(self, charts: list[tuple[str, list, Callable]]) -> None:
        self.charts = charts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        bar = max(4, min(BAR, options.max_width - (1 + NAME_CELLS + 2 + 2 + 5)))
        yield Text("\n\n").join([bars(title, groups, value, bar=bar) for title, groups, value in self.charts])


class StatisticsScreen(Screen):
    CSS = """
    #stats { height: 1fr; padding: 0 1; }
    #stats-title { height: 1; margin: 0 0 1 0; text-wrap: nowrap; text-overflow: ellipsis; }
    #stats-body { height: 1fr; }
    #stats-left { width: 1fr; min-width: 40; }
    #stats-right { width: 1fr; }
    #trend { height: 3; }
    #trend-axis { height: 1; margin: 0 0 1 0; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("left_square_bracket", "month(-1)", "上月"),
        Binding("right_square_bracket", "month(1)", "下月"),
        Binding("t", "last_days(1)", "今天"),  # the supervisor's day so far (issue 24)
        Binding("w", "last_days(7)", "近7天"),
        Binding("y", "last_days(365)", "近一年"),
        Binding("d", "definitions", "定义"),
        Binding("x", "export('xlsx')", "导出xlsx"),
        Binding("v", "export('csv')", "导出csv"),
    ]

    def __init__(self, reports: Reports, first: date | None = None, last: date | None = None) -> None:
        super().__init__()
        self.reports = reports
        today = reports.today()
        self.first, self.last = (first, last) if first and last else (today.replace(day=1), today)
        self.stats = None
        self.show_definitions = False
        self.exported: list = []

    def compose(self) -> ComposeResult:
        with Vertical(id="stats"):
            # The first frame names the screen at once; the figures follow from the worker (issue 25).
            yield Static(self._counting_title(), id="stats-title")
            with Horizontal(id="stats-body"):
                with VerticalScroll(id="stats-left"):
                    # Drawn once per width: a Static drew a year's charts again to measure them and again
                    # for each frame (issue 25: the year's figures' p95 over 300 ms).
                    yield RenderedOnce("正在计算…", id="stats-summary")
                with VerticalScroll(id="stats-right"):
                    yield Static("", id="trend-title")
                    yield RenderedOnce("", id="trend")
                    yield RenderedOnce("", id="trend-axis")
                    yield RenderedOnce("", id="stats-bars")
        yield DeskFooter()

    def on_mount(self) -> None:
        self._load(self.first, self.last)

    def start_over(self) -> None:
        """This month's figures again, definitions folded: the desk keeps one statistics screen and shows it
        again (issue 25: building its widgets was most of `s`'s time). Counted afresh; the last figures go
        at once, so no figure of another moment is read as this one's."""
        today = self.reports.today()
        self.first, self.last = today.replace(day=1), today
        self.stats, self.show_definitions = None, False
        self.query_one("#stats-title", Static).update(self._counting_title())
        self.query_one("#stats-summary", RenderedOnce).update("正在计算…")
        self.query_one("#trend-title", Static).update("")
        for name in ("#trend", "#trend-axis", "#stats-bars"):
            self.query_one(name, RenderedOnce).update("")
        for scroll in self.query(VerticalScroll):
            scroll.scroll_home(animate=False)
        self._load(self.first, self.last)

    def _counting_title(self, first: date | None = None, last: date | None = None) -> Text:
        first, last = first or self.first, last or self.last
        return Text(f"统计 {first:%Y-%m-%d} 至 {last:%Y-%m-%d} · 正在计算…", style="bold")

    class Counted(Message):
        def __init__(self, stats, asked: tuple[date, date]) -> None:
            super().__init__()
            self.stats = stats
            self.asked = asked

    _asked: tuple[date, date] | None = None  # the period last asked for: the last key wins

    def _load(self, first: date, last: date) -> None:
        self._asked = (first, last)
        # The period asked for is named at once, counting: a year's first count (2.8 s with nothing kept) left
        # the last period's figures under its title, read as the year's (outside trial).
        if self.is_mounted:
            self.query_one("#stats-title", Static).update(self._counting_title(first, last))
        self._count(first, last)

    @desk_work(thread=True, exclusive=True, description="未能统计")
    def _count(self, first: date, last: date) -> None:
        self.post_message(self.Counted(self.reports.statistics(first, last), (first, last)))

    # The keys said beside the title, the last kept longest: the others are in the footer, the export is not.
    TITLE_KEYS = ("[ ] 换月", "w 近7天", "y 近一年", "d 定义", "x/v 导出")

    def _show_title(self) -> None:
        """One line (#stats-title's CSS). Where it is short, the keys the footer also shows give way a whole key
        at a time (at 80 columns `x/v 导出` was cut to `x…`, and the footer has no room for it)."""
        if self.stats is None:
            return
        title = Text.assemble((f"统计 {self.first:%Y-%m-%d} 至 {self.last:%Y-%m-%d}", "bold"),
                              f"（{(self.last - self.first).days + 1}天）")
        box = self.query_one("#stats-title", Static)
        room = box.content_region.width or self.app.size.width
        title.append(keys_that_fit(self.TITLE_KEYS, room - title.cell_len, give_way=range(len(self.TITLE_KEYS))),
                     MUTED)
        box.update(title)

    def on_resize(self) -> None:
        self._show_title()

    @on(Counted)
    def _show(self, message: Counted) -> None:
        if message.asked != self._asked:
            # A period asked for before the last key (`s` then `t` at once): a thread cannot be stopped,
            # so its late answer is dropped here rather than shown over the one asked for (issue 25).
            return
        stats = message.stats
        self.stats, self.first, self.last = stats, stats.first, stats.last
        self._show_title()
        self.query_one("#stats-summary", RenderedOnce).update(self._summary(stats))
        counts = [g.consultations for g in stats.by_day]
        self.query_one("#trend-title", Static).update(Text.assemble(
            ("每日会诊申请", "bold"), f"  最多 {max(counts, default=0)}  合计 {sum(counts)}"))
        self.query_one("#trend", RenderedOnce).update(DailyTrend(counts, height=3, style=CHART))
        axis = Table.grid(expand=True)
        axis.add_column(style=MUTED)
        axis.add_column(justify="right", style=MUTED)
        axis.add_row(f"{stats.first:%m-%d}", f"{stats.last:%m-%d}")
        self.query_one("#trend-axis", RenderedOnce).update(axis)
        self.query_one("#stats-bars", RenderedOnce).update(BarCharts([
            ("各专业会诊申请（条）", stats.by_specialty, lambda g: g.consultations),
            ("各专业审核超时（条）", sorted(stats.by_specialty, key=lambda g: -g.overdue), lambda g: g.overdue),
            ("各医联体单位会诊申请（条）", stats.by_unit, lambda g: g.consultations),
            ("各医联体单位转诊：上转+下转（条）", sorted(stats.by_unit, key=lambda g: -(g.up + g.down)),
             lambda g: g.up + g.down),
            ("下转按病种：申请（条）", stats.by_disease, lambda d: d.applied),
            ("上转按转入科室：申请（条）", stats.up_by_department, lambda d: d.applied),
            ("上转按诊断：申请（条）", stats.up_by_disease, lambda d: d.applied)]))

    def _summary(self, stats):
        # A figure's name is never cut; a definition folds over lines (CJK has no spaces to wrap at, and
        # Rich cut it with …). Narrow (80x24), the definition goes under its figure, the whole width its own.
        widest = max(cell_len(label) for _key, label, _definition in DEFINITIONS)
        beside = self.show_definitions and self.query_one("#stats-left").size.width >= widest + 10 + 24
        under = self.show_definitions and not beside
        table = Table(show_header=not under, header_style="bold", box=None, padding=(0, 1))
        # A figure is never cut (a year's 59759 read as 5975 at 80x24): its column is as wide as the widest
        # value; a name too long for what is left folds onto a second line instead.
        values = [format_figure(key, stats.summary.get(key)) for key, _label, _definition in DEFINITIONS]
        value_cells = max(cell_len(v) for v in [*values, f"{stats.down_outpatient} / {stats.down_inpatient}", "数值"])
        table.add_column("指标", overflow="fold", min_width=min(widest, 12))
        table.add_column("数值", justify="right", no_wrap=True, min_width=value_cells)
        if beside:
            table.add_column("定义", style=MUTED, overflow="fold")
        figures: list = [table]
        for key, label, definition in DEFINITIONS:
            row = [label, format_figure(key, stats.summary.get(key))]
            if under:
                figure = Table.grid(padding=(0, 1))
                figure.add_column(overflow="fold", min_width=min(widest, 12))
                figure.add_column(justify="right", no_wrap=True, min_width=value_cells)
                figure.add_row(*row)
                if key == "down_patients":  # its split, under the figure it splits
                    figure.add_row("  其中门诊 / 住院", f"{stats.down_outpatient} / {stats.down_inpatient}")
                figures += [figure, Text(f"  {definition}", style=MUTED, overflow="fold")]
            else:
                table.add_row(*row, *([definition] if beside else []))
                if key == "down_patients":
                    table.add_row("  其中门诊 / 住院", f"{stats.down_outpatient} / {stats.down_inpatient}",
                                  *([""] if beside else []))
        if under:  # each figure is its own grid: the table has no rows
            figures.pop(0)
        states = Table(title="会诊申请按状态", title_justify="left", title_style="bold", show_header=False, box=None,
                       padding=(0, 1))
        states.add_column()
        states.add_column(justify="right")
        for state, n in stats.by_state.items():
            states.add_row(state, str(n))
        if not stats.by_state:
            states.add_row(Text("统计期内没有会诊申请", style=MUTED), "")
        # Which months and units 转诊率 is over, or why it is not available: a line of its own that wraps.
        return Group(*figures, Text(f"转诊率：{stats.rate_note}", style=MUTED), Text(""), states)

    def action_month(self, step: int) -> None:
        # From the period last asked for, not the one on screen: `[ [` typed while counting is two months.
        # The month of the period's last day: after `y` (a year to today) `[` is last month and `]` says this
        # is the last; from the first day's month `]` jumped to the January eleven months back (outside trial).
        anchor = (self._asked[1] if self._asked else self.last).replace(day=1)
        anchor = (anchor - timedelta(days=1)) if step < 0 else (anchor + timedelta(days=32))
        first, last = month_of(anchor)
        if first > self.reports.today():
            self.notify("已是本月：之后的月份还没有数字", timeout=3)
            return
        self._load(first, min(last, max(self.reports.today(), first)))

    def action_last_days(self, days: int) -> None:
        today = self.reports.today()
        self._load(today - timedelta(days=days - 1), today)

    def action_definitions(self) -> None:
        self.show_definitions = not self.show_definitions
        if self.stats is not None:
            self.query_one("#stats-summary", RenderedOnce).update(self._summary(self.stats))

    def action_export(self, fmt: str) -> None:
        self.notify(f"正在导出 {self.first:%Y-%m-%d} 至 {self.last:%Y-%m-%d} 的报表…", timeout=3)
        self._export(fmt, self.first, self.last)

    @desk_work(thread=True, exclusive=True, group="export", description="未导出")
    def _export(self, fmt: str, first: date, last: date) -> None:
        paths = self.reports.export_report(first, last, fmt)
        self.exported = paths
        where = paths[0] if len(paths) == 1 else f"{paths[0].parent}（{len(paths)} 个文件）"
        self.notify(f"已导出报表（已记入审计日志）：{where}", timeout=8)  # thread-safe

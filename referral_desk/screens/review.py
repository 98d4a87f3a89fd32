"""The supervisor's day: everything handled that day, who did it and when, and what was still open
when the day ended (002 五(四)); Enter opens an item's timeline."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Select, Static

from referral_desk.screens.rows_first import KeysWaitForRows
from referral_desk.screens.work import desk_work
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.desk_table import DeskTable
from referral_desk.widgets.palette import FLAG, MISSING, MUTED

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.desk.desk import Desk

WEEKDAYS = "一二三四五六日"
FILTERS = [("specialty", "专业/科室"), ("unit", "医联体单位"), ("state", "状态"), ("operator", "经办人")]


def matches(item, chosen: dict[str, str | None], open_only: bool) -> bool:
    if open_only and not item.open_reason:
        return False
    return all(value is None or getattr(item, key) == value for key, value in chosen.items())


class DayReviewScreen(KeysWaitForRows, Screen):
    ENTER_DOES = "所选事项的经过"  # the table's own Enter, listed by F1
    CSS = """
    #review { height: 1fr; padding: 0 1; }
    #review-title { height: auto; max-height: 2; }  /* narrow, what is hidden wraps onto a second line */
    #review-filters { height: 1; margin: 1 0 1 0; }
    #review-filters Select { width: 1fr; margin: 0 1 0 0; }
    #review-table { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("left_square_bracket", "day(-1)", "前一天"),
        Binding("right_square_bracket", "day(1)", "后一天"),
        Binding("t", "today", "今天"),
        Binding("o", "open_only", "只看未结"),
    ]

    def __init__(self, service: Desk, day: date | None = None) -> None:
        super().__init__()
        self.service = service
        self.day = day or service.today()
        self.items: list = []
        self.open_only = False

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static(Text(f"{self.day:%Y-%m-%d} 当日审阅 · 正在读取…", style="bold"), id="review-title")
            with Horizontal(id="review-filters"):
                for key, label in FILTERS:
                    yield Select([], prompt=f"{label}：全部", id=f"filter-{key}", compact=True)
            # What was left open first, so it stays in view on a narrow terminal.
            yield DeskTable([("at", "时间"), ("open", "未结"), ("kind", "类别"), ("unit", "单位", 8),
                             ("specialty", "专业/科室", 6), ("subject", "内容", 16), ("state", "状态"),
                             ("operator", "经办")], id="review-table")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.hold_keys_for_rows()
        self._load(self.day)

    def start_over(self) -> None:
        """Today's review again, every filter off: the desk keeps one review and shows it again (issue 25:
        building its widgets was most of `v`'s time). The rows are read afresh; the last ones go at once."""
        self.open_only = False
        self.items = []
        for key, _label in FILTERS:
            select = self.query_one(f"#filter-{key}", Select)
            with select.prevent(Select.Changed):
                select.set_options([])
        self.query_one(DeskTable).set_rows([])
        self.day = self.service.today()
        self.query_one("#review-title", Static).update(Text(f"{self.day:%Y-%m-%d} 当日审阅 · 正在读取…", style="bold"))
        self.hold_keys_for_rows()
        self._load(self.day)

    class Read(Message):
        def __init__(self, day: date, items: list) -> None:
            super().__init__()
            self.day = day
            self.items = items

    _asked: date | None = None  # the day last asked for: the last key wins

    def _load(self, day: date) -> None:
        self._asked = day
        self._read(day)

    @desk_work(thread=True, exclusive=True, description="未能读取当日审阅")
    def _read(self, day: date) -> None:
        self.post_message(self.Read(day, self.service.review.day_review(day)))

    @on(Read)
    def _loaded(self, message: Read) -> None:
        if message.day != self._asked:
            # A day asked for before the last key (`[` then Esc and `v` at once): a thread cannot be stopped,
            # so its late answer is dropped rather than shown over today's.
            return
        day, items = message.day, message.items
        self.day, self.items = day, items
        for key, _label in FILTERS:
            select = self.query_one(f"#filter-{key}", Select)
            chosen = select.value
            values = sorted({getattr(i, key) for i in items if getattr(i, key)})
            with select.prevent(Select.Changed):
                select.set_options([(Text(v), v) for v in values])  # Text: a unit's name as typed, not markup
                if chosen in values:
                    select.value = chosen
        self._show()
        self.query_one(DeskTable).focus()
        self.rows_shown()

    def chosen(self) -> dict[str, str | None]:
        found = {}
        for key, _label in FILTERS:
            value = self.query_one(f"#filter-{key}", Select).value
            found[key] = value if isinstance(value, str) else None
        return found

    def shown(self) -> list:
        chosen = self.chosen()
        return [i for i in self.items if matches(i, chosen, self.open_only)]

    def _when(self, at) -> str:
        """The time on the day reviewed; the day too on another day, and the year in another year (outside
        trial: a request of last December reviewed in January read as this December's)."""
        if at.date() == self.day:
            return f"{at:%H:%M}"
        return f"{at:%m-%d %H:%M}" if at.year == self.day.year else f"{at:%Y-%m-%d %H:%M}"

    def _show(self) -> None:
        local = self.service.local
        rows = []
        shown = self.shown()
        for n, i in enumerate(shown):
            flag = Text(i.open_reason, style=FLAG if "超时" in i.open_reason or "未" in i.open_reason else "") \
                if i.open_reason else Text("—", style=MUTED)
            rows.append((f"{n}:{i.kind}:{i.entity_id}", (
                self._when(local(i.at)), flag,
                i.kind_label, i.unit or "—", i.specialty or "—", i.subject, i.state,
                i.operator or Text("—", style=MUTED))))
        self.query_one(DeskTable).set_rows(rows)
        still = sum(1 for i in self.items if i.open_reason)
        title = Text.assemble((f"{self.day:%Y-%m-%d}（周{WEEKDAYS[self.day.weekday()]}）当日审阅", "bold"),
                              f"  共 {len(self.items)} 项", f" · 显示 {len(shown)} 项" if len(shown) != len(self.items)
                              else "", " · ", (f"日终未结 {still} 项", MISSING if still else MUTED),
                              # Said, not only done (outside trial: 08:00 follow-ups above 07:11 read as disorder).
                              (" · 未结在前，各按时间" if still and not self.open_only else "", MUTED))
        if self.open_only:
            title.append("  （只看未结）", style=FLAG)
        if self.hidden_columns:  # this width leaves columns out: say which, and where to read them
            title.append(f"  未显示：{'、'.join(self.hidden_columns)}（Enter 看全）", style=MUTED)
        # The keys last: the footer says them too, so a narrow terminal cuts them, not what is hidden (80x24).
        title.append("   [ ] 换日  o 只看未结  Enter 经过", style=MUTED)
        self.query_one("#review-title", Static).update(title)

    hidden_columns: tuple[str, ...] = ()

    def on_desk_table_columns_hidden(self, message: DeskTable.ColumnsHidden) -> None:
        self.hidden_columns = message.labels
        self._show()

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self._show()

    def action_day(self, step: int) -> None:
        # From the day last asked for, not the one on screen: `[ [` typed while the first is read is two days.
        day = (self._asked or self.day) + timedelta(days=step)
        if day > self.service.today():
            self.notify("已是今天：之后的日子还没有经办记录", timeout=3)
            return
        self._load(day)

    def action_today(self) -> None:
        self._load(self.service.today())

    def action_open_only(self) -> None:
        self.open_only = not self.open_only
        self._show()

    def selected(self):
        key = self.query_one(DeskTable).selected_key
        if key is None:
            return None
        n = int(key.split(":", 1)[0])
        shown = self.shown()
        return shown[n] if n < len(shown) else None

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        from referral_desk.screens.details import BedScreen, ConsultationScreen
        from referral_desk.screens.referral import ReferralScreen

        event.stop()
        item = self.selected()
        if item is None:
            return
        screen = {"consultation": ConsultationScreen, "bed_request": BedScreen, "referral": ReferralScreen}[item.opens]
        # Read again on the way back: what was answered there shows here (the handover does the same).
        self.app.push_screen(screen(self.service, item.entity_id), lambda _r: self._load(self._asked or self.day))

"""The dashboard's four panes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input

from referral_desk.domain.bed import BedStatus, format_until, row_needs_call
from referral_desk.domain.consultation import format_countdown, short_time, urgency
from referral_desk.domain.identity import mask_name
from referral_desk.domain.search_keys import row_matches, warm_keys
from referral_desk.domain.unit_names import short_unit_name
from referral_desk.textual_adapter import refresh_through_stacked_screens
from referral_desk.widgets.cjk_text import cut_to, first_that_fits
from referral_desk.widgets.column_fit import Column
from referral_desk.widgets.desk_input import DeskInput
from referral_desk.widgets.desk_table import Abbrev, DeskTable, PaneTable
from referral_desk.widgets.palette import FLAG, MISSING, MUTED, URGENCY_MARKS, URGENCY_STYLES

FILTER_MAX = 40  # a filter is a few words; a paste of a whole document stops here

SHORT_TITLES = {"主任医师": "主任", "副主任医师": "副主任"}


def urgent_countdown(deadline: datetime, now: datetime) -> Text:
    """'!!-0:12:05': how urgent, by a mark and a colour (a colourless terminal still tells them apart)."""
    level = urgency(deadline, now)
    return Text(URGENCY_MARKS[level] + format_countdown(deadline, now), style=URGENCY_STYLES[level])


def marked_countdown(deadline: datetime, now: datetime) -> str:
    """The same inside a sentence, without the column's padding: '!!-1天13小时', '! 0:10:00', '8小时22分'
    (the outside trial: bed details read `剩余 -1天13小时`, overdue told by its colour only)."""
    return urgent_countdown(deadline, now).plain.lstrip()


# What was typed, as a pane's count repeats it: cut with … so the count still shows (outside trial: a 27-letter
# search left no count and no 没有找到 at 80 columns).
QUERY_CELLS = 12


def reply_clock(status: str, deadline: datetime | None, answered_at: datetime | None, now: datetime,
                local: Callable[[datetime], datetime]) -> Text:
    """002 五(二): a department's answer to a bed request within the reply limit, on the approvals' clock:
    '时限 11-23 10:40  剩余 !!-0:50:00', '11-23 10:12 已回复（时限内）', or '—' once nothing is awaited."""
    if answered_at is not None:
        late = deadline is not None and answered_at > deadline
        return Text(f"{local(answered_at):%m-%d %H:%M} 已回复" + ("（超时）" if late else "（时限内）"),
                    style=FLAG if late else "")
    if status not in ("requested", "needs_coordination") or deadline is None:
        return Text("—", style=MUTED)
    return Text(f"时限 {local(deadline):%m-%d %H:%M}  剩余 {marked_countdown(deadline, now)}",
                style=URGENCY_STYLES[urgency(deadline, now)])


class PaneFilter(DeskInput):
    """A pane's `/` line. Its pane's rows follow each key in the frame that shows the key: told through
    Input.Changed, bubbling up to the screen, they came a frame or two after the letter (issue 25: 25-30 ms
    of each 34 ms filter key on the year store were that wait)."""

    def watch_value(self, value: str) -> None:
        pane = self.parent
        if isinstance(pane, Pane):
            pane.filter_text = value


class Pane(Vertical):
    """A bordered pane whose title carries its focus key."""

    can_focus = False
    ALLOW_MAXIMIZE = True  # `z` on the dashboard: the focused pane fills the screen

    def __init__(self, number: int, title: str, *, clock: Callable[[], datetime], **kwargs) -> None:
        super().__init__(**kwargs)
        self.clock = clock  # the desk's: a filter typed is judged at the time it is typed
        self.number = number
        self.base_title = title
        self.border_title = f"{number} {title}"
        self._title_notes: tuple[str, ...] = ()

    DEFAULT_CSS = """
    Pane {
        border: round $primary 40%;
        border-title-color: $text-muted;
        border-subtitle-color: $text-muted;
        height: 1fr;
    }
    Pane:focus-within {
        border: round $accent;
        border-title-color: $title;
        border-title-style: bold;
    }
    /* NO_COLOR (textual_adapter.colourless): the focused pane by its border's weight, not its colour. */
    Pane:nocolor:focus-within { border: heavy $accent; }
    Pane > Input.pane-filter {
        display: none;
        padding: 0 1;
        background: $boost;
    }
    Pane > Input.pane-filter.-open { display: block; }
    Pane > Input.pane-filter:focus { background: $accent 20%; }
    """

    # The `/` filter typed in this pane, and a quick filter's name (`o`, `w`, `k`): setting either shows
    # the rows it keeps.
    filter_text: reactive[str] = reactive("", init=False, repaint=False)
    quick_filter: reactive[str | None] = reactive(None, init=False, repaint=False)

    def validate_filter_text(self, text: str) -> str:
        # The box caps what is typed; a filter set otherwise (a paste, a test) is held to the same.
        return text[:FILTER_MAX]

    def watch_filter_text(self) -> None:
        self.render_rows(self.clock())

    def watch_quick_filter(self) -> None:
        self.render_rows(self.clock())

    _count_parts: tuple[str, ...] = ("",)
    _count_more = ""
    _subtitle = ""  # the subtitle last shown, as text
    _hidden: tuple[str, ...] = ()

    def set_count(self, count: str, *notes: str, more: str = "") -> None:
        """The pane's bottom line: the count and what must be said with it (`7条已超时`), in that order, joined
        by ` · `; `more` is said when there is room (the beds kept for referrals). Parts, not one text: a filter
        typed with ` · ` in it is still one part.

        A part is shown whole or not at all. Where the line is short, `more` gives way first (a word at a time,
        then whole), then the notes from the last; the count stays. `…（z）` says something was left out (`z`
        shows the pane at full width). The border cut it mid-word before (`2个无人值…`, issue 25)."""
        self._count_parts, self._count_more = (count, *notes), more
        text = self._fitted_count(count, [note for note in notes if note], more)
        if text != self._subtitle:  # the same words every second: nothing to repaint
            self._subtitle = text
            self.border_subtitle = Text(text)  # as typed: it holds the filter (`[/` read as markup ended the desk)

    def _fitted_count(self, count: str, notes: list[str], more: str) -> str:
        words = more.split(" ") if more else []  # `more` gives way a word at a time (专用床位余 神经外科0/1已满 …)
        marker = "…" if self.is_maximized else "…（z）"  # zoomed, `z` would only un-zoom

        def said(kept: int, more_words: int) -> str:
            line = " · ".join([count, *notes[:kept], *([" ".join(words[:more_words])] if more_words else [])])
            if kept == len(notes) and more_words == len(words):
                return line
            # The words left out of `more` are the ones cut: its `…` right after them.
            return f"{line} {marker}" if 1 < more_words < len(words) else f"{line} · {marker}"

        tries = [said(len(notes), n) for n in range(len(words), 1, -1)] + [said(len(notes), 0)] if words else []
        tries += [said(n, 0) for n in range(len(notes), -1, -1)] + [f"{count} · …", count]
        return first_that_fits(tries, self.size.width - 6) if self.size.width else tries[0]  # less the corners

    def set_title_note(self, *forms: str) -> None:
        """A note after the pane's title (`1 今日值班 · 12月排班未导入（m 导入）`): the first of its forms that
        fits the border with the hidden columns' hint, or `…` (zoomed, `z`, it is said whole)."""
        self._title_notes = forms
        self._fit_title()

    def _fit_title(self) -> None:
        """The title, and which columns this width leaves out, by the header row they are missing from
        (`2 待审核（临近截止） · 未显示：申请医师（z 全部）`, `另2列（z）` where that does not fit; issue 25). The hint
        stays while anything is said: the operator must see that columns are hidden."""
        title = f"{self.number} {self.base_title}"
        short = f"{self.number} {self.base_title.split('（')[0]}"  # 2 待审核 for 2 待审核（临近截止）
        hidden = self._hidden
        hints = [f"未显示：{'、'.join(hidden)}（z 全部）", f"另{len(hidden)}列（z）"] if hidden else [""]
        notes = [*self._title_notes, "…" if self._title_notes else ""]  # a note left out is said to be
        tries = [" · ".join(filter(None, [base, note, hint] if note != "…" else [base, hint, note]))
                 for base in dict.fromkeys([title, short]) for note in notes for hint in hints]
        tries.append(f"{short} {hints[-1]}".strip())  # the narrowest: the hint right after the name
        chosen = first_that_fits(tries, self.size.width - 6) if self.size.width else tries[0]
        if str(self.border_title) != chosen:
            self.border_title = Text(chosen)

    def on_resize(self) -> None:
        self.set_count(*self._count_parts, more=self._count_more)
        self._fit_title()

    def on_desk_table_columns_hidden(self, message: DeskTable.ColumnsHidden) -> None:
        self._hidden = message.labels
        self._fit_title()

    @property
    def table(self) -> DeskTable:
        return self.query_one(DeskTable)

    def selected_phone(self) -> str | None:
        return None

    filter_what = ""  # what the `/` line filters on, said in its placeholder

    def filter_box(self) -> Input:
        """The `/` line of a pane: filters as you type. Made on the first `/` (start-up draws fewer
        widgets), kept hidden when closed empty."""
        return PaneFilter(placeholder=f"筛选{self.filter_what}：汉字、拼音、首字母或号码 · Enter 到列表 · Esc 清除",
                          id=f"{self.id}-filter", classes="pane-filter", max_length=FILTER_MAX, compact=True)

    @property
    def filter_input(self) -> Input | None:
        found = self.query(".pane-filter").results(Input)
        return next(found, None)

    async def open_filter(self) -> Input:
        box = self.filter_input
        if box is None:
            box = self.filter_box()
            await self.mount(box, before=0)
        box.add_class("-open")
        self.call_after_refresh(self.warm_search)
        return box

    def close_filter_if_empty(self) -> None:
        box = self.filter_input
        if box is not None and not box.value:
            box.remove_class("-open")

    def keeps(self, row) -> bool:
        return row_matches(self.filter_text, self.search_parts(row))

    def search_parts(self, row) -> tuple[str | None, ...]:
        """The texts of a row its `/` filter looks in."""
        return ()

    def warm_search(self) -> None:
        """Each row's texts in pinyin before the first letter is typed: the first filter key of a pane read them
        all (15 ms on the year store, issue 25). Called once the `/` line is on screen."""
        warm_keys(self.search_parts(row) for row in getattr(self, "every", ()))

    @property
    def filtered(self) -> bool:
        """A filter is on: the table keeps the columns it had (DeskTable.set_rows' hold_columns)."""
        return bool(self.filter_text.strip()) or self.quick_filter is not None

    def filter_words(self, extra: str | None = None) -> str | None:
        """'筛选：ygzx' (and a quick filter's name) for the pane's count, or None when unfiltered."""
        words = [w for w in (extra, cut_to(self.filter_text.strip(), QUERY_CELLS)) if w]
        return "筛选：" + " ".join(words) if words else None

    def filter_by(self, name: str | None) -> None:
        """Show only the rows the quick filter keeps (the same key again, or None, shows all)."""
        self.quick_filter = None if name == self.quick_filter else name

    def clear_filters(self) -> bool:
        """Esc on the list: every filter off; False when there was none."""
        had = bool(self.filter_text) or self.quick_filter is not None
        box = self.filter_input
        if box is not None:
            with box.prevent(Input.Changed):
                box.value = ""
            box.remove_class("-open")
        # Both off, then the rows drawn once (each watcher would draw them).
        self.set_reactive(Pane.filter_text, "")
        self.set_reactive(Pane.quick_filter, None)
        if had:
            self.render_rows(self.clock())
        return had

    def render_rows(self, now: datetime) -> None:
        raise NotImplementedError


class DutyPane(Pane):
    filter_what = "专业或医师"

    def __init__(self, **kwargs) -> None:
        super().__init__(1, "今日值班", id="duty", **kwargs)
        self.rows: dict = {}
        self.every: list = []
        self.notice: str | None = None

    def search_parts(self, row) -> tuple[str | None, ...]:
        return (row.specialty_name, row.specialist_name, row.phone)

    def compose(self) -> ComposeResult:
        yield PaneTable([Column("specialty", "专业", min_width=8), Column("name", "值班医师", min_width=4),
                         Column("phone", "电话"), Column("title", "职称")], id="duty-table")

    def show(self, rows, notice: str | None = None) -> None:
        self.every, self.notice = rows, notice
        # In the title: a to-do for the month, not a count; the count line had no room for it (issue 25).
        self.set_title_note(*([f"{notice}（m 导入）", notice] if notice else []))
        self.render_rows(None)

    def render_rows(self, _now) -> None:
        rows = [r for r in self.every if self.keeps(r)]
        self.rows = {r.specialty_id: r for r in rows}
        table_rows = []
        for r in rows:
            if r.specialist_id is None:
                cells = (r.specialty_name, Text("无人值班", style=MISSING), Text("—", style=MUTED),
                         Text("—", style=MUTED))
            else:
                cells = (r.specialty_name, r.specialist_name, r.phone, SHORT_TITLES.get(r.title, r.title))
            table_rows.append((r.specialty_id, cells))
        self.table.set_rows(table_rows, hold_columns=self.filtered)
        if words := self.filter_words():
            self.set_count(f"{words} {len(rows)}/{len(self.every)}个专业", "Esc 清除")
            return
        gaps = sum(1 for r in rows if r.specialist_id is None)
        self.set_count(f"{len(rows)}个专业", f"{gaps}个无人值班" if gaps else "")

    def selected(self):
        key = self.table.selected_key
        return self.rows.get(key) if key else None

    def selected_phone(self) -> str | None:
        row = self.selected()
        return row.phone if row else None


# Quick filters of the approvals pane (issue 13): the two questions asked most, one key each.
QUICK_FILTERS = {
    "overdue": ("已超时", lambda p, now: p.deadline <= now),
    "soon": ("15分钟内到期", lambda p, now: now < p.deadline <= now + timedelta(minutes=15)),
}


class ApprovalsPane(Pane):
    filter_what = "医师、专业、单位"

    def __init__(self, **kwargs) -> None:
        super().__init__(2, "待审核（临近截止）", id="approvals", **kwargs)
        self.items: list = []  # the rows shown (the filters applied)
        self.every: list = []  # every pending request of the last refresh
        self._local = None  # the screen's local-time function, from the first show
        self._now: datetime | None = None

    def search_parts(self, row) -> tuple[str | None, ...]:
        p = row.row
        return (p.specialist_name, p.specialty_name, p.requesting_unit, p.requesting_doctor)

    def compose(self) -> ComposeResult:
        yield PaneTable(
            # Narrow, the requesting unit outstays the booked time and the chasing calls.
            [Column("left", "剩余", priority=10, room=11), Column("specialist", "会诊医师", 8, priority=9),
             Column("appointment", "预约", priority=6), Column("calls", "催办", priority=5),
             Column("unit", "申请单位", 8, priority=8), Column("doctor", "申请医师", 4, priority=4)],
            id="approvals-table",
        )

    def show(self, items, now: datetime, local) -> None:
        self.every, self._local = items, local
        self.render_rows(now)

    def render_rows(self, now: datetime) -> None:
        if self._local is None:
            return
        local = self._local
        items = self.every
        if self.quick_filter is not None:
            keep = QUICK_FILTERS[self.quick_filter][1]
            items = [p for p in items if keep(p, now)]
        items = [p for p in items if self.keeps(p)]
        self.items = items
        rows = []
        now_local = local(now)
        for p in items:
            r = p.row
            appt = short_time(local(r.appointment_at), now_local) if r.appointment_at else Text("未定", style=MUTED)
            # Another day's call shows its day, as the appointment does (`最近 21:34` read as this evening's).
            calls = (f"{r.escalations}次 {short_time(local(r.last_call_at), now_local)}" if r.escalations
                     else Text("—", style=MUTED))
            unit = Abbrev(r.requesting_unit, short_unit_name(r.requesting_unit))
            # Narrow, the specialist's name alone (the approvals pane at 80x24 must keep the requesting unit).
            specialist = Abbrev(f"{r.specialist_name}·{r.specialty_name}", r.specialist_name, cut_first=True)
            rows.append((r.consultation_id, (self._countdown(p, now), specialist, appt, calls, unit,
                                             r.requesting_doctor)))
        self.table.set_rows(rows, hold_columns=self.filtered)
        self._count(now)

    def _countdown(self, item, now: datetime) -> Text:
        return urgent_countdown(item.deadline, now)

    def _count(self, now: datetime) -> None:
        label = QUICK_FILTERS[self.quick_filter][0] if self.quick_filter is not None else None
        if words := self.filter_words(label):
            self.set_count(f"{words} {len(self.items)}/{len(self.every)}条", "Esc 清除")
            return
        overdue = sum(1 for p in self.items if p.deadline <= now)
        self.set_count(f"{len(self.items)}条", f"{overdue}条已超时" if overdue else "")

    def tick(self, now: datetime) -> None:
        """Move the countdowns without asking the store."""
        self.table.set_cells("left", ((p.row.consultation_id, self._countdown(p, now)) for p in self.items))
        self._count(now)

    def selected(self):
        key = self.table.selected_key
        return next((p for p in self.items if p.row.consultation_id == key), None)

    def selected_phone(self) -> str | None:
        item = self.selected()
        return item.row.specialist_phone if item else None


class BedsPane(Pane):
    filter_what = "科室、单位、状态"

    QUICK_LABEL = "需致电"

    def __init__(self, **kwargs) -> None:
        super().__init__(3, "床位协调", id="beds", **kwargs)
        self.rows: list = []  # the rows shown (the filters applied)
        self.every: list = []
        self.free = ""
        self.horizon = timedelta(hours=24)  # the policy's, set by the dashboard
        self._local = None

    def search_parts(self, row) -> tuple[str | None, ...]:
        # The patient's name is not searched: it is masked here, and a filter must not reveal it.
        return (row.department, row.from_unit, BedStatus(row.status).label, row.last_note)

    def compose(self) -> ComposeResult:
        yield PaneTable(
            # The latest coordination before the window: 距入住 already says when, the note says
            # what was last heard, which a narrow pane must not cut.
            # Room for 需协调 -0:10:00 as the clock runs; narrow, what was last heard outstays 距入住.
            # 10 cells: 心血管内科 and 心血管外科 cut to 4 cells were one 心血…; a year store showed 专 … on every row.
            [Column("department", "科室", 10, priority=10), Column("patient", "患者", priority=6),
             Column("state", "状态", priority=9, room=17, essential=True),
             Column("until", "距入住", priority=7, room=10),
             Column("note", "最近协调", 8, priority=8), Column("window", "入住时间", priority=5)],
            id="beds-table",
        )

    def show(self, rows, now: datetime, local, quotas=()) -> None:
        self.every, self._local = rows, local
        # 004 二(四)1: beds kept for referred patients, free today, per department.
        # The full ones first: where the line is short, what it keeps is what the operator must not miss.
        self.free = " ".join(f"{q.department}{q.free}/{q.reserved_beds}" + ("已满" if q.free == 0 else "")
                             for q in sorted(quotas, key=lambda q: q.free != 0))
        self.render_rows(now)

    def render_rows(self, now: datetime) -> None:
        if self._local is None:
            return
        local = self._local
        rows = [r for r in self.every
                if (self.quick_filter is None or row_needs_call(r, now, self.horizon))
                and self.keeps(r)]
        self.rows = rows
        table_rows = []
        now_local = local(now)
        for r in rows:
            start, end = local(r.window_start), local(r.window_end)
            # A space before ~: zoomed and narrow, the window wraps there (`11-23 18:00` / `~25日18:00`).
            window = f"{start:%m-%d %H:%M} ~" + (f"{end:%H:%M}" if start.date() == end.date() else f"{end:%d日%H:%M}")
            # The latest coordination in the log, with its time: a call without a note still counts.
            # Another day's call shows its day, as the approvals pane's 催办 does.
            note = (Text(f"{short_time(local(r.last_call_at), now_local)} {r.last_note}") if r.last_note
                    else Text("未联系", style=MUTED))
            if not r.last_note and r.status == "requested" and r.window_start - now > self.horizon:
                note = Text("转诊床位·待预留", style=MUTED)  # shown early: it stays until reserved
            state = self._state(r, now)
            table_rows.append((r.bed_request_id, (r.department, mask_name(r.patient_name), state,
                                                  self._until(r, now), note, window)))
        self.table.set_rows(table_rows, hold_columns=self.filtered)
        self._count(now)

    def _count(self, now: datetime) -> None:
        label = self.QUICK_LABEL if self.quick_filter is not None else None
        if words := self.filter_words(label):
            self.set_count(f"{words} {len(self.rows)}/{len(self.every)}条", "Esc 清除")
            return
        late = sum(1 for r in self.rows if self._waiting(r) and r.reply_deadline <= now)
        self.set_count(f"{len(self.rows)}条", f"{late}条回复超时" if late else "",
                       more=f"专用床位余 {self.free}" if self.free else "")

    @staticmethod
    def _waiting(row) -> bool:
        """Still waiting for the department's answer (002 五(二))."""
        return (row.reply_deadline is not None and row.answered_at is None
                and row.status in ("requested", "needs_coordination"))

    def _state(self, row, now: datetime) -> Text:
        """The state, and while the department has not answered, the reply clock (same bands as
        an approval's): 已申请 0:35:00, 需协调 -0:10:00."""
        label = BedStatus(row.status).label
        if not self._waiting(row):
            return Text(label, style=FLAG if row.status == "needs_coordination" else "")
        return Text.assemble((label + " ", FLAG if row.status == "needs_coordination" else ""),
                             urgent_countdown(row.reply_deadline, now))

    @staticmethod
    def _until(row, now: datetime) -> Text:
        return Text(format_until(row.window_start, now), style=FLAG if row.window_start <= now else "")

    def tick(self, now: datetime) -> None:
        self.table.set_cells("until", ((r.bed_request_id, self._until(r, now)) for r in self.rows))
        self.table.set_cells("state", ((r.bed_request_id, self._state(r, now)) for r in self.rows if self._waiting(r)))
        self._count(now)

    def selected(self):
        key = self.table.selected_key
        return next((r for r in self.rows if r.bed_request_id == key), None)

    def selected_phone(self) -> str | None:
        row = self.selected()
        return row.department_phone if row else None


class DirectoryPane(Pane):
    def __init__(self, **kwargs) -> None:
        super().__init__(4, "通讯录", id="directory", **kwargs)
        self.rows: list = []

    def compose(self) -> ComposeResult:
        # The directory's `/` line is always shown: it searches the whole directory in the store
        # (the other panes filter the rows they hold).
        yield DeskInput(placeholder="/ 搜索：单位、拼音、首字母或号码", id="directory-search",
                        classes="pane-filter -open",
                    max_length=FILTER_MAX, compact=True)
        # A narrow pane shows 市人民医院 for 聊城市人民医院: what tells the units apart.
        yield PaneTable([Column("unit", "单位", 10), Column("phone", "电话"), Column("contact", "联系人", 8),
                         Column("purpose", "用途", 8)], id="directory-table")

    @property
    def search(self) -> Input:
        return self.query_one(Input)

    def show(self, rows, limit: int, query: str = "") -> None:
        """`query`: the search the rows answer, said in the count. The columns fit what was found: a search's
        answer is a unit's name, which must show whole (`来电号码是哪个单位` at 80x24 read `阳谷中心医…` when they were
        held as the other panes hold theirs). With nothing found they stay as they were (they shrank to their
        headers, outside trial)."""
        self.rows = rows
        table_rows = []
        for r in rows:
            phone = r.phone or Text("待补充", style=MISSING)
            table_rows.append((r.directory_entry_id, (Abbrev(r.unit_name, short_unit_name(r.unit_name)), phone,
                                                      r.contact or Text("—", style=MUTED), r.purpose)))
        searched = query.strip()
        self.table.set_rows(table_rows, hold_columns=bool(searched) and not rows)
        more = f"（仅显示前{limit}条）" if len(rows) >= limit else ""
        said = cut_to(searched, QUERY_CELLS)
        if not searched:
            self.set_count(f"{len(rows)}条{more}")
        elif rows:
            self.set_count(f"{len(rows)}条{more}", f"搜索：{said}", "Esc 清除")
        else:
            self.set_count("没有找到", f"搜索：{said}", "Esc 清除")  # the search line's placeholder says what to type

    def render_rows(self, _now) -> None:
        """The directory's rows come from the store's search (the dashboard runs it)."""

    def selected(self):
        key = self.table.selected_key
        return next((r for r in self.rows if r.directory_entry_id == key), None)

    def selected_phone(self) -> str | None:
        row = self.selected()
        return row.phone if row else None


DEMO_MARK = "（演示）"  # ends the demo store's label (cli.store_label)

class StatusBar(Widget):
    """Time, operator, store and sync state: what the operator glances at. One line of fixed size,
    so a new second repaints the line only (a Static's update lays the whole screen out again, every
    second, issue 28)."""

    DEFAULT_CSS = "StatusBar { height: 1; background: $panel; color: $text; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._parts: tuple[tuple[int, str, str], ...] = ()  # (keep priority, text, style), in display order

    def render(self) -> Text:
        """What fits the width: the least needed parts give way first (the time zone, the store's name, when
        it last synced), so at 80 columns the sync state and why it is offline still show."""
        parts = list(self._parts)
        width = self.size.width or 10_000
        while len(parts) > 1 and sum(cell_len(t) for _k, t, _s in parts) > width:
            parts.remove(min(parts, key=lambda p: p[0]))
        text = Text(no_wrap=True, overflow="ellipsis")
        for _keep, words, style in parts:
            text.append(words, style=style)
        return text

    def update(self, parts: tuple[tuple[int, str, str], ...]) -> None:
        if parts != self._parts:
            self._parts = parts
            self.refresh()
            refresh_through_stacked_screens(self)

    def show(self, *, now_local: datetime, tz_name: str, operator: str, workstation: str, store: str,
             sync: str, readonly: bool = False) -> None:
        sync_style = FLAG if "冲突" in sync or "离线" in sync or "不一致" in sync else MUTED
        mode, *details = sync.split(" · ")
        parts = [(100, f" {now_local:%Y-%m-%d %H:%M:%S}", "bold")]
        if readonly:
            parts.append((90, "  只读（督导）", FLAG))
        # Demo data says so whatever the width (outside trial: at 80 columns `数据 demo.sqlite3（演示）` gave way
        # first, and nothing said the records were made up).
        demo = store.endswith(DEMO_MARK)  # not any store whose own name says 演示
        # Who is signed in outstays the workstation's name and when it last synced (outside trial: at 80 columns
        # the operator gave way before `上次 …` and `待推送 0`).
        # The demo's mark outstays the store's file name, which gives way before who is signed in (outside trial:
        # at 80 columns `数据 demo.sqlite3（演示）` pushed the operator out).
        data = [(30, f"  数据 {store.removesuffix(DEMO_MARK)}", FLAG), (92, "  演示数据", FLAG)] if demo else [
            (30, f"  数据 {store}", "")]
        parts += [(20, f" {tz_name}", MUTED), (80, f"  操作员 {operator}", ""), (25, f"@{workstation}", ""),
                  *data, (95, f"  {mode}", sync_style)]
        parts += [(85 if "冲突" in d or "不一致" in d else 60 if "待推送" in d else 40, f" · {d}", sync_style)
                  for d in details]
        self.update(tuple(parts))

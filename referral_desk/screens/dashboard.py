"""The dashboard: four live panes the operator keeps open all day."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input

from referral_desk.screens.desk_keys import DASHBOARD_KEYS, bindings, typing_actions
from referral_desk.screens.work import desk_work, run_desk_worker
from referral_desk.store.reads.pane_reads import DIRECTORY_LIMIT, Snapshot
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.desk_table import DeskTable
from referral_desk.widgets.panes import ApprovalsPane, BedsPane, DirectoryPane, DutyPane, Pane, StatusBar

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from datetime import date, datetime

    from referral_desk.config import Settings
    from referral_desk.desk.desk import Desk
    from referral_desk.desk.first_look import FirstLook


REMINDER_SECONDS = 15  # how often queued and automatic reminders are looked at
EXPIRY_SECONDS = 60  # how often the expiry policy, if set, looks for overdue requests
FASTEST_ROUND = 0.5  # real seconds: the most often either runs, however fast the desk's clock


class DashboardScreen(Screen):
    ENTER_DOES = "详情：所选行"  # the tables' own Enter, listed by F1
    # Esc is the desk's own here (action_unzoom: a filter off first, then the pane back, fitted to four panes
    # again); Textual's minimize took it first and left the pane in its zoomed, wrapped fit.
    ESCAPE_TO_MINIMIZE = False
    CSS = """
    #panes { grid-size: 2 2; grid-columns: 2fr 3fr; grid-rows: 1fr 1fr; height: 1fr; }
    DashboardScreen.-narrow #panes { grid-columns: 1fr 1fr; }
    """
    # Keys typed in a burst ("/ygzx") land in order without priority bindings (keys_in_order.py);
    # while the search box has focus it takes the letters itself, and check_action keeps them out
    # of the footer. Enter and Esc are priority: the search box would take Enter as its own.
    BINDINGS = bindings(DASHBOARD_KEYS)  # screens/desk_keys.py: each key declared once
    TYPING_KEYS_ACTIONS = typing_actions(DASHBOARD_KEYS)
    COMPACT_BELOW = 110  # columns; narrower terminals crop long names
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (COMPACT_BELOW, "-wide")]

    def __init__(self, service: Desk | FirstLook, settings: Settings, store_label: str,
                 first: Snapshot | None = None) -> None:
        """Until attach() (the store open), `service` may be the FirstLook the panes were read from:
        it answers the panes' reads, the time and the operator, and nothing that writes."""
        super().__init__()
        self.service = service
        self.sync_runner = None
        self.reminder_runner = None
        self._stop_listening = None
        self._sync_timer = None
        self._asked_other_server = False
        self._parked_said = 0
        self._kept_for: dict[str, object] = {}  # a kept screen's name -> the desk it was made on
        # Read before the app starts, so the first frame already shows data.
        self._first = first
        self.settings = settings
        self.store_label = store_label
        self.loaded = asyncio.Event()  # set by the first refresh
        self._directory_query = ""
        self._shown_query: str | None = None  # the query the directory pane's rows answer

    def compose(self) -> ComposeResult:
        with Grid(id="panes"):
            # Lookups on the left, the two queues that need action on the wider right.
            yield DutyPane(clock=self._now)
            yield ApprovalsPane(clock=self._now)
            yield DirectoryPane(clock=self._now)
            yield BedsPane(clock=self._now)
        yield StatusBar(id="status")

    def _now(self) -> datetime:
        return self.service.now()  # the desk's clock, whichever desk the screen has now

    def on_screen_suspend(self) -> None:
        # NO_COLOR: the focused pane's heavy border said "here" behind a dialog too, where colour has the
        # screen tinted (outside trial). Only there: a class change restyles the whole dashboard.
        if self.app.no_color:
            self.add_class("-behind")

    def on_screen_resume(self) -> None:
        if self.app.no_color:
            self.remove_class("-behind")

    def on_mount(self) -> None:
        self.query_one("#approvals-table").focus()
        self._fit_to(self.app.size.width)  # before the first rows, so they are laid out once
        self.query_one(BedsPane).horizon = self.service.policy.bed_coordination_horizon
        self.tick()
        self.set_interval(1.0, self.tick)
        self.set_interval(self.settings.refresh_seconds, self._refresh_if_changed)
        if self._first is not None:
            self._apply(self._first)
            self._first = None
        else:
            self.refresh_data()

    def attach(self, service: Desk, sync_runner=None, reminder_runner=None) -> None:
        """The store is open: the parts that change it, or wait on it, start now."""
        self.service = service
        self.sync_runner = sync_runner
        self.reminder_runner = reminder_runner
        # A change may be committed from a worker thread; post_message is thread-safe
        # and runs the handler in the screen's own context.
        self._stop_listening = self.service.on_change(lambda: self.post_message(self.StoreChanged()))
        if self.sync_runner is not None:
            self.schedule_sync(0.5)
        # Rounds measured in the desk's time: a faster clock (a soak run) runs them as often per desk minute.
        speed = getattr(self.service.clock, "speed", 1.0)
        if self.reminder_runner is not None:
            self.set_interval(max(REMINDER_SECONDS / speed, FASTEST_ROUND), self.remind_now)
        if self.service.policy.expire_after is not None:
            self.set_interval(max(EXPIRY_SECONDS / speed, FASTEST_ROUND), self.expire_by_policy)
        # The keys' line comes with the store: keys typed before it opens wait for it (KeysInOrder),
        # and the footer is the dearest widget of the first frame. Compact: every key the dashboard
        # offers fits on one line at 120 columns (v, s and H too).
        self.mount(DeskFooter(compact=True, late=True))
        self.tick()

    # -- expiry -----------------------------------------------------------------
    def expire_by_policy(self) -> None:
        self._expiry_round()

    # A refusal mid-round (e.g. a request approved by a pulled change) is said; the next round tries again.
    @desk_work(thread=True, group="expire", description="过期策略未执行")
    def _expiry_round(self) -> None:
        count = self.service.requests.expire_by_policy()
        if count:  # notify is thread-safe
            minutes = int(self.service.policy.expire_after.total_seconds() // 60)
            self.notify(f"已按过期策略将 {count} 条超过截止 {minutes} 分钟仍未审核的申请标记为过期（见各申请经过）",
                        timeout=8)

    def action_expire_overdue(self) -> None:
        from referral_desk.screens.confirm import ConfirmScreen

        # What the operator sees in the approvals pane, past its deadline now (no query on the UI
        # thread); the service checks each one again when they confirm.
        now = self.service.now()
        overdue = [p for p in self.query_one(ApprovalsPane).items if p.deadline <= now]
        if not overdue:
            self.notify("没有已超过审核截止的申请", timeout=3)
            return
        ids = {p.row.consultation_id for p in overdue}
        names = "、".join(f"{p.row.requesting_unit}→{p.row.specialist_name}" for p in overdue[:5])
        more = f" 等 {len(overdue)} 条" if len(overdue) > 5 else ""
        body = (f"已超过审核截止仍未审核：{len(overdue)} 条\n{names}{more}\n\n"
                "标记为「已过期」后离开待审核窗格，经过中写明原因；此操作会同步到其他工作站。")
        self.app.push_screen(ConfirmScreen("批量标记过期", body),
                             lambda yes: self._expire_confirmed(ids, self._hold_keys()) if yes else None)

    def _hold_keys(self) -> bool:
        """Keys typed behind a change wait for it (`X y Ctrl+Z` at once undid nothing: the batch was still
        being written when Ctrl+Z looked for it)."""
        hold = getattr(self.app, "hold_keys_unless_held", None)
        return bool(hold and hold())

    @desk_work(thread=True, group="expire", description="未标记过期")
    def _expire_confirmed(self, ids: set[str], held: bool = False) -> None:
        try:
            count = self.service.requests.expire_overdue(only=ids)
            self.notify(f"已将 {count} 条申请标记为过期", timeout=4)  # thread-safe
        finally:
            if held:
                self.post_message(self.KeysMayGo())  # thread-safe; answered on the UI thread

    class KeysMayGo(Message):
        """A change the keys typed behind it waited for is written."""

    async def on_dashboard_screen_keys_may_go(self, _message: KeysMayGo) -> None:
        await self.app.release_keys()

    # -- reminders ------------------------------------------------------------
    def remind_now(self) -> None:
        self._reminder_round()

    class Reminded(Message):
        def __init__(self, report) -> None:
            super().__init__()
            self.report = report

    @desk_work(thread=True, group="remind", description="提醒未发送")
    def _reminder_round(self) -> None:
        report = self.reminder_runner.run_once()
        if report is not None and (report.failed or report.sent):
            self.post_message(self.Reminded(report))

    @on(Reminded)
    def _after_reminders(self, message: Reminded) -> None:
        report = message.report
        if report.sent:
            self.notify(f"已发送提醒 {report.sent} 条", timeout=3)
        if report.failed:
            self.notify(f"{report.failed} 条提醒多次发送失败，已放弃：{report.errors[-1]}", severity="error")

    class StoreChanged(Message):
        """This desk committed a change (or acknowledged a conflict)."""

    def on_dashboard_screen_store_changed(self, _message: StoreChanged) -> None:
        self._local_change()

    def _local_change(self) -> None:
        self.refresh_data()
        if self.sync_runner is not None:
            self.schedule_sync(0.3)  # soon, and once for a burst of changes

    # -- sync ---------------------------------------------------------------
    def schedule_sync(self, delay: float) -> None:
        if self._sync_timer is not None:
            self._sync_timer.stop()
        self._sync_timer = self.set_timer(delay, self.sync_now)

    def sync_now(self) -> None:
        self._sync_round()

    class Synced(Message):
        def __init__(self, report) -> None:
            super().__init__()
            self.report = report

    @desk_work(thread=True, group="sync", description="同步未完成")
    def _sync_round(self) -> None:
        self.post_message(self.Synced(self.sync_runner.run_once()))

    @on(Synced)
    def _after_sync(self, message: Synced) -> None:
        report = message.report
        if report is not None and (report.pulled or report.pushed):
            self.refresh_data()
        parked = self.sync_runner.state.parked
        if parked and parked != self._parked_said:  # said in a notice: an 80-column status line is cut short
            self.notify(self.sync_runner.state.parked_words, severity="warning", timeout=30)
        self._parked_said = parked
        if report is not None and report.restored:
            from referral_desk.domain.bounds import halves

            why = halves(report.restored)[0]
            said = why if why.startswith("已改用") else f"服务器已从备份恢复：{why}"  # adopted by the operator
            self.notify(f"{said}。本工作站已重新推送近 30 天的更改并从头拉取，请核对最近的记录", severity="warning",
                        timeout=30)
        self._follow_role(self.sync_runner.state.role)
        if self.sync_runner.state.other_server and not self._asked_other_server:
            self._ask_to_adopt_server()
        # The keys' line comes with the store: keys typed before it opens wait for it (KeysInOrder),
        # and the footer is the dearest widget of the first frame. Compact: every key the dashboard
        # offers fits on one line at 120 columns (v, s and H too).
        self.mount(DeskFooter(compact=True, late=True))
        self.tick()
        self.schedule_sync(self.sync_runner.next_delay())

    def _ask_to_adopt_server(self) -> None:
        """Another installation answers at the configured address: asked once per session; until the
        operator says yes, nothing is sent there nor taken from it."""
        from referral_desk.screens.confirm import other_server_question

        self._asked_other_server = True

        def answered(yes: bool | None) -> None:
            if yes:
                self.sync_runner.adopt_server()
                self.schedule_sync(0.1)
                self.notify("已改用这台服务器：正在重新推送近 30 天的更改并从头拉取", timeout=10)
                return
            # Said where an 80-column status line cannot cut it off, and asked again later.
            self.notify(f"未同步：配置的地址上是另一台服务器。更改保留在本机；{self.ASK_AGAIN_MINUTES} 分钟后再次询问，"
                        "或请信息科核对服务器地址", severity="warning", timeout=30)
            self.set_timer(self.ASK_AGAIN_MINUTES * 60, self._may_ask_again)

        self.app.push_screen(other_server_question(), answered)

    ASK_AGAIN_MINUTES = 10

    def _may_ask_again(self) -> None:
        self._asked_other_server = False

    def _follow_role(self, role: str | None) -> None:
        """A supervisor's token makes this desk read-only as soon as the server says so."""
        from referral_desk.store.reads.roles import READ_ONLY_ROLES

        if role in READ_ONLY_ROLES and not self.service.readonly:
            self.service.readonly = True
            held = self.sync_runner.state.held_readonly
            self.notify("本工作站的令牌为督导角色：只读，不能修改数据"
                        + (f"。另有 {held} 条本地更改未推送，已保留：请换用操作员令牌同步，或请信息科处理"
                           if held else ""),
                        timeout=12 if held else 8)

    def on_resize(self, event) -> None:
        self._fit_to(event.size.width)

    def _fit_to(self, _width: int) -> None:
        zoomed = self.maximized
        for table in self.query(DeskTable):
            # A zoomed pane shows every column, wrapping a row rather than leaving one out.
            table.set_wrap(zoomed is not None and zoomed in table.ancestors)
        # The panes hidden behind a zoomed one are not laid out while it is: a terminal resized meanwhile left
        # them fitted, and their counts naming hidden columns, to the old width (outside trial). Checked again
        # once the screen is laid out.
        self.call_after_refresh(self._refit_tables)

    def _refit_tables(self) -> None:
        for table in self.query(DeskTable):
            table.refit()

    def on_unmount(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()

    # -- data ---------------------------------------------------------------
    def refresh_data(self) -> None:
        self._load(self._directory_query)

    # The panes are read again at least this often even when nothing was written: a bed entering the
    # coordination horizon, a new day, move by the clock alone.
    FULL_READ_SECONDS = 60.0

    def _refresh_if_changed(self) -> None:
        """The periodic re-read (every refresh_seconds), skipped while the store has not changed (issue 28:
        re-reading and re-drawing four panes every 3 s was most of an idle desk's cost). Not while a read runs:
        the group is exclusive, so a quiet read started then cancelled a full one (`r`, a new day) and, the store
        unchanged, skipped the read itself (a test waited 10 s for a re-read under a busy machine)."""
        from textual.worker import WorkerState

        if any(w.node is self and w.group == "refresh" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
               for w in self.app.workers):
            return
        self._load(self._directory_query, quiet=True)

    class Refreshed(Message):
        def __init__(self, snapshot: Snapshot) -> None:
            super().__init__()
            self.snapshot = snapshot

    @desk_work(thread=True, exclusive=True, group="refresh", description="刷新失败")
    def _load(self, directory_query: str, quiet: bool = False) -> None:
        # The first look (before the store is open) has no version to ask: it reads as before.
        version, now = getattr(self.service, "data_version", lambda: None)(), time.monotonic()
        seen = getattr(self, "_seen", None)  # (data version, directory query, when read)
        if (quiet and seen is not None and version is not None and seen[:2] == (version, directory_query)
                and now - seen[2] < self.FULL_READ_SECONDS):
            return
        self.post_message(self.Refreshed(self.service.panes.snapshot(directory_query)))
        self._seen = (version, directory_query, now)

    def refused(self, error: BaseException, worker) -> bool:
        """A locked or vanished store must not stop the desk: the next refresh tries again."""
        if worker.group != "refresh":
            return False
        from referral_desk.screens.refusals import refusal_words

        self.notify(f"刷新失败，将在{self.settings.refresh_seconds:g}秒后重试：{refusal_words(error)}",
                    severity="error", timeout=8)
        return True

    @on(Refreshed)
    def _refreshed(self, message: Refreshed) -> None:
        self._apply(message.snapshot)

    def _apply(self, snap: Snapshot) -> None:
        now = self.service.now()
        local = self.service.local
        self.query_one(DutyPane).show(snap.duty, snap.roster_notice)
        self.query_one(ApprovalsPane).show(snap.pending, now, local)
        self.query_one(BedsPane).show(snap.beds, now, local, snap.quotas or [])
        if snap.directory_query == self._directory_query:
            self._show_directory(snap.directory_query, snap.directory)
        self.loaded.set()

    @on(Input.Changed, "#directory-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._directory_query = event.value
        self._search(event.value)

    @desk_work(thread=True, exclusive=True, group="directory", description="通讯录未能搜索")
    def _search(self, query: str) -> None:
        self.post_message(self.DirectoryFound(query, self.service.panes.search_directory(query)))

    class DirectoryFound(Message):
        def __init__(self, query: str, rows: list) -> None:
            super().__init__()
            self.query = query
            self.rows = rows

    @on(DirectoryFound)
    def _apply_search(self, message: DirectoryFound) -> None:
        if message.query == self._directory_query:  # a later keystroke wins
            self._show_directory(message.query, message.rows)

    def _show_directory(self, query: str, rows: list) -> None:
        self.query_one(DirectoryPane).show(rows, DIRECTORY_LIMIT, query)
        self._shown_query = query

    def row_counts(self) -> dict[str, int]:
        return {pane.id: pane.table.row_count for pane in self.query(Pane)}

    _day: date | None = None  # the local day the panes were last read for

    def tick(self) -> None:
        """Once a second: countdowns and the clock move; the store is not asked, but on a new day: the duty
        pane turns at 00:00, not at the next full re-read a minute later (a soak run at 600x: ten desk hours)."""
        now = self.service.now()
        day = self.service.local(now).date()
        if day != self._day:
            if self._day is not None:
                self._load(self._directory_query)
            self._day = day
        self.query_one(ApprovalsPane).tick(now)
        self.query_one(BedsPane).tick(now)
        s = self.settings
        self.query_one(StatusBar).show(
            now_local=self.service.local(now), tz_name=s.timezone, operator=self.service.actor.operator,
            workstation=s.workstation,
            store=self.store_label, sync=self.sync_text(), readonly=self.service.readonly,
        )

    def sync_text(self) -> str:
        if self.sync_runner is None:
            return "同步：未配置服务器"
        st = self.sync_runner.state
        when = f" · 上次 {self.service.local(st.last_success):%H:%M:%S}" if st.last_success else ""
        mode = "另一台服务器，未同步" if st.other_server else {None: "连接中…", True: "在线", False: "离线"}[st.online]
        if st.online is False and not st.other_server and st.last_error_short:
            mode += f"（{st.last_error_short}）"
        text = f"同步：{mode}{when} · 待推送 {st.waiting}"
        if st.conflicts:
            text += f" · 冲突 {st.conflicts}（按 ! 查看）"
        if st.policy_differs:
            text += " · 规则与服务器不一致"
        return text

    # -- actions ------------------------------------------------------------
    WRITE_ACTIONS = frozenset({"book", "escalate", "expire_overdue", "refer_down", "emergency_up",
                               "new_directory_entry", "edit_entry"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.service.readonly and action in self.WRITE_ACTIONS:
            return False
        typing = isinstance(self.focused, Input)
        if action == "leave_search":
            return typing
        if action in ("escalate", "edit_entry") and not typing:
            on_directory = isinstance(self.focused_pane(), DirectoryPane)
            return on_directory if action == "edit_entry" else not on_directory
        if action == "conflicts" and not typing:
            # In the footer only while there is something to acknowledge.
            return self.sync_runner is not None and self.sync_runner.state.conflicts > 0
        return not (typing and action in self.TYPING_KEYS_ACTIONS)

    async def action_leave_search(self) -> None:
        """Enter or Esc in a `/` line: to the pane's rows, the filter kept (Esc on the rows clears it)."""
        pane = self.focused_pane()
        if pane is not None and not isinstance(pane, DirectoryPane):
            pane.close_filter_if_empty()
            self.set_focus(pane.table)
            return
        typed = self.query_one("#directory-search", Input).value
        if typed != self._shown_query:
            # "/ygzx⏎⏎" in one burst: the Enter that picks a result arrives before the search
            # for the last letter has run, and would open the first unit of the stale list.
            self._directory_query = typed
            rows = await asyncio.to_thread(self.service.panes.search_directory, typed)
            self._show_directory(typed, rows)
        self.set_focus(self.query_one("#directory-table"))

    # Focus moves at once (set_focus), not on the next idle (focus()), so keys
    # typed right after "/" or a pane number land where the operator expects.
    def action_focus_pane(self, pane_id: str) -> None:
        self.set_focus(self.query_one(f"#{pane_id}", Pane).table)

    async def action_search(self) -> None:
        """`/` filters the focused pane as you type; in the directory it searches the whole directory."""
        pane = self.focused_pane()
        if pane is None or isinstance(pane, DirectoryPane):
            self.search_directory()
        else:
            self.set_focus(await pane.open_filter())
            # The first letter typed would otherwise load pypinyin (~0.15 s) on the UI thread.
            from referral_desk.domain.search_keys import load_pinyin

            run_desk_worker(self, load_pinyin, thread=True, group="pinyin", exclusive=True)

    def search_directory(self) -> None:
        self.set_focus(self.query_one("#directory-search", Input))

    BOOKING_FORM = "booking-form"  # the one booking form, kept between calls (BookingScreen.start_over)

    def action_book(self) -> None:
        from referral_desk.screens.booking import BookingScreen

        self.show_kept(self.BOOKING_FORM, lambda: BookingScreen(self.service))

    def show_kept(self, name: str, make) -> None:
        """One screen of a kind, built at its first use and started over (`start_over()`) each time it is
        shown again (issue 25: building a screen's widgets and styling them was most of its key's time)."""
        app = self.app
        kept = app.get_screen(name) if app.is_screen_installed(name) else None
        if kept is not None and kept in app.screen_stack:
            return  # already open (under another screen): not a second time
        if kept is not None and self._kept_for.get(name) is self.service and kept.is_mounted:
            kept.start_over()
        else:
            if kept is not None:
                app.uninstall_screen(name)
            app.install_screen(make(), name)
            self._kept_for[name] = self.service  # a screen is kept for the desk it was made on
            if (collector := getattr(app, "collector", None)) is not None:
                collector.kept()  # frozen at the next quiet collection: no later one walks it again
        app.push_screen(name)

    def action_escalate(self) -> None:
        from referral_desk.screens.escalation import EscalationScreen

        focused = self.focused_pane()
        if isinstance(focused, BedsPane):
            from referral_desk.screens.bed_call import BedCallScreen

            row = focused.selected()
            if row is not None:
                self.app.push_screen(BedCallScreen(self.service, row, row.department_phone,
                                                   reply=(row.reply_deadline, row.answered_at)))
                return
        pane = self.query_one(ApprovalsPane)
        item = pane.selected() if focused is pane else None
        if item is None:
            self.notify("请在待审核窗格（按 2）或床位协调窗格（按 3）选择要催办的一行", severity="warning", timeout=3)
            return
        self.app.push_screen(EscalationScreen(self.service, item))

    def on_descendant_focus(self, _event) -> None:
        self.refresh_bindings()  # the footer says what `e` does in the pane now focused

    def action_edit_entry(self) -> None:
        """The directory pane's `e`: fill a missing number, change or retire the selected entry."""
        from referral_desk.screens.directory_entry import DirectoryEntryScreen

        focused = self.focused_pane()
        entry = focused.selected() if isinstance(focused, DirectoryPane) else None
        if entry is None:
            self.notify("请先在通讯录窗格选择一行（按 4）", severity="warning", timeout=3)
            return
        self.app.push_screen(DirectoryEntryScreen(self.service.directory, entry), lambda _done: self.refresh_data())

    def action_new_directory_entry(self) -> None:
        """`n`: a contact for the selected unit, or (ticked explicitly) a new unit."""
        from referral_desk.screens.directory_entry import DirectoryEntryScreen

        focused = self.focused_pane()
        selected = focused.selected() if isinstance(focused, DirectoryPane) else None
        self.app.push_screen(DirectoryEntryScreen(self.service.directory, unit=selected.unit_name if selected else ""),
                             lambda _done: self.refresh_data())

    def action_zoom(self) -> None:
        """The focused pane fills the screen, every column shown; `z` again (or Esc) brings the four back."""
        if self.maximized is not None:
            self.minimize()
        else:
            pane = self.focused_pane()
            if pane is None:
                self.notify("请先按 1-4 选择一个窗格", severity="warning", timeout=3)
                return
            self.maximize(pane)
        self._fit_to(self.size.width)

    def action_unzoom(self) -> None:
        """Esc on a pane's rows: its filters off first, then back to the four panes."""
        pane = self.focused_pane()
        if isinstance(pane, DirectoryPane):
            search = self.query_one("#directory-search", Input)
            if search.value:
                search.value = ""  # its Changed runs the search for every row
                return
        elif pane is not None and pane.clear_filters():
            return
        if self.maximized is not None:
            self.action_zoom()

    def action_quick_filter(self, name: str) -> None:
        """待审核: only the overdue (`o`) or those due within 15 minutes (`w`); 床位协调: only whom to
        ring now (`k`). The same key or Esc shows all."""
        pane = self.query_one(BedsPane) if name == "call" else self.query_one(ApprovalsPane)
        pane.filter_by(name)
        self.set_focus(pane.table)

    def action_review(self) -> None:
        from referral_desk.screens.review import DayReviewScreen

        self.show_kept("day-review", lambda: DayReviewScreen(self.service))

    def action_handover(self) -> None:
        from referral_desk.screens.shift import HandoverScreen

        self.show_kept("handover", lambda: HandoverScreen(self.service))

    def action_statistics(self) -> None:
        from referral_desk.screens.statistics import StatisticsScreen

        self.show_kept("statistics", lambda: StatisticsScreen(self.service.reports))

    def action_follow_ups(self) -> None:
        from referral_desk.screens.follow_ups import FollowUpScreen

        self.show_kept("follow-ups", lambda: FollowUpScreen(self.service))

    def action_refer_down(self) -> None:
        self._referral_form("down", emergency=False)

    def action_emergency_up(self) -> None:
        self._referral_form("up", emergency=True)

    def _referral_form(self, direction: str, *, emergency: bool) -> None:
        from referral_desk.screens.referral import ReferralScreen
        from referral_desk.screens.referral_form import ReferralFormScreen

        self.app.push_screen(ReferralFormScreen(self.service, direction, emergency=emergency),
                             lambda rid: self.app.push_screen(ReferralScreen(self.service, rid)) if rid else None)

    def action_roster(self) -> None:
        from referral_desk.screens.roster import RosterScreen

        self.app.push_screen(RosterScreen(self.service))

    def action_conflicts(self) -> None:
        from referral_desk.screens.conflicts import ConflictScreen

        self.app.push_screen(ConflictScreen(self.service.conflicts))

    def action_show_keys(self) -> None:
        self.app.action_show_keys()

    def action_refresh(self) -> None:
        self.refresh_data()
        self.notify("已刷新", timeout=2)

    def focused_pane(self) -> Pane | None:
        node = self.focused
        while node is not None and not isinstance(node, Pane):
            node = node.parent
        return node

    def action_copy_phone(self) -> None:
        pane = self.focused_pane()
        phone = pane.selected_phone() if pane else None
        if not phone:
            self.notify("所选行没有电话号码", severity="warning", timeout=3)
            return
        self.app.copy_to_clipboard(phone)
        self.notify(f"已复制 {phone}", timeout=3)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_details(event.data_table)

    def action_details(self) -> None:
        pane = self.focused_pane()
        if pane is not None:
            self.open_details(pane.table)

    def open_details(self, table: DeskTable) -> None:
        # Imported when first needed: the detail views are not part of the first frame.
        from referral_desk.screens.details import BedScreen, ConsultationScreen, DirectoryUnitScreen, SpecialistScreen

        key = table.selected_key
        if key is None:
            return
        pane = table.parent
        if isinstance(pane, DutyPane):
            row = pane.selected()
            if row.specialist_id is None:
                self.notify(f"{row.specialty_name} 今日无人值班", severity="warning")
                return
            self.app.push_screen(SpecialistScreen(self.service, row.specialist_id))
        elif isinstance(pane, ApprovalsPane):
            self.app.push_screen(ConsultationScreen(self.service, key))
        elif isinstance(pane, BedsPane):
            self.app.push_screen(BedScreen(self.service, key))
        elif isinstance(pane, DirectoryPane):
            self.app.push_screen(DirectoryUnitScreen(self.service, pane.selected().unit_name))

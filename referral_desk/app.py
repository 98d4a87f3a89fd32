"""The App: wires the service, the clock and the screens together."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widgets import Static
from textual.worker import Worker

from referral_desk.config import Settings
from referral_desk.keys_in_order import KeysInOrder
from referral_desk.quiet_gc import QuietCollector
from referral_desk.screens.dashboard import DashboardScreen
from referral_desk.screens.keys import KeysScreen
from referral_desk.screens.refusals import refusal_words
from referral_desk.screens.work import WorkerEnded, run_desk_worker
from referral_desk.store.reads.pane_reads import Snapshot
from referral_desk.textual_adapter import (
    chinese_palette,
    colourless,
    fold_toasts,
    literal_text,
    markup_never_fatal,
    named_styles_resolved,
    release_textual_leftovers,
    tint_once_per_style,
)
from referral_desk.widgets.palette import cell_theme

if TYPE_CHECKING:  # not at start-up: the first frame is drawn before SQLAlchemy is loaded (store.first_look)
    from referral_desk.desk.desk import Desk
    from referral_desk.desk.first_look import FirstLook
    from referral_desk.store.database.engine import Store


log = logging.getLogger("referral_desk.desk")


def pinyin_commands():
    # A callable, as Textual's own default: the palette's modules load when it is first opened,
    # not at start-up.
    from referral_desk.screens.command_search import PinyinCommands

    return PinyinCommands


# Textual's theme picker offered its 21 themes; the desk offers its two looks (LOOK_THEMES), each measured
# (tests/test_contrast.py): on the others a row's cursor read at 1.1:1 and countdowns at 1.4:1 (outside trial).
# Textual's screenshot writes the screen to an SVG file in the working directory, unaudited and readable by
# others (outside trial): an export of what is on screen goes through the desk's own exports or not at all.
# Nor its maximize: the desk's `z` zooms a pane; run from a form it drew the dashboard's pane over the form with
# the screen garbled (outside trial).
NOT_OFFERED = frozenset({"Theme", "Screenshot", "Maximize", "Minimize"})

# Textual's own palette entries, said in Chinese: (title, help) -> (标题, 说明).
TEXTUAL_COMMANDS = {
    ("Bell", "Ring the bell"): ("响铃", "终端响一声"),
    ("Quit", "Quit the application as soon as possible"): ("退出 (Ctrl+Q)", "关闭转诊台"),
    ("Keys", "Hide the keys and widget help panel"): ("隐藏按键面板", "关闭右侧的按键与帮助面板"),
    ("Keys", "Show help for the focused widget and a summary of available keys"):
        ("按键面板", "在右侧显示当前可用的按键"),
}


@dataclass
class DeskParts:
    """What the desk runs on once its store is open (cli.open_desk)."""

    service: Desk
    store: Store
    sync_runner: object | None = None
    reminder_runner: object | None = None
    warnings: list[str] = field(default_factory=list)  # said once the desk is open (plain http to the server)

    def close(self) -> None:
        for part in (self.sync_runner, self.reminder_runner):
            if part is not None:
                part.close()
        self.store.close()


# The look (config `look`, the palette's 浅色外观 / 深色外观) -> Textual's theme, for a terminal with more than
# 16 colours and for one with 16 (whose own foreground and background the ANSI themes use).
LOOK_THEMES = {"dark": ("textual-dark", "ansi-dark"), "light": ("textual-light", "ansi-light")}
LOOK_NAMES = {"dark": "深色外观", "light": "浅色外观"}


def wants_ansi_theme(color_system: str | None, no_color: bool) -> bool:
    """A 16-colour terminal gets the ANSI theme, but not under NO_COLOR, which has a look of its own (the
    terminal's own colours, textual_adapter.colourless): the ANSI theme there was black on black (outside
    trial: 1,715 of 1,992 characters)."""
    return color_system in ("standard", "windows") and not no_color


class ReferralDeskApp(KeysInOrder, App):
    CSS_PATH = "styles/app.tcss"
    TITLE = "转会诊中心 · 转诊台"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {pinyin_commands}
    ALLOW_IN_MAXIMIZED_VIEW = "DeskFooter"  # a zoomed pane keeps its keys' line (Textual names its own Footer)
    # `?` on every screen: the keys of the screen it is pressed on (screens.keys).
    # F1 too: in a form `?` is text, and F1 is what every program's help is (issue 25).
    BINDINGS = [Binding("question_mark", "show_keys", "快捷键", show=False),
                Binding("f1", "show_keys", "快捷键", show=False, priority=True),
                # Declared here, Textual adds none of its own: the footer said `^p palette` in English (issue 25).
                Binding("ctrl+p", "command_palette", "命令", show=False, priority=True, tooltip="打开命令面板"),
                Binding("ctrl+z", "undo", "撤销上一步", show=False)]

    def __init__(self, service: Desk | FirstLook, settings: Settings, store_label: str, *,
                 exit_when_ready: bool = False, first: Snapshot | None = None, sync_runner=None,
                 reminder_runner=None, ask_sign_in: bool = False, parts: DeskParts | None = None,
                 opener: Callable[[], DeskParts] | None = None, collector: QuietCollector | None = None) -> None:
        """`service` is the open store's Desk, or, with `opener`, the FirstLook the panes were
        read from: the store is then opened right after the first frame (on the UI thread, see
        _first_frame_drawn), and keys typed meanwhile wait for it (KeysInOrder), in order."""
        super().__init__()
        tint_once_per_style()  # the dashboard under a dialog, tinted without blending every segment again
        fold_toasts()
        literal_text(self)
        markup_never_fatal()
        named_styles_resolved()
        if self.no_color:
            colourless(self)
        self._cell_look: tuple[str, bool] | None = None
        self._show_cells_in("dark")  # Textual's default theme; on_mount sets the configured look
        self.service = service
        self.settings = settings
        self.store_label = store_label
        self.exit_when_ready = exit_when_ready
        self.ask_sign_in = ask_sign_in and not exit_when_ready
        self.ready_at: float | None = None  # benchmark hook: wall clock of the first filled frame
        self.opened_at: float | None = None  # benchmark hook: the store open, every key answered
        self.ready_rows: dict[str, int] = {}
        self.parts = parts
        self.sync_runner = parts.sync_runner if parts else sync_runner
        self.reminder_runner = parts.reminder_runner if parts else reminder_runner
        self._opener = opener
        self.open_failure: tuple[str, str] | None = None  # why the store could not be opened (cli says it)
        self.worker_failures: list[BaseException] = []  # test hook: a failure is said, not a crash
        self.store_opened = asyncio.Event()
        self.dashboard = DashboardScreen(service, settings, store_label, first)
        self.collector = collector  # full garbage collections between keys (the real desk; tests run without)
        if opener is not None:
            self.hold_keys()

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notice as written: the desk writes no markup, and a notice names what the operator typed (a
        contact `[/]王主任` saved ended the desk with a MarkupError, outside trial). Screens pass markup=True,
        Textual's default, and are overruled here."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    async def on_mount(self) -> None:
        if not self.is_headless and wants_ansi_theme(self.console.color_system, self.no_color):
            # A 16-colour terminal (TERM=xterm, the Linux console): the theme's hex colours came out as
            # red keys on grey and white on cyan (1:1, 2:1). The ANSI theme uses the terminal's own
            # foreground and background, which its owner made readable (issue 25). (A headless test's
            # console says 16 colours too, and must look as the desk does.)
            self.add_class("-sixteen")
        self.show_look(self.settings.look)
        await self.push_screen(self.dashboard)
        if self.collector is not None:
            self.set_interval(1.0, self._collect_when_quiet)
        if self._opener is not None:
            self.call_after_refresh(self._first_frame_drawn)
        else:
            await self._store_open()
        if self.exit_when_ready:
            # Benchmarks measure process start to all four panes filled.
            run_desk_worker(self, self._exit_once_loaded())

    def show_look(self, look: str) -> None:
        """The desk in `look` ("dark" or "light"): Textual's theme for it and the cells' colours with it."""
        self.theme = LOOK_THEMES[look][1 if self.has_class("-sixteen") else 0]

    @property
    def look(self) -> str:
        return "dark" if self.current_theme.dark else "light"

    def get_css_variables(self) -> dict[str, str]:
        """The desk's own $title: a focused pane's and a dialog's title. The accent in the dark looks; the light
        theme's orange accent read at 1.4:1 on its grey."""
        variables = super().get_css_variables()
        dark = self.current_theme.dark or variables.get("background", "").startswith("ansi")
        variables["title"] = variables["accent"] if dark else variables["text-primary"]
        return variables

    def watch_theme(self, _name: str) -> None:
        # Runs before Textual refreshes the styles (which it schedules), so tables draw in the new look.
        self._show_cells_in(self.look, sixteen=self.current_theme.name.startswith("ansi"))

    def _show_cells_in(self, look: str, sixteen: bool = False) -> None:
        """Cells carry style names (widgets/palette.py); the console's theme gives them this look's colours."""
        if (look, sixteen) == self._cell_look:
            return
        if self._cell_look is not None:
            self.console.pop_theme()
            self.call_next(self._show_again)
        self.console.push_theme(cell_theme(look, sixteen))
        self._cell_look = (look, sixteen)

    def _show_again(self) -> None:
        """A Static keeps what it shows as resolved colours: given its text again, it takes the new look's."""
        for screen in self.screen_stack:
            for static in screen.query(Static):
                static.update(static.content)

    async def on_event(self, event: events.Event) -> None:
        if self.collector is not None and isinstance(event, events.Key):
            self.collector.typed()
        await super().on_event(event)

    def _collect_when_quiet(self) -> None:
        release_textual_leftovers(self)
        self.collector.tick()  # type: ignore[union-attr]  # the interval runs only with a collector

    async def _first_frame_drawn(self) -> None:
        """The panes are on screen: now the store is opened, here on the UI thread. On a worker the
        imports it needs took twice as long (they share the interpreter's lock with the UI); keys
        typed meanwhile are kept, in order, and answered once it is open."""
        if self.exit_when_ready and self.dashboard.loaded.is_set():
            self._note_ready()
        try:
            parts = self._opener()
        except Exception as error:  # noqa: BLE001  said by the command line after the desk closes
            from referral_desk.store.database.errors import StoreOpenError

            self.open_failure = ((error.zh, error.en) if isinstance(error, StoreOpenError)
                                 else (f"无法打开数据文件（{type(error).__name__}）", "the store could not be opened"))
            self.exit(return_code=2)
            return
        looked = self.service
        self.parts, self.service = parts, parts.service
        self.sync_runner, self.reminder_runner = parts.sync_runner, parts.reminder_runner
        parts.service.readonly = parts.service.readonly or looked.readonly
        await self._store_open()

    async def _store_open(self) -> None:
        """What waits for the open store: the dashboard's live parts, the sign-in, a damage notice."""
        self.dashboard.attach(self.service, self.sync_runner, self.reminder_runner)
        if self.ask_sign_in and not self.service.readonly:  # a supervisor's desk keeps no shift
            # The panes load underneath; the shift starts with a name.
            from referral_desk.screens.shift import SignInScreen

            await self.push_screen(SignInScreen(self.service.shift, required=True))
        for warning in self.parts.warnings if self.parts is not None else ():
            self.notify(warning, severity="warning", timeout=30)
        if self.service.store.damaged:
            from referral_desk.store.database.engine import StoreDamaged

            self.notify(StoreDamaged(self.service.store.damaged).message, severity="error", timeout=600)
        if self.collector is not None:
            self.call_after_refresh(self.collector.start)
        self.opened_at = time.time()
        self.store_opened.set()
        await self.release_keys()

    async def _exit_once_loaded(self) -> None:
        await self.dashboard.loaded.wait()
        self.call_after_refresh(self._note_ready)  # once the filled panes are drawn
        await self.store_opened.wait()
        self.exit()

    def _note_ready(self) -> None:
        if self.ready_at is None:
            self.ready_at = time.time()
            self.ready_rows = self.dashboard.row_counts()

    @on(WorkerEnded)
    def _worker_ended(self, message: WorkerEnded) -> None:
        """The one place a desk worker's failure ends (screens.work): the operator reads a sentence and the
        desk stays open. The app's own failures (not a worker's) still end it, as Textual decides."""
        self.worker_ended(message.error, message.worker)

    def worker_ended(self, error: BaseException, worker: Worker | None) -> None:
        """A refusal (a rule, bad input, a file that cannot be written) is said where the screen that
        started the work says it (its `refused(error, worker)`, True when it did), else as a notice
        titled with the worker's description; anything else is a failure (worker_failed)."""
        said = refusal_words(error)
        if said is None:
            self.worker_failed(error)
            return
        node = worker.node if worker is not None else None
        refused = getattr(node, "refused", None)
        if refused is not None and refused(error, worker):
            return
        title = worker.description if worker is not None and worker.description else "未完成"
        self.notify(said, title=title, severity="error", timeout=10)

    def worker_failed(self, error: BaseException) -> None:
        self.worker_failures.append(error)
        # The type only: an exception's text can quote the values it choked on (patient data).
        log.warning("a desk worker failed: %s", type(error).__name__)
        self.notify(f"操作未完成，未写入任何内容：内部错误（{type(error).__name__}）", severity="error", timeout=15)

    def action_undo(self) -> None:
        """Ctrl+Z: the desk's own last change, within two minutes, after a yes (a compensating,
        audited, synced command: the change and its undo both stay in the timeline)."""
        from referral_desk.screens.confirm import ConfirmScreen

        last = self.service.undo.last_change()
        if last is None or last.compensation is None:
            said = ("「" + last.applied.summary + "」不能撤销：请在详情中更正" if last is not None
                    else "没有可撤销的更改（只能撤销本人2分钟内的上一项更改）")
            self.notify(said, severity="warning", timeout=5)
            return
        ago = int((self.service.now() - last.at).total_seconds())
        self.push_screen(ConfirmScreen("撤销上一步", f"撤销「{last.applied.summary}」（{ago}秒前，{last.operator}）？\n"
                                       "撤销作为一项新的更改记入经过和审计日志，并同步到其他工作站。"),
                         lambda yes: run_desk_worker(self, self._undo, thread=True, group="undo",
                                                     description="未撤销") if yes else None)

    def _undo(self) -> None:
        applied = self.service.undo.undo_last()  # a refusal (changed since, too late) ends in worker_ended
        self.post_message(self.Undone(applied.summary))

    class Undone(Message):
        def __init__(self, summary: str) -> None:
            super().__init__()
            self.summary = summary

    def on_referral_desk_app_undone(self, message: Undone) -> None:
        from referral_desk.screens.detail_base import DetailScreen

        self.notify(f"已{message.summary}", timeout=5)  # 已撤销上一步：已通过 → 待审核
        if isinstance(self.screen, DetailScreen):
            self.screen.reload()  # the record shown is the one just put back (the panes follow by themselves)

    def on_reminders_queued(self, _message) -> None:
        self.dashboard.remind_now()

    def action_command_palette(self) -> None:
        """Textual's palette, in Chinese (textual_adapter)."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(chinese_palette(id="--command-palette"))

    def action_show_keys(self) -> None:
        """F1 / ? open the keys of the screen they are pressed on, and close them again."""
        if isinstance(self.screen, KeysScreen):
            self.pop_screen()
        else:
            self.push_screen(KeysScreen(self.screen))

    def get_system_commands(self, screen):
        """The desk's own commands first, then Textual's, in Chinese (issue 13)."""
        if isinstance(screen, DashboardScreen):
            yield from self._desk_commands(screen)
        # Both looks, the one in use said so: searching for it found nothing (outside trial).
        for look, name in LOOK_NAMES.items():
            if look == self.look:
                yield SystemCommand(f"{name}（正在使用）", f'一直用：config.toml 写 look = "{look}"',
                                    lambda: self.notify(f"正在使用{LOOK_NAMES[self.look]}"))
            else:
                keep = f'一直用：config.toml 写 look = "{look}"'
                yield SystemCommand(name, f"本次改用{name}（{keep}）", partial(self.show_look, look))
        for command in super().get_system_commands(screen):
            if command.title in NOT_OFFERED:
                continue
            title, help_text = TEXTUAL_COMMANDS.get((command.title, command.help), (command.title, command.help))
            yield SystemCommand(title, help_text, command.callback, command.discover)

    def _desk_commands(self, d: DashboardScreen):
        from referral_desk.screens.desk_keys import DASHBOARD_KEYS, palette

        # The dashboard's keys as they are declared (screens/desk_keys.py), then what has no key of its own there.
        for title, help_text, callback in palette(DASHBOARD_KEYS, d, readonly=d.service.readonly):
            yield SystemCommand(title, help_text, callback)
        yield SystemCommand("搜索通讯录 (4 /)", "中文、全拼、首字母或号码", d.search_directory)
        yield SystemCommand("查看详情 (Enter)", "所选行的详情", d.action_details)
        yield SystemCommand("撤销上一步 (Ctrl+Z)", "本人2分钟内的上一项更改，记入经过并同步", self.action_undo)
        if d.sync_runner is not None:
            yield SystemCommand("立即同步", "马上与服务器同步一轮", d.sync_now)

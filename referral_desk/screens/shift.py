"""交接班: the handover view (`H`) and the sign-in that starts a shift.

The leaving operator reads what is open, writes a note for the next one and hands over (Ctrl+S);
the next one signs in by name, so the audit log names the person at the desk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, Static

from referral_desk.domain.handover import NAME_MAX, NOTE_MAX
from referral_desk.screens.form_base import KeepsWork
from referral_desk.screens.refusals import refusal_words
from referral_desk.screens.rows_first import HoldsKeys
from referral_desk.screens.work import desk_work
from referral_desk.widgets.cjk_text import keys_that_fit
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.desk_input import DeskInput
from referral_desk.widgets.desk_table import DeskTable
from referral_desk.widgets.palette import FLAG, MISSING, MUTED

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.desk.desk import Desk
    from referral_desk.desk.shift import Shift


class SignInScreen(ModalScreen):
    """Who is at the desk. At the start of a shift it cannot be dismissed (only Ctrl+Q quits):
    every change after it is written in this person's name."""

    DEFAULT_CSS = """
    SignInScreen { align: center middle; }
    SignInScreen #signin-box {
        width: 60; height: auto; border: round $accent; padding: 0 1; background: $surface;
    }
    SignInScreen .signin-row { height: 1; margin: 1 0; }
    SignInScreen .signin-label { width: 12; color: $text-muted; }  /* 操作员姓名 is 10 cells: a gap before the name */
    SignInScreen Input { width: 1fr; }
    SignInScreen #signin-errors { height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, shift: Shift, *, required: bool, previous: str = "", takes_held_keys: bool = False
                 ) -> None:
        """`takes_held_keys`: the handover held the keys typed behind its Ctrl+S; they go to the name box."""
        super().__init__()
        self.shift = shift
        self.required = required
        self.previous = previous
        self.takes_held_keys = takes_held_keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "cancel" or not self.required

    def compose(self) -> ComposeResult:
        with Vertical(id="signin-box") as box:
            box.border_title = "接班签到"
            yield Static(Text.assemble("请输入本班操作员的姓名，之后的每项操作都记在此人名下。",
                                       (f"\n上一班：{self.previous}" if self.previous else "", MUTED)))
            with Horizontal(classes="signin-row"):
                yield Label("操作员姓名", classes="signin-label")
                yield DeskInput(placeholder="如 张敏（→ 采用提示）", id="signin-name", max_length=NAME_MAX,
                                compact=True)
            yield Static("", id="signin-errors")
        yield DeskFooter()

    def on_mount(self) -> None:
        box = self.query_one("#signin-name", Input)
        box.suggester = SuggestFromList(self.shift.recent_operators(), case_sensitive=False)
        self.set_focus(box)
        if self.takes_held_keys:
            self.app.call_later(self.app.release_keys)  # type: ignore[attr-defined]

    @on(Input.Submitted, "#signin-name")
    def _submitted(self, event: Input.Submitted) -> None:
        self._sign_in(event.value)

    class Signed(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    @desk_work(thread=True, exclusive=True, group="sign-in", description="未签到")
    def _sign_in(self, name: str) -> None:
        self.post_message(self.Signed(self.shift.sign_in(name)))

    def refused(self, error: BaseException, worker) -> bool:
        self._say(refusal_words(error))  # under the name, which stays to be corrected
        return True

    @on(Signed)
    def _signed(self, message: Signed) -> None:
        name = message.name
        self.app.notify(f"{name} 已接班", timeout=4)
        self.dismiss(name)

    def _say(self, message: str) -> None:
        self.query_one("#signin-errors", Static).update(Text(f"未签到：{message}", style=MISSING))

    def action_cancel(self) -> None:
        self.dismiss(None)


class HandoverScreen(HoldsKeys, KeepsWork, Screen):
    """`H`: what is open, overdue, escalated without answer, beds to ring, follow-ups due, and the
    notes of earlier handovers; a note and Ctrl+S hand over, then the next operator signs in."""

    ENTER_DOES = "打开所选事项"  # the list's own Enter, listed by F1

    DEFAULT_CSS = """
    HandoverScreen #handover { height: 1fr; padding: 0 1; }
    HandoverScreen #handover-title { height: auto; margin-bottom: 1; }
    HandoverScreen #handover-table { height: 1fr; }
    HandoverScreen .note-row { height: 1; margin-top: 1; }
    HandoverScreen .note-label { width: 10; color: $text-muted; }
    HandoverScreen #handover-note { width: 1fr; }
    HandoverScreen #handover-errors { height: auto; }
    """
    BINDINGS = [
        Binding("escape", "close", "返回"),
        Binding("n", "note", "写留言"),
        Binding("ctrl+s", "hand_over", "交班", priority=True),
        Binding("x", "export", "导出文本"),
        Binding("r", "reload", "刷新"),
    ]
    KEYS_WAIT_FOR = "handover-write"  # handed over, the sign-in takes the held keys (_handed_over)

    def __init__(self, service: Desk) -> None:
        super().__init__()
        self.service = service
        self.handover = None
        self.exported: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="handover"):
            yield Static(Text("交接班 · 正在读取…", style="bold"), id="handover-title")
            # A long line (a note, a bed's story) wraps: a narrow terminal loses none of it (issue 25).
            yield DeskTable([("what", "事项")], id="handover-table", wrap=True)
            with Horizontal(classes="note-row"):
                yield Label("交班留言", classes="note-label")
                yield DeskInput(placeholder=f"留给下一班的话（最多{NOTE_MAX}字）· Ctrl+S 交班", id="handover-note",
                            max_length=NOTE_MAX, compact=True)
            yield Static("", id="handover-errors")
        yield DeskFooter()

    def on_mount(self) -> None:
        if self.service.readonly:  # a supervisor's desk keeps no shift: no note line to write in
            self.query_one(".note-row").display = False
        self._load()
        self.call_after_refresh(self.remember_pristine)  # a note typed is the operator's work (issue 25)

    def start_over(self) -> None:
        """The handover read afresh with an empty note: the desk keeps one and shows it again (issue 25)."""
        self.handover = None
        self.query_one("#handover-note", Input).value = ""
        self.query_one("#handover-errors", Static).update("")
        self.query_one(DeskTable).set_rows([])
        self.query_one("#handover-title", Static).update(Text("交接班 · 正在读取…", style="bold"))
        self.set_focus(self.query_one(DeskTable))
        self._load()
        self.remember_pristine()

    def action_close(self) -> None:
        self.leave(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, Input)
        if action in ("note", "export", "reload") and typing:
            return False
        # A supervisor's desk keeps no shift: it neither hands over nor leaves notes.
        return not (action in ("hand_over", "note") and self.service.readonly)

    class Read(Message):
        def __init__(self, handover) -> None:
            super().__init__()
            self.handover = handover

    class HandedOver(Message):
        """The shift was handed over (the next operator signs in)."""

    class Exported(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    @desk_work(thread=True, exclusive=True, group="handover", description="未能读取交接班")
    def _load(self) -> None:
        self.post_message(self.Read(self.service.shift.handover()))

    @on(Read)
    def _read(self, message: Read) -> None:
        self._show(message.handover)

    def _show(self, handover) -> None:
        self.handover = handover
        rows = []
        for s in handover.sections:
            rows.append((f"s:{s.key}", (Text(f"【{s.title}】", style="bold"),)))
            if not s.lines:
                rows.append((f"e:{s.key}", (Text(f"   {s.empty}", style=MUTED),)))
            for n, line in enumerate(s.lines):
                key = f"l:{s.key}:{n}"
                rows.append((key, (Text(line.marked, style=FLAG if line.urgent else ""),)))
        self.query_one(DeskTable).set_rows(rows)
        self._handover = handover
        self._show_title()
        if not isinstance(self.focused, Input):
            self.set_focus(self.query_one(DeskTable))

    _handover = None

    def _show_title(self) -> None:
        """The title on one line: where it is short, the keys the footer also shows give way, the last first
        (at 80 columns `· n` / `写留言` were folded over two lines)."""
        handover = self._handover
        if handover is None:
            return
        head = Text.assemble((f"交接班  {self.service.local(handover.at):%Y-%m-%d %H:%M}", "bold"),
                             f"  交班人 {handover.operator}", f"  未结 {handover.open_count} 项")
        keys = ["Enter 打开所选事项"] + ([] if self.service.readonly else ["n 写留言", "Ctrl+S 交班"]) + ["x 导出文本"]
        box = self.query_one("#handover-title", Static)
        room = (box.content_region.width or self.app.size.width) - head.cell_len
        head.append(keys_that_fit(keys, room, give_way=range(len(keys) - 1, -1, -1), sep=" · "), MUTED)
        box.update(head)

    def on_resize(self) -> None:
        self._show_title()

    def selected_line(self):
        key = self.query_one(DeskTable).selected_key
        if not key or not key.startswith("l:") or self.handover is None:
            return None
        _l, section, n = key.split(":")
        found = next(s for s in self.handover.sections if s.key == section)
        return found.lines[int(n)]

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        from referral_desk.screens.details import BedScreen, ConsultationScreen
        from referral_desk.screens.referral import ReferralScreen

        event.stop()
        line = self.selected_line()
        if line is None or line.opens is None:
            return
        entity, entity_id = line.opens
        screen = {"consultation": ConsultationScreen, "bed_request": BedScreen, "referral": ReferralScreen}[entity]
        self.app.push_screen(screen(self.service, entity_id), lambda _r: self._load())

    def action_note(self) -> None:
        self.set_focus(self.query_one("#handover-note", Input))

    def action_reload(self) -> None:
        self._load()

    @on(Input.Submitted, "#handover-note")
    def _note_done(self) -> None:
        self.set_focus(self.query_one(DeskTable))

    def action_hand_over(self) -> None:
        # Keys typed behind Ctrl+S (the next operator's name) wait for the sign-in (outside trial: they were lost).
        self.hold_keys_for_save()
        self._hand_over(self.query_one("#handover-note", Input).value)

    @desk_work(thread=True, exclusive=True, group="handover-write", description="未交班")
    def _hand_over(self, note: str) -> None:
        self.service.shift.hand_over(note)
        self.post_message(self.HandedOver())

    def refused(self, error: BaseException, worker) -> bool:
        """A note or an export refused is said on the handover, where it is fixed."""
        if worker.group != "handover-write":
            return False
        self._say(refusal_words(error))
        return True

    @on(HandedOver)
    def _handed_over(self) -> None:
        leaving = self.service.actor.operator
        self.app.notify(f"{leaving} 已交班", timeout=4)
        takes = self._holding_keys
        self._holding_keys = False  # the sign-in lets them go once its name box has the focus
        self.app.pop_screen()
        self.app.push_screen(SignInScreen(self.service.shift, required=True, previous=leaving, takes_held_keys=takes))

    def action_export(self) -> None:
        self._export()

    @desk_work(thread=True, exclusive=True, group="handover-write", description="未导出")
    def _export(self) -> None:
        self.post_message(self.Exported(str(self.service.shift.write_handover())))

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        path = self.exported = message.path
        self.app.notify(f"已导出：{path}", timeout=8)

    def _say(self, message: str) -> None:
        self.query_one("#handover-errors", Static).update(Text(f"未完成：{message}", style=MISSING))

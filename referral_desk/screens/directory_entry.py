"""Keeping the 附2 directory from the desk: fill a missing number, change one, add a contact or a
new unit (an explicit choice), retire an entry with a reason. Each is an audited, synced command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Label, Static

from referral_desk.screens.form_base import KeepsWork
from referral_desk.screens.refusals import refusal_words
from referral_desk.screens.work import desk_work
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.desk_input import DeskInput
from referral_desk.widgets.palette import MISSING
from referral_desk.widgets.tick_box import TickBox

if TYPE_CHECKING:  # for the editor: the screen reaches the store only through the directory
    from referral_desk.desk.directory import Directory

FIELDS = [("unit", "单位", "如 高唐县清平镇卫生院"), ("contact", "联系人", "如 医务科王主任（可空）"),
          ("phone", "电话", "手机或带区号的座机；空着为「待补充」"), ("purpose", "用途", "转诊咨询 / 投诉 / …")]


class DirectoryEntryScreen(KeepsWork, ModalScreen):
    """`entry`: the DirectoryRow to change, or None to add; `unit`: the unit a new contact joins."""

    DEFAULT_CSS = """
    DirectoryEntryScreen { align: center middle; }
    DirectoryEntryScreen #entry-box {
        width: 72; height: auto; max-height: 90%; border: round $accent; padding: 0 1; background: $surface;
    }
    DirectoryEntryScreen .entry-row { height: 1; margin-bottom: 1; }
    DirectoryEntryScreen .entry-label { width: 10; color: $text-muted; }  /* 停用原因 and a gap */
    DirectoryEntryScreen Input { width: 1fr; }
    DirectoryEntryScreen #entry-errors { height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "保存", priority=True),
        Binding("ctrl+x", "retire", "停用此条", priority=True),
        Binding("escape", "cancel", "取消"),
        Binding("f1", "app.show_keys", "按键", priority=True),  # `?` is text in a form
    ]

    def __init__(self, directory: Directory, entry=None, unit: str = "") -> None:
        super().__init__()
        self.directory = directory
        self.entry = entry
        self.unit = entry.unit_name if entry else unit
        self.retiring = False  # the second Ctrl+X asks for the reason first

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "retire" or self.entry is not None

    def compose(self) -> ComposeResult:
        with Vertical(id="entry-box") as box:
            box.border_title = Text(f"修改通讯录 · {self.unit}" if self.entry else
                                    f"新增联系人 · {self.unit}" if self.unit else "新增通讯录条目")
            for key, label, placeholder in FIELDS:
                with Horizontal(classes="entry-row"):
                    yield Label(label, classes="entry-label")
                    yield DeskInput(placeholder=placeholder, id=f"e-{key}", max_length=80, compact=True)
            if self.entry is None:
                yield TickBox("新单位（通讯录里还没有这个单位）", id="e-new_unit", compact=True)
            else:
                with Horizontal(classes="entry-row"):
                    yield Label("停用原因", classes="entry-label")
                    yield DeskInput(placeholder="停用时必填，如 号码已停用、单位合并", id="e-reason", max_length=200,
                                compact=True)
            yield Static("", id="entry-errors")
        yield DeskFooter()

    def on_mount(self) -> None:
        values = {"unit": self.unit}
        if self.entry is not None:
            values |= {"contact": self.entry.contact, "phone": self.entry.phone or "", "purpose": self.entry.purpose}
        else:
            values["purpose"] = "转诊咨询"
        for key, value in values.items():
            self.query_one(f"#e-{key}", Input).value = value or ""
        unit_box = self.query_one("#e-unit", Input)
        unit_box.disabled = self.entry is not None  # a unit is renamed by retiring and adding, on record
        unit_box.suggester = SuggestFromList(self.directory.unit_names(), case_sensitive=False)
        self.set_focus(self.query_one("#e-phone" if self.entry or self.unit else "#e-unit", Input))
        self.call_after_refresh(self.remember_pristine)  # what the form filled in is not the operator's

    def _value(self, key: str) -> str:
        return self.query_one(f"#e-{key}", Input).value

    def action_save(self) -> None:
        new_unit = self.entry is None and self.query_one("#e-new_unit", Checkbox).value
        self._run(lambda: self.directory.save_directory_entry(
            self.entry.directory_entry_id if self.entry else None, unit=self._value("unit"),
            contact=self._value("contact"), phone=self._value("phone"), purpose=self._value("purpose"),
            new_unit=new_unit))

    def action_retire(self) -> None:
        reason = self._value("reason").strip()
        if not reason:
            self._say("停用须写明原因：请在「停用原因」里填写，再按 Ctrl+X")
            self.set_focus(self.query_one("#e-reason", Input))
            return
        self._run(lambda: self.directory.retire_directory_entry_by_id(self.entry.directory_entry_id, reason=reason))

    class Saved(Message):
        def __init__(self, summary: str) -> None:
            super().__init__()
            self.summary = summary

    @desk_work(thread=True, exclusive=True, group="directory-entry", description="未保存")
    def _run(self, change) -> None:
        self.post_message(self.Saved(change().summary))

    def refused(self, error: BaseException, worker) -> bool:
        self._say(refusal_words(error))  # under the form, which stays open to be corrected
        return True

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        summary = message.summary
        self.app.notify(f"已保存：{summary}", timeout=4)
        self.dismiss(summary)

    def _say(self, message: str) -> None:
        self.query_one("#entry-errors", Static).update(Text(f"未保存：{message}", style=MISSING))

    def action_cancel(self) -> None:
        self.leave(None)

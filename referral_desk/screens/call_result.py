"""A phone call's outcome, recorded in one go: a number key picks the result, the note box takes the
focus at once, Ctrl+S (or Enter) saves. Chasing a specialist, coordinating a bed and a follow-up call
all work this way."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from referral_desk.screens.form_base import KeepsWork
from referral_desk.screens.work import desk_work
from referral_desk.widgets.boxes import FramedBox
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.desk_input import DeskInput

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.desk.desk import Desk


def result_bindings(results: list[StrEnum], *extra: Binding) -> list[Binding]:
    """The number keys, Ctrl+S, a screen's own keys, Esc: in this order in the footer."""
    return [*(Binding(str(n), f"result({n - 1})", r.label, priority=True) for n, r in enumerate(results, 1)),
            Binding("ctrl+s", "save", "记录", priority=True), *extra, Binding("escape", "cancel", "取消"),
            Binding("f1", "app.show_keys", "按键", priority=True)]


class CallResultScreen(KeepsWork, ModalScreen):
    """Subclasses set RESULTS and BINDINGS = result_bindings(RESULTS), and give the title, the
    summary, the note's hint and the command to record."""

    CSS = """
    #escalation-box { width: 90%; max-width: 90; height: auto; }
    #escalation-choices { margin: 1 0 0 0; }
    #escalation-note { margin: 1 0 0 0; }
    """
    # Nothing focused at first: a number key chooses the result and the note box takes the
    # focus at once, so a note typed right after it lands there; while the note box has the
    # focus the digits are note text ("14:00"), see check_action.
    AUTO_FOCUS = ""  # None would mean "as the app does"
    RESULTS: list[StrEnum] = []
    CHOICES_LABEL = "通话结果"
    CHOICES_HINT = "Ctrl+S 记录"
    NOTE_HINT = "备注（可空）"

    def __init__(self, service: Desk) -> None:
        super().__init__()
        self.service = service
        self.result: StrEnum | None = None

    def on_mount(self) -> None:
        self.call_after_refresh(self.remember_pristine)  # a note typed is the operator's work

    def has_unsaved_input(self) -> bool:
        # The result picked is work too (outside trial: `2 未接听` chosen, then Esc, gone without a word).
        return self.result is not None or super().has_unsaved_input()

    def compose(self) -> ComposeResult:
        with FramedBox(id="escalation-box") as box:
            box.border_title = Text(self.title_text())
            yield Static(self.summary(), id="escalation-summary")
            yield Static(self._choices(), id="escalation-choices")
            yield from self.extra_fields()
            yield DeskInput(placeholder=self.NOTE_HINT, id="escalation-note", max_length=500)
        yield DeskFooter()

    # -- what a subclass says ------------------------------------------------
    def title_text(self) -> str:
        raise NotImplementedError

    def summary(self):
        raise NotImplementedError

    def extra_fields(self) -> ComposeResult:
        yield from ()

    def command(self, note: str):
        """The command to record, or None after saying why not."""
        raise NotImplementedError

    def done_message(self, applied, command) -> str:
        raise NotImplementedError

    # -- the shared part ------------------------------------------------------
    def _choices(self) -> Text:
        text = Text(f"{self.CHOICES_LABEL}：")
        for n, result in enumerate(self.RESULTS, 1):
            text.append(f" {n} {result.label} ", style="reverse bold" if result == self.result else "")
        text.append(f"   {self.CHOICES_HINT}", style="dim")
        return text

    def action_result(self, index: int) -> None:
        self.result = self.RESULTS[index]
        self.query_one("#escalation-choices", Static).update(self._choices())
        self.set_focus(self.query_one("#escalation-note", Input))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "result" and isinstance(self.focused, Input))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self.result is None:
            self.notify(f"请先按 1–{len(self.RESULTS)} 选择{self.CHOICES_LABEL}", severity="warning")
            return
        command = self.command(self.query_one("#escalation-note", Input).value.strip())
        if command is not None:
            self._save(command)

    class Saved(Message):
        def __init__(self, applied, command) -> None:
            super().__init__()
            self.applied = applied
            self.command = command

    @desk_work(thread=True, exclusive=True, description="未记录")
    def _save(self, command) -> None:
        self.post_message(self.Saved(self.service.execute(command), command))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self._done(message.applied, message.command)

    def _done(self, applied, command) -> None:
        self.app.notify(self.done_message(applied, command))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.leave(False)

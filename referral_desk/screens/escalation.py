"""Chasing a specialist who has not approved yet (催办): the phone to dial, then what the call gave."""

from __future__ import annotations

import asyncio

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from referral_desk.domain import commands as c
from referral_desk.domain.consultation import format_countdown
from referral_desk.domain.errors import DomainError
from referral_desk.domain.escalation import CallResult
from referral_desk.store.ids import short_ref

# The answers an operator records, on the number keys in this order.
RESULTS = [CallResult.REACHED, CallResult.NO_ANSWER, CallResult.WILL_APPROVE, CallResult.DECLINED,
           CallResult.OTHER]


class EscalationScreen(ModalScreen):
    CSS_PATH = "../styles/escalation.tcss"
    # Nothing focused at first: a number key chooses the result and the note box takes the
    # focus at once, so a note typed right after it lands there; while the note box has the
    # focus the digits are note text ("14:00"), see check_action.
    AUTO_FOCUS = ""  # None would mean "as the app does"
    BINDINGS = [
        *(Binding(str(n), f"result({n - 1})", result.label, priority=True) for n, result in enumerate(RESULTS, 1)),
        Binding("ctrl+s", "save", "记录", priority=True),
        Binding("ctrl+r", "remind", "发提醒", priority=True),
        Binding("escape", "cancel", "取消"),
    ]

    def __init__(self, service, item) -> None:
        """`item` is the approvals pane's PendingApproval."""
        super().__init__()
        self.service = service
        self.item = item
        self.result: CallResult | None = None
        self.saved = asyncio.Event()

    def compose(self) -> ComposeResult:
        row = self.item.row
        with Vertical(id="escalation-box") as box:
            box.border_title = f"催办 · 会诊申请 #{short_ref(row.consultation_id)}"
            yield Static(self._summary(), id="escalation-summary")
            yield Static(self._choices(), id="escalation-choices")
            yield Input(placeholder="备注（可空）：如 专家在手术，约14:00回电", id="escalation-note", max_length=500)
        yield Footer()

    def on_mount(self) -> None:
        phone = self.item.row.specialist_phone
        if phone:
            self.app.copy_to_clipboard(phone)  # the operator dials next

    def _summary(self) -> Table:
        row, now = self.item.row, self.service.now()
        local = self.service.local
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        grid.add_row("会诊医师", f"{row.specialist_name}（{row.specialty_name}）")
        grid.add_row("电话", Text(f"{row.specialist_phone}  已复制，请拨打", style="bold"))
        grid.add_row("审核截止", f"{local(self.item.deadline):%H:%M}（{format_countdown(self.item.deadline, now)}）")
        grid.add_row("申请", f"{row.requesting_unit} {row.requesting_doctor}，{local(row.submitted_at):%H:%M} 提交")
        calls = f"已催办 {row.escalations} 次，上次 {local(row.last_call_at):%H:%M}" if row.escalations else "尚未催办"
        grid.add_row("催办", calls)
        return grid

    def _choices(self) -> Text:
        text = Text("通话结果：")
        for n, result in enumerate(RESULTS, 1):
            chosen = result == self.result
            text.append(f" {n} {result.label} ", style="reverse bold" if chosen else "")
        text.append("   Ctrl+S 记录", style="dim")
        return text

    def action_result(self, index: int) -> None:
        self.result = RESULTS[index]
        self.query_one("#escalation-choices", Static).update(self._choices())
        self.set_focus(self.query_one("#escalation-note", Input))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "result" and isinstance(self.focused, Input))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self.result is None:
            self.notify("请先按 1–5 选择通话结果", severity="warning")
            return
        row = self.item.row
        note = self.query_one("#escalation-note", Input).value.strip()
        self._save(c.LogEscalationCall(consultation_id=row.consultation_id, callee=row.specialist_name,
                                       callee_phone=row.specialist_phone or None, result=self.result, note=note))

    @work(thread=True, exclusive=True)
    def _save(self, command: c.LogEscalationCall) -> None:
        try:
            self.service.execute(command)
        except DomainError as exc:
            self.app.call_from_thread(self.notify, exc.message, title="未记录", severity="error")
            return
        self.app.call_from_thread(self._done, command)

    def _done(self, command: c.LogEscalationCall) -> None:
        self.app.notify(f"已记录催办：{command.callee} {command.result.label}")
        self.saved.set()
        self.dismiss(True)

    def action_remind(self) -> None:
        runner = getattr(self.app, "reminder_runner", None)
        channels = runner.channels.names if runner is not None else ()
        self._remind(channels)

    @work(thread=True, exclusive=True, group="remind")
    def _remind(self, channels: tuple[str, ...]) -> None:
        from referral_desk.domain.reminders import CHANNELS

        try:
            self.service.queue_reminders(self.item.row.consultation_id, channels)
        except DomainError as exc:
            self.app.call_from_thread(self.notify, exc.message, title="未发提醒", severity="warning")
            return
        names = "、".join(CHANNELS[ch] for ch in channels)
        self.app.call_from_thread(self.notify, f"提醒已排队（{names}），稍后发送并记入申请经过")
        self.app.call_from_thread(self.app.dashboard.remind_now)

    def action_cancel(self) -> None:
        self.dismiss(False)

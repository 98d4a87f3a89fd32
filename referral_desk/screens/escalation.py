"""Chasing a specialist who has not approved yet (催办): the phone to dial, then what the call gave."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message

from referral_desk.domain import commands as c
from referral_desk.domain.consultation import format_countdown
from referral_desk.domain.escalation import CallResult
from referral_desk.screens.call_result import CallResultScreen, result_bindings
from referral_desk.store.database.ids import short_ref

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.store.reads.service import DeskService

# The answers an operator records, on the number keys in this order.
RESULTS = [CallResult.REACHED, CallResult.NO_ANSWER, CallResult.WILL_APPROVE, CallResult.DECLINED,
           CallResult.OTHER]


class RemindersQueued(Message):
    """Reminders wait to be sent (bubbles to the app, which runs a round at once)."""

class EscalationScreen(CallResultScreen):
    RESULTS = RESULTS
    NOTE_HINT = "备注（可空）：如 专家在手术，约14:00回电"
    BINDINGS = result_bindings(RESULTS, Binding("ctrl+r", "remind", "发提醒", priority=True))

    def __init__(self, service: DeskService, item) -> None:
        """`item` is the approvals pane's PendingApproval."""
        super().__init__(service)
        self.item = item

    def on_mount(self) -> None:
        phone = self.item.row.specialist_phone
        if phone:
            self.app.copy_to_clipboard(phone)  # the operator dials next

    def title_text(self) -> str:
        return f"催办 · 会诊申请 #{short_ref(self.item.row.consultation_id)}"

    def summary(self) -> Table:
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

    def command(self, note: str) -> c.LogEscalationCall:
        row = self.item.row
        return c.LogEscalationCall(consultation_id=row.consultation_id, callee=row.specialist_name,
                                   callee_phone=row.specialist_phone or None, result=self.result, note=note)

    def done_message(self, applied, command) -> str:
        return f"已记录催办：{command.callee} {command.result.label}"

    def action_remind(self) -> None:
        runner = getattr(self.app, "reminder_runner", None)
        channels = runner.channels.names if runner is not None else ()
        self._remind(channels)

    @work(thread=True, exclusive=True, group="remind", description="未发提醒")
    def _remind(self, channels: tuple[str, ...]) -> None:
        from referral_desk.domain.reminders import CHANNELS

        self.service.queue_reminders(self.item.row.consultation_id, channels)
        names = "、".join(CHANNELS[ch] for ch in channels)
        self.notify(f"提醒已排队（{names}），稍后发送并记入申请经过")  # thread-safe
        self.post_message(RemindersQueued())  # the app has them sent now, not at the next round

"""Chasing a specialist who has not approved yet (催办): the phone to dial, then what the call gave."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from referral_desk.domain import commands as c
from referral_desk.domain.consultation import short_time
from referral_desk.domain.escalation import LADDER, CallResult, Rung
from referral_desk.screens.call_result import CallResultScreen, result_bindings
from referral_desk.screens.work import desk_work
from referral_desk.store.database.ids import short_ref
from referral_desk.widgets.panes import marked_countdown

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.desk.desk import Desk

# The answers an operator records, on the number keys in this order.
RESULTS = [CallResult.REACHED, CallResult.NO_ANSWER, CallResult.WILL_APPROVE, CallResult.DECLINED,
           CallResult.OTHER]


class RemindersQueued(Message):
    """Reminders wait to be sent (bubbles to the app, which runs a round at once)."""

class EscalationScreen(CallResultScreen):
    RESULTS = RESULTS
    NOTE_HINT = "备注（可空）：如 专家在手术，约14:00回电"
    BINDINGS = result_bindings(RESULTS, Binding("ctrl+r", "remind", "发提醒", priority=True),
                               Binding("ctrl+l", "next_rung", "换层级", priority=True))

    def __init__(self, service: Desk, item) -> None:
        """`item` is the approvals pane's PendingApproval."""
        super().__init__(service)
        self.item = item
        # The ladder (issue 25): the rung suggested by this request's calls and its deadline comes first.
        self.ladder = service.requests.escalation_ladder(item)
        self.rung: Rung = self.ladder.suggested

    def on_mount(self) -> None:
        self._dial()

    def _dial(self) -> None:
        phone = self.ladder.step(self.rung).phone
        if phone:
            self.app.copy_to_clipboard(phone)  # the operator dials next

    def action_next_rung(self) -> None:
        self.rung = LADDER[(LADDER.index(self.rung) + 1) % len(LADDER)]
        self.query_one("#escalation-summary", Static).update(self.summary())
        self._dial()

    def title_text(self) -> str:
        return f"催办 · 会诊申请 #{short_ref(self.item.row.consultation_id)}"

    def _ladder_text(self) -> Text:
        text = Text()
        for n, step in enumerate(self.ladder.steps, 1):
            mark = "▶ " if step.rung is self.rung else "  "
            text.append(f"{mark}{n} {step.rung.label}", style="reverse bold" if step.rung is self.rung else "")
            text.append("  " if n < len(self.ladder.steps) else "")  # Ctrl+L 换层级 is in the footer
        if self.ladder.reason and self.ladder.suggested is not Rung.SPECIALIST:
            text.append(f"\n建议升级到「{self.ladder.suggested.label}」：{self.ladder.reason}", style="bold")
        return text

    def summary(self) -> Table:
        row, now = self.item.row, self.service.now()
        local = self.service.local
        step = self.ladder.step(self.rung)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")  # a long value folded, never cut with …
        grid.add_row("催办层级", self._ladder_text())
        who = f"{row.specialist_name}（{row.specialty_name}）" if self.rung is Rung.SPECIALIST else step.callee
        grid.add_row("拨打" if self.rung is not Rung.SPECIALIST else "会诊医师", who)
        grid.add_row("电话", Text(f"{step.phone}  已复制，请拨打", style="bold") if step.phone
                     else Text(step.missing or "未登记", style="bold"))
        # Another day's time shows its day (the outside trial: `审核截止 13:33（-20小时）` was yesterday's).
        here = local(now)
        grid.add_row("审核截止", f"{short_time(local(self.item.deadline), here)}"
                             f"（{marked_countdown(self.item.deadline, now)}）")
        grid.add_row("申请", f"{row.requesting_unit} {row.requesting_doctor}，"
                           f"{short_time(local(row.submitted_at), here)} 提交")
        calls = (f"已催办 {row.escalations} 次，上次 {short_time(local(row.last_call_at), here)}" if row.escalations
                 else "尚未催办")
        grid.add_row("催办", calls)
        return grid

    def command(self, note: str) -> c.LogEscalationCall:
        row = self.item.row
        step = self.ladder.step(self.rung)
        return c.LogEscalationCall(consultation_id=row.consultation_id, callee=step.callee,
                                   callee_phone=step.phone, result=self.result, note=note, rung=self.rung.value)

    def done_message(self, applied, command) -> str:
        return f"已记录催办：{command.callee} {command.result.label}"  # the callee says the rung; short at 80x24

    def action_remind(self) -> None:
        runner = getattr(self.app, "reminder_runner", None)
        channels = runner.channels.names if runner is not None else ()
        self._remind(channels)

    @desk_work(thread=True, exclusive=True, group="remind", description="未发提醒")
    def _remind(self, channels: tuple[str, ...]) -> None:
        from referral_desk.domain.reminders import CHANNELS

        self.service.reminders.queue_reminders(self.item.row.consultation_id, channels)
        names = "、".join(CHANNELS[ch] for ch in channels)
        self.notify(f"提醒已排队（{names}），稍后发送并记入申请经过")  # thread-safe
        self.post_message(RemindersQueued())  # the app has them sent now, not at the next round

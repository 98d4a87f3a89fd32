"""Coordinating a bed by phone (000 二.2: the center calls the department when a bed is hard to
reserve): whom, what the call gave, a note."""

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
from referral_desk.domain.bed import BedStatus, format_until
from referral_desk.domain.errors import DomainError
from referral_desk.domain.escalation import CallResult
from referral_desk.store.ids import short_ref

RESULTS = [CallResult.REACHED, CallResult.NO_ANSWER, CallResult.BED_RESERVED, CallResult.DECLINED,
           CallResult.OTHER]


class BedCallScreen(ModalScreen):
    CSS_PATH = "../styles/escalation.tcss"
    AUTO_FOCUS = ""  # a number key chooses the result first, then the note box takes the focus
    BINDINGS = [
        *(Binding(str(n), f"result({n - 1})", result.label, priority=True) for n, result in enumerate(RESULTS, 1)),
        Binding("ctrl+s", "save", "记录", priority=True),
        Binding("escape", "cancel", "取消"),
    ]

    def __init__(self, service, bed) -> None:
        """`bed`: a BedRequest (or the beds pane's row) with department, phone and window."""
        super().__init__()
        self.service = service
        self.bed = bed
        self.bed_id = getattr(bed, "bed_request_id", None) or bed.id
        self.result: CallResult | None = None
        self.saved = asyncio.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="escalation-box") as box:
            box.border_title = f"床位协调 · 床位申请 #{short_ref(self.bed_id)}"
            yield Static(self._summary(), id="escalation-summary")
            yield Static(self._choices(), id="escalation-choices")
            yield Input(value=f"{self.bed.department}", placeholder="通话对象，如 心内科护士长", id="bed-callee",
                        max_length=60)
            yield Input(placeholder="备注（可空）：如 明早出院一床，10点再联系", id="escalation-note", max_length=500)
        yield Footer()

    def on_mount(self) -> None:
        if self.bed.department_phone:
            self.app.copy_to_clipboard(self.bed.department_phone)

    def _summary(self) -> Table:
        b, now, local = self.bed, self.service.now(), self.service.local
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        grid.add_row("科室", b.department)
        grid.add_row("电话", Text(f"{b.department_phone}  已复制，请拨打", style="bold") if b.department_phone
                     else Text("未登记科室电话", style="bold #ff8a80"))
        grid.add_row("入住时间", f"{local(b.window_start):%m-%d %H:%M} 起（{format_until(b.window_start, now)}）")
        grid.add_row("状态", BedStatus(b.status).label)
        return grid

    def _choices(self) -> Text:
        text = Text("通话结果：")
        for n, result in enumerate(RESULTS, 1):
            text.append(f" {n} {result.label} ", style="reverse bold" if result == self.result else "")
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
        callee = self.query_one("#bed-callee", Input).value.strip()
        if not callee:
            self.notify("请填写通话对象", severity="warning")
            return
        note = self.query_one("#escalation-note", Input).value.strip()
        self._save(c.LogEscalationCall(bed_request_id=self.bed_id, callee=callee,
                                       callee_phone=self.bed.department_phone or None, result=self.result, note=note))

    @work(thread=True, exclusive=True)
    def _save(self, command: c.LogEscalationCall) -> None:
        try:
            self.service.execute(command)
        except DomainError as exc:
            self.app.call_from_thread(self.notify, exc.message, title="未记录", severity="error")
            return
        self.app.call_from_thread(self._done, command)

    def _done(self, command: c.LogEscalationCall) -> None:
        extra = "；请在床位详情按 v 记录病区和床号" if command.result is CallResult.BED_RESERVED else ""
        self.app.notify(f"已记录协调电话：{command.callee} {command.result.label}{extra}")
        self.saved.set()
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

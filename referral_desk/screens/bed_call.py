"""Coordinating a bed by phone (000 二.2: the center calls the department when a bed is hard to
reserve): whom, what the call gave, a note."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input

from referral_desk.domain import commands as c
from referral_desk.domain.bed import BedStatus, format_until
from referral_desk.domain.escalation import CallResult
from referral_desk.screens.call_result import CallResultScreen, result_bindings
from referral_desk.store.database.ids import short_ref
from referral_desk.widgets.desk_input import DeskInput
from referral_desk.widgets.palette import ERROR_BOLD
from referral_desk.widgets.panes import reply_clock

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.desk.desk import Desk

RESULTS = [CallResult.REACHED, CallResult.NO_ANSWER, CallResult.BED_RESERVED, CallResult.DECLINED,
           CallResult.OTHER]


class BedCallScreen(CallResultScreen):
    RESULTS = RESULTS
    NOTE_HINT = "备注（可空）：如 明早出院一床，10点再联系"
    BINDINGS = result_bindings(RESULTS)

    def __init__(self, service: Desk, bed, phone: str | None,
                 reply: tuple[datetime | None, datetime | None] = (None, None)) -> None:
        """`bed`: a BedRequest (or the beds pane's row) with department and window; `phone`: the one the
        details and the pane show (the department list's, else the request's), never the request's alone;
        `reply`: the department's reply deadline and answer, as the details and the pane show them."""
        super().__init__(service)
        self.bed = bed
        self.phone = phone
        self.reply = reply
        self.bed_id = getattr(bed, "bed_request_id", None) or bed.id

    def on_mount(self) -> None:
        if self.phone:
            self.app.copy_to_clipboard(self.phone)

    def title_text(self) -> str:
        return f"床位协调 · 床位申请 #{short_ref(self.bed_id)}"

    def extra_fields(self) -> ComposeResult:
        yield DeskInput(value=f"{self.bed.department}", placeholder="通话对象，如 心内科护士长", id="bed-callee",
                    max_length=60)

    def summary(self) -> Table:
        b, now, local = self.bed, self.service.now(), self.service.local
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")  # a long value folded, never cut with …
        grid.add_row("科室", b.department)
        grid.add_row("电话", Text(f"{self.phone}  已复制，请拨打", style="bold") if self.phone
                     else Text("未登记科室电话", style=ERROR_BOLD))
        grid.add_row("入住时间", f"{local(b.window_start):%m-%d %H:%M} 起（{format_until(b.window_start, now)}）")
        grid.add_row("状态", BedStatus(b.status).label)
        # The clock the call is made against (outside trial: the screen said nothing of how late the department was).
        grid.add_row("科室回复", reply_clock(b.status, *self.reply, now, local))
        return grid

    def command(self, note: str) -> c.LogEscalationCall | None:
        callee = self.query_one("#bed-callee", Input).value.strip()
        if not callee:
            self.notify("请填写通话对象", severity="warning")
            return None
        return c.LogEscalationCall(bed_request_id=self.bed_id, callee=callee,
                                   callee_phone=self.phone or None, result=self.result, note=note)

    def done_message(self, applied, command) -> str:
        extra = "；请在床位详情按 v 记录病区和床号" if command.result is CallResult.BED_RESERVED else ""
        return f"已记录协调电话：{command.callee} {command.result.label}{extra}"

"""The follow-up list (随访): due today and overdue, with one key to record the call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from referral_desk.domain import commands as c
from referral_desk.domain.identity import mask_name, mask_phone
from referral_desk.domain.referral import Direction, FollowUpResult, follow_up_state
from referral_desk.screens.call_result import CallResultScreen, result_bindings
from referral_desk.screens.rows_first import KeysWaitForRows
from referral_desk.screens.work import desk_work
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.desk_table import DeskTable
from referral_desk.widgets.palette import FLAG, MUTED

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.desk.desk import Desk

RESULTS = [FollowUpResult.RECOVERING, FollowUpResult.NEEDS_CARE, FollowUpResult.NO_ANSWER,
           FollowUpResult.READMITTED, FollowUpResult.OTHER]


def due_text(due, today) -> Text:
    state = follow_up_state(due, today)
    if state == "overdue":
        return Text(f"{due:%m-%d} 逾期{(today - due).days}天", style=FLAG)
    return Text("今天" if state == "today" else f"{due:%m-%d}", style="bold" if state == "today" else "")


class FollowUpScreen(KeysWaitForRows, Screen):
    ENTER_DOES = "所选随访的转诊详情"  # the table's own Enter, listed by F1
    CSS = """
    #follow-ups {
        border: round $accent;
        border-title-color: $title;
        border-title-style: bold;
        height: 1fr;
        padding: 0 1;
    }
    #follow-up-table { height: 1fr; }
    #follow-up-help { height: 1; }
    """
    BINDINGS = [
        Binding("k", "record", "记录随访"),
        Binding("c", "copy_phone", "复制电话"),
        Binding("r", "refresh", "刷新"),
        Binding("escape", "close", "返回"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.service.readonly and action == "record")

    def __init__(self, service: Desk) -> None:
        super().__init__()
        self.service = service
        self.rows: list = []

    def compose(self) -> ComposeResult:
        with Vertical(id="follow-ups") as box:
            box.border_title = "随访（今天到期和逾期）"
            yield DeskTable([("due", "应随访"), ("kind", "类别"), ("patient", "患者"), ("phone", "电话"),
                             ("route", "转诊", 24, 48), ("tries", "已联系")], id="follow-up-table")
            yield Static("", id="follow-up-help")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#follow-up-help", Static).update(Text(
            "Enter 转诊详情 · k 记录随访结果 · c 复制患者电话（记入审计日志） · Esc 返回", style=MUTED))
        self.hold_keys_for_rows()
        self._load()

    def start_over(self) -> None:
        """The follow-ups due read afresh, from the top: the desk keeps one list and shows it again (issue 25)."""
        self.rows = []
        self.query_one(DeskTable).set_rows([])
        self.query_one("#follow-ups").border_subtitle = "正在读取…"
        self.hold_keys_for_rows()
        self._load()

    def action_refresh(self) -> None:
        self._load()

    class Read(Message):
        def __init__(self, rows: list) -> None:
            super().__init__()
            self.rows = rows

    @desk_work(thread=True, exclusive=True, description="未能读取随访")
    def _load(self) -> None:
        self.post_message(self.Read(self.service.referrals.follow_ups_due()))

    @on(Read)
    def _show(self, message: Read) -> None:
        rows = self.rows = message.rows
        today = self.service.today()
        table_rows = []
        for r in rows:
            kind = Direction(r.direction).label
            tries = (f"{r.attempts}次 {FollowUpResult(r.result).label}" if r.attempts and r.result
                     else Text("—", style=MUTED))
            table_rows.append((r.follow_up_id, (due_text(r.due_date, today), kind, mask_name(r.patient_name),
                                                mask_phone(r.patient_phone) or Text("无", style=MUTED),
                                                f"{r.from_unit}→{r.to_unit} {r.department}", tries)))
        self.query_one(DeskTable).set_rows(table_rows)
        self._count()
        self.rows_shown()

    hidden_columns: tuple[str, ...] = ()

    def _count(self) -> None:
        rows, today = self.rows, self.service.today()
        overdue = sum(1 for r in rows if r.due_date < today)
        self.query_one("#follow-ups").border_subtitle = (
            f"{len(rows)}条" + (f" · {overdue}条逾期" if overdue else "")
            + (f" · 未显示：{'、'.join(self.hidden_columns)}（Enter 看全）" if self.hidden_columns else ""))

    def on_desk_table_columns_hidden(self, message: DeskTable.ColumnsHidden) -> None:
        self.hidden_columns = message.labels
        self._count()

    def selected(self):
        key = self.query_one(DeskTable).selected_key
        return next((r for r in self.rows if r.follow_up_id == key), None)

    def action_record(self) -> None:
        row = self.selected()
        if row is None:
            self.notify("没有要记录的随访", severity="warning", timeout=3)
            return
        self.app.push_screen(FollowUpCallScreen(self.service, row), lambda saved: self._load() if saved else None)

    def action_copy_phone(self) -> None:
        row = self.selected()
        if row is None or not row.patient_phone:
            self.notify("所选患者没有电话号码", severity="warning", timeout=3)
            return
        self.app.copy_to_clipboard(row.patient_phone)
        self._audit_copy(row.referral_id)
        self.notify(f"已复制 {mask_phone(row.patient_phone)} 的完整号码（已记入审计日志）", timeout=3)

    @desk_work(thread=True, group="audit")
    def _audit_copy(self, referral_id: str) -> None:
        self.service.execute(c.LogAuditEvent(action="copy_patient_phone", subject_entity="referral",
                                             subject_id=referral_id, detail={"field": "patient_phone"}))

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        from referral_desk.screens.referral import ReferralScreen

        event.stop()
        row = self.selected()
        if row is not None:
            self.app.push_screen(ReferralScreen(self.service, row.referral_id), lambda _r: self._load())

    def action_close(self) -> None:
        self.app.pop_screen()


class FollowUpCallScreen(CallResultScreen):
    RESULTS = RESULTS
    CHOICES_LABEL = "随访结果"
    CHOICES_HINT = "Ctrl+S 记录（未接通则仍待随访）"
    NOTE_HINT = "备注（可空）：如 已回家，血压平稳，下周复诊"
    BINDINGS = result_bindings(RESULTS)

    def __init__(self, service: Desk, row) -> None:
        super().__init__(service)
        self.row = row

    def title_text(self) -> str:
        return f"随访 · {self.row.patient_name}"

    def summary(self) -> Text:
        r = self.row
        return Text.assemble(
            (f"{Direction(r.direction).label} ", "bold"), f"{r.from_unit} → {r.to_unit} {r.department}\n",
            ("电话 ", "bold"), mask_phone(r.patient_phone) or "无", ("（c 在列表中复制完整号码）\n", MUTED),
            ("应随访 ", "bold"), due_text(r.due_date, self.service.today()))

    def command(self, note: str) -> c.RecordFollowUp:
        return c.RecordFollowUp(follow_up_id=self.row.follow_up_id, result=self.result.value, note=note)

    def done_message(self, applied, command) -> str:
        return f"已记录{applied.summary}"

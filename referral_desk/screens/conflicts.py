"""Sync conflicts in words, for the operator to read and acknowledge."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from referral_desk.domain.commands import COMMAND_LABELS, ENTITY_LABELS
from referral_desk.store.ids import short_ref
from referral_desk.widgets.desk_table import DeskTable


def describe(conflict, local) -> str:
    """'会诊申请 #0A165C：会诊申请当前为「已通过」…；您14:03的「审核拒绝」未生效'."""
    what = f"{ENTITY_LABELS.get(conflict.entity, conflict.entity)} #{short_ref(conflict.entity_id)}"
    mine = f"您{local(conflict.created_at):%H:%M}的「{COMMAND_LABELS.get(conflict.command, conflict.command)}」未生效"
    if conflict.status == "rejected":
        return f"{what}：服务器拒绝（{conflict.message}）；{mine}"
    return f"{what}：{conflict.message}；{mine}"


class ConflictScreen(ModalScreen):
    CSS_PATH = "../styles/details.tcss"
    BINDINGS = [
        Binding("a", "acknowledge", "确认已知悉"),
        Binding("escape", "dismiss", "关闭"),
    ]

    def __init__(self, service) -> None:
        super().__init__()
        self.service = service
        self.conflicts: list = []

    def compose(self) -> ComposeResult:
        with Vertical(id="detail") as box:
            box.border_title = "同步冲突（需确认）"
            yield Static("以下更改未被服务器采纳，记录已按服务器更新。请确认已知悉；如需重新处理，请在该记录上重新操作或催办。",
                         id="conflict-help")
            yield DeskTable([("what", "内容")], id="conflict-table")
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        rows = self.service.open_conflicts()
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list) -> None:
        self.conflicts = rows
        table = self.query_one(DeskTable)
        table.set_rows([(r.id, (describe(r, self.service.local),)) for r in rows])
        if not rows:
            table.set_rows([("none", ("没有待确认的冲突",))])
        table.focus()

    def action_acknowledge(self) -> None:
        key = self.query_one(DeskTable).selected_key  # read on the UI thread
        if key and key != "none":
            self._acknowledge(key)

    @work(thread=True, exclusive=True)
    def _acknowledge(self, key: str) -> None:
        self.service.acknowledge_conflict(key)
        rows = self.service.open_conflicts()
        self.app.call_from_thread(self._show, rows)

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(result)

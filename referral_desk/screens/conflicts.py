"""Sync conflicts in words, for the operator to read and acknowledge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from referral_desk.domain.commands import COMMAND_LABELS, ENTITY_LABELS
from referral_desk.screens.work import desk_work
from referral_desk.store.database.ids import short_ref
from referral_desk.widgets.boxes import DetailFrame
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.desk_table import DeskTable

if TYPE_CHECKING:  # for the editor: the screen reaches the store only through the conflicts' workflow
    from referral_desk.desk.desk import Conflicts


def describe(view, local) -> str:
    """'会诊申请 #0A165C 已被王医生于14:02「审核拒绝」（工作站3）；您14:03的「审核通过」未生效'."""
    conflict, decided = view.conflict, view.decided_by
    what = f"{ENTITY_LABELS.get(conflict.entity, conflict.entity)} #{short_ref(conflict.entity_id)}"
    mine = f"您{local(conflict.created_at):%H:%M}的「{COMMAND_LABELS.get(conflict.command, conflict.command)}」未生效"
    if conflict.status == "rejected":
        return f"{what}：服务器拒绝（{conflict.message}）；{mine}"
    if decided is not None:
        return (f"{what} 已被{decided.operator}于{local(decided.at):%H:%M}"
                f"「{COMMAND_LABELS.get(decided.action, decided.action)}」（{decided.workstation}）；{mine}")
    return f"{what}：{conflict.message}；{mine}"


class ConflictScreen(ModalScreen):
    BINDINGS = [
        Binding("a", "acknowledge", "确认已知悉"),
        Binding("r", "reopen", "重新登记"),
        Binding("e", "escalate", "上报督导"),
        Binding("escape", "dismiss", "关闭"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "reopen" and self.decisions.readonly)  # a new request is a change

    def __init__(self, decisions: Conflicts) -> None:
        super().__init__()
        self.decisions = decisions
        self.listed: list = []

    def compose(self) -> ComposeResult:
        with DetailFrame(id="detail") as box:
            box.border_title = "同步冲突（需确认）"
            yield Static("以下更改未被服务器采纳，记录已按服务器更新。a 确认已知悉；r 以相同内容重新登记一条新申请；"
                         "e 上报督导（记入审计日志）。", id="conflict-help")
            yield DeskTable([("what", "内容")], id="conflict-table")
        yield DeskFooter()

    def on_mount(self) -> None:
        self._load()

    class Listed(Message):
        def __init__(self, rows: list) -> None:
            super().__init__()
            self.rows = rows

    @desk_work(thread=True, exclusive=True, description="未能读取冲突")
    def _load(self) -> None:
        self.post_message(self.Listed(self.decisions.open_conflicts()))

    @on(Listed)
    def _show(self, message: Listed) -> None:
        rows = self.listed = message.rows
        table = self.query_one(DeskTable)
        table.set_rows([(v.conflict.id, (describe(v, self.decisions.local),)) for v in rows])
        if not rows:
            table.set_rows([("none", ("没有待确认的冲突",))])
        table.focus()

    def _selected(self) -> str | None:
        key = self.query_one(DeskTable).selected_key  # read on the UI thread
        return key if key and key != "none" else None

    def action_acknowledge(self) -> None:
        if key := self._selected():
            self._close(key, "acknowledge")

    def action_escalate(self) -> None:
        if key := self._selected():
            self._close(key, "escalate")

    def action_reopen(self) -> None:
        if key := self._selected():
            self._close(key, "reopen")

    @desk_work(thread=True, exclusive=True, description="无法重新登记")
    def _close(self, key: str, how: str) -> None:
        if how == "reopen":
            applied = self.decisions.reopen_conflict(key)
            if applied is not None:
                self.notify(f"已重新登记：{applied.summary}（#{short_ref(applied.entity_id)}）")  # thread-safe
        else:
            self.decisions.acknowledge_conflict(key, escalate=how == "escalate")
            if how == "escalate":
                self.notify("已上报督导")
        self.post_message(self.Listed(self.decisions.open_conflicts()))

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(result)

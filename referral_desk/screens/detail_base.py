"""What every detail view shares: read in a worker, shown, changed through the service, the ID
number revealed on request (audited); and the two renderables they are built from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen

from referral_desk.screens.refusals import refusal_words
from referral_desk.screens.work import desk_work, run_desk_worker
from referral_desk.widgets.boxes import DetailBox
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.palette import MISSING, MUTED
from referral_desk.widgets.rendered import RenderedOnce

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.desk.desk import Desk


def _fields(pairs: list[tuple[str, object]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=MUTED, no_wrap=True)
    # A column's cells fold unless they say otherwise: Rich's default ends a long run in … and drops the rest
    # of it, on the line that then carried on (outside trial: `（82…` / `床位满）`, the 3 gone).
    grid.add_column(overflow="fold")
    for label, value in pairs:
        # Folded, not cut: Chinese has no spaces to wrap at, and Rich would end a long value in … (issue 25).
        grid.add_row(label, value if isinstance(value, Text)
                     else Text(str(value) if value not in (None, "") else "—", overflow="fold"))
    return grid


def _timeline(items, local) -> Table:
    table = Table(expand=True, show_edge=False, header_style="bold")
    table.add_column("时间", no_wrap=True)
    table.add_column("经办", no_wrap=True)
    table.add_column("内容", overflow="fold")  # as _fields: a long run is folded, never cut with …
    for t in items:
        table.add_row(f"{local(t.at):%m-%d %H:%M}", f"{t.operator}@{t.workstation}", t.summary)
    if not items:
        table.add_row("—", "", Text("暂无记录", style=MUTED))
    return table


class DetailScreen(ModalScreen):
    """Loads its content in a worker, then shows it; Esc closes."""

    # A modal screen does not offer the app's own bindings: `?` is declared here for every detail view.
    BINDINGS = [Binding("escape", "dismiss", "关闭"), Binding("q", "dismiss", "关闭", show=False),
                Binding("question_mark", "app.show_keys", "快捷键", show=False),
                Binding("ctrl+z", "app.undo", "撤销上一步", show=False)]
    WRITE_ACTIONS: frozenset[str] = frozenset()  # hidden on a read-only (supervisor's) desk

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal" and self.data is not None:
            # Nothing to show (no number, or shown already): not offered (the outside trial pressed `i` for nothing).
            row = self.subject()
            if row is None or not getattr(row, "patient_id_number", None) or self.revealed:
                return False
        return not (self.service.readonly and action in self.WRITE_ACTIONS)

    def __init__(self, service: Desk) -> None:
        super().__init__()
        self.service = service
        self.data = None
        self.body = None  # the renderable shown (tests read it)

    def compose(self) -> ComposeResult:
        # The record is read before the first frame (by its key: 2-3 ms on the year store), so the view opens
        # whole in one frame. Read in a worker, "正在读取…" came first and the record a frame later, laying
        # out the dialog and tinting the screen under it twice: Enter took 174 ms, 83 this way (issue 25).
        self.data = self._read_at_once()
        with DetailBox(id="detail") as box:
            if self.data is not None:
                self.body = self.body_for(self.data)
                box.border_title = Text(self.title_for(self.data))
            yield RenderedOnce("正在读取…" if self.body is None else self.body, id="detail-body")
        yield DeskFooter(compact=True)  # a request's answers fit on 80 columns

    def _read_at_once(self):
        try:
            return self.fetch()
        except Exception:  # read again in the worker, whose failures are shown where every worker's are
            return None

    def on_mount(self) -> None:
        if self.data is None:
            self._load()

    class Loaded(Message):
        """The record, read by a worker."""

        def __init__(self, data) -> None:
            super().__init__()
            self.data = data

    class Recorded(Message):
        """A change made from this view was applied."""

        def __init__(self, command, summary: str) -> None:
            super().__init__()
            self.command = command
            self.summary = summary

    @desk_work(thread=True, exclusive=True, group="load", description="未能读取")
    def _load(self) -> None:
        self.post_message(self.Loaded(self.fetch()))

    def reload(self) -> None:
        """Read the record again (a change made elsewhere, e.g. Ctrl+Z from the app)."""
        self._load()

    def refused(self, error: BaseException, worker) -> bool:
        """A record that cannot be read says so in the view; other refusals are notices."""
        if worker.group != "load":
            return False
        self.query_one("#detail-body", RenderedOnce).update(Text(refusal_words(error), style=MISSING))
        return True

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self._show(message.data)

    def _show(self, data) -> None:
        self.data = data
        self.body = self.body_for(data)
        self.query_one("#detail", DetailBox).border_title = Text(self.title_for(data))
        self.query_one("#detail-body", RenderedOnce).update(self.body)
        self.refresh_bindings()  # what the footer offers may follow the record's state

    def fetch(self):
        raise NotImplementedError

    # -- changes from a detail view: a worker, the answer on screen, the view read again --
    def _execute(self, command, label: str) -> None:
        run_desk_worker(self, lambda: self.post_message(self.Recorded(command, self.service.execute(command).summary)),
                        thread=True, exclusive=True, group="change", description=f"未记录：{label}")

    @on(Recorded)
    def _recorded(self, message: Recorded) -> None:
        self.notify(f"已记录：{message.summary}", timeout=4)
        self._load()
        if message.command is not None:
            self.after_change(message.command)

    def after_change(self, command) -> None:
        """What follows a recorded change (a subclass may open the next step)."""

    # -- the patient's ID number, masked until asked for (the reveal is audited) --
    REVEAL_ENTITY: str | None = None  # the entity whose patient_id_number `i` reveals
    revealed: str | None = None

    def subject(self):
        """The record holding patient_id_number, once loaded."""
        return None

    def action_reveal(self) -> None:
        row = self.subject()
        if row is None or not row.patient_id_number or self.revealed:
            return
        self._reveal(row.id)

    class Revealed(Message):
        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    @desk_work(thread=True, exclusive=True, group="reveal", description="未显示身份证号")
    def _reveal(self, row_id: str) -> None:
        self.post_message(self.Revealed(self.service.requests.reveal_id_number(self.REVEAL_ENTITY, row_id)))

    @on(Revealed)
    def _show_revealed(self, message: Revealed) -> None:
        self.revealed = message.value
        self._show(self.data)
        self.notify("已显示完整身份证号（已记入审计日志）", timeout=3)

    def title_for(self, data) -> str:
        raise NotImplementedError

    def body_for(self, data):
        raise NotImplementedError

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(result)

"""The monthly roster (附1): the month as a grid, a specialist's card, importing a month's file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from referral_desk.domain.errors import DomainError
from referral_desk.domain.roster_sheet import parse_month
from referral_desk.screens.detail_base import DetailScreen
from referral_desk.screens.refusals import refusal_words
from referral_desk.screens.work import desk_work
from referral_desk.widgets.boxes import FramedBox
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.desk_input import DeskInput
from referral_desk.widgets.palette import ERROR_BOLD, GOOD, MUTED, REFUSED
from referral_desk.widgets.roster_grid import RosterGrid

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.desk.desk import Desk, Roster


def _shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class RosterScreen(Screen):
    CSS = """
    RosterScreen { layout: vertical; }
    #roster-title { height: 1; padding: 0 1; background: $panel; }
    #roster-grid { height: 1fr; }
    #roster-legend { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("left_square_bracket", "month(-1)", "上月"),
        Binding("right_square_bracket", "month(1)", "下月"),
        Binding("t", "this_month", "本月"),
        Binding("i", "import_file", "导入排班表"),
        Binding("h", "history", "导入记录"),
    ]

    def __init__(self, service: Desk, month: date | None = None, version=None, version_label: str = "") -> None:
        """`version`: a RosterImport whose month is shown as that import wrote it (read-only)."""
        super().__init__()
        self.service = service
        self.version = version
        self.version_label = version_label
        self.month = (version.month if version else month or service.today()).replace(day=1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A past version is looked at, not changed or paged through.
        if action == "import_file" and self.service.readonly:
            return False
        return not (self.version is not None and action in ("month", "this_month", "import_file", "history"))

    def compose(self) -> ComposeResult:
        yield Static("", id="roster-title")
        yield RosterGrid(id="roster-grid")
        yield Static(Text.assemble(("—", ERROR_BOLD), " 无人值班   ", ("反色", "reverse"),
                                   " 今天   Enter 医师本月值班"),  # the month and import keys are the footer's
                     id="roster-legend")
        yield DeskFooter()

    def on_mount(self) -> None:
        self._load(self.month)

    class Read(Message):
        def __init__(self, data) -> None:
            super().__init__()
            self.data = data

    @desk_work(thread=True, exclusive=True, group="roster", description="未能读取排班")
    def _load(self, month: date) -> None:
        data = (self.service.roster.roster_version(self.version) if self.version
                else self.service.roster.roster_month(month))
        self.post_message(self.Read(data))

    @on(Read)
    def _read(self, message: Read) -> None:
        self._show(message.data)

    def _show(self, data) -> None:
        self.month = data.month
        gaps = sum(data.gaps(sid) for sid, _name in data.specialties)
        filled = len(data.cells)
        title = f"{data.month:%Y年%m月} 会诊医师值班表"
        if self.version is not None:
            title += f" · {self.version_label}（导入于 {self.service.local(self.version.imported_at):%m-%d %H:%M}，" \
                     f"{self.version.operator}；历史版本，只读）"
        self.query_one("#roster-title", Static).update(Text.assemble(
            (title, "bold"),
            f"  {len(data.specialties)}个专业 · 已排 {filled} 班 · ",
            (f"空缺 {gaps} 班", ERROR_BOLD) if gaps else ("无空缺", GOOD)))
        grid = self.query_one(RosterGrid)
        grid.show(data, self.service.today())
        grid.focus()

    def action_month(self, step: int) -> None:
        self._load(_shift(self.month, step))

    def action_this_month(self) -> None:
        self._load(self.service.today())

    def action_card(self) -> None:
        from referral_desk.screens.details import SpecialistScreen

        chosen = self.query_one(RosterGrid).selected()
        if chosen is None:
            return
        _specialty_id, day, cell = chosen
        if cell is None:
            self.notify("该日无人值班" if day else "请选择某一天的值班医师", severity="warning")
            return
        self.app.push_screen(SpecialistScreen(self.service, cell.specialist_id, month=self.month))

    @on(RosterGrid.CellChosen)
    def _cell_chosen(self) -> None:
        self.action_card()

    def action_history(self) -> None:
        self.app.push_screen(RosterHistoryScreen(self.service, self.month))

    def action_import_file(self) -> None:
        def done(imported: bool | None) -> None:
            if imported:
                self._load(self.month)

        self.app.push_screen(RosterImportScreen(self.service.roster, self.month), done)


class RosterImportScreen(ModalScreen):
    """Path (and month if the sheet does not say) -> the same report as the command line -> import."""

    CSS = """
    #import-box { width: 90%; max-width: 110; height: auto; max-height: 90%; }
    #import-box Input { margin: 1 0 0 0; }
    #import-report { margin: 1 0; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "commit", "确认导入", priority=True),
    ]

    def __init__(self, roster: Roster, month: date) -> None:
        super().__init__()
        self.roster = roster
        self.month = month
        self.report = None

    def compose(self) -> ComposeResult:
        with FramedBox(id="import-box") as box:
            box.border_title = "导入月排班"
            yield Static("填写排班表的路径后按 Enter 检查；检查无误后按 Ctrl+S 导入（整月替换，原排班留作历史）。",
                         id="import-help")
            yield DeskInput(placeholder="文件路径，如 /home/window8/2026年12月值班.xlsx", id="import-path")
            yield DeskInput(placeholder=f"月份 YYYY-MM（表中看不出月份时按 {self.month:%Y-%m}）", id="import-month")
            yield Static("", id="import-report")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted)
    def _check(self) -> None:
        raw_path = self.query_one("#import-path", Input).value.strip()
        raw_month = self.query_one("#import-month", Input).value.strip()
        self.report = None
        if not raw_path:
            self._say(Text("请填写文件路径", style=REFUSED))
            return
        try:
            month = parse_month(raw_month) if raw_month else None
        except DomainError as exc:
            self._say(Text(exc.message, style=REFUSED))
            return
        self._say(Text("正在检查…"))
        self._prepare(Path(raw_path).expanduser(), month)

    class Checked(Message):
        def __init__(self, report) -> None:
            super().__init__()
            self.report = report

    class Imported(Message):
        def __init__(self, summary: str) -> None:
            super().__init__()
            self.summary = summary

    @desk_work(thread=True, exclusive=True, group="check", description="未能检查排班表")
    def _prepare(self, path: Path, month: date | None) -> None:
        # The month on screen stands in only when the sheet does not say which month it is.
        self.post_message(self.Checked(self.roster.prepare_roster_import(path, month, default_month=self.month)))

    def refused(self, error: BaseException, worker) -> bool:
        """A file that cannot be read, or an import refused, is said in the report, where it is fixed."""
        words = refusal_words(error)
        self._say(Text(words if worker.group == "check" else f"未导入：{words}", style=REFUSED))
        return True

    @on(Checked)
    def _show(self, message: Checked) -> None:
        report = self.report = message.report
        lines = report.lines()
        body = Text("\n".join(lines), style="" if report.ok else REFUSED)
        if report.ok:
            body.append("\n\n按 Ctrl+S 导入", style="bold")
        self._say(body)

    def _say(self, body) -> None:
        self.query_one("#import-report", Static).update(body)

    def action_commit(self) -> None:
        if self.report is None or not self.report.ok:
            self.notify("请先检查排班表（在路径栏按 Enter）", severity="warning")
            return
        self._commit(self.report)

    @desk_work(thread=True, exclusive=True, group="import", description="未导入")
    def _commit(self, report) -> None:
        self.post_message(self.Imported(self.roster.import_roster(report).summary))

    @on(Imported)
    def _imported(self, message: Imported) -> None:
        self.app.notify(f"已导入：{message.summary}")
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class RosterHistoryScreen(DetailScreen):
    """Every import of the month, newest first; the duties each replaced stay in the store, and a
    number key shows the month as that import wrote it."""

    BINDINGS = [Binding(str(n), f"version({n})", f"第{n}版", show=n == 1) for n in range(1, 10)]

    def __init__(self, service: Desk, month: date) -> None:
        super().__init__(service)
        self.month = month

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A month without imports offers no version (the footer said 「1 第1版」 beside 「没有导入过」).
        if action == "version":
            return bool(self.data) and int(parameters[0]) <= len(self.data)
        return super().check_action(action, parameters)

    def _show(self, data) -> None:
        super()._show(data)
        self.refresh_bindings()

    def action_version(self, n: int) -> None:
        imports = list(reversed(self.data or []))  # oldest first: 第1版 is the first import
        if not 1 <= n <= len(imports):
            self.notify(f"本月没有第{n}版", severity="warning", timeout=3)
            return
        label = f"第{n}版" + ("（当前）" if n == len(imports) else "")
        self.app.push_screen(RosterScreen(self.service, version=imports[n - 1], version_label=label))

    def fetch(self):
        return self.service.roster.roster_imports(self.month)

    def title_for(self, data) -> str:
        return f"{self.month:%Y年%m月} 排班导入记录"

    def body_for(self, data):
        from rich.table import Table

        if not data:
            return Text("本月没有导入过排班表（值班为逐日设置）", style=MUTED)
        table = Table(show_edge=False, header_style="bold")
        for label in ("版本", "导入时间", "操作员", "文件", "格式", "值班", "替换", "专业"):
            table.add_column(label)
        for number, row in zip(range(len(data), 0, -1), data, strict=False):
            specialties = "、".join(json.loads(row.specialties_json))
            table.add_row(f"第{number}版", f"{self.service.local(row.imported_at):%m-%d %H:%M}", row.operator,
                          row.file_name,
                          {"long": "长表", "grid": "月历"}.get(row.layout, row.layout), str(row.entries),
                          str(row.replaced), specialties)
        note = Text("\n最上面一次为当前排班；被替换的值班仍保存在数据中（已停用）。按版本号（1–9）查看该版的月排班。",
                    style=MUTED)
        from rich.console import Group

        return Group(table, note)

"""A yes/no question before a change that touches many records at once. Only `y` says yes: an Enter
typed for the screen underneath (a burst, a habit) must not expire a dozen requests."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from referral_desk.widgets.boxes import PromptBox
from referral_desk.widgets.desk_footer import DeskFooter


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "确定", priority=True),
        Binding("enter", "nothing", show=False, priority=True),
        Binding("n", "answer(False)", "取消", priority=True),
        Binding("escape", "answer(False)", "取消", priority=True),
    ]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text = title
        self.body_text = body

    def compose(self) -> ComposeResult:
        with PromptBox(id="prompt-box") as box:
            box.border_title = Text(self.title_text)
            yield Static(self.body_text, id="confirm-body")
            yield Static("y 确定 · n / Esc 取消（回车不作答）", id="prompt-help", classes="prompt-help")
        yield DeskFooter()

    def action_nothing(self) -> None:
        self.notify("请按 y 确定，或 n / Esc 取消", timeout=3)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def other_server_question() -> ConfirmScreen:
    """Asked when another installation answers at the desk's server address (issue 22): a yes sends the
    desk's last 30 days there, so the default is no, and the desk goes on working meanwhile."""
    return ConfirmScreen(
        "另一台服务器",
        "配置的地址上现在是另一台服务器（标识不同），不是本工作站一直同步的那一台。\n"
        "未发送、未拉取任何内容。\n\n"
        "若信息科已改用这台服务器，按 y：本工作站将把近 30 天的更改发送到这台服务器并从头拉取。\n"
        "若不确定，按 n 并联系信息科（本工作站照常可用，更改保留在本机）。")

"""All keys of the desk in one place (the `?` key): first the keys of the screen it was opened on,
generated from that screen's bindings (so a new key can never be missing here), then the guide."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen

from referral_desk.widgets.boxes import DetailBox
from referral_desk.widgets.cjk_text import Folded
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.rendered import RenderedOnce

# The guide's lines for keys the dashboard does not declare: another screen's, the app's and Textual's own.
# Each names where its keys are bound (tests/test_keys_guide.py holds the guide to those bindings; the
# dashboard's own lines come from DASHBOARD_KEYS, declared once). "" where the key is a list's own (Textual's).
ELSEWHERE: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("↑ ↓", "在窗格内移动", "", ()),
    ("Enter", "详情：医师本月值班、申请经过、床位协调记录、单位电话", "", ()),
    ("u / r", "（申请详情中）会诊完成需上转 / 申请上转：勾选标准、审核人、入住时间、床位",
     "referral_desk.screens.details.ConsultationScreen", ("u", "r")),
    ("i", "（申请详情中）显示完整身份证号，记入审计日志", "referral_desk.screens.details.ConsultationScreen", ("i",)),
    ("k v a n f x X o", "（床位详情中）协调电话、预留（病区 床号）、已入院、未到院、需协调、取消床位、过期、转诊",
     "referral_desk.screens.details.BedScreen", ("k", "v", "a", "n", "f", "x", "X", "o")),
    ("g", "（转诊详情中）引导单", "referral_desk.screens.referral.ReferralScreen", ("g",)),
    ("p", "（引导单中）生成PDF（o 换 A4·A5）", "referral_desk.screens.referral.GuideSlipScreen", ("p", "o")),
    ("Esc", "关闭详情 / 离开筛选框；在列表中清除筛选，再按还原放大的窗格", "", ()),
    ("Ctrl+Z", "撤销本人2分钟内的上一项更改（审核、拒绝、约定时间、催办记录、床位预留/需协调/取消、误登记的申请）："
     "先确认，撤销记入经过并同步", "referral_desk.app.ReferralDeskApp", ("ctrl+z",)),
    ("Ctrl+P", "命令面板：所有操作", "referral_desk.app.ReferralDeskApp", ("ctrl+p",)),
    ("? / F1", "显示本帮助（表单中按 F1：? 是输入的文字）", "referral_desk.app.ReferralDeskApp",
     ("question_mark", "f1")),
    ("Ctrl+Q", "退出", "referral_desk.app.ReferralDeskApp", ("ctrl+q",)),
]


def guide_lines(app) -> list[tuple[str, str]]:
    """The guide: the dashboard's keys (from their one declaration), then the other screens' and the app's."""
    from referral_desk.screens.desk_keys import DASHBOARD_KEYS, guide

    return [*guide(DASHBOARD_KEYS, app.get_key_display), *((keys, what) for keys, what, _where, _bound in ELSEWHERE)]


def screen_keys(screen) -> list[tuple[str, str]]:
    """(key, what it does) for every binding the screen (or the app) offers now, in the order they are
    declared, one row per action (Esc and q both closing is one row: 'esc / q'). Textual's own
    bindings (cursor keys, Tab, copy) are left out: they speak English and every operator knows them."""
    rows: dict[str, tuple[list[str], str]] = {}
    for _key, active in screen.active_bindings.items():
        binding = active.binding
        if (not active.enabled or not binding.description or binding.system or binding.description.isascii()
                or active.node not in (screen, screen.app)):
            continue
        shown = binding.key_display or screen.app.get_key_display(binding)
        keys, _what = rows.setdefault(binding.action, ([], binding.description))
        if shown not in keys:
            keys.append(shown)
    # Enter on a list is the list widget's own key (not the screen's binding): a screen says what it does there
    # (the outside trial: F1 left it out where the title offered it, and on the dashboard called Enter
    # `到结果（此时不可用）` while Enter on a row opened its details).
    enter = screen.app.get_key_display(Binding("enter", ""))
    enter_does = getattr(screen, "ENTER_DOES", None)
    if enter_does and not any(enter in keys for keys, _what in rows.values()):
        rows["(enter)"] = ([enter], enter_does)
    # Keys the screen declares but does not offer now (a request's 约定时间 before it is approved,
    # a supervisor's desk): listed too, so `?` never hides a key the screen has.
    # A key that already does something here (the dashboard's e: 催办 on a queue) keeps one row.
    taken = {key for keys, _what in rows.values() for key in keys}
    for cls in type(screen).__mro__:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if (not isinstance(binding, Binding) or not binding.description or binding.description.isascii()
                    or binding.action in rows):
                continue
            shown = screen.app.get_key_display(binding)
            if shown not in taken:
                rows[binding.action] = ([shown], binding.description + "（此时不可用）")
                taken.add(shown)
    return [(" / ".join(keys), what) for keys, what in rows.values()]


class KeysScreen(ModalScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "关闭"),
                Binding("question_mark", "app.pop_screen", "关闭", show=False),
                Binding("f1", "app.pop_screen", "关闭", show=False, priority=True)]

    def __init__(self, source=None) -> None:
        """`source`: the screen whose keys are listed first (None: only the guide)."""
        super().__init__()
        self.source = source
        self.rows = screen_keys(source) if source is not None else []

    def compose(self) -> ComposeResult:
        here = Table(title="本屏按键", title_justify="left", title_style="bold", show_edge=False,
                     header_style="bold")
        here.add_column("按键", no_wrap=True)
        here.add_column("作用")  # folded as Chinese is set (widgets.cjk_text): Rich broke lines inside （…）
        for key, what in self.rows:
            here.add_row(key, Folded(what))
        guide = Table(title="说明", title_justify="left", title_style="bold", show_edge=False, header_style="bold")
        guide.add_column("按键", no_wrap=True)
        guide.add_column("作用")
        for key, what in guide_lines(self.app):
            guide.add_row(key, Folded(what))
        from rich.console import Group
        from rich.text import Text

        with DetailBox(id="detail") as box:
            box.border_title = "快捷键"
            yield RenderedOnce(Group(here, Text(""), guide) if self.rows else guide)
        # Its own key line: the screen's under it read as keys that work here (outside trial).
        yield DeskFooter()

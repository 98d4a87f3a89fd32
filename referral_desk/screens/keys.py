"""All keys of the desk in one place (the `?` key): first the keys of the screen it was opened on,
generated from that screen's bindings (so a new key can never be missing here), then the guide."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from referral_desk.widgets.boxes import DetailBox

KEYS = [
    ("1 / 2 / 3 / 4", "聚焦 今日值班 / 待审核 / 床位协调 / 通讯录"),
    ("/", "筛选所在窗格（汉字、全拼、首字母或号码，边输边筛）；通讯录中搜索全部单位（4 / 阳谷）"),
    ("o / w / k", "只看已超时 / 15分钟内到期的审核；只看需致电的床位（再按一次或 Esc 显示全部）"),
    ("↑ ↓", "在窗格内移动"),
    ("Enter", "详情：医师本月值班、申请经过、床位协调记录、单位电话"),
    ("b", "登记会诊申请：代来电的医联体医师预约当天值班医师（Ctrl+S 登记）"),
    ("c", "复制所选行的电话号码"),
    ("e", "催办：待审核窗格复制专家电话、床位协调窗格复制科室电话，按 1–5 记录通话结果和备注"),
    ("u / r", "（申请详情中）会诊完成需上转 / 申请上转：勾选标准、审核人、入住时间、床位"),
    ("D / U", "申请下转（输入诊断即判断是否符合8个病种）/ 急诊先入院的上转补录"),
    ("f", "随访：今天到期和逾期；k 记录结果，c 复制患者电话，Enter 转诊详情"),
    ("k v a n", "（床位详情中）协调电话、预留（病区 床号）、已入院、未到院"),
    ("g / p", "（转诊详情中）引导单 / 生成PDF（o 换 A4·A5）"),
    ("X", "批量标记过期：已超过审核截止仍未审核的申请（先确认，经过中写明原因）"),
    ("i", "（申请详情中）显示完整身份证号，记入审计日志"),
    ("r", "立即刷新"),
    ("!", "同步冲突：查看并确认 (a)、重新登记 (r) 或上报督导 (e)"),
    ("v", "当日审阅：当天经办的全部事项，日终未结的排在前面；筛选专业、单位、状态、经办人；[ ] 换日"),
    ("s", "统计：指标（d 看定义）、每日趋势、各专业与各单位；[ ] 换月，w 近7天，y 近一年，x/v 导出 xlsx/csv"),
    ("H", "交接班：已催办未审核、超时未催办、需致电的床位、到期随访和交班留言；n 写留言，Ctrl+S 交班后接班人签到，x 导出文本"),
    ("m", "月排班：专业 × 日期，空缺标红；[ ] 换月，Enter 医师，i 导入排班表"),
    ("Esc", "关闭详情 / 离开筛选框；在列表中清除筛选，再按还原放大的窗格"),
    ("Ctrl+Z", "撤销本人2分钟内的上一项更改（审核、拒绝、约定时间、催办记录、床位预留/需协调/取消、误登记的申请）：先确认，撤销记入经过并同步"),
    ("Ctrl+P", "命令面板：所有操作"),
    ("? / F1", "显示本帮助（表单中按 F1：? 是输入的文字）"),
    ("Ctrl+Q", "退出"),
]


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
    BINDINGS = [Binding("escape", "app.pop_screen", "关闭"), Binding("question_mark", "app.pop_screen", "关闭"),
                Binding("f1", "app.pop_screen", "关闭", priority=True)]

    def __init__(self, source=None) -> None:
        """`source`: the screen whose keys are listed first (None: only the guide)."""
        super().__init__()
        self.source = source
        self.rows = screen_keys(source) if source is not None else []

    def compose(self) -> ComposeResult:
        here = Table(title="本屏按键", title_justify="left", title_style="bold", show_edge=False,
                     header_style="bold")
        here.add_column("按键", no_wrap=True)
        here.add_column("作用", overflow="fold")  # CJK has no spaces: Rich cut it with … (issue 25)
        for key, what in self.rows:
            here.add_row(key, what)
        guide = Table(title="说明", title_justify="left", title_style="bold", show_edge=False, header_style="bold")
        guide.add_column("按键", no_wrap=True)
        guide.add_column("作用", overflow="fold")
        for key, what in KEYS:
            guide.add_row(key, what)
        from rich.console import Group
        from rich.text import Text

        with DetailBox(id="detail") as box:
            box.border_title = "快捷键"
            yield Static(Group(here, Text(""), guide) if self.rows else guide)

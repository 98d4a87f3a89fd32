"""The dashboard's keys, each declared once: its binding (and so the footer and the `?` screen), whether it is
text while the filter box has the focus, and its entry in the command palette (issue 27: the keys were
listed three times, in the bindings, in the typing keys and in the palette's titles)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.actions import parse
from textual.binding import Binding
from textual.screen import Screen


@dataclass(frozen=True)
class DeskKey:
    key: str
    action: str
    word: str  # the footer's word
    title: str = ""  # the palette's entry, its key added in brackets; "" keeps it out of the palette
    help: str = ""
    show: bool = True  # in the footer
    typing: bool = True  # text while the filter box has the focus, not this command
    writes: bool = False  # left out of a supervisor's palette (the action refuses there anyway)
    priority: bool = False
    guide: str = ""  # its line in the `?` screen's guide; keys with the same line share it (1 / 2 / 3 / 4)

    def binding(self) -> Binding:
        return Binding(self.key, self.action, self.word, show=self.show, priority=self.priority)

    def palette_title(self, shown: str) -> str:
        """`shown`: the key as the app displays it (`App.get_key_display`: `/` for slash), as the footer does."""
        return f"{self.title} ({shown})"

    def callback(self, screen: object) -> Callable[[], Any]:
        """The screen's action itself (as the palette always called it: a key's check_action judges what is
        typed, and the palette is not typing)."""
        _namespace, name, params = parse(self.action)
        return partial(getattr(screen, f"action_{name}"), *params)


FOCUS = "聚焦 今日值班 / 待审核 / 床位协调 / 通讯录"
QUICK = "只看已超时 / 15分钟内到期的审核；只看需致电的床位（再按一次或 Esc 显示全部）"
REFERRALS = "申请下转（输入诊断即判断是否符合8个病种）/ 急诊先入院的上转补录"

DASHBOARD_KEYS = [
    DeskKey("1", "focus_pane('duty')", "值班", "聚焦：今日值班", "当天各专业值班医师", show=False,
            guide=FOCUS),
    DeskKey("2", "focus_pane('approvals')", "待审核", "聚焦：待审核", "临近截止的会诊申请", show=False,
            guide=FOCUS),
    DeskKey("3", "focus_pane('beds')", "床位", "聚焦：床位协调", "需要协调的床位申请", show=False, guide=FOCUS),
    DeskKey("4", "focus_pane('directory')", "通讯录", "聚焦：通讯录", "附2 转诊咨询电话", show=False, guide=FOCUS),
    DeskKey("slash", "search", "筛选", "筛选所在窗格", "边输边筛：专业、医师、单位、科室",
            guide="筛选所在窗格（汉字、全拼、首字母或号码，边输边筛）；通讯录中搜索全部单位（4 / 阳谷）"),
    DeskKey("z", "zoom", "放大窗格", "放大窗格", "所选窗格占满屏幕，再按 z 或 Esc 还原", show=False,
            guide="放大所选窗格：显示全部列，长行折行（再按 z 或 Esc 还原）"),
    DeskKey("o", "quick_filter('overdue')", "只看已超时", "只看已超时", "已超过审核截止仍未审核的申请", show=False,
            guide=QUICK),
    DeskKey("w", "quick_filter('soon')", "只看15分钟内到期", "只看15分钟内到期", "15分钟内到审核截止的申请",
            show=False, guide=QUICK),
    DeskKey("k", "quick_filter('call')", "只看需致电的床位", "只看需致电的床位", "需协调、回复超时或临近入住仍未预留",
            show=False, guide=QUICK),
    DeskKey("c", "copy_phone", "复制电话", "复制电话", "复制所选行的电话号码", guide="复制所选行的电话号码"),
    # Not in the footer: the panes refresh by themselves.
    DeskKey("r", "refresh", "刷新", "立即刷新", "重新读取数据", show=False, guide="立即刷新"),
    DeskKey("question_mark", "show_keys", "快捷键", "快捷键", "显示所有按键"),
    DeskKey("exclamation_mark", "conflicts", "冲突", "同步冲突", "查看并确认未被服务器采纳的更改",
            guide="同步冲突：查看并确认 (a)、重新登记 (r) 或上报督导 (e)"),
    DeskKey("m", "roster", "月排班", "月排班", "专业 × 日期的值班表；导入 .xlsx / .csv 排班表",
            guide="月排班：专业 × 日期，空缺标红；[ ] 换月，Enter 医师，i 导入排班表"),
    # One key, said for the pane it acts on: 催办 on the queues, 修改条目 on the directory.
    DeskKey("e", "escalate", "催办", "催办", "待审核或床位窗格所选一行：复制电话并记录通话结果", writes=True,
            guide="催办：待审核窗格复制专家电话、床位协调窗格复制科室电话，按 1–5 记录通话结果和备注"),
    DeskKey("e", "edit_entry", "修改条目", guide="（通讯录窗格中）修改所选条目"),
    DeskKey("n", "new_directory_entry", "新增通讯录", "新增通讯录",
            "为所选单位加联系人，或新增单位（须勾选「新单位」）",
            show=False, writes=True, guide="新增通讯录：为所选单位加联系人，或新增单位（须勾选「新单位」）"),
    DeskKey("b", "book", "登记", "登记会诊申请", "代来电的医联体医师预约当天值班医师", writes=True,
            guide="登记会诊申请：代来电的医联体医师预约当天值班医师（Ctrl+S 登记）"),
    DeskKey("X", "expire_overdue", "批量过期", "批量标记过期", "把已超过审核截止仍未审核的申请标记为过期（先确认）",
            writes=True, guide="批量标记过期：已超过审核截止仍未审核的申请（先确认，经过中写明原因）"),
    DeskKey("f", "follow_ups", "随访", "随访", "今天到期和逾期的随访，记录结果",
            guide="随访：今天到期和逾期；k 记录结果，c 复制患者电话，Enter 转诊详情"),
    DeskKey("D", "refer_down", "下转", "申请下转", "市医院 → 医联体单位，输入诊断即判断是否符合", writes=True,
            guide=REFERRALS),
    DeskKey("U", "emergency_up", "上转补录", "上转补录", "急诊先入院的上转，事后补录", writes=True, guide=REFERRALS),
    DeskKey("v", "review", "审阅", "当日审阅", "当天经办的全部事项与日终未结",
            guide="当日审阅：当天经办的全部事项，日终未结的排在前面；筛选专业、单位、状态、经办人；[ ] 换日"),
    DeskKey("s", "statistics", "统计", "统计与报表", "期间统计、趋势，导出 xlsx / csv",
            guide="统计：指标（d 看定义）、每日趋势、各专业与各单位；[ ] 换月，w 近7天，y 近一年，x/v 导出 xlsx/csv"),
    DeskKey("H", "handover", "交接班", "交接班", "未结事项、超时、需致电的床位、到期随访和交班留言；交班后接班人签到",
            guide="交接班：已催办未审核、超时未催办、需致电的床位、到期随访和交班留言；"
                  "n 写留言，Ctrl+S 交班后接班人签到，x 导出文本"),
    DeskKey("escape", "leave_search", "返回列表", priority=True, typing=False),
    DeskKey("escape", "unzoom", "清除筛选/还原窗格", show=False, typing=False),
    DeskKey("enter", "leave_search", "到结果", show=False, priority=True, typing=False),
]


def guide(keys: list[DeskKey], shown: Callable[[Binding], str]) -> list[tuple[str, str]]:
    """The `?` screen's guide lines for `keys`: (the keys, as `shown` displays them, what they do), a line
    for each guide text in the order the keys are declared."""
    lines: dict[str, list[str]] = {}
    for k in keys:
        if k.guide:
            lines.setdefault(k.guide, [])
            key = shown(k.binding())
            if key not in lines[k.guide]:
                lines[k.guide].append(key)
    return [(" / ".join(keys_), what) for what, keys_ in lines.items()]


def bindings(keys: list[DeskKey]) -> list[Binding]:
    return [k.binding() for k in keys]


def typing_actions(keys: list[DeskKey]) -> set[str]:
    """The actions whose keys are text while the filter box has the focus."""
    return {parse(k.action)[1] for k in keys if k.typing}


def palette(keys: list[DeskKey], screen: Screen[Any], *, readonly: bool
            ) -> Iterator[tuple[str, str, Callable[[], Any]]]:
    """(title, help, callback) of each key the palette offers on `screen`."""
    for k in keys:
        if k.title and not (readonly and k.writes):
            yield k.palette_title(screen.app.get_key_display(k.binding())), k.help, k.callback(screen)

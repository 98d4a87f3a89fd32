"""The `?` screen's guide names keys from where they are declared (issue 27: the keys were listed by hand a
fourth time, in the guide): the dashboard's lines come from DASHBOARD_KEYS; the others name the screen that
binds them, and are held to its bindings here."""

from __future__ import annotations

import importlib

from textual.binding import Binding

from referral_desk.screens.desk_keys import DASHBOARD_KEYS, guide
from referral_desk.screens.keys import ELSEWHERE, guide_lines


def _bound_keys(path: str) -> set[str]:
    module, name = path.rsplit(".", 1)
    cls = getattr(importlib.import_module(module), name)
    keys: set[str] = set()
    for klass in cls.__mro__:
        for binding in vars(klass).get("BINDINGS", ()):
            key = binding.key if isinstance(binding, Binding) else binding[0]
            keys.update(k.strip() for k in key.split(","))
    return keys


def test_every_key_the_guide_names_on_another_screen_is_bound_there():
    for keys, _what, where, bound in ELSEWHERE:
        if where:
            missing = set(bound) - _bound_keys(where)
            assert not missing, f"the guide's {keys!r} names {sorted(missing)}, which {where} does not bind"


def test_every_dashboard_command_has_its_guide_line():
    elsewhere = {key for _keys, _what, _where, bound in ELSEWHERE for key in bound}  # `?`: the app's line
    assert [k.key for k in DASHBOARD_KEYS if k.title and not k.guide and k.key not in elsewhere] == []


def test_keys_sharing_a_line_are_listed_together_in_the_order_declared():
    lines = dict((what, keys) for keys, what in guide(DASHBOARD_KEYS, lambda b: b.key))
    assert lines["聚焦 今日值班 / 待审核 / 床位协调 / 通讯录"] == "1 / 2 / 3 / 4"
    assert lines["申请下转（输入诊断即判断是否符合8个病种）/ 急诊先入院的上转补录"] == "D / U"
    assert lines["只看已超时 / 15分钟内到期的审核；只看需致电的床位（再按一次或 Esc 显示全部）"] == "o / w / k"


async def test_the_guide_shows_keys_as_the_footer_does(app):
    from tests.pilot import settle

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        lines = dict((what, keys) for keys, what in guide_lines(app))
    assert lines["同步冲突：查看并确认 (a)、重新登记 (r) 或上报督导 (e)"] == "!"
    assert lines["筛选所在窗格（汉字、全拼、首字母或号码，边输边筛）；通讯录中搜索全部单位（4 / 阳谷）"] == "/"

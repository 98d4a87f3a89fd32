"""Every screen's keys fit the terminal or say that more are a key away (issue 25: at 80x24 the statistics'
footer ended `x 导出xls▏`, its csv export never seen, nothing saying keys were missing)."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from referral_desk.screens.keys import KeysScreen
from referral_desk.screens.statistics import StatisticsScreen
from referral_desk.widgets.desk_footer import DeskFooter, fitting, key_cells, plan
from tests.pilot import settle, workers_idle


def test_keys_spread_out_tighten_then_give_way_to_f1():
    keys = [("esc", "返回"), ("x", "导出xlsx"), ("v", "导出csv")]
    loose = sum(key_cells(k, d, False) for k, d in keys)
    tight = sum(key_cells(k, d, True) for k, d in keys)
    assert plan(keys, loose) == (False, 3)
    assert plan(keys, loose - 1) == (True, 3)
    assert plan(keys, tight) == (True, 3)
    compact, shown = plan(keys, tight - 1)
    assert compact and shown < 3
    # What is shown and the F1 key fit in the width.
    assert sum(key_cells(k, d, True) for k, d in keys[:shown]) + key_cells("F1", "更多按键…", True) <= tight - 1
    assert fitting(keys, 5) == 0


async def _statistics_footer(app, pilot) -> list[str]:
    await settle(app, pilot)
    await pilot.press("s")
    await workers_idle(app)
    await pilot.pause()
    assert isinstance(app.screen, StatisticsScreen)
    footer = app.screen.query_one(DeskFooter)
    keys = [key for key in footer.query(FooterKey) if not key.has_class("-command-palette")]
    for key in keys:  # each key is drawn whole inside the footer, none clipped at its right edge
        assert key.region.right <= footer.region.right
    return [f"{key.key_display} {key.description}" for key in keys]


async def test_at_80_columns_the_statistics_footer_ends_in_f1_which_lists_every_key(app):
    async with app.run_test(size=(80, 24)) as pilot:
        labels = await _statistics_footer(app, pilot)
        assert labels[0] == "esc 返回" and labels[-1] == "F1 更多按键…"
        assert "v 导出csv" not in labels
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)


async def test_at_120_columns_every_statistics_key_is_shown(app):
    async with app.run_test(size=(120, 40)) as pilot:
        labels = await _statistics_footer(app, pilot)
        assert "v 导出csv" in labels and "F1 更多按键…" not in labels


async def test_a_resized_terminal_plans_its_keys_again(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await _statistics_footer(app, pilot)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        footer = app.screen.query_one(DeskFooter)
        labels = [f"{k.key_display} {k.description}" for k in footer.query(FooterKey)]
        assert "F1 更多按键…" in labels


async def test_the_dashboards_keys_show_without_the_terminal_reporting_focus(app):
    """The outside trial: a year store opened with --operator in tmux showed no key line at all until a pane
    key (the dashboard mounts its footer once the store is open; Textual's footer then waited for focus)."""
    async with app.run_test(size=(120, 40)) as pilot:
        app.app_focus = False  # a terminal that never says it has the focus
        await settle(app, pilot)
        await workers_idle(app)
        await pilot.pause()
        await pilot.pause()
        footer = app.screen.query_one(DeskFooter)
        labels = [f"{k.key_display} {k.description}" for k in footer.query(FooterKey)]
        assert "m 月排班" in labels and "b 登记" in labels

"""Every screen's keys fit the terminal or say that more are a key away (issue 25: at 80x24 the statistics'
footer ended `x 导出xls▏`, its csv export never seen, nothing saying keys were missing)."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer

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
    keys = [key for key in footer.keys if key.action != "command_palette"]
    for key in keys:  # each key is drawn whole inside the footer, none clipped at its right edge
        assert key.end <= footer.size.width
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
        labels = [f"{k.key_display} {k.description}" for k in footer.keys]
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
        labels = [f"{k.key_display} {k.description}" for k in footer.keys]
        assert "m 月排班" in labels and "b 登记" in labels


class _Keys(App):
    """A screen's keys in Textual's footer or the desk's: one shown dimmed (refused by check_action)."""

    BINDINGS = [Binding("a", "pick('a')", "通过"), Binding("r", "pick('r')", "拒绝"), Binding("x", "gone", "过期"),
                Binding("ctrl+p", "command_palette", "命令", show=False)]

    def __init__(self, footer) -> None:
        super().__init__()
        self.footer = footer
        self.picked: list[str] = []

    def compose(self):
        yield self.footer

    def check_action(self, action: str, parameters) -> bool | None:
        return None if action == "gone" else True

    def action_pick(self, what: str) -> None:
        self.picked.append(what)


async def _footer_line(footer, compact: bool, width: int = 60) -> list[tuple[str, str]]:
    app = _Keys(footer)
    async with app.run_test(size=(width, 3)) as pilot:
        if isinstance(footer, Footer):
            footer._bindings_ready = True  # Textual's waits for the terminal's focus
            footer.compact = compact
            footer.refresh(recompose=True)
            await pilot.pause()
        await pilot.pause()
        await pilot.pause()
        line = app.screen._compositor.render_strips()[-1]
        return [(char, str(segment.style)) for segment in line for char in segment.text]


async def test_the_footer_looks_as_textuals_cell_for_cell():
    """One widget draws the line Textual's footer made of a widget per key (issue 25: rebuilding those took
    80-150 ms of every key that opens a screen); on screen nothing changed, colours, dimmed key and the
    palette's key included."""
    for compact in (False, True):
        theirs = await _footer_line(Footer(compact=compact), compact)
        ours = await _footer_line(DeskFooter(compact=compact), compact)
        assert "".join(t for t, _s in ours).startswith(" a 通过 " if not compact else "a 通过 ")
        assert ours == theirs


async def test_a_click_on_a_footer_key_presses_it_and_a_dimmed_one_is_refused():
    footer = DeskFooter()
    app = _Keys(footer)
    async with app.run_test(size=(60, 3)) as pilot:
        await pilot.pause()
        keys = {k.key: k for k in footer.keys}
        assert list(keys) == ["a", "r", "x", "ctrl+p"] and not keys["x"].enabled
        await pilot.click(DeskFooter, offset=(keys["r"].start + 1, 0))
        await pilot.pause()
        await pilot.click(DeskFooter, offset=(keys["x"].start + 1, 0))
        await pilot.pause()
        assert app.picked == ["r"]

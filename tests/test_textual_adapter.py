"""Every private Textual name the desk (or its tests) relies on, checked against the installed
Textual: an upgrade that renames one fails here, with the name, not somewhere downstream."""

from __future__ import annotations

import textual
import textual.keys
from textual.app import App, ComposeResult
from textual.widgets import Select

from referral_desk.textual_adapter import SELECT_LIST, is_closing, select_list


class _One(App):
    def compose(self) -> ComposeResult:
        yield Select([("甲", 1), ("乙", 2)], id="s")


async def test_the_private_names_the_desk_uses_exist_in_this_textual():
    app = _One()
    async with app.run_test() as pilot:
        select = app.query_one(Select)
        assert select_list(select).__class__.__name__ == SELECT_LIST, textual.__version__
        assert is_closing(select) is False
        # The type-ahead tests deliver a burst through the driver, as a terminal does.
        assert callable(app._driver.send_message)
        # The screens a translucent modal shows through, which refresh_through_stacked_screens repaints.
        assert app._background_screens == []
        # The filters NO_COLOR's look swaps (textual_adapter.colourless), the console's markup switch
        # (literal_text), and the notice a toast draws (fold_toasts).
        assert isinstance(app._filters, list)
        assert app.console._markup in (True, False)
        from textual.notifications import Notification
        from textual.widgets._toast import Toast

        notice = Notification("已保存")
        assert Toast(notice)._notification is notice
        # A pane's table changes its rows without laying the screen out (widgets/desk_table.PaneTable).
        from referral_desk.textual_adapter import scrollbars_follow_content

        assert scrollbars_follow_content(select) in (True, False)
        await pilot.pause()
    assert is_closing(select) is True  # the app is gone, and its widgets with it


def test_the_key_names_the_type_ahead_tests_build_on_exist():
    for name in ("_character_to_key", "_get_unicode_name_from_key", "REPLACED_KEYS"):
        assert hasattr(textual.keys, name), f"textual.keys.{name} is gone in Textual {textual.__version__}"


async def test_the_palette_and_a_selects_list_speak_chinese():
    """Issue 25: `Search for commands…`, `No matches found` and `esc Dismiss menu` were English."""
    from textual.command import CommandInput, CommandList

    from referral_desk.textual_adapter import (
        NO_MATCHES,
        PALETTE_PLACEHOLDER,
        SELECT_DISMISS,
        chinese_palette,
        chinese_select_list,
    )

    chinese_select_list()
    app = _One()
    async with app.run_test() as pilot:
        select = app.query_one(Select)
        select.focus()
        await pilot.press("enter")
        await pilot.pause()
        overlay = select_list(select)
        descriptions = [b.description for _k, b in overlay._bindings.key_to_bindings.items() for b in b]
        assert SELECT_DISMISS in descriptions and "Dismiss menu" not in descriptions
        await pilot.press("escape")
        await app.push_screen(chinese_palette())
        await pilot.pause()
        palette = app.screen
        assert palette.query_one(CommandInput).placeholder == PALETTE_PLACEHOLDER
        palette._NO_MATCHES_COUNTDOWN = 0.001  # the same steps, without waiting half a second
        await pilot.press(*"无此命令")
        for _ in range(200):  # a few turns of the loop: the searches, then the countdown's timer
            await pilot.pause()
            options = palette.query_one(CommandList).options
            if [o.id for o in options] == [palette._NO_MATCHES]:
                break
        [option] = palette.query_one(CommandList).options
        assert option.id == palette._NO_MATCHES and NO_MATCHES in str(option.prompt)


async def test_the_footer_names_the_palette_in_chinese(app):
    """Issue 25 (second trial): every footer ended `^p palette`."""
    from referral_desk.widgets.desk_footer import DeskFooter

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        keys = [k for k in app.screen.query_one(DeskFooter).keys if k.action == "command_palette"]
        assert [k.description for k in keys] == ["命令"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(app.screen).__name__ == "ChinesePalette"


async def test_a_ticking_cell_leaves_no_dead_renders_behind_and_renders_only_itself_again():
    """Issue 25: each countdown update moved the table's update count on, and 10,000 renders no update
    could read again stayed in its caches, walked by every full garbage collection. Issue 28: with the
    count moved on, every cell of every row was rendered again each second; now only the ticking cell."""
    from textual.widgets import DataTable

    from referral_desk.textual_adapter import update_cells_quietly

    caches = ("_row_render_cache", "_cell_render_cache", "_row_renderable_cache", "_line_cache")

    class _Table(App):
        def compose(self) -> ComposeResult:
            yield DataTable()

    app = _Table()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(DataTable)
        table.add_column("剩余", key="left")
        table.add_column("单位", key="unit")
        for n in range(15):
            table.add_row(f"0:{n:02}:00", f"单位{n}", key=f"r{n}")
        await pilot.pause()
        table.refresh()  # drawn once more at the table's settled update count
        await pilot.pause()
        units = {k: v for k, v in table._cell_render_cache._cache.items() if str(k[1].value) == "unit"}
        for second in range(40):
            update_cells_quietly(table, "left", {f"r{n}": f"0:{n:02}:{second:02}" for n in range(15)})
            await pilot.pause()
        sizes = {name: len(getattr(table, name)) for name in caches}
        assert all(size <= 2 * 2 * 15 for size in sizes.values()), sizes
        assert str(table.get_cell("r3", "left")) == "0:03:39"
        assert "0:03:39" in table.render_line(4).text and "单位3" in table.render_line(4).text
        kept = {k: v for k, v in table._cell_render_cache._cache.items() if str(k[1].value) == "unit"}
        assert kept.keys() == units.keys() and all(kept[k] is units[k] for k in kept)  # the units not drawn again


async def test_widgets_gone_leave_their_render_caches_to_the_collector():
    """Textual keeps the last 1,024 StylesCaches alive through an lru_cache on a method
    (Textualize/textual#6665): released, the caches of removed widgets are freed."""
    import gc

    from textual._styles_cache import StylesCache
    from textual.widgets import Label

    from referral_desk.textual_adapter import release_textual_leftovers

    def caches() -> int:
        gc.collect()
        return sum(isinstance(o, StylesCache) for o in gc.get_objects())

    app = _One()
    async with app.run_test(size=(80, 45)) as pilot:  # every label drawn, so each has its render cache
        container = app.screen
        for _ in range(4):  # 160 removed; the last lot may still be held by the last frame
            await container.mount_all([Label(f"行{n}") for n in range(40)])
            await pilot.pause()
            await container.query(Label).remove()
        before = caches()
        release_textual_leftovers(app)
        assert caches() <= before - 100


def test_the_screen_under_a_dialog_is_tinted_as_textual_tints_it():
    """Issue 25: each tinted style is worked out once (40 ms of each `?` on the year store); the segments
    are the ones Textual's own blending gives, meta and links dropped, control codes passed on."""
    from rich.segment import Segment
    from rich.style import Style
    from textual.color import Color
    from textual.renderables.background_screen import BackgroundScreen

    from referral_desk.textual_adapter import tint_once_per_style

    segments = [Segment("甲", Style(color="#e0e0e0", bgcolor="#242f38", bold=True)),
                Segment("ab", Style(color="red", meta={"row": 3})), Segment("c", None),
                Segment("", None, [(1,)]), Segment("d", Style(bgcolor="#000000", link="https://x")),
                Segment("甲", Style(color="#e0e0e0", bgcolor="#242f38", bold=True)), Segment("e", Style())]
    tints = [Color(0, 0, 0, 0.6), Color(10, 20, 30, 0.3), Color(0, 0, 0, 0)]
    # Textual's own (an app made earlier in this process has put the desk's in its place)
    textuals = getattr(BackgroundScreen, "textual_process_segments", BackgroundScreen.process_segments)
    before = {tint: list(textuals(segments, tint)) for tint in tints}
    tint_once_per_style()
    tint_once_per_style()  # once is enough: the second call changes nothing
    for tint in tints:
        assert list(BackgroundScreen.process_segments(segments, tint)) == before[tint]
        assert list(BackgroundScreen.process_segments(segments, tint)) == before[tint]  # from what was kept


async def test_a_statics_text_styled_by_a_palette_name_takes_the_looks_colour_and_a_textual_style_still_works():
    """Textual 8 passed a Rich Text's own style on as a Textual style string, which knows no "desk.error": a
    Static's `Text(…, style=MISSING)` lost its colour. A Textual style ("$accent") is still Textual's to read."""
    from rich.text import Text
    from textual.app import App
    from textual.widgets import Static

    from referral_desk.textual_adapter import named_styles_resolved
    from referral_desk.widgets.palette import DARK, ERROR, LIGHT, cell_theme

    named_styles_resolved()

    class _Two(App):
        def compose(self) -> ComposeResult:
            yield Static(Text("缺电话", style=ERROR), id="named")
            yield Static(Text("标题", style="bold $accent"), id="textual")

    def colour(app, name: str):
        segment = next(s for s in app.query_one(f"#{name}").render_line(0) if s.text.strip())
        return segment.style.color.triplet.hex if segment.style.color else None

    app = _Two()
    async with app.run_test(size=(40, 4)) as pilot:
        assert colour(app, "named") == DARK.error  # every console knows the names, in the dark look
        assert colour(app, "textual") is not None and colour(app, "textual") != colour(app, "named")
        app.console.push_theme(cell_theme("light"))
        for static in app.query(Static):
            static.update(static.content)
        await pilot.pause()
        assert colour(app, "named") == LIGHT.error

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
        await pilot.pause()
    assert is_closing(select) is True  # the app is gone, and its widgets with it


def test_the_key_names_the_type_ahead_tests_build_on_exist():
    for name in ("_character_to_key", "_get_unicode_name_from_key", "REPLACED_KEYS"):
        assert hasattr(textual.keys, name), f"textual.keys.{name} is gone in Textual {textual.__version__}"


async def test_the_palette_and_a_selects_list_speak_chinese():
    """Issue 25: `Search for commands…`, `No matches found` and `esc Dismiss menu` were English."""
    from textual.command import CommandInput, CommandList

    from referral_desk.textual_adapter import (NO_MATCHES, PALETTE_PLACEHOLDER, SELECT_DISMISS, chinese_palette,
                                               chinese_select_list)

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
    from textual.widgets import Footer

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        keys = [k for k in app.screen.query_one(Footer).query("FooterKey") if "-command-palette" in k.classes]
        assert [k.description for k in keys] == ["命令"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(app.screen).__name__ == "ChinesePalette"

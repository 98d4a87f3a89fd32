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
        await pilot.pause()
    assert is_closing(select) is True  # the app is gone, and its widgets with it


def test_the_key_names_the_type_ahead_tests_build_on_exist():
    for name in ("_character_to_key", "_get_unicode_name_from_key", "REPLACED_KEYS"):
        assert hasattr(textual.keys, name), f"textual.keys.{name} is gone in Textual {textual.__version__}"

"""The desk's two looks (issue 25: "cell colours from the theme so the offered light theme stays readable"):
cells carry named styles, the app's console resolves them for the look in use, and switching the look
recolours what is already drawn, tables and static text alike. Their contrast on a real terminal is measured
in tests/test_contrast.py (the light modes)."""

from __future__ import annotations

import pytest
from rich.color import Color
from rich.text import Text
from textual.widgets import Static

from referral_desk.widgets.palette import DARK, LIGHT, LIGHT_16, MISSING, OVERDUE, cell_theme
from tests.pilot import quiet, settle


def _colour_of(widget, word: str) -> tuple[Color | None, Color | None]:
    """The foreground and background `word` is drawn in, on the widget's lines as they are drawn now."""
    for y in range(widget.size.height):
        for segment in widget.render_line(y):
            if word in segment.text and segment.style is not None:
                return segment.style.color, segment.style.bgcolor
    raise AssertionError(f"{word!r} is not drawn")


def _hex(colour: Color | None) -> str:
    assert colour is not None and colour.triplet is not None
    return colour.triplet.hex


async def test_the_configured_light_look_draws_the_cells_in_light_colours(filled, settings):
    from referral_desk.app import ReferralDeskApp

    app = ReferralDeskApp(filled, settings.with_changes(look="light"), "desk.sqlite3")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.theme == "textual-light" and app.look == "light"
        approvals = app.screen.query_one("#approvals").table
        # Under the cursor: its background the alarm's, its text the cursor's (light on the dark cursor).
        fg, bg = _colour_of(approvals, "!!-0:30:00")
        assert (_hex(bg), _hex(fg)) == (LIGHT.alarm, "#e0e0e0")
        fg, _bg = _colour_of(approvals, "! 0:10:00")
        assert _hex(fg) == LIGHT.error
        fg, _bg = _colour_of(approvals, "  0:30:00")
        assert _hex(fg) == LIGHT.warning


async def test_switching_the_look_recolours_the_rows_and_the_text_already_drawn(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        approvals = app.screen.query_one("#approvals").table
        note = Static(Text("缺联系电话", style=MISSING))
        await app.screen.mount(note)
        await pilot.pause()
        assert _hex(_colour_of(approvals, "! 0:10:00")[0]) == DARK.error
        assert _hex(_colour_of(note, "缺联系电话")[0]) == DARK.error

        for title, theme, swatch in (("浅色外观", "textual-light", LIGHT), ("深色外观", "textual-dark", DARK)):
            next(c for c in app.get_system_commands(app.screen) if c.title == title).callback()
            await quiet(app, pilot)
            assert app.theme == theme
            assert _hex(_colour_of(approvals, "! 0:10:00")[0]) == swatch.error
            assert _hex(_colour_of(note, "缺联系电话")[0]) == swatch.error

@pytest.mark.parametrize(("look", "sixteen"), [("dark", False), ("dark", True), ("light", False), ("light", True)])
def test_every_named_style_resolves_in_every_look(look, sixteen):
    """A name the theme does not give is drawn in no colour at all (and a combined "bold desk.error" raises):
    every name the screens use is given by every look."""
    from rich.console import Console

    import referral_desk.widgets.palette as palette

    console = Console()
    console.push_theme(cell_theme(look, sixteen))
    names = {v for k, v in vars(palette).items() if k.isupper() and isinstance(v, str) and v.startswith("desk.")}
    names |= set(palette.URGENCY_STYLES.values())
    assert len(names) >= 10
    for name in names:
        assert console.get_style(name, default=None) is not None, name
    overdue = console.get_style(OVERDUE)
    assert overdue.bold and overdue.bgcolor is not None


def test_a_light_sixteen_colour_terminal_gets_only_the_colours_that_read_on_white():
    """Green, yellow, cyan and grey are 1.7-4:1 on a white terminal (tests/contrast.py's xterm colours)."""
    assert {LIGHT_16.error, LIGHT_16.warning, LIGHT_16.good, LIGHT_16.chart} <= {"red", "blue", "magenta"}

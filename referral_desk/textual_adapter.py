"""The few places the desk reaches past Textual's public API, in one file (issue 14).

Each is a name Textual does not promise to keep. tests/test_textual_adapter.py checks every one of
them against the installed Textual, so an upgrade that renames one fails there, loudly, instead of
somewhere in the type-ahead or the booking form.
"""

from __future__ import annotations

from textual.message_pump import MessagePump
from textual.widget import Widget
from textual.widgets import Select

# The class name of the list a Select opens (textual.widgets._select.SelectOverlay): queried by name,
# not imported from the private module.
SELECT_LIST = "SelectOverlay"


def is_closing(pump: MessagePump) -> bool:
    """True once a widget or screen is being removed: a key's marker posted to it never comes back.
    (MessagePump has no public flag for this.)"""
    return bool(pump._closing or pump._closed)


def select_list(select: Select) -> Widget:
    """The list a Select opens, which takes its type-to-search keys."""
    return select.query_one(SELECT_LIST)


# -- Textual's own words, said in Chinese (issue 25: the palette and a Select's list spoke English) --------
PALETTE_PLACEHOLDER = "搜索命令（可用拼音首字母，如 tj 找 统计）…"
NO_MATCHES = "没有匹配的命令"
SELECT_DISMISS = "收起列表"


def chinese_palette(**kw):
    """The command palette with its placeholder and its 'no matches' line in Chinese. The line is added by
    a private method of CommandPalette, overridden here with the same steps and Chinese words."""
    from rich.align import Align
    from rich.text import Text
    from textual.command import CommandList, CommandPalette
    from textual.widgets.option_list import Option

    class ChinesePalette(CommandPalette):
        def _start_no_matches_countdown(self, search_value: str) -> None:
            self._stop_no_matches_countdown()

            def show() -> None:
                if search_value:
                    self.query_one(CommandList).add_option(
                        Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES))
                    self._list_visible = True
                else:
                    self._list_visible = False

            self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)

    return ChinesePalette(placeholder=PALETTE_PLACEHOLDER, **kw)


def chinese_select_list() -> None:
    """A Select's open list says how to close it in the footer: in Chinese. Its bindings are merged when
    the class is made, so they are merged again here (once, at start-up)."""
    from textual.binding import Binding
    from textual.widgets._select import SelectOverlay

    SelectOverlay.BINDINGS = [Binding("escape", "dismiss", SELECT_DISMISS)]
    SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()


def update_cells_quietly(table, column_key: str, values: dict[str, object]) -> None:
    """DataTable.update_cell for some rows of one column, repainting those cells only: update_cell repaints
    the whole table, and the countdowns change every second (issue 28: an idle desk wrote 34 KB a second
    to its terminal). The table's render caches are keyed on its private update count, which update_cell
    moves on: every cell of every row was rendered again each second (most of an idle desk's CPU). Only
    these cells' renders, their rows' and their lines' are forgotten here; the rest stay valid."""
    from textual.widgets.data_table import ColumnKey, RowKey

    if not values:
        return
    ck = ColumnKey(column_key)
    keys = {RowKey(row_key): value for row_key, value in values.items()}
    for rk, value in keys.items():
        table._data[rk][ck] = value
    _forget_renders_of(table, keys.keys(), ck)
    for rk in keys:
        table.refresh_coordinate(table.get_cell_coordinate(rk, ck))


def _forget_renders_of(table, rks, ck) -> None:
    """The cache entries that drew cells (rk, ck), by the shape of Textual 8's keys: cells (row key, column
    key, ...), rows (row key, line, ...), row renderables (update count, row index), lines (y, ...)."""
    rks = set(rks)
    indexes = {table._row_locations.get(rk) for rk in rks}
    cells, rows = table._cell_render_cache, table._row_render_cache
    renderables, lines = table._row_renderable_cache, table._line_cache
    for key in [k for k in cells.keys() if k[1] == ck and k[0] in rks]:
        cells.discard(key)
    for key in [k for k in rows.keys() if k[0] in rks]:
        rows.discard(key)
    for key in [k for k in renderables.keys() if k[1] in indexes]:
        renderables.discard(key)
    header = table.header_height if table.show_header else 0
    offsets = table._y_offsets
    for key in [k for k in lines.keys() if 0 <= k[0] - header < len(offsets) and offsets[k[0] - header][0] in rks]:
        lines.discard(key)


def refresh_through_stacked_screens(widget: Widget) -> None:
    """A widget on a screen under two or more translucent modals: its repaint reaches the terminal.
    Textual passes a background screen's changes to the top screen only, and a modal between them keeps
    showing what it composed before (the dashboard's clock stood still under detail → keys, issue 25/28)."""
    app = widget.app
    screen = widget.screen
    if screen is app.screen:
        return
    stack = app._background_screens
    if screen not in stack:
        return
    region = widget.region
    for above in stack[stack.index(screen) + 1:]:
        above.refresh(region)


def release_textual_leftovers(app) -> None:
    """What Textual keeps of widgets long gone, let go so a collection frees it (issue 25: on the year
    store the full collection grew from 20 to 300 ms over fifteen minutes of opening screens).

    - StylesCache.get_inner_outer is memoised with lru_cache on the instance: the last 1,024 render
      caches stay alive with every line they drew (Textualize/textual#6665, open).
    - A widget bound to its parent's reactive (`data_bind`: a Select's parts, and every key of Textual's
      footer, which the desk no longer uses) adds a watcher that is dropped only when that reactive
      changes: a part rebuilt while the reactive stays is kept alive by its parent.
    """
    from textual._styles_cache import StylesCache

    StylesCache.get_inner_outer.cache_clear()
    for screen in app.screen_stack:
        for node in screen.walk_children(with_self=True):
            watchers = getattr(node, "__watchers", None)  # Textual's own attribute name, set by setattr
            if not watchers:
                continue
            for callbacks in watchers.values():
                if any(is_closing(reactable) for reactable, _callback in callbacks):
                    callbacks[:] = [(r, c) for r, c in callbacks if not is_closing(r)]


def scrollbars_follow_content(widget: Widget, *, keep_vertical: bool = False) -> bool:
    """A widget's content grew or shrank without a layout: decide its scrollbars again
    (Widget._refresh_scrollbars) and size their thumbs (Widget._scroll_update). True when a scrollbar came or
    went: the widget's content region changed, and that needs a layout after all.

    `keep_vertical`: a vertical scrollbar shown stays, as an empty track, when the content now fits (the
    rows a filter keeps: each letter that took the scrollbar away laid the whole screen out, issue 25)."""
    before = (widget.show_vertical_scrollbar, widget.show_horizontal_scrollbar)
    window = widget.scrollable_content_region.height
    if keep_vertical and before[0] and widget.virtual_size.height <= window:
        bar = widget.vertical_scrollbar
        bar.window_virtual_size = bar.window_size = window  # the whole content in view: an empty track
        bar.refresh()
        widget.scroll_y = widget.validate_scroll_y(widget.scroll_y)
        return False
    widget._refresh_scrollbars()
    if (widget.show_vertical_scrollbar, widget.show_horizontal_scrollbar) != before:
        return True
    widget._scroll_update(widget.virtual_size)
    return False


def tint_once_per_style() -> None:
    """The screen under a dialog is drawn tinted (BackgroundScreen.process_segments): Textual blends both
    colours of every segment anew each time, 2,500 segments and 40 ms of each `?` and Enter on the year
    store's dashboard (issue 25). A segment's tinted style depends only on its colours and attributes and
    the tint: each is worked out once, by Textual's own code, and looked up after. The result is the same,
    segment for segment (tests/test_textual_adapter.py)."""
    from rich.segment import Segment
    from textual.renderables.background_screen import BackgroundScreen

    if getattr(BackgroundScreen, "_tints_once", False):
        return
    original = BackgroundScreen.process_segments  # bound to the class: Textual's own, kept
    tinted: dict[tuple, object] = {}

    def process_segments(cls, segments, color):
        if color.a == 0:
            yield from original(segments, color)
            return
        for segment in segments:
            text, style, control = segment
            if control or style is None:
                yield from original((segment,), color)
                continue
            key = (style._color, style._bgcolor, style._attributes, style._set_attributes, color)
            new = tinted.get(key)
            if new is None:
                if len(tinted) >= 4096:
                    tinted.clear()
                new = tinted[key] = next(iter(original((Segment(" ", style),), color))).style
            yield Segment(text, new, control)

    BackgroundScreen.process_segments = classmethod(process_segments)  # type: ignore[method-assign]
    BackgroundScreen._tints_once = True  # type: ignore[attr-defined]
    BackgroundScreen.textual_process_segments = original  # type: ignore[attr-defined]  # for the test


def colourless(app) -> None:
    """NO_COLOR as the convention means it: the terminal's own foreground and background, every colour
    taken out (Textual's NoColor filter). Textual picks its Monochrome filter for a hex theme instead,
    whose greys a 16-colour terminal draws as light grey on bright black (3.2:1, issue 25); emphasis and
    the cursor are then told by bold, underline and reverse (styles/app.tcss, `App:nocolor`)."""
    from textual.filter import Monochrome, NoColor

    app._filters[:] = [NoColor() if isinstance(f, Monochrome) else f for f in app._filters]


TOAST_WIDTH, TOAST_FRAME = 60, 3  # Textual's Toast: width 60, max-width 50%, padding 1 1, an edge on the left
TOAST_RACK_EDGE = 2  # the 50% is of the screen's width less 2 cells, and less its scrollbar when it has one
# (measured: 36 cells of text at 80 columns, 35 beside a scrollbar; 56 at 120)


def fold_toasts() -> None:
    """A toast's Chinese folded as it is set (widgets.cjk_text): Textual broke `不能改为「` / `已入院」` at a
    bracket (outside trial). Toast (a private module) draws the message itself; its text is folded here
    first, to the width Textual gives a toast (the same width when it is measured and when it is drawn).
    Every notice is plain text (the desk's App.notify passes markup=False)."""
    from textual.content import Content
    from textual.widgets._toast import Toast

    from referral_desk.widgets.cjk_text import cjk_lines

    if getattr(Toast, "_folds_chinese", False):
        return

    def render(self) -> Content:
        notification = self._notification
        # A cell too wide, a line that filled it lost its last character (outside trial: `（已填的` / `前会诊`,
        # over a screen with a scrollbar).
        screen_width = self.screen.scrollable_content_region.width or self.app.size.width
        room = min(TOAST_WIDTH, (screen_width - TOAST_RACK_EDGE) // 2) - TOAST_FRAME
        message = Content("\n".join(cjk_lines(notification.message, room)) if room >= 12
                          else notification.message)
        if notification.title:
            return Content.assemble((notification.title, self.get_visual_style("toast--title")), "\n", message)
        return message

    Toast.render = render  # type: ignore[method-assign]
    Toast._folds_chinese = True  # type: ignore[attr-defined]


def literal_text(app) -> None:
    """Text in the desk's Rich tables drawn as typed, never read as markup: a unit named `[/]阳谷` in a
    request's details ended the desk with a MarkupError (outside trial). The desk writes no markup; the
    app's console (Rich's `_markup`, set by Textual to True) is the one place every table's str cells pass."""
    app.console._markup = False


def markup_never_fatal() -> None:
    """The last guard: a text Textual reads as markup (a Static's str, a border title, a Select's option) that
    is not valid markup is shown as typed instead of ending the desk. The desk passes what operators type as
    Text wherever it knows; a place it missed must not exit (outside trial: `[/` in a filter and in a saved
    contact ended the desk, and the saved record kept it from starting again)."""
    from textual.content import Content
    from textual.markup import MarkupError

    if getattr(Content, "_markup_never_fatal", False):
        return
    parse = Content.from_markup.__func__  # type: ignore[attr-defined]  # Textual's own, kept

    def from_markup(cls, markup, **variables):
        try:
            return parse(cls, markup, **variables)
        except MarkupError:
            return cls(markup) if isinstance(markup, str) else markup

    Content.from_markup = classmethod(from_markup)  # type: ignore[method-assign,assignment]
    Content._markup_never_fatal = True  # type: ignore[attr-defined]


def named_styles_resolved() -> None:
    """A Rich Text's own style, when it is a name ("desk.missing", widgets/palette.py), is resolved by the
    app's console as its spans' styles already are. Textual 8's Content.from_rich_text passed it on as a
    Textual style string, which knows no such name, so a Static's `Text(…, style=MISSING)` lost its colour."""
    from rich.errors import MissingStyle
    from rich.text import Text
    from textual._context import active_app
    from textual.content import Content

    if getattr(Content, "_named_styles_resolved", False):
        return
    convert = Content.from_rich_text.__func__  # type: ignore[attr-defined]  # Textual's own, kept

    def from_rich_text(cls, text, console=None):
        if isinstance(text, Text) and isinstance(text.style, str) and text.style:
            if console is None:
                try:
                    console = active_app.get().console
                except LookupError:
                    console = None
            if console is not None:
                try:
                    style = console.get_style(text.style)
                except MissingStyle:  # not Rich's: a Textual style ("$accent"), which Content reads itself
                    pass
                else:
                    text = text.copy()
                    text.style = style
        return convert(cls, text, console)

    Content.from_rich_text = classmethod(from_rich_text)  # type: ignore[method-assign,assignment]
    Content._named_styles_resolved = True  # type: ignore[attr-defined]

"""Which columns a table shows at a given width, and how wide each is (issue 25).

Every column declares how much it matters and how far it may be cut; at any width the least
important columns go first, text columns are cut (the cell then ends in …), and nothing runs
past the pane's border.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # May be cut down to this many cells (a cut cell ends in …); None: shown whole or not at all.
    min_width: int | None = None
    max_width: int | None = None  # never wider, however long its text
    # Higher stays longer when the pane is narrow; None: the table's order (the rightmost goes first).
    priority: int | None = None
    room: int = 0  # kept free for text the clock rewrites (a countdown's minus sign)
    # Not left out while another shown column can still be cut to its floor, short text included (the beds'
    # 状态: 床位协调 showing only department names says nothing).
    essential: bool = False


def as_column(spec: Column | tuple) -> Column:
    """(key, label[, min_width[, max_width]]), the older tuple form, as a Column."""
    if isinstance(spec, Column):
        return spec
    key, label, *limits = spec
    return Column(key, label, min_width=limits[0] if limits else None,
                  max_width=limits[1] if len(limits) > 1 else None)


@dataclass(frozen=True)
class Fit:
    widths: dict[str, int]  # the shown columns, in the table's order
    hidden: tuple[str, ...]  # keys of the columns left out, in the table's order


def _drop_order(columns: list[Column]) -> list[str]:
    ranked = [(c.priority if c.priority is not None else -i, -i, c.key) for i, c in enumerate(columns)]
    return [key for *_rank, key in sorted(ranked)]


WORD_CELLS = 16  # a word longer than this may be folded when zoomed (long Chinese text has no spaces)


def fit_columns(columns: list[Column], natural: dict[str, int], available: int | None, padding: int, *,
                keep_all: bool = False, words: dict[str, int] | None = None,
                shortest: dict[str, int] | None = None) -> Fit:
    """natural: the widest cell of each column, its label and room included.
    available: the cells the table may use (None: not laid out yet, everything at its natural width).
    keep_all (the zoomed pane): no column left out; what does not fit is narrowed and wrapped.
    words: the longest space-free word of each column's cells; zoomed, a column is narrowed below it only
    when nothing else is left to give (a time folded as `25日18` / `:00` is misread).
    shortest: the widest short form of a column whose cells have one (`赵伟飞` for `赵伟飞·专科01`): such a
    column gives way down to it before a less important column is left out."""
    def capped(column: Column, width: int) -> int:
        # Zoomed, a long text column may take what the others leave (it wraps rather than hides).
        return min(width, column.max_width) if column.max_width is not None and not keep_all else width

    shown = list(columns)
    order = _drop_order(columns)
    while True:
        widths = {c.key: capped(c, natural[c.key]) for c in shown}
        budget = None if available is None else available - padding * len(shown)
        if budget is None or sum(widths.values()) <= budget:
            break
        excess = sum(widths.values()) - budget
        if keep_all:
            # Zoomed: every column stays and wraps; the widest give way first, headers kept whole while they can.
            # Words are kept whole first; then prose (a word longer than WORD_CELLS: Chinese has no spaces,
            # it folds anywhere) gives way; last, whatever must.
            word = words or {}

            def header(c: Column) -> int:
                return max(cell_len(c.label), c.room, 4)

            excess = _narrow(shown, widths, excess, lambda c: max(header(c), min(word.get(c.key, 0), WORD_CELLS)))
            excess = _narrow(shown, widths, excess,
                             lambda c: header(c) if word.get(c.key, 0) > WORD_CELLS else widths[c.key])
            _narrow(shown, widths, excess, lambda c: 4)
            break
        # A header stays whole (a column named 值班医 is a puzzle); the cells are cut instead.
        lowest = next(key for key in order if any(c.key == key for c in shown))
        last = next(c for c in shown if c.key == lowest)

        def floor(column: Column) -> int | None:
            if column.min_width is None:
                return None
            return max(column.min_width, cell_len(column.label), column.room)

        # The least important column gives first, down to its floor; then long text gives, the widest first.
        # Short text (a unit's name) is not cut to keep a less important column: that one goes instead.
        if floor(last) is not None:
            give = min(excess, max(0, widths[lowest] - floor(last)))  # type: ignore[operator]
            widths[lowest] -= give
            excess -= give
        def cut_floor(column: Column) -> int | None:
            at = floor(column)
            floors = [at] if at is not None and natural[column.key] >= 2 * at else []
            short = (shortest or {}).get(column.key)
            if short is not None and short < natural[column.key]:  # its short form says enough
                floors.append(max(short, cell_len(column.label), column.room))
            return min(floors) if floors else None

        excess = _narrow([c for c in shown if c.key != lowest], widths, excess, cut_floor)
        if excess <= 0:
            break
        if len(shown) == 1:
            _narrow(shown, widths, excess, lambda c: 1)  # one column wider than the pane: cut it
            break
        drop = next(key for key in order if any(c.key == key for c in shown))
        if next(c for c in shown if c.key == drop).essential:
            excess = _narrow([c for c in shown if c.key != drop], widths, excess, floor)
            if excess <= 0:
                break
        shown = [c for c in shown if c.key != drop]
    kept = {c.key for c in shown}
    return Fit(widths=widths, hidden=tuple(c.key for c in columns if c.key not in kept))


def _narrow(shown: list[Column], widths: dict[str, int], excess: int, floor_of) -> int:
    """Take `excess` cells from the widest columns that may give some, down to their floor; what is left."""
    floors = {c.key: floor_of(c) for c in shown if floor_of(c) is not None}
    order = {c.key: i for i, c in enumerate(shown)}
    while excess > 0:
        # The widest first (the leftmost of equals: a deterministic layout for the same rows).
        slack = [(widths[key], -order[key], key) for key, floor in floors.items() if widths[key] > floor]
        if not slack:
            break
        *_rank, key = max(slack)
        widths[key] -= 1
        excess -= 1
    return excess

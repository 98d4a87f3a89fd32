"""Search keys for names and units: Chinese, full pinyin, initials, digits."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from types import ModuleType


@cache
def _pypinyin() -> ModuleType:
    # Imported on first use: its phrase dictionary costs ~0.15 s, and the desk
    # only needs it when writing a key, never to open its panes.
    import pypinyin

    return pypinyin


def load_pinyin() -> None:
    """Load the phrase dictionary ahead of the first filtered keystroke (off the UI thread)."""
    _pypinyin()


def fold(text: str) -> str:
    """Full-width to half-width, lower case, no spaces: how queries and keys compare."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def pinyin_full(text: str) -> str:
    return "".join(_pypinyin().lazy_pinyin(text, errors="default")).lower()


def pinyin_initials(text: str) -> str:
    p = _pypinyin()
    return "".join(p.lazy_pinyin(text, style=p.Style.FIRST_LETTER, errors="default")).lower()


def search_key(*parts: str | None) -> str:
    """One folded string holding each part as written, in full pinyin and initials.

    Parts are joined with '|' so a query never matches across two fields.
    """
    pieces: list[str] = []
    for part in parts:
        if not part:
            continue
        pieces += [fold(part), fold(pinyin_full(part)), fold(pinyin_initials(part))]
    return "|" + "|".join(dict.fromkeys(pieces)) + "|"


def query_terms(query: str) -> tuple[str, bool]:
    """Fold a query; report whether it is a number fragment (digits and dashes only)."""
    folded = fold(query)
    if folded and re.fullmatch(r"[\d\-]+", folded):
        return folded.replace("-", ""), True
    return folded, False


def pinyin_score(query: str, text: str) -> float:
    """How well letters typed as pinyin (`tj`, `tongji`) name a Chinese title (统计与报表): 1 for the
    initials' start, 0.9 for the full pinyin's start, 0.6 inside either, 0 otherwise."""
    q = fold(query)
    if not q or not q.isascii() or not q.isalpha():
        return 0.0
    initials, full = fold(pinyin_initials(text)), fold(pinyin_full(text))
    if initials.startswith(q):
        return 1.0
    if full.startswith(q):
        return 0.9
    return 0.6 if q in initials or q in full else 0.0


_ALIAS = re.compile(r"^(.+?)[（(](.+)[)）]$")


@lru_cache(maxsize=16384)  # a directory's units, asked for at every statistics
def unit_names_of(directory_name: str) -> frozenset[str]:
    """The names a directory unit goes by: '聊城市康复医院（聊城市人民医院分院）' is also
    '聊城市康复医院' and '聊城市人民医院分院' (spaces and full-width forms folded)."""
    name = "".join(unicodedata.normalize("NFKC", directory_name).split())
    if m := _ALIAS.match(name):
        return frozenset((name, m[1], m[2]))
    return frozenset((name,))


@lru_cache(maxsize=4096)  # the panes' names and units; a day's worth, not unbounded
def _cached_key(part: str) -> str:
    return search_key(part)


def warm_keys(rows: Iterable[tuple[str | None, ...]]) -> None:
    """Read the rows' texts in pinyin now, so the first letter a filter is given finds them ready."""
    for parts in rows:
        for part in parts:
            if part:
                _cached_key(part)


def row_matches(query: str, parts: tuple[str | None, ...]) -> bool:
    """A pane's `/` filter: every word of the query (spaces separate them) is found in one of the
    row's texts as written, in full pinyin or initials; digits also match numbers with dashes."""
    words = [w for w in re.split(r"\s+", unicodedata.normalize("NFKC", query).strip()) if w]
    if not words:
        return True
    keys = [_cached_key(p) for p in parts if p]
    digits = "|".join(p.replace("-", "") for p in parts if p)
    for word in words:
        folded, numeric = query_terms(word)
        if not any(folded in key for key in keys) and not (numeric and folded in digits):
            return False
    return True

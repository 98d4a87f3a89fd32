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

"""A Select that opens on the first character typed and searches with it: the booking form's
specialty is chosen by typing 心 and Enter, not Enter, arrows and Enter."""

from __future__ import annotations

from textual import events
from textual.widgets import Select

from referral_desk.textual_adapter import chinese_select_list, select_list

chinese_select_list()  # the open list's footer key in Chinese, wherever a Select is used


class TypeAheadSelect(Select):
    def on_key(self, event: events.Key) -> None:
        # Space and the arrows keep Select's own meaning (open the list); a printable character
        # opens it too and becomes the start of its type-to-search.
        if event.character is None or not event.is_printable or event.character == " ":
            return
        event.stop()
        event.prevent_default()
        if not self.expanded:
            self.action_show_overlay()
        # The list is the Select's own child; posted, the key reaches its search like a typed one.
        select_list(self).post_message(events.Key(event.key, event.character))

"""Type-ahead that is never lost: each key is handled to the end before the next one is dispatched.

Textual hands a key to whatever has the focus when the key is read; the screen's bindings only see
it after it has bubbled back up. An operator who types `k 1 饮食正常` faster than the desk answers
(or a desk slowed by a busy machine) therefore sent `1` and the note to the list underneath, because
the screen that `k` opens did not exist yet: the keys were silently dropped. Here a key is followed
by a marker posted right behind it; the marker climbs the DOM the same way, so when it reaches the
app the key is done. If the key opened or closed a screen, one more marker waits for that screen to
be composed. Only then does the next key go out, to whatever has the focus by then.
"""

from __future__ import annotations

import asyncio
from collections import deque

from textual import events
from textual.message import Message
from textual.message_pump import MessagePump
from textual.timer import Timer

from referral_desk.textual_adapter import SELECT_LIST, is_closing

# A marker that never comes back (its widget was removed with its screen) must not hold the
# keyboard: the trail is checked this often, and given up after LONGEST_WAIT seconds.
CHECK_EVERY = 0.05
LONGEST_WAIT = 1.0


def escape_then_key(event: events.Key) -> list[events.Key]:
    """Esc and a key typed within the terminal's escape delay arrive as one Alt+key (`\x1bb` is Alt+B):
    `Esc b` typed briskly closed nothing and opened nothing (issue 25). The desk binds no Alt key, so an
    Alt+character is taken for what the operator typed: Esc, then the character. (`\x1bb` and `\x1bf` are
    not among them: Textual reads them as Ctrl+Left/Right, iTerm's word keys, and the bytes are gone.)"""
    if not event.key.startswith("alt+") or not event.character or not event.character.isprintable():
        return [event]
    rest = event.key.removeprefix("alt+")
    if rest.startswith("shift+") and len(rest) == len("shift+") + 1:
        rest = rest[-1].upper()  # the name Textual gives a capital letter typed on its own
    return [events.Key("escape", "\x1b"), events.Key(rest, event.character)]


class KeyTrail(Message, bubble=True):
    """Follows one key up the DOM."""

    def __init__(self, ticket: int, screen, laps: int = 0) -> None:
        super().__init__()
        self.ticket = ticket
        self.screen = screen  # the active screen when the marker was sent
        self.laps = laps  # markers still to send after this one, to the same widget


class KeysInOrder:
    """Mix into the App before `App`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._key_backlog: deque[events.Key] = deque()
        self._key_ticket = 0
        self._key_in_flight: int | None = None
        self._key_trail_target: MessagePump | None = None
        self._key_trail_screen = None
        self._key_watch: Timer | None = None
        self._key_waited = 0.0
        self.keys_settled = asyncio.Event()  # every key typed so far has been handled, none is held
        self.keys_settled.set()
        self.keys_read = 0  # keys read from the terminal so far (a test knows when its burst has arrived)
        self._keys_held = False

    def hold_keys(self) -> None:
        """Keep every key typed from now on until release_keys (the store is still being opened);
        mouse presses meanwhile are dropped: a click is not typed ahead."""
        self._keys_held = True

    def hold_keys_unless_held(self) -> bool:
        """Hold the keys for a piece of work (a list's rows, a batch being written); False when they are
        already held (the start-up's own hold releases them itself)."""
        if self._keys_held:
            return False
        self.hold_keys()
        return True

    async def release_keys(self) -> None:
        self._keys_held = False
        await self._next_key()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.keys_read += 1
            self._key_backlog.extend(escape_then_key(event))
            self.keys_settled.clear()
            if self._key_in_flight is None:
                await self._next_key()
            return
        if self._keys_held and isinstance(event, (events.MouseDown, events.MouseUp, events.Click)):
            return
        await super().on_event(event)

    async def _next_key(self) -> None:
        while self._key_backlog and self._key_in_flight is None and not self._keys_held:
            event = self._key_backlog.popleft()
            screen = self.screen
            target = self.focused or screen
            await super().on_event(event)  # priority bindings here, or forwarded to `target`
            if event.is_forwarded:
                # A Select's list answers Enter by posting the choice to itself, behind this key's marker:
                # one more lap, or `心 ⏎ Ctrl+S` in a burst saved the specialty chosen before (outside trial).
                self._follow(target, screen, laps=1 if type(target).__name__ == SELECT_LIST else 0)
            elif self.screen is not screen:
                self._follow(self.screen, self.screen)  # a priority binding opened or closed a screen
        if not self._key_backlog and self._key_in_flight is None and not self._keys_held:
            self.keys_settled.set()

    def _follow(self, target: MessagePump, screen, laps: int = 0) -> None:
        self._key_ticket += 1
        self._key_in_flight = self._key_ticket
        self._key_trail_target = target
        self._key_trail_screen = screen
        self._key_waited = 0.0
        target.post_message(KeyTrail(self._key_ticket, screen, laps))
        if self._key_watch is None:
            self._key_watch = self.set_interval(CHECK_EVERY, self._check_trail)

    async def on_key_trail(self, message: KeyTrail) -> None:
        message.stop()
        if message.ticket != self._key_in_flight:
            return  # given up on earlier
        if self.screen is not message.screen:
            # The key opened (or closed) a screen: its widgets are composed before its queue
            # reaches this second marker, so the next key finds the screen ready.
            self._follow(self.screen, self.screen)
            return
        target = self._key_trail_target
        if message.laps and target is not None and target.is_attached and not is_closing(target):
            self._follow(target, message.screen, message.laps - 1)
            return
        await self._release()

    async def _check_trail(self) -> None:
        if self._key_in_flight is None:
            return
        self._key_waited += CHECK_EVERY
        target = self._key_trail_target
        gone = target is None or not target.is_attached or is_closing(target)
        if gone and self.screen is not self._key_trail_screen:
            self._follow(self.screen, self.screen)  # its screen was closed under it: wait for the next
        elif gone or self._key_waited >= LONGEST_WAIT:
            await self._release()

    async def _release(self) -> None:
        self._key_in_flight = None
        self._key_trail_target = self._key_trail_screen = None
        if self._key_watch is not None:
            self._key_watch.stop()
            self._key_watch = None
        await self._next_key()

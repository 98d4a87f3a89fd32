"""The command palette, searched in pinyin too: `tj` or `tongji` finds 统计与报表, as the directory
search does, so an operator need not switch the input method to reach a command."""

from __future__ import annotations

from textual.command import Hit, Hits
from textual.system_commands import SystemCommandsProvider

from referral_desk.domain.search_keys import pinyin_score


class PinyinCommands(SystemCommandsProvider):
    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            score = max(matcher.match(name), pinyin_score(query, name))
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)

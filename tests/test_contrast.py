"""All text at least 4.5:1 against its cell, in every colour mode a workstation may have (issue 25):
measured on the real terminal's cells (tmux capture-pane -e), truecolor, 256 and 16 colours, the Linux
console and NO_COLOR; the dashboard and the full screens over it. (Behind a dialog the screen is dimmed
on purpose: it is not text to read there.)"""

from __future__ import annotations

import shutil
import sys

import pytest

from tests.contrast import DEFAULT_BG, DEFAULT_FG, DRAWING, LIGHT_BG, LIGHT_FG, cells, low_contrast
from tests.test_tmux import Tmux, desk_env

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
]

MODES = {
    "truecolor": "TERM=xterm-256color COLORTERM=truecolor",
    "256": "TERM=xterm-256color COLORTERM=",
    "16": "TERM=xterm COLORTERM=",
    "linux": "TERM=linux COLORTERM=",
    "no-color": "TERM=xterm-256color COLORTERM=truecolor NO_COLOR=1",
    # Both at once (outside trial): the ANSI theme through NO_COLOR's filter was black on black (1:1 for
    # 1,715 of 1,992 characters), and the hex theme's greys brought down to 16 colours light grey on bright
    # black (3.2:1). NO_COLOR is now the terminal's own colours (textual_adapter.colourless).
    "no-color-16": "TERM=xterm COLORTERM= NO_COLOR=1",
    "no-color-linux": "TERM=linux COLORTERM= NO_COLOR=1",
    # The light look (config `look = "light"`): Textual's light theme with the cells' light colours, and on 16
    # colours the ANSI light theme, measured on a light terminal (black on white, xterm's own default).
    "light": "TERM=xterm-256color COLORTERM=truecolor",
    "light-256": "TERM=xterm-256color COLORTERM=",
    "light-16": "TERM=xterm COLORTERM=",
}


def _unreadable(tmux: Tmux, minimum: float = 4.5, default: tuple = (DEFAULT_FG, DEFAULT_BG)) -> list[str]:
    """The characters of the screen under `minimum` (4.5:1), described (empty: every one reads)."""
    captured = tmux("capture-pane", "-p", "-e", "-t", "desk")
    text = [c for c in cells(captured, default) if not DRAWING.match(c.char)]
    assert len(text) > 100  # a screen of text was measured, not an empty capture
    return [f"{r}:1 {c.char!r} {c.fg} on {c.bg} in «{line}»"
            for r, line, c in low_contrast(captured, minimum, default)]


@pytest.mark.parametrize("mode", list(MODES))
def test_every_character_reads_at_4_5_to_1(mode, filled, db_path, tmp_path):
    filled.store.close()
    if mode.startswith("light"):
        (tmp_path / "referral-desk").mkdir()
        (tmp_path / "referral-desk" / "config.toml").write_text('[desk]\nlook = "light"\n', encoding="utf-8")
    ground = (LIGHT_FG, LIGHT_BG) if mode.startswith("light") else (DEFAULT_FG, DEFAULT_BG)
    tmux = Tmux()
    try:
        cmd = (f"env -u COLUMNS -u LINES {MODES[mode]} {sys.executable} -m referral_desk --db {db_path} "
               "--operator 张敏; sleep 30")
        tmux("new-session", "-d", "-s", "desk", "-x", "100", "-y", "30", *desk_env(tmp_path), cmd)
        tmux.wait_for(lambda s: "18363535132" in s and "操作员 张敏" in s and "条" in s)
        assert _unreadable(tmux, default=ground) == [], f"{mode} dashboard"
        tmux("send-keys", "-t", "desk", "H")
        tmux.wait_for(lambda s: "交接班" in s and "交班人" in s)
        assert _unreadable(tmux, default=ground) == [], f"{mode} handover"
        tmux("send-keys", "-t", "desk", "Escape")
        tmux.wait_for(lambda s: "交班人" not in s and "18363535132" in s)
        tmux("send-keys", "-t", "desk", "v")
        tmux.wait_for(lambda s: "当日审阅" in s and "共" in s)
        assert _unreadable(tmux, default=ground) == [], f"{mode} day review"
        # The roster: its gaps were red at 3.1:1 on the dark theme, 3.6:1 on 16 colours (its cursor green on
        # grey, 1.7:1), until measured here.
        tmux("send-keys", "-t", "desk", "Escape")
        tmux.wait_for(lambda s: "当日审阅" not in s and "18363535132" in s)
        tmux("send-keys", "-t", "desk", "m")
        tmux.wait_for(lambda s: "会诊医师值班表" in s and "缺" in s)
        assert _unreadable(tmux, default=ground) == [], f"{mode} roster"
    finally:
        tmux("kill-server")

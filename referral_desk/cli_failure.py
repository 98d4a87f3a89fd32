"""How a command line says it refused: one line in Chinese, one in English, exit code 2. Shared by
the desk's and the server's commands (neither imports the other for it)."""

from __future__ import annotations

import sys


def fail(zh: str, en: str) -> int:
    print(f"错误：{zh}\nerror: {en}", file=sys.stderr)
    return 2

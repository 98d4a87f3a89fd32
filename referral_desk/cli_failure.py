"""How a command line says it refused: one line in Chinese, one in English, exit code 2. Shared by
the desk's and the server's commands (neither imports the other for it)."""

from __future__ import annotations

import sys

# A refusal a person must act on (a setting, a file, a database to migrate): systemd does not restart it.
REFUSED = 2
# Something that may pass by itself (the database not answering yet at boot): systemd tries again.
TRY_AGAIN = 75  # EX_TEMPFAIL


def fail(zh: str, en: str, code: int = REFUSED) -> int:
    print(f"错误：{zh}\nerror: {en}", file=sys.stderr)
    return code

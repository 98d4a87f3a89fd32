"""A workstation installs the desk alone (issue 27): FastAPI, uvicorn, psycopg, Alembic, the Prometheus client
and cryptography are the `server` extra. Run here with those packages made unimportable in the process: the
desk opens its store, answers its commands, syncs with a real server, and `serve` says what to install."""

from __future__ import annotations

import subprocess
import sys

from referral_desk.cli import SERVER_PARTS
from tests.fixtures import NOW

BLOCKED = f"""
import sys
for name in {SERVER_PARTS!r}:
    sys.modules[name] = None  # `import name` raises ImportError, as where the package is not installed
"""


def _desk(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    code = BLOCKED + "from referral_desk.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120, env=env)


def test_the_desk_runs_without_the_servers_parts(db, central, tmp_path):
    import os

    env = {**os.environ, "REFERRAL_DESK_START_AT": NOW.isoformat()}
    version = _desk("--version", env=env)
    assert version.returncode == 0 and "数据文件结构" in version.stdout and "服务器数据库修订" not in version.stdout
    today = _desk("roster", "today", "--db", db, env=env)
    assert today.returncode == 0, today.stderr
    synced = _desk("sync", "--db", db, "--server", central.url, "--token", central.token("窗口8-1"), env=env)
    assert synced.returncode == 0 and "拉取" in synced.stdout, synced.stderr
    served = _desk("serve", env=env)
    assert served.returncode == 2 and "referral-desk[server]" in served.stderr and "Traceback" not in served.stderr
    for name in ("fastapi", "uvicorn"):
        assert name in served.stderr


def test_the_desks_screens_import_none_of_the_servers_parts():
    code = BLOCKED + ("import referral_desk.app, referral_desk.screens.dashboard, referral_desk.sync.runner, "
                      "referral_desk.desk.desk\nprint('ok')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]

"""Writes the databases of a release as text, for the upgrade tests of the next one.

Run from a checkout of the release being frozen (its code makes the files, not the new code):

    git worktree add /tmp/release <commit> && cd /tmp/release
    .venv/bin/python tests/previous_release/make_dumps.py /work/main/tests/previous_release

It starts a throwaway PostgreSQL cluster and a server on loopback, seeds a day at one desk, syncs
it and a second desk, and writes: the server's PostgreSQL database (pg_dump, plain SQL), the same
server on SQLite, and for each the first desk's store (SQLite SQL, with its file-identity pragmas), so
a test can upgrade the server under a desk that synced with the old one. The tokens are known (TOKENS), the
clock fixed (tests.fixtures.NOW).
"""

from __future__ import annotations

import secrets
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest.mock import patch

from referral_desk.clock import FixedClock
from referral_desk.domain.policy import Policy
from tests import sync_desks
from tests.fixtures import NOW
from tests.live_server import PG_BIN, PostgresCluster

TOKENS = {"8号窗口": "previous-release-token-window-8", "2号窗口": "previous-release-token-window-2"}


def _day(url: str, work: Path) -> Path:
    clock = FixedClock(NOW)
    central = sync_desks.Central(url, clock)
    try:
        known = iter(TOKENS.values())
        with patch.object(secrets, "token_urlsafe", lambda _n: next(known)):
            first = sync_desks.Workstation(central, "8号窗口", work, clock, Policy())
            second = sync_desks.Workstation(central, "2号窗口", work, clock, Policy())
        sync_desks.seed_and_sync(first, second)
        first.close()
        second.close()
        return work / "8号窗口.sqlite3"
    finally:
        central.close()


def _sqlite_dump(path: Path, out: Path) -> None:
    con = sqlite3.connect(path)
    pragmas = [f"PRAGMA {p} = {con.execute(f'PRAGMA {p}').fetchone()[0]};" for p in ("application_id", "user_version")]
    out.write_text("\n".join([*pragmas, *con.iterdump()]) + "\n", encoding="utf-8")
    con.close()


def main(dest: Path) -> None:
    cluster = PostgresCluster()
    try:
        url = cluster.new_database()
        with tempfile.TemporaryDirectory() as tmp:
            _sqlite_dump(_day(url, Path(tmp)), dest / "desk-of-postgresql-server.sql")
        dbname = url.rsplit("/", 1)[1]
        dump = subprocess.run(cluster.as_user + [str(PG_BIN / "pg_dump"), "-h", "127.0.0.1", "-p", str(cluster.port),
                                                 "-U", "postgres", "--no-owner", "--no-privileges", dbname],
                              check=True, capture_output=True, text=True).stdout
        (dest / "server-postgresql.sql").write_text(dump, encoding="utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            desk = _day(f"sqlite:///{tmp}/server.sqlite3", Path(tmp))
            _sqlite_dump(Path(tmp) / "server.sqlite3", dest / "server-sqlite.sql")
            _sqlite_dump(desk, dest / "desk-of-sqlite-server.sql")
    finally:
        cluster.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""The previous release's desk (0.1.0, store schema 8), run from that release's own code: `desk-0.1.0.tar.gz`
holds its `referral_desk` package and test fixtures (`git archive 4939572 referral_desk tests/__init__.py
tests/fixtures.py`, the commit the previous-release dumps were made from). The test unpacks it and runs this
script with PYTHONPATH pointing there, so nothing of the current release is imported.

    python old_desk.py STORE URL TOKEN ACTION [ARG...]

ACTION: `seed` (the fixtures' day), `approve ID`, `decline ID REASON`, `sync`. Every action ends with a sync
round; prints one JSON object: ok, the round's line or the error, the consultations' statuses, the schema
and where the code came from."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

import referral_desk
from referral_desk.clock import FixedClock
from referral_desk.domain import commands as c
from referral_desk.domain.policy import Policy
from referral_desk.store.database.engine import open_store
from referral_desk.store.database.marker import SCHEMA_VERSION
from referral_desk.store.reads.service import DeskService
from referral_desk.store.writes.actor import Actor
from referral_desk.sync.client import SyncClient, SyncError
from tests.fixtures import NOW, day_commands, setup_commands


def main(argv: list[str]) -> int:
    store_path, url, token, action, *rest = argv
    store = open_store(Path(store_path))
    clock = FixedClock(NOW)
    service = DeskService(store, Policy(), clock, Actor("旧版操作员", "旧版窗口"))
    if action == "seed":
        service.executor.execute_many(setup_commands(), at=NOW - timedelta(hours=10))
        service.executor.execute_many(day_commands())
    elif action == "approve":
        service.execute(c.ApproveConsultation(consultation_id=rest[0]))
    elif action == "decline":
        service.execute(c.DeclineConsultation(consultation_id=rest[0], reason=rest[1]))
    client = SyncClient(store, Policy(), clock, url, token)
    try:
        said = {"ok": True, "line": client.sync_once().line()}
    except SyncError as exc:
        said = {"ok": False, "error": str(exc)}
    finally:
        client.close()
    with store.engine.connect() as conn:
        said["statuses"] = dict(conn.execute(text("SELECT id, status FROM consultation")).all())
        said["tables"] = sorted(r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'")))
        said["escalation_calls"] = conn.execute(text("SELECT count(*) FROM escalation_call")).scalar()
    store.close()
    said["schema"] = SCHEMA_VERSION
    said["code"] = referral_desk.__file__
    print(json.dumps(said, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

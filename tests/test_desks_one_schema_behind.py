"""Upgrades desk by desk (issue 26): the server accepts desks one schema behind and never sends them a
table or column they do not know; a desk one schema ahead is told to wait; a desk upgraded later pulls what
it was not sent. The previous release's desk runs from its own code (tests/previous_release/old_desk.py)
beside a current desk, against the current server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from referral_desk.domain import commands as c
from referral_desk.domain.escalation import CallResult
from referral_desk.store.database.engine import open_store
from referral_desk.store.database.ids import seed_id
from referral_desk.store.database.schema import ADDED_AT, SCHEMA_VERSION, SYNCED_TABLES
from referral_desk.sync.protocol import SCHEMA_HEADER
from tests.fixtures import CONSULT_LATER, CONSULT_OVERDUE, CONSULT_SOON, NOW, fid
from tests.sync_desks import Workstation, bearer

PREVIOUS = Path(__file__).parent / "previous_release"
VISITS = c.RecordVisitCount(visit_count_id=seed_id("visit_count", "阳谷中心医院", "2026-11"), unit="阳谷中心医院",
                            month="2026-11", visits=41_250)


@pytest.fixture(scope="module")
def old_code(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("release-0.1.0")
    with tarfile.open(PREVIOUS / "desk-0.1.0.tar.gz") as archive:
        archive.extractall(folder, filter="data")
    return folder


class OldDesk:
    """The previous release's desk: its own code, its own store (schema 8), its own token."""

    def __init__(self, code: Path, store: Path, url: str, token: str) -> None:
        self.code, self.store, self.url, self.token = code, store, url, token

    def run(self, *action: str) -> dict:
        env = {**os.environ, "PYTHONPATH": str(self.code), "PYTHONDONTWRITEBYTECODE": "1"}
        done = subprocess.run([sys.executable, str(PREVIOUS / "old_desk.py"), str(self.store), self.url, self.token,
                               *action], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        said = json.loads(done.stdout.strip().splitlines()[-1])
        assert said["code"].startswith(str(self.code)) and said["schema"] == SCHEMA_VERSION - 1  # really the old code
        return said


def test_the_previous_releases_desk_and_a_current_desk_exchange_changes(old_code, central, tmp_path, clock, policy):
    old = OldDesk(old_code, tmp_path / "old-desk.sqlite3", central.url, central.token("8号窗口（旧版）"))
    new = Workstation(central, "窗口8-2", tmp_path, clock, policy)
    try:
        # The old desk enters the day; the server takes it although the desk is a schema behind.
        said = old.run("seed")
        assert said["ok"], said
        calls = said["escalation_calls"]
        assert said["statuses"][CONSULT_OVERDUE] == "submitted"
        new.sync()
        assert new.status(CONSULT_OVERDUE) == "submitted"

        # The current desk decides one request and makes a row the old schema has no table for (a unit's
        # monthly 诊疗人次) and a call on the ladder's second rung (a column the old schema lacks).
        new.service.execute(c.ApproveConsultation(consultation_id=CONSULT_OVERDUE))
        new.service.execute(VISITS)
        new.service.execute(c.LogEscalationCall(escalation_call_id=fid(990), consultation_id=CONSULT_LATER,
                                                callee="科主任", result=CallResult.NO_ANSWER, rung="department"))
        new.sync()

        said = old.run("sync")
        assert said["ok"], said  # no "unknown table", no column it cannot store
        assert said["statuses"][CONSULT_OVERDUE] == "approved"
        assert "visit_count" not in said["tables"]
        assert said["escalation_calls"] == calls + 1  # the new call reached it, without its rung

        # The old desk decides another; the current desk sees it.
        said = old.run("decline", CONSULT_SOON, "非本专业")
        assert said["ok"], said
        new.sync()
        assert new.status(CONSULT_SOON) == "declined"
        assert new.status(CONSULT_LATER) == "submitted"
    finally:
        new.close()

    # The old desk's store opened by this release: moved to the current schema, and its next sync pulls
    # what it was not sent while it was behind (the visit count; the columns it lacked).
    store = open_store(tmp_path / "old-desk.sqlite3")
    try:
        from referral_desk.sync.client import SyncClient

        client = SyncClient(store, policy, clock, central.url, old.token)
        try:
            client.sync_once()
        finally:
            client.close()
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT visits FROM visit_count")).scalars().all() == [VISITS.visits]
            rung = conn.execute(text("SELECT rung FROM escalation_call WHERE id = :i"), {"i": fid(990)}).scalar()
            statuses = dict(conn.execute(text("SELECT id, status FROM consultation")).all())
        assert statuses[CONSULT_OVERDUE] == "approved" and statuses[CONSULT_SOON] == "declined"
        assert rung == "department"  # the server's value, not the step's default: pulled again
    finally:
        store.close()


def test_a_desk_one_schema_behind_is_sent_no_table_or_column_it_does_not_know(central, desks):
    first = desks("窗口8-1")
    first.service.execute(VISITS)
    from tests.sync_desks import seed

    seed(first)
    first.sync()
    hidden = ADDED_AT[SCHEMA_VERSION]
    behind = {**bearer(central.token("旧版")), SCHEMA_HEADER: str(SCHEMA_VERSION - 1)}
    page = httpx.get(central.url + "/api/v1/sync/pull", headers=behind, params={"limit": 1000}, timeout=10).json()
    assert page["rows"]
    assert not {item["table"] for item in page["rows"]} & set(hidden.tables)
    for item in page["rows"]:
        assert not set(item["row"]) & set(hidden.columns.get(item["table"], ())), item["table"]
    current = httpx.get(central.url + "/api/v1/sync/pull", headers=bearer(first.token), params={"limit": 1000},
                        timeout=10).json()
    assert {item["table"] for item in current["rows"]} >= {"visit_count", "escalation_call"}
    assert page["next_since"] == current["next_since"]  # the same cursor: nothing is skipped for ever


def test_a_desk_one_schema_ahead_is_told_to_wait_and_two_behind_to_upgrade(central):
    token = central.token("窗口8-1")
    ahead = httpx.get(central.url + "/api/v1/sync/pull",
                      headers={**bearer(token), SCHEMA_HEADER: str(SCHEMA_VERSION + 1)}, timeout=10)
    assert ahead.status_code == 409 and "服务器尚未升级" in ahead.json()["detail"]
    assert int(ahead.headers["retry-after"]) >= 60  # it waits, the queue kept, and tries again later
    far = httpx.get(central.url + "/api/v1/sync/pull",
                    headers={**bearer(token), SCHEMA_HEADER: str(SCHEMA_VERSION - 2)}, timeout=10)
    assert far.status_code == 409 and "请升级工作站" in far.json()["detail"]


def test_what_each_schema_added_is_what_the_previous_releases_store_lacks(tmp_path):
    """ADDED_AT is declared once, beside the step that adds it: checked against the previous release's real
    store (its dump), so a column added without saying so fails here."""
    import sqlite3

    old = sqlite3.connect(tmp_path / "old.sqlite3")
    old.executescript((PREVIOUS / "desk-of-sqlite-server.sql").read_text(encoding="utf-8"))
    old_tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    store = open_store(tmp_path / "new.sqlite3")
    try:
        with store.engine.connect() as conn:
            lacking_tables = {t for t in SYNCED_TABLES if t not in old_tables}
            lacking_columns = {}
            for table in SYNCED_TABLES:
                if table in old_tables:
                    have = {r[1] for r in old.execute(f"PRAGMA table_info({table})")}
                    now = {r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table})")}
                    if now - have:
                        lacking_columns[table] = now - have
    finally:
        store.close()
        old.close()
    added = ADDED_AT[SCHEMA_VERSION]
    assert set(added.tables) == lacking_tables
    assert {t: set(cols) for t, cols in added.columns.items()} == lacking_columns
    assert NOW  # the dump's day is the fixtures' day


def test_a_desk_upgraded_before_the_server_waits_for_it(old_code, tmp_path, clock, policy, monkeypatch):
    """The previous release's server, run from its own code, answers a current desk "请升级服务器": the desk
    says it waits for the server's upgrade (not that it must be upgraded) and asks again minutes later, its
    change kept."""
    from referral_desk.sync.client import SyncClient, SyncError
    from referral_desk.sync.runner import SyncRunner
    from tests.live_server import ServeProcess

    url = f"sqlite:///{tmp_path / 'old-server.sqlite3'}"
    env = {**os.environ, "PYTHONPATH": str(old_code), "PYTHONDONTWRITEBYTECODE": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    made = subprocess.run([sys.executable, "-m", "referral_desk", "server", "token", "create", "--name", "窗口8-1",
                           "--role", "operator", "--database-url", url], env=env, capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    monkeypatch.setenv("PYTHONPATH", str(old_code))
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    server = ServeProcess(url, 1, NOW, tmp_path / "config", cwd=tmp_path)
    store = open_store(tmp_path / "desk.sqlite3")
    try:
        from referral_desk.desk.desk import Desk
        from referral_desk.store.writes.actor import Actor

        service = Desk(store, policy, clock, Actor("操作员", "窗口8-1"))
        service.execute(VISITS)
        runner = SyncRunner(SyncClient(store, policy, clock, server.url, made.stdout.strip()), clock)
        assert runner.run_once() is None
        assert runner.state.last_error_short == "等待服务器升级" and runner.state.waiting == 1
        assert runner.retry_after == 300 and runner.next_delay() >= 300
        with pytest.raises(SyncError, match="请升级服务器"):  # `sync` says the server's own sentence
            runner.client.sync_once()
    finally:
        store.close()
        server.stop()

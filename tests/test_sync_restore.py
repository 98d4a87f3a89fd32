"""The desk and a server restored from a backup, a read-only token with waiting changes, and the
demo store: each says what happened, and nothing is lost or sent where it must not go."""

from __future__ import annotations

import shutil
import sqlite3

import httpx
import pytest
from sqlalchemy import text

from referral_desk.desk.desk import Desk
from referral_desk.domain import commands as c
from referral_desk.store.database.engine import open_store
from referral_desk.store.writes.actor import Actor
from referral_desk.sync.client import SyncClient, SyncError
from referral_desk.sync.protocol import OTHER_SERVER
from tests.commandline import run
from tests.fixtures import CONSULT_HALF, CONSULT_LATER, CONSULT_SOON, NOW, fid
from tests.sync_desks import Central, Workstation, bearer, seed_and_sync


@pytest.fixture
def server_file(tmp_path):
    return tmp_path / "server.sqlite3"


def backup(path, to) -> None:
    """SQLite's online backup, as an administrator would take it while the server runs."""
    src, dst = sqlite3.connect(path), sqlite3.connect(to)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def server_has(central: Central, sql: str, **params):
    with central.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def test_a_restored_server_is_noticed_and_nothing_made_after_the_backup_is_lost(tmp_path, server_file, clock,
                                                                               policy):
    central = Central(f"sqlite:///{server_file}", clock)
    a = Workstation(central, "窗口1", tmp_path, clock, policy)
    b = Workstation(central, "窗口2", tmp_path, clock, policy)
    try:
        seed_and_sync(a, b)
        backup(server_file, tmp_path / "nightly.sqlite3")
        # After the backup: A approves one request, B declines another; both desks see both.
        a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
        b.service.execute(c.DeclineConsultation(consultation_id=CONSULT_LATER, reason="专家外出"))
        for ws in (a, b, a):
            assert ws.sync().restored is None
        central.close()
        shutil.copyfile(tmp_path / "nightly.sqlite3", server_file)
        for suffix in ("-wal", "-shm"):
            (tmp_path / f"server.sqlite3{suffix}").unlink(missing_ok=True)
        central = Central(f"sqlite:///{server_file}", clock)
        for ws in (a, b):  # tokens made before the backup hold after it
            ws.client.close()
            ws.client = SyncClient(ws.store, policy, clock, central.url, ws.token)
        assert server_has(central, "SELECT status FROM consultation WHERE id = :i", i=CONSULT_SOON) == "submitted"
        # B changes something more before anyone syncs with the restored server.
        b.service.execute(c.ApproveConsultation(consultation_id=CONSULT_HALF))
        report_a = a.sync()
        assert report_a.restored and "备份" in report_a.restored and "注意" in report_a.line()
        report_b = b.sync()
        assert report_b.restored
        assert a.sync().restored is None and b.sync().restored is None  # once noticed, syncing goes on
        for cid, status in ((CONSULT_SOON, "approved"), (CONSULT_LATER, "declined"), (CONSULT_HALF, "approved")):
            assert server_has(central, "SELECT status FROM consultation WHERE id = :i", i=cid) == status
            assert a.status(cid) == status and b.status(cid) == status
        assert a.client.counts() == (0, 0) and b.client.counts() == (0, 0)
    finally:
        a.close()
        b.close()
        central.close()


def test_a_desk_pointed_at_another_server_sends_nothing_until_the_operator_adopts_it(tmp_path, clock, policy, capsys):
    """Issue 22 item 6: another installation (another id, not a restore of this one) used to be taken
    for a restore, and the desk uploaded its last 30 days there."""
    first = Central(f"sqlite:///{tmp_path / 'one.sqlite3'}", clock)
    other = Central(f"sqlite:///{tmp_path / 'two.sqlite3'}", clock)
    a = Workstation(first, "窗口1", tmp_path, clock, policy)
    try:
        seed_and_sync(a)
        a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
        a.client.close()
        token = other.token("窗口1")
        a.client = SyncClient(a.store, policy, clock, other.url, token)
        with pytest.raises(SyncError) as refused:
            a.sync()
        assert refused.value.code == OTHER_SERVER and "--adopt-server" in str(refused.value)
        assert server_has(other, "SELECT count(*) FROM applied_mutation") == 0
        assert a.client.counts() == (1, 0)
        a.store.close()
        command = ["sync", "--db", str(tmp_path / "窗口1.sqlite3"), "--server", other.url, "--token", token]
        code, _out, err = run(command, capsys)
        assert code == 2 and "未发送、未拉取任何内容" in err and "run it again later" not in err
        assert server_has(other, "SELECT count(*) FROM applied_mutation") == 0
        code, out, _err = run([*command, "--adopt-server"], capsys)
        assert code == 1 and "改用另一台服务器" in out  # said, like a restore: the operator checks recent records
        assert "restored" not in out and "the operator adopted another server" in out
        assert server_has(other, "SELECT count(*) FROM consultation") == server_has(
            first, "SELECT count(*) FROM consultation")
        assert server_has(other, "SELECT status FROM consultation WHERE id = :i", i=CONSULT_SOON) == "approved"
        code, out, _err = run(command, capsys)
        assert code == 0  # adopted: the new server is this desk's own from now on
    finally:
        a.client.close()
        first.close()
        other.close()


def test_a_restore_is_told_by_its_epoch_and_the_same_installation_is_caught_up(tmp_path, clock, policy, capsys):
    """The restored server keeps the installation's id and has a new restore epoch: the desk catches
    up by itself, without asking."""
    from referral_desk.server.backup import backup_server

    url = f"sqlite:///{tmp_path / 'one.sqlite3'}"
    central = Central(url, clock)
    a = Workstation(central, "窗口1", tmp_path, clock, policy)
    folder = tmp_path / "bk"
    folder.mkdir()
    try:
        seed_and_sync(a)
        backup = backup_server(central.engine, folder, NOW)
        central.close()
        code, _out, err = run(["server", "restore", str(backup), "--database-url", url, "--force"], capsys)
        assert code == 0, err
        central = Central(url, clock)
        a.client.close()
        a.client = SyncClient(a.store, policy, clock, central.url, a.token)
        report = a.sync()
        assert report.restored and "从备份恢复" in report.restored
        assert a.sync().restored is None
    finally:
        a.close()
        central.close()


def test_a_supervisor_token_with_waiting_changes_learns_its_role_keeps_them_and_says_so(tmp_path, clock, policy,
                                                                                       capsys):
    from referral_desk.cli import main

    central = Central(f"sqlite:///{tmp_path / 'server.sqlite3'}", clock)
    try:
        store = _supervisor_desk_after_a_day(central, tmp_path, clock, policy,  # the change made before the token
                                             c.UpsertSpecialty(specialty_id=fid(90), specialty_name="康复医学科"))
        store.close()
        token = central.token("督导室", role="supervisor")
        code = main(["sync", "--db", str(tmp_path / "supervisor.sqlite3"), "--server", central.url, "--token", token],
                    clock=clock)
        out = capsys.readouterr().out
        assert code == 1 and "1 条本地更改未推送" in out and "操作员令牌" in out
        assert server_has(central, "SELECT count(*) FROM specialty WHERE id = :i", i=fid(90)) == 0
        store = open_store(tmp_path / "supervisor.sqlite3")
        try:
            client = SyncClient(store, policy, clock, central.url, token)
            report = client.sync_once()
            assert report.role == "supervisor" and report.held_readonly == 1 and report.pulled == 0
            assert client.counts()[0] == 1  # still waiting, not lost, not rejected
            with store.engine.connect() as conn:  # and the pull went through
                assert conn.execute(text("SELECT count(*) FROM consultation")).scalar() == 6
            client.close()
        finally:
            store.close()
    finally:
        central.close()


def test_the_demo_store_never_syncs_whatever_the_flags(tmp_path, clock, capsys, monkeypatch):
    from referral_desk.cli import main

    central = Central(f"sqlite:///{tmp_path / 'server.sqlite3'}", clock)
    try:
        token = central.token("演示")
        monkeypatch.setenv("REFERRAL_DESK_START_AT", NOW.isoformat())
        code = main(["--demo", "sync", "--server", central.url, "--token", token], clock=clock)
        err = capsys.readouterr().err
        assert code == 2 and "演示数据从不与服务器同步" in err
        assert server_has(central, "SELECT count(*) FROM applied_mutation") == 0
        assert httpx.get(f"{central.url}/api/v1/sync/pull", headers={**bearer(token)},
                         timeout=30).json()["next_since"] == server_has(
            central, "SELECT value FROM sync_counter WHERE name = 'change_seq'")
    finally:
        central.close()


def test_a_waiting_change_written_before_todays_rules_never_stops_the_pull(tmp_path, clock, policy):
    """A read-only desk pushes nothing, so its old waiting change (a name today's rules refuse) meets
    the pull's rebase: it is left for the push to answer, and the pull goes on."""
    central = Central(f"sqlite:///{tmp_path / 'server.sqlite3'}", clock)
    try:
        store = _supervisor_desk_after_a_day(central, tmp_path, clock, policy,
                                             c.UpsertSpecialty(specialty_id=fid(1), specialty_name="心内科"))
        with store.engine.begin() as conn:  # as an older release wrote it
            conn.execute(text("UPDATE outbox SET payload_json = replace(payload_json, '心内科', '=1+1')"))
        client = SyncClient(store, policy, clock, central.url, central.token("督导室", role="supervisor"))
        try:
            report = client.sync_once()
            assert report.pulled > 0 and client.counts()[0] == 1
        finally:
            client.close()
            store.close()
    finally:
        central.close()


def _supervisor_desk_after_a_day(central: Central, tmp_path, clock, policy, change: c.Command):
    """The day synced to the server by an operator's desk, and a supervisor's desk store (not synced yet)
    holding one change of its own; the store, open."""
    operator = Workstation(central, "窗口1", tmp_path, clock, policy)
    seed_and_sync(operator)
    operator.close()
    store = open_store(tmp_path / "supervisor.sqlite3")
    Desk(store, policy, clock, Actor("督导", "督导室")).execute(change)
    return store

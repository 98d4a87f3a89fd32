"""`server backup DIR` and `server restore FILE` (issue 15) on SQLite and PostgreSQL: a backup while the
server runs, changes after it, a restore, and the desks' next sync puts back what the restore lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from referral_desk.domain import commands as c
from referral_desk.server.backup import RESTORED_FROM, backup_server
from referral_desk.server.db import open_server_db, server_engine
from referral_desk.sync.client import SyncClient
from tests.commandline import run
from tests.fixtures import CONSULT_LATER, CONSULT_SOON, NOW
from tests.sync_desks import Central, Workstation, seed_and_sync


def _status(central: Central, consultation_id: str) -> str:
    with central.engine.connect() as conn:
        return conn.execute(text("SELECT status FROM consultation WHERE id = :i"), {"i": consultation_id}).scalar()


def test_backup_changes_restore_and_resync_lose_nothing(server_url, tmp_path, clock, policy, capsys):
    central = Central(server_url, clock)
    a = Workstation(central, "窗口1", tmp_path, clock, policy)
    b = Workstation(central, "窗口2", tmp_path, clock, policy)
    folder = tmp_path / "backups"
    folder.mkdir()
    try:
        seed_and_sync(a, b)
        code, out, _err = run(["server", "backup", str(folder), "--database-url", server_url], capsys)
        backup = Path(out.strip())
        assert code == 0 and backup.parent == folder and backup.stat().st_mode & 0o777 == 0o600
        before = backup.read_bytes()
        code, _out, err = run(["server", "backup", str(folder), "--database-url", server_url], capsys)
        assert code == 2 and "已存在，未覆盖" in err and backup.read_bytes() == before  # same second, same name
        # After the backup: A approves one request, B declines another; both desks see both.
        a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
        b.service.execute(c.DeclineConsultation(consultation_id=CONSULT_LATER, reason="专家外出"))
        for ws in (a, b, a):
            ws.sync()
        central.close()  # the server is stopped for a restore
        code, _out, err = run(["server", "restore", str(backup), "--database-url", server_url], capsys)
        assert code == 2 and "--force" in err
        code, out, _err = run(["server", "restore", str(backup), "--database-url", server_url, "--force"], capsys)
        assert code == 0 and backup.name in out
        central = Central(server_url, clock)
        with central.engine.connect() as conn:
            said = conn.execute(text("SELECT value FROM rd_meta WHERE key = :k"), {"k": RESTORED_FROM}).scalar()
        assert said.startswith(backup.name)
        assert _status(central, CONSULT_SOON) == "submitted"  # the restore lost what came after the backup
        for ws in (a, b):
            ws.client.close()
            ws.client = SyncClient(ws.store, policy, clock, central.url, ws.token)
        assert a.sync().restored and b.sync().restored  # each desk notices, sends again, pulls anew
        assert _status(central, CONSULT_SOON) == "approved" and _status(central, CONSULT_LATER) == "declined"
        assert a.client.counts() == (0, 0) and b.client.counts() == (0, 0)
    finally:
        a.close()
        b.close()
        central.close()


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_is_replaced(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    code, _out, _err = run(["server", "token", "list", "--database-url", url], capsys)
    assert code == 0
    before = (tmp_path / "server.sqlite3").read_bytes()
    fake = tmp_path / "notes.sqlite3"
    fake.write_text("不是数据库\n", encoding="utf-8")
    code, _out, err = run(["server", "restore", str(fake), "--database-url", url, "--force"], capsys)
    assert code == 2 and "不是转诊台服务器的备份" in err
    assert (tmp_path / "server.sqlite3").read_bytes() == before
    code, _out, err = run(["server", "backup", str(tmp_path / "none"), "--database-url", url], capsys)
    assert code == 2 and "不存在" in err


def test_a_desks_backup_or_a_newer_servers_is_refused_before_anything_is_replaced(server_url, tmp_path, capsys,
                                                                                   request, db):
    """Checked by the rules a database is opened by, before the restore touches the server's database:
    a desk's store backup (same tables, same rd_meta: only the file's mark differs), and a backup of a
    server a newer release has upgraded (a revision this release does not have)."""
    open_server_db(server_url).dispose()
    run(["server", "token", "create", "--name", "窗口1", "--role", "operator", "--database-url", server_url], capsys)
    folder = tmp_path / "backups"
    folder.mkdir()
    if server_url.startswith("sqlite"):
        desk_backup = tmp_path / "desk-backup.sqlite3"
        code, _out, _err = run(["store", "backup", str(desk_backup), "--db", db], capsys)
        assert code == 0
        code, _out, err = run(["server", "restore", str(desk_backup), "--force", "--database-url", server_url], capsys)
        assert code == 2 and "这是工作站的备份" in err
        newer_url = f"sqlite:///{tmp_path / 'newer.sqlite3'}"
    else:
        newer_url = request.getfixturevalue("postgres").new_database()
    open_server_db(newer_url).dispose()
    engine = server_engine(newer_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    code, _out, err = run(["server", "backup", str(folder), "--database-url", newer_url], capsys)
    assert code == 2 and "修订 0099" in err  # the tool of this release will not even open it
    engine = server_engine(newer_url)
    try:
        newer_backup = backup_server(engine, folder, NOW)  # as the newer release's own backup would be
    finally:
        engine.dispose()
    code, _out, err = run(["server", "restore", str(newer_backup), "--force", "--database-url", server_url], capsys)
    assert code == 2 and "修订 0099" in err and "未恢复" in err
    code, out, _err = run(["server", "token", "list", "--database-url", server_url], capsys)
    assert code == 0 and out.startswith("窗口1\t")  # the server's own database, untouched


def _restored(central: Central, backup: Path, clock, capsys, *desks: Workstation) -> Central:
    """The server stopped, the backup restored as the administrator would, served again; the desks
    keep their stores and tokens."""
    url = central.database_url
    central.close()
    code, _out, err = run(["server", "restore", str(backup), "--database-url", url, "--force"], capsys)
    assert code == 0, err
    central = Central(url, clock)
    for ws in desks:
        ws.client.close()
        ws.client = SyncClient(ws.store, ws.client.policy, clock, central.url, ws.token)
    return central


@pytest.mark.parametrize("first", ["maker", "approver"])
def test_a_record_made_after_the_backup_and_changed_at_another_desk_survives_a_restore(
        server_url, tmp_path, clock, policy, capsys, first):
    """K creates a request after the backup, L approves it; the server is restored; whichever desk
    syncs first, the request and its approval are on the server and both desks in the end (issue 22
    item 3: L first used to lose the approval for ever, rejected as "找不到会诊申请")."""
    central = Central(server_url, clock)
    k, l_ = _synced(central, tmp_path, clock, policy, "窗口K", "窗口L")
    try:
        backup = _backup(central, tmp_path)
        booked = c.CreateConsultation(**{**_booking(k), "patient_name": "备份后患者"})
        k.service.execute(booked)
        k.sync()
        l_.sync()
        l_.service.execute(c.ApproveConsultation(consultation_id=booked.consultation_id))
        l_.sync()
        central = _restored(central, backup, clock, capsys, k, l_)
        assert _status(central, booked.consultation_id) is None
        order = (l_, k) if first == "approver" else (k, l_)
        for ws in (*order, *order):
            ws.sync()
        assert _status(central, booked.consultation_id) == "approved"
        assert k.status(booked.consultation_id) == l_.status(booked.consultation_id) == "approved"
        assert k.client.counts() == (0, 0) and l_.client.counts() == (0, 0)
        assert not [x for x in l_.conflicts() if x.entity_id == booked.consultation_id]
    finally:
        k.close()
        l_.close()
        central.close()


def _booking(ws: Workstation) -> dict:
    """A new request like one of the day's, with a new id."""
    from referral_desk.store.database.ids import new_id
    from tests.fixtures import day_commands

    template = next(cmd for cmd, _at in day_commands() if isinstance(cmd, c.CreateConsultation))
    return {**template.model_dump(), "consultation_id": new_id()}


@pytest.mark.parametrize("order", [("M", "L", "K"), ("L", "M", "K"), ("K", "M", "L")])
def test_changes_at_three_desks_after_the_backup_come_back_in_their_order_whatever_order_the_desks_sync(
        server_url, tmp_path, clock, policy, capsys, order):
    """K makes a request and a department after the backup, L approves and edits, M agrees a slot and
    edits again; after a restore, a change made on a version the server has not reached waits for the
    changes before it (it used to become a conflict, or a department edit was overwritten by its own
    creation coming back)."""
    from datetime import timedelta

    central = Central(server_url, clock)
    desks = dict(zip("KLM", _synced(central, tmp_path, clock, policy, "窗口K", "窗口L", "窗口M"), strict=False))
    try:
        backup = _backup(central, tmp_path)
        k, l_, m = desks["K"], desks["L"], desks["M"]
        booked = c.CreateConsultation(**{**_booking(k), "patient_name": "备份后患者"})
        k.service.execute(booked)
        ward = c.UpsertDepartment(department_name="骨科X", phone="0635-1111111", reserved_beds=1)
        k.service.execute(ward)
        k.sync()
        l_.sync()
        l_.service.execute(c.ApproveConsultation(consultation_id=booked.consultation_id))
        l_.service.execute(ward.model_copy(update={"phone": "0635-2222222", "reserved_beds": 2}))
        l_.sync()
        m.sync()
        start = NOW + timedelta(hours=4, minutes=30)  # 14:30 in Shanghai, within the afternoon hours
        m.service.execute(c.ScheduleConsultation(consultation_id=booked.consultation_id, slot_start=start,
                                                 slot_end=start + timedelta(minutes=30)))
        m.service.execute(ward.model_copy(update={"phone": "0635-3333333", "reserved_beds": 3}))
        m.sync()
        central = _restored(central, backup, clock, capsys, k, l_, m)
        for name in (*order, *order, *order):
            desks[name].sync()
        for ws in desks.values():
            assert ws.status(booked.consultation_id) == "scheduled", ws.token
            with ws.store.engine.connect() as conn:
                assert conn.execute(text("SELECT phone, reserved_beds FROM department WHERE id = :i"),
                                    {"i": ward.department_id}).one() == ("0635-3333333", 3)
            assert ws.client.counts() == (0, 0) and ws.conflicts() == []
        assert _status(central, booked.consultation_id) == "scheduled"
    finally:
        for ws in desks.values():
            ws.close()
        central.close()


def _synced(central: Central, tmp_path, clock, policy, *names: str) -> list[Workstation]:
    """Desks sharing the day through the server (the day entered at the first)."""
    desks = [Workstation(central, name, tmp_path, clock, policy) for name in names]
    seed_and_sync(*desks)
    return desks


def _backup(central: Central, tmp_path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    return backup_server(central.engine, folder, NOW)

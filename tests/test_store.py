from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlmodel import Session

from referral_desk.domain import commands as c
from referral_desk.domain.errors import DomainError, IllegalTransition
from referral_desk.domain.escalation import CallResult
from referral_desk.store.database.engine import open_store
from referral_desk.store.database.errors import StoreOpenError
from referral_desk.store.database.ids import audit_id_for
from referral_desk.store.database.schema import SCHEMA_VERSION
from referral_desk.store.database.tables import AuditEntry, Consultation, DirectoryEntry, DrgGroup, OutboxEntry
from tests.fixtures import (
    BED_FLAGGED,
    BED_OPEN_SOON,
    CONSULT_HALF,
    CONSULT_LATER,
    CONSULT_OVERDUE,
    CONSULT_SOON,
    NOW,
    TODAY,
    fid,
    local,
)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _count(store, model) -> int:
    with Session(store.engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()[0]


# -- opening ---------------------------------------------------------------

def test_new_store_records_version_and_uses_wal(store):
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert dict(con.execute("SELECT key, value FROM rd_meta").fetchall()) == {
        "application": "referral_desk", "schema_version": str(SCHEMA_VERSION)}
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_new_store_holds_the_appendix_2_directory_and_drg_groups(store):
    with Session(store.engine) as s:
        rows = s.exec(select(DirectoryEntry)).scalars().all()
        groups = s.exec(select(DrgGroup).order_by(DrgGroup.code)).scalars().all()
    units = {r.unit_name for r in rows}
    assert {"聊城市人民医院", "北京积水潭聊城医院", "东昌府区人民医院", "聊城市康复医院（聊城市人民医院分院）",
            "阳谷中心医院", "莘县中心医院", "冠县辛集镇中心卫生院", "高唐县清平镇卫生院"} == units
    assert {r.phone for r in rows if r.unit_name == "莘县中心医院"} == {"18596358368", "18596358059"}
    assert [r.phone for r in rows if r.unit_name == "高唐县清平镇卫生院"] == [None]
    assert {"0635-8273113", "0635-8273067"} <= {r.phone for r in rows}
    assert [g.code for g in groups] == list(range(1, 9))
    assert "溃疡性结肠炎" in groups[0].diagnoses_json


def test_reference_rows_have_the_same_ids_in_every_store(tmp_path):
    a, b = open_store(tmp_path / "a.db"), open_store(tmp_path / "b.db")
    ids = []
    for s in (a, b):
        with s.engine.connect() as conn:
            ids.append(sorted(r[0] for r in conn.execute(text("SELECT id FROM directory_entry"))))
        s.close()
    assert ids[0] == ids[1]


def test_reopening_keeps_the_data(db_path, filled):
    filled.store.close()
    again = open_store(db_path)
    assert _count(again, Consultation) == 6
    again.close()


def test_not_a_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("这不是数据库\n" * 50, encoding="utf-8")
    before = _digest(path)
    with pytest.raises(StoreOpenError) as err:
        open_store(path)
    assert "不是 SQLite" in err.value.zh and "not a SQLite database" in err.value.en
    assert _digest(path) == before


def test_a_pipe_as_the_store_is_refused_instead_of_waiting_for_ever(tmp_path):
    import os

    pipe = tmp_path / "desk.sqlite3"
    os.mkfifo(pipe)
    with pytest.raises(StoreOpenError) as err:
        open_store(pipe)
    assert "不是普通文件" in err.value.zh


def test_another_applications_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO patients (name) VALUES ('x')")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(StoreOpenError) as err:
        open_store(path)
    assert "其他程序" in err.value.zh and "another application" in err.value.en
    assert _digest(path) == before
    assert not (tmp_path / "other.db-wal").exists()


def test_a_newer_schema_is_refused_and_untouched(db_path):
    open_store(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE rd_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    before = _digest(db_path)
    with pytest.raises(StoreOpenError) as err:
        open_store(db_path)
    assert "更新版本" in err.value.zh and "newer" in err.value.en
    assert _digest(db_path) == before


def test_an_unwritable_location_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreOpenError) as err:
        open_store(blocker / "sub" / "desk.sqlite3", make_folder=True)
    assert "无法创建数据目录" in err.value.zh


def test_a_typed_path_in_a_missing_folder_is_refused_not_created(tmp_path):
    with pytest.raises(StoreOpenError) as err:
        open_store(tmp_path / "missing" / "dir" / "x.sqlite3")
    assert "missing/dir 不存在" in err.value.zh and not (tmp_path / "missing").exists()


def test_a_new_store_and_its_companions_are_private(tmp_path):
    import stat

    open_store(tmp_path / "desk.sqlite3").close()
    for name in ("desk.sqlite3", "desk.sqlite3-wal", "desk.sqlite3-shm"):
        if (tmp_path / name).exists():
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


@pytest.mark.parametrize("free, words", [(0, "磁盘已满"), (64 * 2**30, "磁盘读写错误")], ids=["full", "not full"])
def test_a_store_a_full_disk_keeps_from_being_read_says_the_disk_is_full(db, capsys, monkeypatch, free, words):
    """A reader on a full disk cannot grow the store's -shm file: SQLite says "disk I/O error"
    (checked on a 1 MB tmpfs filled up), which alone would not tell the operator what to do."""
    from types import SimpleNamespace

    from referral_desk.store.database import errors, marker
    from tests.commandline import run

    class FullDisk:
        def execute(self, *_args):
            raise sqlite3.OperationalError("disk I/O error")

        def close(self):
            pass

    monkeypatch.setattr(marker.sqlite3, "connect", lambda *_a, **_k: FullDisk())
    monkeypatch.setattr(errors.shutil, "disk_usage", lambda _where: SimpleNamespace(free=free))
    code, _out, err = run(["queue", "--db", db], capsys)
    assert code == 2 and f"无法读取数据文件 {db}：{words}" in err and "无法作为数据库打开" not in err


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(StoreOpenError, match="目录"):
        open_store(tmp_path)


def test_an_empty_file_is_refused_as_nobodys_store_and_left_empty(tmp_path):
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with pytest.raises(StoreOpenError) as err:
        open_store(path)
    assert "空文件" in err.value.zh and path.read_bytes() == b""
    assert not (tmp_path / "empty.sqlite3-wal").exists()


def test_a_new_store_that_cannot_be_made_leaves_no_file_to_refuse_next_time(tmp_path, monkeypatch):
    from referral_desk.store.database import engine as store_engine

    def full(*_args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_engine, "_migrate", full)
    with pytest.raises(StoreOpenError, match="磁盘已满"):
        open_store(tmp_path / "desk.sqlite3")
    assert list(tmp_path.iterdir()) == []


# -- the command path ------------------------------------------------------

def test_a_command_writes_row_audit_and_outbox_together(filled):
    before = (_count(filled.store, AuditEntry), _count(filled.store, OutboxEntry))
    applied = filled.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    assert applied.version == 2
    assert (_count(filled.store, AuditEntry), _count(filled.store, OutboxEntry)) == (before[0] + 1, before[1] + 1)
    with Session(filled.store.engine) as s:
        out = s.exec(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).scalars().first()
        audit = s.get(AuditEntry, audit_id_for(applied.mutation_id))
        row = s.get(Consultation, CONSULT_SOON)
    assert (out.command, out.entity_id, out.base_version, out.state) == (
        "approve_consultation", CONSULT_SOON, 1, "pending")
    assert out.mutation_id == applied.mutation_id
    assert (audit.operator, audit.workstation, audit.action, audit.at) == (
        "张敏", "窗口8-1", "approve_consultation", NOW)
    assert row.status == "approved" and row.version == 2 and row.status_changed_at == NOW


def test_a_failed_batch_writes_nothing(filled):
    counts = [_count(filled.store, m) for m in (AuditEntry, OutboxEntry)]
    with pytest.raises(IllegalTransition):
        filled.executor.execute_many([
            c.ApproveConsultation(consultation_id=CONSULT_SOON),
            c.ScheduleConsultation(consultation_id=CONSULT_LATER, slot_start=local(14), slot_end=local(14, 30)),
        ])
    assert [_count(filled.store, m) for m in (AuditEntry, OutboxEntry)] == counts
    with Session(filled.store.engine) as s:
        assert s.get(Consultation, CONSULT_SOON).status == "submitted"


def test_booking_someone_not_on_duty_is_refused(filled):
    with pytest.raises(DomainError, match="只能预约当天值班的医师"):
        filled.execute(c.CreateConsultation(
            requesting_unit="阳谷中心医院", requesting_doctor="张医生", patient_name="甲",
            specialty_id=fid(1), specialist_id=fid(14)))
    with pytest.raises(DomainError, match="无人值班"):
        filled.execute(c.CreateConsultation(
            requesting_unit="阳谷中心医院", requesting_doctor="张医生", patient_name="甲",
            specialty_id=fid(4), specialist_id=fid(14)))


def test_appointment_outside_service_hours_is_refused(filled):
    with pytest.raises(DomainError, match="08:00-12:00、13:30-23:00"):
        filled.execute(c.CreateConsultation(
            requesting_unit="阳谷中心医院", requesting_doctor="张医生", patient_name="甲",
            specialty_id=fid(1), specialist_id=fid(11), appointment_at=local(12, 30)))


def test_a_bad_id_number_is_refused_with_the_reason(filled):
    with pytest.raises(DomainError, match="校验位"):
        filled.execute(c.CreateConsultation(
            requesting_unit="阳谷中心医院", requesting_doctor="张医生", patient_name="甲",
            patient_id_number="110105194912310021", specialty_id=fid(1), specialist_id=fid(11)))


def test_overlapping_slots_for_one_specialist_are_refused(filled):
    filled.execute(c.ApproveConsultation(consultation_id=CONSULT_OVERDUE))
    filled.execute(c.ApproveConsultation(consultation_id=CONSULT_HALF))
    filled.execute(c.ScheduleConsultation(consultation_id=CONSULT_OVERDUE, slot_start=local(14), slot_end=local(15)))
    with pytest.raises(DomainError, match="时间冲突"):
        filled.execute(c.ScheduleConsultation(consultation_id=CONSULT_HALF, slot_start=local(14, 30),
                                              slot_end=local(15, 30)))


def test_a_proposed_time_without_an_end_is_judged_like_a_slot(filled):
    """赵明 was proposed 15:00 with no end (CONSULT_LATER): it holds him 15:00-15:30, both ways."""
    with pytest.raises(DomainError, match="11-23 15:00 的会诊时间冲突"):
        filled.execute(c.CreateConsultation(requesting_unit="阳谷中心医院", requesting_doctor="张医生",
                                            patient_name="甲", specialty_id=fid(3), specialist_id=fid(13),
                                            appointment_at=local(14, 45), appointment_end=local(15, 15)))
    with pytest.raises(DomainError, match="时间冲突"):  # an open-ended one of its own at 15:20
        filled.execute(c.CreateConsultation(requesting_unit="阳谷中心医院", requesting_doctor="张医生",
                                            patient_name="乙", specialty_id=fid(3), specialist_id=fid(13),
                                            appointment_at=local(15, 20)))
    filled.execute(c.CreateConsultation(requesting_unit="阳谷中心医院", requesting_doctor="张医生", patient_name="丙",
                                        specialty_id=fid(3), specialist_id=fid(13), appointment_at=local(15, 30),
                                        appointment_end=local(16)))


def test_a_duty_for_a_specialist_of_another_specialty_is_refused(filled):
    with pytest.raises(DomainError, match="不属于"):
        filled.execute(c.SetDuty(specialty_id=fid(2), duty_date=TODAY, specialist_id=fid(11)))


def test_setting_a_duty_again_replaces_the_specialist(filled):
    applied = filled.execute(c.SetDuty(specialty_id=fid(1), duty_date=TODAY, specialist_id=fid(14)))
    assert applied.version == 2
    duty = {r.specialty_id: r.specialist_name for r in filled.panes.duty_today()}
    assert duty[fid(1)] == "孙立"


# -- pane queries ----------------------------------------------------------

def test_duty_today_lists_every_specialty_and_flags_gaps(filled):
    rows = filled.panes.duty_today()
    assert [(r.specialty_name, r.specialist_name) for r in rows] == [
        ("心血管内科", "王建国"), ("呼吸与危重症医学科", "李萍"), ("神经内科", "赵明"), ("骨科", None)]


def test_pending_approvals_overdue_first_then_by_time_left(filled):
    items = filled.panes.pending_approvals()
    assert [p.row.consultation_id for p in items] == [CONSULT_OVERDUE, CONSULT_SOON, CONSULT_HALF, CONSULT_LATER]
    assert [p.deadline for p in items] == [local(9, 30), local(10, 10), local(10, 30), local(11, 0)]
    assert items[0].row.escalations == 2 and items[0].row.last_call_at == local(9, 50)


def test_beds_needing_coordination(filled):
    rows = filled.panes.beds_to_coordinate()
    assert [r.bed_request_id for r in rows] == [BED_OPEN_SOON, BED_FLAGGED]
    assert (rows[1].last_note, rows[1].last_call_at) == ("已接通：明早出院一床", local(9, 10))
    assert (rows[0].last_note, rows[0].last_call_at) == (None, None)
    # 002 五(二): asked at 08:10, answered by 09:10; the flagged one's department answered the 09:10 call.
    assert (rows[0].reply_deadline, rows[0].answered_at) == (local(9, 10), None)
    assert rows[1].answered_at == local(9, 10)
    # One phone per department: the department list's, not the copy the request was made with.
    assert (rows[1].department, rows[1].department_phone) == ("骨科", "0635-8273004")
    assert filled.requests.bed_detail(BED_FLAGGED).department_phone == "0635-8273004"
    # A call without a note is coordination too: the pane must not say 未联系 after it.
    filled.execute(c.LogEscalationCall(bed_request_id=BED_OPEN_SOON, callee="心内护士站", result=CallResult.NO_ANSWER))
    assert filled.panes.beds_to_coordinate()[0].last_note == "未接听"
    # Flagged after the call: the flag's reason is the latest word.
    filled.clock.advance(timedelta(minutes=5))
    filled.execute(c.FlagBedCoordination(bed_request_id=BED_OPEN_SOON, note="科室满床，需协调加床"))
    assert filled.panes.beds_to_coordinate()[0].last_note == "科室满床，需协调加床"
    filled.clock.advance(timedelta(days=3, hours=1))
    # Four days ahead is inside the horizon now; the 18:00 one has passed but is still open.
    assert len(filled.panes.beds_to_coordinate()) == 3


@pytest.mark.parametrize(
    ("query", "unit"),
    [("阳谷", "阳谷中心医院"), ("yanggu", "阳谷中心医院"), ("ygzx", "阳谷中心医院"), ("YGZX", "阳谷中心医院"),
     ("1836353", "阳谷中心医院"), ("sxzx", "莘县中心医院"), ("孟主任", "莘县中心医院"),
     ("qingping", "高唐县清平镇卫生院"),
     # Several words, any order, any field (outside trial: word order and a second field found nothing).
     ("yanggu zhongxin", "阳谷中心医院"), ("zhongxin yanggu", "阳谷中心医院"), ("ygzx 1836", "阳谷中心医院"),
     ("1836 ygzx", "阳谷中心医院"), ("孟主任 莘县", "莘县中心医院")],
)
def test_directory_search(filled, query, unit):
    rows = filled.panes.search_directory(query)
    assert rows and {r.unit_name for r in rows} == {unit}


def test_directory_number_search_ignores_dashes(filled):
    assert [r.phone for r in filled.panes.search_directory("0635-827")] == ["0635-8273113", "0635-8273067"]
    assert filled.panes.search_directory("zzzz") == []
    assert filled.panes.search_directory("%") == []
    # Bad input is an answer, not an error: control characters, LIKE's own signs, a pasted novel.
    assert filled.panes.search_directory("\x00\x1b " * 500) == filled.panes.search_directory("")  # nothing to find by
    assert filled.panes.search_directory("%_/ " * 100) == []
    assert filled.panes.search_directory("a" * 100_000) == []


def _plan(store, sql: str) -> str:
    with store.engine.connect() as conn:
        return " ".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


def test_pane_queries_use_indexes(filled):
    store = filled.store
    assert "SCAN consultation" not in _plan(
        store, "SELECT id FROM consultation WHERE status = 'submitted' AND deleted_at IS NULL")
    plan = _plan(store, "SELECT id FROM bed_request WHERE status IN ('requested','needs_coordination') "
                        "AND (status = 'needs_coordination' OR window_start <= '2026-11-24') ORDER BY window_start")
    assert "SCAN bed_request" not in plan
    assert "SCAN roster_entry" not in _plan(
        store, "SELECT * FROM specialty LEFT JOIN roster_entry r ON r.specialty_id = specialty.id "
               "AND r.duty_date = '2026-11-23' AND r.deleted_at IS NULL")
    assert "SCAN escalation_call" not in _plan(
        store, "SELECT count(*) FROM escalation_call WHERE consultation_id = 'x'")


# -- details and privacy ---------------------------------------------------

def test_request_timeline_shows_who_did_what(filled):
    filled.execute(c.ApproveConsultation(consultation_id=CONSULT_OVERDUE))
    detail = filled.requests.consultation_detail(CONSULT_OVERDUE)
    assert [t.summary[:4] for t in detail.timeline] == ["登记会诊", "催办电话", "催办电话", "审核通过"]
    assert detail.timeline[-1].operator == "张敏"


def test_revealing_an_id_number_is_audited(filled):
    value = filled.requests.reveal_id_number("consultation", CONSULT_OVERDUE)
    assert len(value) == 18
    with Session(filled.store.engine) as s:
        audit = s.exec(select(AuditEntry).where(AuditEntry.action == "reveal_id_number")).scalars().one()
    assert (audit.entity_id, audit.operator) == (CONSULT_OVERDUE, "张敏")


def test_specialist_month(filled):
    month = filled.roster.specialist_month(fid(11))
    assert [d.duty_date.day for d in month.duties] == [22, 23, 24, 25, 30]


# -- another process -------------------------------------------------------

def test_a_change_by_another_process_is_seen(filled, db_path):
    script = textwrap.dedent(f"""
        from datetime import datetime, timezone
        from referral_desk.clock import FixedClock
        from referral_desk.domain.commands import ApproveConsultation
        from referral_desk.domain.policy import Policy
        from referral_desk.store.database.engine import open_store
        from referral_desk.store.writes.executor import Actor, CommandExecutor
        store = open_store({str(db_path)!r})
        ex = CommandExecutor(store, Policy(), FixedClock(datetime.now(timezone.utc)), Actor("另一台", "WS2"))
        ex.execute(ApproveConsultation(consultation_id={CONSULT_SOON!r}))
    """)
    assert CONSULT_SOON in [p.row.consultation_id for p in filled.panes.pending_approvals()]
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    assert CONSULT_SOON not in [p.row.consultation_id for p in filled.panes.pending_approvals()]


def test_a_version_1_store_is_migrated_in_place(db_path, filled):
    filled.store.close()
    con = sqlite3.connect(db_path)
    for table in ("specialty", "specialist", "roster_entry", "consultation", "bed_request", "escalation_call",
                  "directory_entry", "drg_group", "audit_entry"):
        con.execute(f"DROP INDEX ix_{table}_change_seq")
        con.execute(f"ALTER TABLE {table} DROP COLUMN change_seq")
    for table in ("sync_counter", "applied_mutation", "workstation_token", "sync_conflict"):
        con.execute(f"DROP TABLE {table}")
    con.execute("UPDATE rd_meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    store = open_store(db_path)
    con = sqlite3.connect(db_path)
    for table in ("consultation", "audit_entry"):
        assert "change_seq" in {r[1] for r in con.execute(f"PRAGMA table_info({table})")}
    assert "ix_audit_entry_change_seq" in {r[1] for r in con.execute("PRAGMA index_list(audit_entry)")}
    assert con.execute("SELECT value FROM rd_meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert con.execute("SELECT count(*) FROM consultation").fetchone()[0] == 6
    assert con.execute("SELECT count(*) FROM sync_conflict").fetchone()[0] == 0
    con.close()
    store.close()


def test_a_version_5_store_gains_referrals_and_keeps_its_beds(db_path, filled):
    filled.store.close()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA foreign_keys=OFF")
    columns = [r[1] for r in con.execute("PRAGMA table_info(bed_request)") if r[1] != "referral_id"]
    # a foreign key can't be dropped
    con.execute(f"CREATE TABLE bed_v5 AS SELECT {', '.join(columns)} FROM bed_request")
    con.execute("DROP TABLE bed_request")
    con.execute("ALTER TABLE bed_v5 RENAME TO bed_request")
    for table in ("follow_up", "referral", "department"):
        con.execute(f"DROP TABLE {table}")
    con.execute("UPDATE rd_meta SET value = '5' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    store = open_store(db_path)
    con = sqlite3.connect(db_path)
    assert "referral_id" in {r[1] for r in con.execute("PRAGMA table_info(bed_request)")}
    assert {"referral", "follow_up", "department"} <= {r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert con.execute("SELECT count(*) FROM bed_request").fetchone()[0] == 4
    assert con.execute("SELECT value FROM rd_meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    con.close()
    store.close()


def test_a_migration_that_fails_half_way_leaves_the_store_as_it_was(db_path, filled, monkeypatch):
    """The steps run in one transaction that holds DDL too (the driver alone would commit each CREATE)."""
    from referral_desk.store.database import schema

    filled.store.close()
    con = sqlite3.connect(db_path)
    con.execute("DROP TABLE follow_up")
    con.execute("UPDATE rd_meta SET value = '5' WHERE key = 'schema_version'")
    con.commit()
    con.close()

    def fails(_conn):
        raise RuntimeError("the disk went away")

    monkeypatch.setitem(schema.STEPS, SCHEMA_VERSION - 1, fails)  # after step 5 -> 6 has created follow_up
    with pytest.raises(StoreOpenError):
        open_store(db_path)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'follow_up'").fetchone()[0] == 0
    assert con.execute("SELECT value FROM rd_meta WHERE key = 'schema_version'").fetchone()[0] == "5"
    con.close()
    monkeypatch.undo()
    open_store(db_path).close()  # the real steps, next time, move it in one go


def test_a_bed_request_runs_the_reply_clock_until_its_department_answers(filled):
    """002 五(二): the same countdown as a consultation's approval; an unanswered call does not stop it."""
    detail = filled.requests.bed_detail(BED_OPEN_SOON)
    assert (detail.reply_deadline, detail.answered_at) == (local(9, 10), None)
    filled.execute(c.LogEscalationCall(bed_request_id=BED_OPEN_SOON, callee="心内护士站", result=CallResult.NO_ANSWER))
    assert filled.requests.bed_detail(BED_OPEN_SOON).answered_at is None
    filled.clock.advance(timedelta(minutes=3))
    filled.execute(c.ReserveBed(bed_request_id=BED_OPEN_SOON, ward="心内一病区"))
    assert filled.requests.bed_detail(BED_OPEN_SOON).answered_at == local(10, 3)
    assert filled.requests.bed_detail(BED_FLAGGED).answered_at == local(9, 10)  # 已接通 is an answer

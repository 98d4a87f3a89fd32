"""Server and sync against a real uvicorn on loopback, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, text
from sqlmodel import Session

from referral_desk.desk.desk import Desk
from referral_desk.domain import commands as c
from referral_desk.server.tokens import revoke_token
from referral_desk.store.database.engine import open_store
from referral_desk.store.database.schema import SCHEMA_VERSION, SYNCED_TABLES
from referral_desk.store.database.tables import Consultation, OutboxEntry
from referral_desk.store.writes.actor import Actor
from referral_desk.sync.client import SyncClient, SyncError, SyncReport
from referral_desk.sync.protocol import MAX_BODY_BYTES
from tests.fixtures import CONSULT_HALF, CONSULT_SOON, NOW, TODAY, day_commands, fid, setup_commands
from tests.sync_desks import Workstation, bearer, seed, seed_and_sync


def test_a_change_on_one_workstation_reaches_the_others(central, desks):
    a, b, c3 = desks("窗口1"), desks("窗口2"), desks("督导")
    seed(a)
    report = a.sync()
    assert report.pushed == {"applied": len(setup_commands()) + len(day_commands())} and report.waiting == 0
    for other in (b, c3):
        other.sync()
        assert [p.row.consultation_id for p in other.service.panes.pending_approvals()] == \
            [p.row.consultation_id for p in a.service.panes.pending_approvals()]
    b.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    b.sync()
    a.sync()
    c3.sync()
    assert a.status(CONSULT_SOON) == c3.status(CONSULT_SOON) == "approved"
    with Session(a.store.engine) as s:
        row = s.get(Consultation, CONSULT_SOON)
    assert row.version == 2 and row.change_seq is not None


def test_the_audit_log_syncs_once_per_change_and_carries_reveals(central, desks):
    a, b = desks("窗口1"), desks("督导")
    seed(a)
    a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    a.service.requests.reveal_id_number("consultation", CONSULT_SOON)
    local_before = a.count_audit()
    a.sync()
    b.sync()
    # The server's entry for each pushed command replaces the workstation's own: no doubles.
    assert a.count_audit() == local_before == central.count("audit_entry") == b.count_audit()
    with b.store.engine.connect() as conn:
        reveal = conn.execute(text("SELECT operator, workstation, entity_id FROM audit_entry "
                                   "WHERE action = 'reveal_id_number'")).one()
        approve = conn.execute(text("SELECT operator, workstation FROM audit_entry WHERE action = "
                                    "'approve_consultation' AND entity_id = :id"), {"id": CONSULT_SOON}).one()
    # The workstation's name comes from its token, the operator from the desk.
    assert tuple(reveal) == ("窗口1操作员", "窗口1", CONSULT_SOON)
    assert tuple(approve) == ("窗口1操作员", "窗口1")


def test_approve_against_decline_gives_one_winner_and_a_visible_conflict(central, desks):
    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    b.service.execute(c.DeclineConsultation(consultation_id=CONSULT_SOON, reason="无床"))
    assert a.sync().pushed == {"applied": 1}
    report = b.sync()
    assert report.pushed == {"conflict": 1} and report.conflicts == 1
    [conflict] = b.conflicts()
    assert conflict.status == "conflict" and "已通过" in conflict.message and conflict.entity_id == CONSULT_SOON
    assert a.status(CONSULT_SOON) == b.status(CONSULT_SOON) == "approved"
    assert a.conflicts() == []


def test_the_same_decision_from_two_workstations_is_a_duplicate(central, desks):
    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    b.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    a.sync()
    assert b.sync().pushed == {"duplicate": 1}
    assert b.conflicts() == []


def _push_body(ws: Workstation) -> bytes:
    with Session(ws.store.engine) as s:
        entries = list(s.exec(select(OutboxEntry).order_by(OutboxEntry.seq)).scalars())
    return json.dumps({"schema_version": SCHEMA_VERSION, "commands": [
        {"mutation_id": o.mutation_id, "base_version": o.base_version, "operator": o.operator,
         "at": o.created_at.isoformat(), "command": json.loads(o.payload_json)} for o in entries
    ]}).encode()


def test_the_same_push_twice_and_from_two_threads_applies_once(central, desks):
    a = desks("窗口1")
    seed(a)
    body = _push_body(a)
    token = central.token("重放")
    headers = {**bearer(token), "Content-Type": "application/json"}
    statuses: list[list[str]] = []

    def send() -> None:
        r = httpx.post(f"{central.url}/api/v1/sync/push", content=body, headers=headers, timeout=60)
        statuses.append([x["status"] for x in r.json()["results"]])

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    send()
    n = len(setup_commands()) + len(day_commands())
    # The two concurrent sends may share the work; together they apply each mutation once.
    assert sum(s.count("applied") for s in statuses) == n
    assert all(st in ("applied", "duplicate") for s in statuses for st in s)
    assert statuses[-1] == ["duplicate"] * n
    assert central.count("applied_mutation") == n and central.count("consultation") == 6


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"{not json", 422, "invalid"),
        (json.dumps({"schema_version": SCHEMA_VERSION, "commands": [{"base_version": 0,
                     "at": "2026-11-23T02:00:00+00:00", "command": {"name": "launch_rocket"}}]}).encode(), 422,
         "mutation_id"),
        (json.dumps({"schema_version": SCHEMA_VERSION, "commands": [{"mutation_id": f"m{i}", "base_version": 1,
                     "at": "2026-11-23T02:00:00+00:00", "command": {"name": "expire_consultation",
                                                                    "consultation_id": "x"}} for i in range(201)]}
                    ).encode(), 422, "commands"),
        (b"{" + b" " * MAX_BODY_BYTES + b"}", 413, "4 MiB"),
        (json.dumps({"schema_version": 99, "commands": []}).encode(), 409, "99"),
    ],
    ids=["malformed", "no-mutation-id", "over-200", "over-4MiB", "schema-version"],
)
def test_bad_pushes_get_a_4xx_that_says_why_and_write_nothing(central, body, status, words):
    token = central.token("坏输入")
    r = httpx.post(f"{central.url}/api/v1/sync/push", content=body, timeout=30,
                   headers={**bearer(token), "Content-Type": "application/json"})
    assert r.status_code == status
    assert words in json.dumps(r.json(), ensure_ascii=False)
    assert central.count("applied_mutation") == 0


def test_unknown_and_revoked_tokens_get_401_and_nothing_is_written(central, desks, clock):
    a = desks("窗口1")
    seed(a)
    r = httpx.post(f"{central.url}/api/v1/sync/push", content=_push_body(a), timeout=30,
                   headers={"Authorization": "Bearer nonsense", "Content-Type": "application/json"})
    assert r.status_code == 401
    assert httpx.get(f"{central.url}/api/v1/health", timeout=30).status_code == 401
    revoke_token(central.engine, "窗口1", clock.now())
    with pytest.raises(SyncError, match="401"):
        a.sync()
    assert central.count("applied_mutation") == 0 and central.count("consultation") == 0
    assert a.client.counts()[0] == len(setup_commands()) + len(day_commands())  # nothing lost locally


def test_a_supervisor_token_is_read_only(central, desks, clock):
    a = desks("窗口1")
    seed(a)
    a.sync()
    token = central.token("督导室", role="supervisor")
    r = httpx.post(f"{central.url}/api/v1/sync/push", content=_push_body(a), timeout=30,
                   headers={**bearer(token), "Content-Type": "application/json"})
    assert r.status_code == 200
    assert {(x["status"], "督导" in x["message"]) for x in r.json()["results"]} == {("rejected", True)}
    pulled = httpx.get(f"{central.url}/api/v1/sync/pull", headers={**bearer(token)}, timeout=30)
    assert pulled.status_code == 200 and pulled.json()["rows"]


def import_november(ws: Workstation, tmp_path, specialist: str):
    rows = ["日期,专业,值班医师,职称,联系电话"] + [f"2026-11-{d:02d},心血管内科,{specialist},," for d in range(1, 31)]
    path = tmp_path / f"nov-{ws.store.path.stem}.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    ws.service.roster.import_roster(ws.service.roster.prepare_roster_import(path))


def live_duties(ws: Workstation) -> list:
    with ws.store.engine.connect() as conn:
        return conn.execute(text("SELECT id, specialist_id FROM roster_entry WHERE specialty_id = :s "
                                 "AND deleted_at IS NULL ORDER BY id"), {"s": fid(1)}).all()


def test_a_month_import_reaches_the_other_desks_whole(central, desks, tmp_path):
    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    import_november(a, tmp_path, "孙立")
    assert a.sync().pushed == {"applied": 1}
    b.sync()
    query = text("SELECT id, specialist_id, deleted_at IS NULL FROM roster_entry WHERE specialty_id = :s "
                 "ORDER BY id")
    with a.store.engine.connect() as mine, b.store.engine.connect() as theirs:
        assert theirs.execute(query, {"s": fid(1)}).all() == mine.execute(query, {"s": fid(1)}).all()
    assert b.service.panes.duty_today(TODAY)[0].specialist_name == "孙立"


def test_a_waiting_import_steps_aside_for_the_servers_month_then_wins(central, desks, tmp_path):
    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    import_november(a, tmp_path, "孙立")
    a.sync()
    import_november(b, tmp_path, "王建国")  # not pushed yet when the other month arrives
    b.client.pull_all(SyncReport())  # pull first: the same slots, other ids
    assert {sid for _id, sid in live_duties(b)} == {fid(14)}  # the server's month, nothing doubled
    assert b.sync().pushed == {"applied": 1}
    a.sync()
    assert live_duties(a) == live_duties(b) and {sid for _id, sid in live_duties(a)} == {fid(11)}


def book_someone_off_duty(a: Workstation, b: Workstation):
    """窗口1 hands today's cardiology duty to 孙立; 窗口2 has not heard and books 王建国."""
    seed_and_sync(a, b)
    a.service.execute(c.SetDuty(specialty_id=fid(1), duty_date=TODAY, specialist_id=fid(14)))
    a.sync()
    return b.service.execute(c.CreateConsultation(
        requesting_unit="阳谷中心医院", requesting_doctor="张医生", patient_name="甲",
        specialty_id=fid(1), specialist_id=fid(11)))


def test_a_rejected_command_is_visible_and_the_rest_goes_on(central, desks):
    a, b = desks("窗口1"), desks("窗口2")
    book_someone_off_duty(a, b)
    b.service.execute(c.ApproveConsultation(consultation_id=CONSULT_HALF))
    report = b.sync()
    assert report.pushed == {"rejected": 1, "applied": 1}
    [rejected] = b.conflicts()
    assert rejected.status == "rejected" and "只能预约当天值班的医师" in rejected.message
    assert a.sync().pulled >= 1 and a.status(CONSULT_HALF) == "approved"


def test_a_refused_create_leaves_the_panes_and_the_local_log(central, desks):
    a, b = desks("窗口1"), desks("窗口2")
    created = book_someone_off_duty(a, b)
    assert created.entity_id in [p.row.consultation_id for p in b.service.panes.pending_approvals()]
    b.sync()
    # Only the server's log remains: the desk's own entry for the refused create is gone.
    assert b.count_audit() == central.count("audit_entry")
    assert created.entity_id not in [p.row.consultation_id for p in b.service.panes.pending_approvals()]
    [view] = b.service.conflicts.open_conflicts()
    assert view.conflict.status == "rejected" and view.reopenable
    # Registering it again books today's specialist on duty, so the server takes it.
    again = b.service.conflicts.reopen_conflict(view.conflict.id)
    assert b.sync().pushed == {"applied": 1}
    assert b.status(again.entity_id) == "submitted" and b.service.conflicts.open_conflicts() == []
    with Session(b.store.engine) as s:
        assert s.get(Consultation, again.entity_id).specialist_id == fid(14)


def test_escalating_a_conflict_reaches_the_supervisor_and_releases_what_was_held(central, desks):
    a, b, boss = desks("窗口1"), desks("窗口2"), desks("督导")
    seed_and_sync(a, b)
    a.service.execute(c.DeclineConsultation(consultation_id=CONSULT_SOON, reason="非本专业"))
    a.sync()
    b.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    b.service.execute(c.ScheduleConsultation(consultation_id=CONSULT_SOON,
                                             slot_start=NOW + timedelta(hours=4, minutes=30),
                                             slot_end=NOW + timedelta(hours=5)))
    assert b.sync().pushed == {"conflict": 2}  # the approval lost; the withdrawal behind it is held
    [first, held] = b.service.conflicts.open_conflicts()
    assert (first.decided_by.operator, first.decided_by.workstation) == ("窗口1操作员", "窗口1")
    assert held.conflict.message.startswith("同一记录的前一项") and not held.reopenable
    b.service.conflicts.acknowledge_conflict(first.conflict.id, escalate=True)
    assert b.service.conflicts.open_conflicts() == []  # the held one goes to the server again, on its own
    report = b.sync()
    assert report.pushed == {"conflict": 1, "applied": 1}  # scheduling a declined request: refused
    boss.sync()
    with boss.store.engine.connect() as conn:
        escalated = conn.execute(text("SELECT operator, workstation, entity_id FROM audit_entry "
                                      "WHERE action = 'escalate_conflict'")).all()
    assert [tuple(r) for r in escalated] == [("窗口2操作员", "窗口2", CONSULT_SOON)]


def test_pull_pages_in_change_seq_order_and_skips_nothing(central, desks):
    a = desks("窗口1")
    seed(a)
    a.sync()
    token = central.token("翻页")
    seen, since = [], 0
    while True:
        r = httpx.get(f"{central.url}/api/v1/sync/pull", params={"since": since, "limit": 7},
                      headers={**bearer(token)}, timeout=30).json()
        seqs = [row["row"]["change_seq"] for row in r["rows"]]
        assert seqs == sorted(seqs) and all(s > since for s in seqs)
        seen += [(row["table"], row["row"]["id"]) for row in r["rows"]]
        since = r["next_since"]
        if not r["has_more"]:
            break
    assert len(seen) == len(set(seen))
    with central.engine.connect() as conn:
        total = sum(conn.execute(text(f"SELECT count(*) FROM {t} WHERE change_seq IS NOT NULL")).scalar()
                    for t in SYNCED_TABLES)
    assert len(seen) == total


def test_pulling_in_small_pages_while_another_desk_pushes_skips_nothing(central, desks, clock, policy, tmp_path):
    from referral_desk.store.demo import build_demo

    a, b = desks("窗口1"), desks("窗口2")
    build_demo(a.store, policy, clock)
    b.client.pull_limit = 5
    done = threading.Event()
    errors: list[Exception] = []

    def pusher() -> None:
        try:
            a.sync()
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            done.set()

    threading.Thread(target=pusher).start()
    while not done.is_set():
        b.client.pull_all(type(b.sync())())  # pulls while the pushes commit
    b.sync()
    assert errors == []
    with central.engine.connect() as server, b.store.engine.connect() as local:
        for table in ("consultation", "bed_request", "escalation_call", "roster_entry"):
            theirs = dict(server.execute(text(f"SELECT id, version FROM {table}")).all())
            mine = dict(local.execute(text(f"SELECT id, version FROM {table}")).all())
            assert mine == theirs, table


def test_a_referral_its_bed_and_follow_up_reach_the_other_desks(central, desks, clock):
    from tests.fixtures import CONSULT_REFER_UP, local

    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    tomorrow = TODAY + timedelta(days=1)
    referral = c.CreateReferral(direction="up", consultation_id=CONSULT_REFER_UP, patient_name="高秀兰",
                                from_unit="莘县中心医院", to_unit="聊城市人民医院", department="神经内科",
                                criteria=["critical"], reason="大面积脑梗死", reviewed_by="赵主任",
                                consent_by="患者本人",
                                window_start=local(8, 0, tomorrow), window_end=local(17, 0, tomorrow))
    bed = c.CreateBedRequest(referral_id=referral.referral_id, department="神经内科", patient_name="高秀兰",
                             window_start=referral.window_start, window_end=referral.window_end)
    a.service.referrals.apply_for_referral(referral, bed)
    a.sync()
    b.sync()
    assert b.service.referrals.referral_for_consultation(CONSULT_REFER_UP) == referral.referral_id
    b.service.execute(c.ReserveBed(bed_request_id=bed.bed_request_id, ward="神内一病区"))
    clock.advance(timedelta(hours=23))
    b.service.execute(c.AdmitPatient(bed_request_id=bed.bed_request_id, admitted_at=clock.now()))
    assert b.sync().pushed == {"applied": 2}
    a.sync()
    on_a = a.service.referrals.referral_detail(referral.referral_id)
    on_b = b.service.referrals.referral_detail(referral.referral_id)
    assert on_a.referral.status == on_b.referral.status == "transferred"
    assert [(f.id, f.due_date) for f in on_a.follow_ups] == [(f.id, f.due_date) for f in on_b.follow_ups]
    assert on_a.follow_ups[0].due_date == tomorrow + timedelta(days=5)
    assert central.count("follow_up") == 1 + 2 + 1  # the fixture's emergency (1) and downward (2) ones, and this


def test_a_supervisors_desk_learns_its_role_is_read_only_and_its_reveals_are_audited(central, desks, clock, policy,
                                                                                    tmp_path):
    from referral_desk.domain.errors import DomainError
    from referral_desk.store.reads.roles import remembered_role
    from referral_desk.sync.runner import SyncRunner

    a = desks("窗口1")
    seed_and_sync(a)
    store = open_store(tmp_path / "supervisor.sqlite3")
    service = Desk(store, policy, clock, Actor("督导", "督导室"))
    client = SyncClient(store, policy, clock, central.url, central.token("督导室", role="supervisor"))
    runner = SyncRunner(client, clock)
    try:
        runner.run_once()
        assert runner.state.role == "supervisor" and remembered_role(store) == "supervisor"
        service.readonly = True  # what the desk does on that answer (and at its next start)
        with pytest.raises(DomainError, match="只读模式"):
            service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
        service.requests.reveal_id_number("consultation", CONSULT_SOON)
        assert runner.run_once().pushed == {"applied": 1}
        with central.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM audit_entry WHERE action = 'reveal_id_number' "
                                     "AND workstation = '督导室'")).scalar() == 1
    finally:
        runner.close()
        store.close()


def test_a_new_disease_list_edition_reaches_the_other_desks_and_a_rival_edition_is_rejected(central, desks):
    from referral_desk.data import downward_list_seed

    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    mine, theirs = downward_list_seed(), downward_list_seed()
    mine["groups"][4]["synonyms"]["慢胃"] = "慢性胃炎"
    theirs["groups"][7]["synonyms"]["类关"] = "类风湿性关节炎"
    a.service.referrals.publish_disease_list(mine)
    b.service.referrals.publish_disease_list(theirs)  # offline at the same time: both say edition 2
    assert a.sync().pushed == {"applied": 1}
    assert b.sync().pushed == {"rejected": 1}
    [rejected] = b.conflicts()
    assert "应发布为第3版" in rejected.message
    assert [e.edition for e in b.service.referrals.disease_list_editions()] == [2, 1]
    assert b.service.referrals.check_downward("慢胃").group.code == 5  # the server's edition 2 is in force
    assert not b.service.referrals.check_downward("类关").eligible
    assert central.count("disease_list") == 2


def test_an_undo_reaches_the_other_desks_as_a_change_of_its_own(central, desks, clock):
    """Ctrl+Z (issue 13): the approval and its undo are both applied and audited on the server."""
    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    a.sync()
    b.sync()
    assert b.status(CONSULT_SOON) == "approved"
    clock.advance(timedelta(seconds=20))
    a.service.undo.undo_last()
    assert a.sync().pushed == {"applied": 1}
    b.sync()
    assert a.status(CONSULT_SOON) == b.status(CONSULT_SOON) == "submitted"
    with central.engine.connect() as conn:
        assert conn.execute(text("SELECT status FROM consultation WHERE id = :id"), {"id": CONSULT_SOON}).scalar() \
            == "submitted"
    with b.store.engine.connect() as conn:
        done = conn.execute(text("SELECT action FROM audit_entry WHERE entity_id = :id ORDER BY change_seq"),
                            {"id": CONSULT_SOON}).scalars().all()
    assert done[-2:] == ["approve_consultation", "undo_consultation_change"]


def test_a_change_whose_record_the_server_lacks_waits_visibly_then_is_rejected_after_the_retention(central, desks,
                                                                                                   clock):
    """Issue 22 item 3: never dropped in silence, never stuck for ever."""
    from referral_desk.sync.client import RESEND_WITHIN

    a = desks("窗口1")
    seed_and_sync(a)
    booked = next(cmd for cmd, _at in day_commands() if isinstance(cmd, c.CreateConsultation))
    lost = booked.model_copy(update={"consultation_id": fid(990)})
    a.service.execute(lost)
    with a.store.engine.begin() as conn:  # its creation never reaches the server (as after a restore)
        conn.execute(text("UPDATE outbox SET state = 'done' WHERE entity_id = :i"), {"i": fid(990)})
    a.service.execute(c.ApproveConsultation(consultation_id=fid(990)))
    report = a.sync()
    assert report.parked == 1 and report.pushed == {} and "每轮同步再次发送" in report.line()
    assert a.client.counts() == (1, 0) and a.status(fid(990)) == "approved"
    assert a.sync().parked == 1  # sent again each round
    clock.advance(RESEND_WITHIN + timedelta(days=1))
    report = a.sync()
    assert report.parked == 0 and report.pushed == {"rejected": 1}
    [conflict] = a.conflicts()
    assert conflict.entity_id == fid(990) and "找不到会诊申请" in conflict.message


def test_a_change_after_the_desks_own_refused_one_is_judged_at_once_not_kept_waiting(central, desks):
    """What it was made after will never reach the server (the desk's own earlier change was refused):
    the desk asks for a judgment, and the refusal is visible at once instead of waiting 30 days."""
    a, b = desks("窗口1"), desks("窗口2")
    created = book_someone_off_duty(a, b)
    b.service.execute(c.ApproveConsultation(consultation_id=created.entity_id))
    report = b.sync()
    assert report.parked == 0 and report.pushed == {"rejected": 2}
    assert b.client.counts() == (0, 2)


def test_desks_backing_off_spread_their_return_and_wait_as_long_as_a_busy_server_asks(tmp_path, clock, policy):
    """Issue 23 item 1: every desk doubled the same wait, so 300 desks that lost the server together came
    back together. The wait is spread at random, and a 503's Retry-After is a floor."""
    from referral_desk.sync.runner import MAX_BACKOFF, SyncRunner
    from tests.live_server import LiveServer

    async def busy(scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 503,
                    "headers": [(b"retry-after", b"45"), (b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"detail": "busy"}'})

    live = LiveServer(busy)
    store = open_store(tmp_path / "desk.sqlite3")
    draws = iter([0.0, 0.999, 0.0, 0.999, 0.0, 0.999, 0.0])
    runner = SyncRunner(SyncClient(store, policy, clock, live.url, "t"), clock, interval=5, chance=lambda: next(draws))
    try:
        assert runner.next_delay() == 5  # steady: the interval at most, a tenth less at least
        assert 4.5 <= runner.next_delay() < 4.51
        assert runner.run_once() is None and runner.retry_after == 45
        assert runner.next_delay() == 45  # the server is up and says when: no doubling
        assert 67.4 < runner.next_delay() <= 67.5  # spread upwards, never sooner than asked
        runner.retry_after = None  # unreachable: doubling from the interval
        assert runner.next_delay() == 10
        runner.failures = 8
        assert MAX_BACKOFF / 2 <= runner.next_delay() < MAX_BACKOFF / 2 + 0.1  # capped, then spread
        assert runner.next_delay() == MAX_BACKOFF
    finally:
        runner.close()
        store.close()
        live.stop()

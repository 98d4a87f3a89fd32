"""The server is the authority on identity (issue 22, items 1, 2, 10): a field that names a workstation
is taken from the token, an act only one workstation may do is refused to the others, and Ctrl+Z is
judged on the server by the desk's own rule and the server's clock. Each test pushes as a hostile desk
would, with its own valid token, straight to the real server."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
from sqlalchemy import text

from referral_desk.domain import commands as c
from referral_desk.store.database.schema import SCHEMA_VERSION
from tests.fixtures import CONSULT_OVERDUE, CONSULT_SOON, fid
from tests.sync_desks import Central, Workstation, bearer, seed_and_sync


def push(central: Central, token: str, *commands: c.Command, operator: str = "", mutation: str = "forged") -> list:
    """Commands as a desk would send them, each with its own mutation id; the results."""
    at = central.clock.now().isoformat()
    body = {"schema_version": SCHEMA_VERSION, "commands": [
        {"mutation_id": f"{mutation}-{n}", "base_version": 0, "operator": operator, "at": at,
         "command": json.loads(command.model_dump_json())} for n, command in enumerate(commands)]}
    r = httpx.post(f"{central.url}/api/v1/sync/push", json=body, timeout=30,
                   headers={**bearer(token)})
    assert r.status_code == 200, r.text
    return r.json()["results"]


def server_value(central: Central, sql: str, **params):
    with central.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def test_a_reminder_is_sent_by_the_workstation_whose_token_queued_it_whatever_its_body_says(central, desks):
    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    forged = c.QueueReminder(consultation_id=CONSULT_SOON, channel="sms", mobile="13346250002",
                             text="任意文字", origin="窗口2")
    [result] = push(central, a.token, forged, operator="窗口1操作员")
    assert result["status"] == "applied" and result["row"]["origin"] == "窗口1"
    assert server_value(central, "SELECT origin FROM reminder WHERE id = :i", i=forged.reminder_id) == "窗口1"
    b.sync()
    assert forged.reminder_id not in {
        r.id for r in b.service.reminders.reminders_due(central.clock.now() + timedelta(hours=1))}


def test_only_the_queuing_workstation_records_a_reminders_attempts(central, desks):
    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    a.service.reminders.queue_reminders(CONSULT_SOON, ("sms",))
    a.sync()
    [reminder_id] = [r.id for r in a.service.reminders.reminders_due(central.clock.now() + timedelta(minutes=1))]
    [result] = push(central, b.token, c.RecordReminderAttempt(reminder_id=reminder_id, outcome="failed",
                                                              error="伪造"), operator="窗口2操作员")
    assert result["status"] == "rejected" and "排队该提醒的工作站" in result["message"]
    assert server_value(central, "SELECT status FROM reminder WHERE id = :i", i=reminder_id) == "queued"
    [mine] = push(central, a.token, c.RecordReminderAttempt(reminder_id=reminder_id, outcome="sent"),
                  operator="窗口1操作员", mutation="own")
    assert mine["status"] == "applied"


def test_a_desk_whose_configured_name_is_not_its_tokens_still_sends_its_own_reminders(central, tmp_path, clock,
                                                                                        policy):
    desk = Workstation(central, "窗口3", tmp_path, clock, policy)
    other = Workstation(central, "窗口4", tmp_path, clock, policy)
    try:
        seed_and_sync(other, desk)
        desk.service.actor = desk.service.actor.__class__(desk.service.actor.operator, "护士站电脑")
        desk.service.reminders.queue_reminders(CONSULT_SOON, ("sms",))
        desk.sync()
        assert server_value(central, "SELECT origin FROM reminder") == "窗口3"
        due = desk.service.reminders.reminders_due(clock.now() + timedelta(minutes=1))
        assert [r.origin for r in due] == ["窗口3"]  # the server's stamp, still this desk's own
    finally:
        desk.close()
        other.close()


def test_a_sign_in_names_the_tokens_workstation_and_a_real_name(central, desks):
    a = desks("窗口1")
    seed_and_sync(a)
    supervisor = central.token("督导室", role="supervisor")
    forged = c.LogAuditEvent(action="sign_in", subject_entity="shift", subject_id="窗口1", summary="接班签到：张三")
    [result] = push(central, supervisor, forged, operator="张三")
    assert result["status"] == "applied"
    row = server_value(central, "SELECT workstation || '|' || entity_id FROM audit_entry WHERE id = :i",
                       i=forged.audit_entry_id)
    assert row == "督导室|督导室"
    elsewhere = c.LogAuditEvent(action="hand_over", subject_entity="consultation", subject_id="窗口9")
    [moved] = push(central, a.token, elsewhere, operator="张三", mutation="elsewhere")
    assert moved["status"] == "applied", moved
    assert server_value(central, "SELECT entity || '|' || entity_id FROM audit_entry WHERE id = :i",
                        i=elsewhere.audit_entry_id) == "shift|窗口1"
    [empty] = push(central, supervisor, c.LogAuditEvent(action="sign_in", subject_entity="shift", subject_id="x"),
                   operator="", mutation="empty")
    assert empty["status"] == "rejected" and "接班人" in empty["message"]


def test_an_undo_from_another_workstation_is_refused_on_the_server(central, desks, clock):
    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    a.sync()
    version = server_value(central, "SELECT version FROM consultation WHERE id = :i", i=CONSULT_SOON)
    undo = c.UndoConsultationChange(consultation_id=CONSULT_SOON, from_status="approved", version=version)
    [result] = push(central, b.token, undo, operator="窗口2操作员")
    assert result["status"] == "rejected" and "窗口1" in result["message"]
    [impostor] = push(central, b.token, undo, operator="窗口1操作员", mutation="impostor")
    assert impostor["status"] == "rejected"
    supervisor = central.token("督导室", role="supervisor")
    [read_only] = push(central, supervisor, undo, operator="窗口1操作员", mutation="supervisor")
    assert read_only["status"] == "rejected" and "督导" in read_only["message"]
    assert server_value(central, "SELECT status FROM consultation WHERE id = :i", i=CONSULT_SOON) == "approved"


def test_an_undo_days_later_is_refused_by_the_servers_clock_even_with_a_forged_time(central, desks, clock):
    a = desks("窗口1")
    seed_and_sync(a)
    a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    a.sync()
    version = server_value(central, "SELECT version FROM consultation WHERE id = :i", i=CONSULT_SOON)
    clock.advance(timedelta(days=12))
    undo = c.UndoConsultationChange(consultation_id=CONSULT_SOON, from_status="approved", version=version)
    [late] = push(central, a.token, undo, operator="窗口1操作员")
    assert late["status"] == "rejected" and "分钟内" in late["message"]
    assert server_value(central, "SELECT status FROM consultation WHERE id = :i", i=CONSULT_SOON) == "approved"


def test_the_desks_own_undo_within_the_limit_is_applied(central, desks, clock):
    a = desks("窗口1")
    seed_and_sync(a)
    a.service.execute(c.LogEscalationCall(escalation_call_id=fid(777), consultation_id=CONSULT_OVERDUE,
                                          callee="王建国", result="no_answer"))
    a.sync()
    clock.advance(timedelta(seconds=90))
    a.service.undo.undo_last()
    assert a.sync().pushed == {"applied": 1}
    assert server_value(central, "SELECT deleted_at IS NOT NULL FROM escalation_call WHERE id = :i", i=fid(777))


def test_every_field_that_names_a_workstation_or_an_operator_is_the_servers_to_set():
    """A new command field naming a workstation or a person at one must be stamped or checked in
    server/authority.py; this fails until it is."""
    from referral_desk.server import authority

    named = set()
    for name, cls in _command_classes().items():
        for field in cls.model_fields:
            if field in ("origin", "operator") or "workstation" in field or field.endswith("_by_operator"):
                named.add((name, field))
    assert named == {("queue_reminder", "origin")}
    assert "command.origin" in _source(authority.stamped)
    assert authority.WORKSTATION_SUBJECT == "shift"


def _command_classes() -> dict:
    found, stack = {}, list(c.Command.__subclasses__())
    while stack:
        cls = stack.pop()
        stack += cls.__subclasses__()
        default = cls.model_fields.get("name")
        if default is not None and default.default:
            found[default.default] = cls
    return found


def _source(fn) -> str:
    import inspect

    return inspect.getsource(fn)


def test_each_kind_of_undo_from_another_workstation_is_refused(central, desks, clock):
    from tests.fixtures import BED_OPEN_SOON as BED_OPEN

    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    a.service.execute(c.FlagBedCoordination(bed_request_id=BED_OPEN, note="床位紧张"))
    a.service.execute(c.LogEscalationCall(escalation_call_id=fid(778), consultation_id=CONSULT_OVERDUE,
                                          callee="王建国", result="no_answer"))
    a.sync()
    bed_version = server_value(central, "SELECT version FROM bed_request WHERE id = :i", i=BED_OPEN)
    undos = [c.UndoBedChange(bed_request_id=BED_OPEN, from_status="needs_coordination", to_status="requested",
                             version=bed_version),
             c.RetractEscalationCall(escalation_call_id=fid(778), version=1)]
    results = push(central, b.token, *undos, operator="窗口1操作员")
    assert [r["status"] for r in results] == ["rejected", "rejected"], results
    assert server_value(central, "SELECT status FROM bed_request WHERE id = :i", i=BED_OPEN) == "needs_coordination"
    assert not server_value(central, "SELECT deleted_at IS NOT NULL FROM escalation_call WHERE id = :i", i=fid(778))

"""Reminders to specialists through WeCom and the SMS gateway, against a real HTTP receiver on loopback."""

from __future__ import annotations

import json
import threading
from datetime import UTC, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select
from sqlmodel import Session

from referral_desk.domain.errors import DomainError
from referral_desk.domain.reminders import RETRY_DELAYS, due_leads, parse_leads
from referral_desk.notify.sender import Channels, ReminderSender
from referral_desk.store.database.ids import short_ref
from referral_desk.store.database.tables import Reminder
from tests.fixtures import CONSULT_APPROVED, CONSULT_SOON, fid


class Recorder:
    """A loopback HTTP server that keeps what it receives and fails when told to."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict, dict]] = []
        self.fail_next = 0  # answer 500 to this many requests
        self.wecom_answer = {"errcode": 0, "errmsg": "ok"}
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802  (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if recorder.fail_next:
                    recorder.fail_next -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                recorder.received.append((self.path, body, dict(self.headers)))
                answer = json.dumps(recorder.wecom_answer if self.path.startswith("/wecom") else {"ok": True})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(answer.encode())

            def log_message(self, *_args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def recorder():
    r = Recorder()
    yield r
    r.stop()


@pytest.fixture
def sender(filled, recorder):
    channels = Channels(wecom_webhook=f"{recorder.url}/wecom/send?key=k", sms_webhook=f"{recorder.url}/sms",
                        sms_token="gateway-secret")
    s = ReminderSender(filled, channels)
    yield s
    s.close()


def reminders(service) -> list[Reminder]:
    with Session(service.store.engine) as s:
        return list(s.exec(select(Reminder).order_by(Reminder.channel, Reminder.queued_at)).scalars())


def test_a_reminder_goes_out_once_on_each_channel(filled, sender, recorder):
    filled.reminders.queue_reminders(CONSULT_SOON, sender.channels.names)
    report = sender.deliver_due()
    assert (report.sent, report.retrying, report.failed) == (2, 0, 0)
    by_path = {path.split("?")[0]: (body, headers) for path, body, headers in recorder.received}
    wecom, _ = by_path["/wecom/send"]
    assert wecom["msgtype"] == "text" and wecom["text"]["mentioned_mobile_list"] == ["13346250002"]
    assert "李萍医生" in wecom["text"]["content"] and f"#{short_ref(CONSULT_SOON)}" in wecom["text"]["content"]
    sms, headers = by_path["/sms"]
    sms_reminder = [r for r in reminders(filled) if r.channel == "sms"][0]
    assert sms["id"] == sms_reminder.id and sms["mobile"] == "13346250002"
    assert headers["Authorization"] == "Bearer gateway-secret"
    # Sent is sent: a later round sends nothing again.
    assert sender.deliver_due().sent == 0 and len(recorder.received) == 2
    assert {(r.status, r.attempts) for r in reminders(filled)} == {("sent", 1)}
    timeline = [t.summary for t in filled.requests.consultation_detail(CONSULT_SOON).timeline]
    assert "提醒（企业微信）已发送" in timeline and "提醒（短信）已发送" in timeline


def test_a_failing_receiver_is_retried_with_backoff_until_it_recovers(filled, sender, recorder, clock):
    filled.reminders.queue_reminders(CONSULT_SOON, ("sms",))
    recorder.fail_next = 2
    assert sender.deliver_due().retrying == 1
    [r] = reminders(filled)
    assert (r.status, r.attempts, r.last_error) == ("queued", 1, "HTTP 500")
    assert r.next_attempt_at == clock.now() + RETRY_DELAYS[0]
    assert "提醒（短信）第1次发送失败，将重试：HTTP 500" in [
        t.summary for t in filled.requests.consultation_detail(CONSULT_SOON).timeline]
    assert sender.deliver_due().retrying == 0 and recorder.received == []  # not due yet
    clock.advance(RETRY_DELAYS[0])
    assert sender.deliver_due().retrying == 1
    clock.advance(RETRY_DELAYS[1])
    assert sender.deliver_due().sent == 1
    [r] = reminders(filled)
    assert (r.status, r.attempts, len(recorder.received)) == ("sent", 3, 1)
    assert "提醒（短信）已发送" in [t.summary for t in filled.requests.consultation_detail(CONSULT_SOON).timeline]


def test_wecom_refusing_in_its_answer_counts_as_a_failure_and_is_given_up_in_the_end(filled, sender, recorder,
                                                                                     clock):
    recorder.wecom_answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    filled.reminders.queue_reminders(CONSULT_SOON, ("wecom",))
    for delay in RETRY_DELAYS:
        report = sender.deliver_due()
        assert report.errors == ["企业微信拒绝：93000 invalid webhook url"]
        clock.advance(delay)
    assert sender.deliver_due().failed == 1
    [r] = reminders(filled)
    assert (r.status, r.attempts) == ("failed", len(RETRY_DELAYS) + 1)
    assert sender.deliver_due().errors == []  # given up: not tried again
    timeline = [t.summary for t in filled.requests.consultation_detail(CONSULT_SOON).timeline]
    assert "提醒（企业微信）发送失败：企业微信拒绝：93000 invalid webhook url" in timeline


def test_automatic_reminders_come_once_per_lead_before_the_deadline(filled, clock):
    deadline = next(p.deadline for p in filled.panes.pending_approvals() if p.row.consultation_id == CONSULT_SOON)
    clock.set(deadline - timedelta(minutes=25))
    queued = filled.reminders.queue_auto_reminders((30, 10), ("wecom",))
    mine = [r for r in reminders(filled) if r.consultation_id == CONSULT_SOON]
    assert [(r.kind, r.lead_minutes) for r in mine] == [("auto", 30)] and queued >= 1
    assert filled.reminders.queue_auto_reminders((30, 10), ("wecom",)) == 0  # the same lead never twice
    clock.set(deadline - timedelta(minutes=5))
    filled.reminders.queue_auto_reminders((30, 10), ("wecom",))
    mine = [r for r in reminders(filled) if r.consultation_id == CONSULT_SOON]
    assert sorted(r.lead_minutes for r in mine) == [10, 30]


def test_reminders_are_refused_without_a_channel_or_for_a_decided_request(filled):
    with pytest.raises(DomainError, match="未配置提醒渠道"):
        filled.reminders.queue_reminders(CONSULT_SOON, ())
    with pytest.raises(DomainError, match="不在待审核状态"):
        filled.reminders.queue_reminders(CONSULT_APPROVED, ("sms",))
    assert reminders(filled) == []


def test_lead_rules():
    assert parse_leads("30，10, 30") == (30, 10) and parse_leads("") == ()
    with pytest.raises(DomainError):
        parse_leads("半小时")
    from datetime import datetime
    deadline = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    # A desk that was off past both leads sends only the nearest one.
    assert due_leads(deadline, deadline - timedelta(minutes=5), (30, 10), set()) == [10]
    assert due_leads(deadline, deadline + timedelta(minutes=1), (30, 10), set()) == []


async def test_ctrl_r_in_the_escalation_sends_a_reminder_from_the_desk(filled, settings, recorder):
    from referral_desk.app import ReferralDeskApp
    from referral_desk.notify.sender import ReminderRunner
    from tests.pilot import settle, workers_idle

    runner = ReminderRunner(filled, Channels(sms_webhook=f"{recorder.url}/sms"))
    app = ReferralDeskApp(filled, settings, "desk.sqlite3", reminder_runner=runner)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            await pilot.press("2", "e", "ctrl+r")
            for _ in range(3):
                await workers_idle(app)
                await pilot.pause()
            assert [body["mobile"] for _path, body, _h in recorder.received] == ["13346250001"]
            messages = [n.message for n in app._notifications]
            assert any("提醒已排队（短信）" in m for m in messages) and any("已发送提醒 1 条" in m for m in messages)
    finally:
        runner.close()


async def test_ctrl_r_without_channels_says_what_to_configure(app):
    from tests.pilot import settle, workers_idle

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "e", "ctrl+r")
        await workers_idle(app)
        await pilot.pause()
        assert any("未配置提醒渠道" in n.message for n in app._notifications)


def test_the_requesting_doctor_is_told_of_the_answer_by_sms_once(filled, sender, recorder, clock):
    """000 一.2: approved, then a time agreed; each told once, whichever round sees it."""
    from referral_desk.domain import commands as c
    from tests.fixtures import local

    filled.execute(c.CreateConsultation(consultation_id="notice-1", requesting_unit="阳谷中心医院",
                                        requesting_doctor="张医生", requesting_phone="139 0000 1111",
                                        patient_name="王秀英", specialty_id=fid(2), specialist_id=fid(12)))
    assert filled.reminders.queue_answer_notices(("sms",)) == 0  # nothing to tell yet
    filled.execute(c.ApproveConsultation(consultation_id="notice-1"))
    filled.execute(c.ScheduleConsultation(consultation_id="notice-1", slot_start=local(15, 0), slot_end=local(15, 30)))
    assert filled.reminders.queue_answer_notices(("wecom",)) == 0  # an SMS, or nothing
    assert filled.reminders.queue_answer_notices(("sms",)) == 2
    assert filled.reminders.queue_answer_notices(("sms",)) == 0
    assert sender.deliver_due().sent == 2
    texts = [body["content"] for path, body, _h in recorder.received if path == "/sms"]
    assert all(body["mobile"] == "13900001111" for path, body, _h in recorder.received)
    assert "李萍医生已审核通过" in texts[0] and "王**" in texts[0] and "王秀英" not in texts[0]
    assert "会诊时间已约定：11-23 15:00" in texts[1]
    timeline = [t.summary for t in filled.requests.consultation_detail("notice-1").timeline]
    assert timeline.count("通知申请医师（短信）已发送") == 2
    # A landline cannot take an SMS; the details still show what would be said (the demo's case).
    filled.execute(c.DeclineConsultation(consultation_id=CONSULT_SOON, reason="非本专业"))
    assert filled.reminders.queue_answer_notices(("sms",)) == 0
    detail = filled.requests.consultation_detail("notice-1")
    assert len(detail.notices) == 2 and detail.notices[0].startswith(
        "【转会诊中心】张医生您好：您为王**申请的呼吸与危重症医学科会诊")

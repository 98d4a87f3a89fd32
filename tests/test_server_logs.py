"""The server's log (issue 26): application events and a line per request with time, request id,
workstation, route, status and latency, as JSON for a hospital's log system; never a patient
identifier. A real `serve` process; its standard error read as the journal would."""

from __future__ import annotations

import json
import queue

import httpx

from referral_desk import __version__
from referral_desk.server.logs import DatabaseWatch, TextFormatter
from referral_desk.server.throttle import BURST
from tests.fixtures import NOW, day_commands, setup_commands
from tests.live_server import ServeProcess
from tests.sync_desks import Remote, Workstation, seed_and_sync


def _patient_identifiers() -> set[str]:
    """Every patient name, ID number and phone the desk pushed."""
    found: set[str] = set()
    for command in [*setup_commands(), *(command for command, _at in day_commands())]:
        for field in ("patient_name", "patient_id_number", "patient_phone"):
            value = getattr(command, field, None)
            if isinstance(value, str) and value:
                found.add(value)
    assert len(found) > 5
    return found


def _all_lines(server: ServeProcess) -> list[str]:
    server.stop()
    lines = [line.rstrip("\n") for line in server.start_log if line is not None]
    while True:
        try:
            line = server.log.get(timeout=30)
        except queue.Empty:
            return lines
        if line is None:
            return lines
        lines.append(line.rstrip("\n"))


def test_json_log_carries_events_and_requests_and_never_a_patient(tmp_path, clock, policy):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    server = ServeProcess(url, 1, NOW, tmp_path / "config", extra=["--log-format", "json"])
    remote = desk = None
    try:
        remote = Remote(server.url, url, clock)
        desk = Workstation(remote, "窗口8-1", tmp_path, clock, policy)
        seed_and_sync(desk)
        bad = [httpx.get(server.url + "/api/v1/health", headers={"Authorization": "Bearer not-a-token"},
                         timeout=10).status_code for _ in range(BURST + 5)]
        assert bad[0] == 401 and bad[-1] == 429  # a flood of bad tokens from one address
        mine = httpx.get(server.url + "/api/v1/live", headers={"X-Request-ID": "lb-42.a"}, timeout=10)
        assert mine.headers["x-request-id"] == "lb-42.a"  # a proxy's id is kept, so its lines meet ours
        forged = httpx.get(server.url + "/api/v1/live", headers={"X-Request-ID": "a b\tc" * 30}, timeout=10)
        assert forged.headers["x-request-id"] != "a b\tc" * 30 and len(forged.headers["x-request-id"]) == 16
    finally:
        if desk is not None:
            desk.close()
        if remote is not None:
            remote.engine.dispose()
        lines = _all_lines(server)
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    assert all(r["time"].endswith("Z") for r in records)  # UTC

    start = next(r for r in records if r.get("event") == "start")
    assert start["version"] == __version__ and start["database"].startswith("sqlite:")

    pushes = [r for r in records if r.get("event") == "push_stored"]
    assert pushes and all(r["workstation"] == "窗口8-1" and r["request_id"] for r in pushes)
    assert sum(r["applied"] for r in pushes) == len(setup_commands()) + len(day_commands())

    answered = [r for r in records if r["logger"] == "referral_desk.access" and r["route"] == "/api/v1/sync/push"]
    assert answered and all(r["status"] == 200 and r["workstation"] == "窗口8-1" and r["latency_ms"] >= 0
                            for r in answered)
    # The push's event and its access line share the request's id.
    assert {r["request_id"] for r in pushes} <= {r["request_id"] for r in answered}
    pulls = [r for r in records if r.get("route") == "/api/v1/sync/pull"]
    assert pulls and all(r["workstation"] == "窗口8-1" for r in pulls)

    refused = [r for r in records if r.get("event") == "token_refused"]
    # A warning per refusal up to the burst; past it the access lines (status 429) say the rest.
    assert len(refused) == BURST and refused[0]["client"] == "127.0.0.1"
    throttled = [r for r in records if r["logger"] == "referral_desk.access" and r["status"] == 429]
    assert len(throttled) == 5
    assert any(r.get("request_id") == "lb-42.a" for r in records)

    text = "\n".join(lines)
    assert "not-a-token" not in text
    leaked = {value for value in _patient_identifiers() if value in text}
    assert not leaked


def test_text_lines_say_the_request_and_workstation_before_the_message():
    import logging

    record = logging.LogRecord("referral_desk.access", logging.INFO, __file__, 1, "%s %s %s %s ms",
                               ("POST", "/api/v1/sync/push", 200, 3.2), None)
    record.request_id, record.workstation, record.status = "abc", "窗口8 1", 200
    line = TextFormatter().format(record)
    assert line.endswith('INFO referral_desk.access request_id=abc workstation="窗口8 1" '
                         'POST /api/v1/sync/push 200 3.2 ms')


def test_a_database_outage_is_said_once_when_lost_and_once_when_back(caplog):
    moments = iter([100.0, 134.5])
    watch = DatabaseWatch(now=lambda: next(moments))
    with caplog.at_level("INFO", logger="referral_desk.server"):
        watch.answered()  # nothing to say while it answers
        for _ in range(50):  # every refused request during the outage
            watch.lost("connection refused")
        watch.answered()
        watch.answered()
    said = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert said == [("ERROR", "database stopped answering: connection refused "
                              "(desks keep their changes and try again)"),
                    ("WARNING", "database answers again after 34.5 s")]

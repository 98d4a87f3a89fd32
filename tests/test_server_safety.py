"""The server under bad and hostile input: every command is answered on its own, never a 500,
never a queue stuck behind one command; no patient data in a log line; the audit log's times
are the server's to vouch for."""

from __future__ import annotations

import json
import logging
import socket
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import text

from referral_desk.domain import commands as c
from referral_desk.server.apply import apply_pushed
from referral_desk.server.tokens import Workstation as TokenHolder
from referral_desk.store.database.schema import SCHEMA_VERSION
from referral_desk.sync.protocol import PushedCommand
from tests.fixtures import NOW, fid, valid_id_number
from tests.sync_desks import bearer

ID_NUMBER = valid_id_number()


def item(mutation_id: str, command: dict, *, at=NOW, base_version: int = 0) -> dict:
    at = at if isinstance(at, str) else at.isoformat()
    return {"mutation_id": mutation_id, "base_version": base_version, "operator": "张敏", "at": at, "command": command}


def specialty(n: int, name: str = "心血管内科", sort_order=0) -> dict:
    return {"name": "upsert_specialty", "specialty_id": fid(n), "specialty_name": name, "sort_order": sort_order}


def push(central, token: str, commands: list[dict], **kw) -> httpx.Response:
    body = json.dumps({"schema_version": SCHEMA_VERSION, "commands": commands}, ensure_ascii=False)
    return httpx.post(f"{central.url}/api/v1/sync/push", content=body.encode(), timeout=30,
                      headers={**bearer(token), "Content-Type": "application/json"}, **kw)


def statuses(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["status"] for r in response.json()["results"]]


def test_bad_values_are_rejected_one_by_one_and_the_rest_applied(central):
    token = central.token("窗口1")
    r = push(central, token, [
        item("m1", specialty(1)),
        item("m2", specialty(2, "王\x00建国")),
        item("m3", specialty(3, sort_order=10**20)),
        item("m4", specialty(4), at="9999-12-31T23:00:00-05:00"),
        item("m5", {"name": "launch_rocket"}),
        item("m6", specialty(6, "神经内科")),
    ])
    assert statuses(r) == ["applied", "rejected", "rejected", "rejected", "rejected", "applied"]
    messages = [x["message"] or "" for x in r.json()["results"]]
    assert "specialty_name" in messages[1] and "控制字符" in messages[1]
    assert "sort_order" in messages[2] and "范围" in messages[2]
    assert "at" in messages[3]
    assert "command" in messages[4]
    assert central.count("specialty") == 2
    # The next push goes through: nothing is stuck behind the rejected ones.
    assert statuses(push(central, token, [item("m7", specialty(7, "骨科"))])) == ["applied"]


def test_a_command_the_database_cannot_store_is_rejected_not_a_500(central, caplog):
    """The second line behind validation: a value that slipped past it (built without validating)
    is answered `rejected`, and the log names no patient data."""
    bad = c.CreateBedRequest.model_construct(
        bed_request_id=fid(500), consultation_id=None, referral_id=None, department="心内科", department_phone=None,
        patient_name="张\x00三", patient_id_number=ID_NUMBER, patient_phone="13800001111", from_unit="阳谷县人民医院",
        window_start=NOW + timedelta(days=1), window_end=NOW + timedelta(days=2), name="create_bed_request")
    pushed = PushedCommand.model_construct(mutation_id="m-bad", base_version=0, operator="张敏", at=NOW, command=bad)
    holder = TokenHolder("窗口1", "operator")
    caplog.set_level(logging.DEBUG)
    result = apply_pushed(central.engine, pushed, holder, _policy(), NOW, set())
    if central.engine.dialect.name == "postgresql":  # SQLite stores NUL and big integers as they are
        assert result.status == "rejected" and "服务器无法保存" in result.message
        assert central.count("bed_request") == 0 and central.count("applied_mutation") == 0
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert ID_NUMBER not in logged and "13800001111" not in logged


def _policy():
    from referral_desk.domain.policy import Policy

    return Policy()


@pytest.mark.parametrize("since", [2**62 + 1, 2**63, 10**30, -1])
def test_a_pull_cursor_out_of_range_is_a_422(central, since):
    token = central.token("窗口1")
    r = httpx.get(f"{central.url}/api/v1/sync/pull", params={"since": since},
                  headers={**bearer(token)}, timeout=30)
    assert r.status_code == 422 and "since" in r.text


def test_a_body_over_the_limit_is_refused_before_it_is_read_whole(central):
    token = central.token("窗口1")
    def endless():
        for _ in range(64):  # 64 MiB offered, chunked, with no Content-Length
            yield b" " * 2**20

    r = httpx.post(f"{central.url}/api/v1/sync/push", content=endless(), timeout=60,
                   headers={**bearer(token), "Content-Type": "application/json"})
    assert r.status_code == 413 and "4 MiB" in r.text
    # A declared 512 MiB body is answered from its headers, before any of it is sent.
    host, port = central.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(f"POST /api/v1/sync/push HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
                     f"X-Referral-Desk-Schema: {SCHEMA_VERSION}\r\n"
                     f"Content-Type: application/json\r\nContent-Length: {2**29}\r\n\r\n".encode())
        assert conn.recv(200).startswith(b"HTTP/1.1 413")
    assert central.count("applied_mutation") == 0


def test_audit_times_far_from_the_servers_are_refused_and_receipt_is_recorded(central, clock):
    token = central.token("窗口1")
    reveal = {"name": "log_audit_event", "action": "reveal_id_number", "subject_entity": "consultation",
              "subject_id": fid(101)}
    r = push(central, token, [
        item("a1", {**reveal, "audit_entry_id": fid(901)}, at="2001-01-01T00:00:00+00:00"),
        item("a2", {**reveal, "audit_entry_id": fid(902)}, at=NOW + timedelta(hours=2)),
        item("a3", {**reveal, "audit_entry_id": fid(903)}, at=NOW - timedelta(hours=3)),
    ])
    assert statuses(r) == ["rejected", "rejected", "applied"]
    assert "早于" in r.json()["results"][0]["message"] and "晚于" in r.json()["results"][1]["message"]
    with central.engine.connect() as conn:
        at, received = conn.execute(text("SELECT at, received_at FROM audit_entry WHERE id = :i"),
                                    {"i": fid(903)}).one()
    assert received is not None and str(received).startswith(str(NOW.astimezone().date())[:4])


def test_a_supervisor_token_writes_only_its_own_reveals_and_exports(central):
    token = central.token("督导室", role="supervisor")
    base = {"name": "log_audit_event", "subject_entity": "consultation", "subject_id": fid(101)}
    r = push(central, token, [
        item("s1", {**base, "action": "reveal_id_number", "audit_entry_id": fid(911)}),
        item("s2", {**base, "action": "export_report", "audit_entry_id": fid(912)}),
        item("s3", {**base, "action": "acknowledge_conflict", "audit_entry_id": fid(913)}),
        item("s4", specialty(1)),
        item("s5", {"name": "approve_consultation", "consultation_id": fid(101)}, base_version=1),
    ])
    assert statuses(r) == ["applied", "applied", "rejected", "rejected", "rejected"]
    assert "督导" in r.json()["results"][3]["message"]
    assert central.count("specialty") == 0
    with central.engine.connect() as conn:
        assert conn.execute(text("SELECT DISTINCT workstation FROM audit_entry")).scalars().all() == ["督导室"]


def test_an_expired_token_is_refused_and_a_burst_of_bad_tokens_is_slowed_but_not_good_ones(central, clock):
    from referral_desk.server.throttle import BURST
    from referral_desk.server.tokens import create_token

    good = central.token("窗口1")
    brief = create_token(central.engine, "临时", "operator", clock.now(), clock.now() + timedelta(hours=1))
    url = f"{central.url}/api/v1/health"
    assert httpx.get(url, headers={**bearer(brief)}, timeout=30).status_code == 200
    clock.advance(timedelta(hours=2))
    expired = httpx.get(url, headers={**bearer(brief)}, timeout=30)
    assert expired.status_code == 401 and "过期" in expired.text
    codes = [httpx.get(url, headers={"Authorization": f"Bearer guess{n}"}, timeout=30).status_code
             for n in range(BURST + 3)]
    assert codes[:BURST - 1].count(401) == BURST - 1 and codes[-1] == 429
    slowed = httpx.get(f"{central.url}/api/v1/sync/pull", headers={"Authorization": "Bearer guess"}, timeout=30)
    assert slowed.status_code == 429 and int(slowed.headers["Retry-After"]) >= 1
    assert httpx.get(url, headers={**bearer(good)}, timeout=30).status_code == 200
    clock.advance(timedelta(minutes=2))  # the burst is forgotten
    assert httpx.get(url, headers={"Authorization": "Bearer guess"}, timeout=30).status_code == 401


def test_the_openapi_document_describes_the_push_body_and_every_answer(central):
    doc = httpx.get(f"{central.url}/openapi.json", timeout=30).json()
    push = doc["paths"]["/api/v1/sync/push"]["post"]
    assert push["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/PushRequest"}
    assert {"400", "401", "409", "413", "422", "429", "503"} <= set(push["responses"])
    assert {"401", "409", "422", "429"} <= set(doc["paths"]["/api/v1/sync/pull"]["get"]["responses"])
    schemas = doc["components"]["schemas"]
    assert "PushedCommand" in schemas and "CreateConsultation" in schemas
    refs = [v for v in _walk(doc) if isinstance(v, str) and v.startswith("#/")]
    assert all(r.removeprefix("#/components/schemas/") in schemas for r in refs)  # no dangling reference


def _walk(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    else:
        yield value


async def test_a_body_is_read_no_further_than_the_limit():
    """The server's reader takes chunks only until the limit is passed (memory stays bounded,
    whatever uvicorn does with the rest of the connection)."""
    from fastapi import HTTPException
    from starlette.requests import Request

    from referral_desk.server.limits import read_limited

    taken = []

    async def receive():
        taken.append(1)
        return {"type": "http.request", "body": b" " * 2**18, "more_body": len(taken) < 2048}  # 512 MiB offered

    request = Request({"type": "http", "method": "POST", "headers": []}, receive)
    with pytest.raises(HTTPException) as refused:
        await read_limited(request, 2**20)
    assert refused.value.status_code == 413 and len(taken) == 5  # 1 MiB + one chunk, not 512 MiB


def test_a_token_never_starts_with_a_dash(tmp_path, clock, monkeypatch):
    """Typed after --token, a token starting with "-" is taken for an option (a sync that fails at random)."""
    import secrets

    from referral_desk.server.db import open_server_db
    from referral_desk.server.tokens import create_token

    made = iter(["-first", "-second", "third"])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda _n: next(made))
    engine = open_server_db(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    try:
        assert create_token(engine, "窗口1", "operator", clock.now()) == "third"
    finally:
        engine.dispose()


def test_a_revoked_or_expired_workstation_gets_a_new_token_under_its_own_name(central, desks, clock):
    """Issue 23 item 5: its name is its identity (audit, reminders, metrics); only a live token blocks a new one."""
    import httpx
    import pytest

    from referral_desk.server.tokens import TokenError, create_token, revoke_token

    old = central.token("窗口1")
    with pytest.raises(TokenError, match="已有令牌"):
        create_token(central.engine, "窗口1", "operator", clock.now())
    revoke_token(central.engine, "窗口1", clock.now())
    new = create_token(central.engine, "窗口1", "supervisor", clock.now())

    def health(token: str) -> httpx.Response:
        return httpx.get(f"{central.url}/api/v1/health", headers={**bearer(token)}, timeout=10)

    assert health(old).status_code == 401
    answer = health(new).json()
    assert (answer["workstation"], answer["role"]) == ("窗口1", "supervisor")
    from datetime import timedelta

    expiring = create_token(central.engine, "窗口2", "operator", clock.now(), clock.now() + timedelta(days=1))
    clock.advance(timedelta(days=2))
    assert health(expiring).status_code == 401
    assert health(create_token(central.engine, "窗口2", "operator", clock.now())).json()["workstation"] == "窗口2"


def test_a_forged_forwarded_address_does_not_escape_the_bad_token_limit(tmp_path):
    """Issue 23 item 4: uvicorn believes X-Forwarded-For from 127.0.0.1 by default; `serve` believes it
    from no one unless --forwarded-allow-ips names the proxy."""
    import httpx

    from tests.fixtures import NOW
    from tests.live_server import ServeProcess

    server = ServeProcess(f"sqlite:///{tmp_path / 'server.sqlite3'}", 1, NOW, tmp_path / "config")
    try:
        codes = [httpx.get(f"{server.url}/api/v1/health", timeout=10, headers={
            "Authorization": "Bearer wrong", "X-Forwarded-For": f"10.9.{n // 250}.{n % 250 + 1}"}).status_code
            for n in range(25)]
    finally:
        server.stop()
    assert codes[:20] == [401] * 20 and set(codes[20:]) == {429}


def test_a_forwarded_allow_list_that_is_not_addresses_is_refused_in_words(tmp_path, capsys):
    from tests.commandline import run

    code, _out, err = run(["serve", "--database-url", f"sqlite:///{tmp_path / 's.sqlite3'}",
                           "--forwarded-allow-ips", "10.0.0.2,proxy.local"], capsys)
    assert code == 2 and "--forwarded-allow-ips 无效" in err

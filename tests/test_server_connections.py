"""The server's guard on its connections (issue 23 item 2): idle sockets without a token cannot use up
the open files, slow clients are cut off at a deadline, and a full house answers 503 with Retry-After;
and its numbers are every worker's (item 6)."""

from __future__ import annotations

import asyncio
import queue
import socket
import threading

import httpx
import pytest

from referral_desk.server.connections import ConnectionLimits, GuardedH11Protocol
from referral_desk.server.db import open_server_db
from referral_desk.server.tokens import create_token
from referral_desk.store.database.marker import SCHEMA_VERSION
from tests.fixtures import NOW
from tests.live_server import LiveServer, ServeProcess
from tests.test_server_ops import _metric


def _address(url: str) -> tuple[str, int]:
    host, port = url.split("://")[1].split(":")
    return host, int(port)


def _closed_by_server(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True


def _until_closed(sock: socket.socket) -> bytes:
    got = b""
    while chunk := sock.recv(4096):
        got += chunk
    return got


def _log_after(server: ServeProcess) -> list[str]:
    lines = []
    while True:
        try:
            line = server.log.get_nowait()
        except queue.Empty:
            return lines
        if line is not None:
            lines.append(line)


def test_idle_connections_without_a_token_cannot_use_up_the_open_files(tmp_path):
    """1,100 idle connections took the server down under the usual 1,024 open files, and the log grew
    348 MB in 15 s of `Too many open files`. Scaled down: 400 idle sockets against a server allowed 256
    open files. The longest idle make room, a desk's call is answered, and the log stays quiet."""
    server = ServeProcess(f"sqlite:///{tmp_path / 'server.sqlite3'}", 1, NOW, tmp_path / "config",
                          extra=["--header-timeout", "600"], open_files=256)
    idle: list[socket.socket] = []
    try:
        for _ in range(400):
            idle.append(socket.create_connection(_address(server.url), timeout=10))
        answer = httpx.get(server.url + "/api/v1/live", timeout=20)
        assert answer.status_code == 200
        closed = sum(_closed_by_server(sock) for sock in idle)
        assert closed >= 400 - (256 - 64)  # at most the cap stays open; the oldest went first
        assert not _closed_by_server(idle[-1])  # the newest idle one is still there
        text = httpx.get(server.url + "/metrics", timeout=20).text
        assert _metric(text, "referral_desk_connections_closed_total", reason="idle_made_room") == closed
        log = _log_after(server)
        assert len(log) < 20, log[:5]
        assert not [line for line in log if "Traceback" in line or "Too many open files" in line]
    finally:
        for sock in idle:
            sock.close()
        server.stop()


def test_a_client_too_slow_with_its_headers_or_body_is_cut_off(tmp_path):
    """uvicorn keeps a connection that never finishes its request open for ever (a slowloris holds the
    server's descriptors one byte at a time). Headers and body each have a deadline."""
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    engine = open_server_db(url)
    token = create_token(engine, "窗口1", "operator", NOW)
    engine.dispose()
    server = ServeProcess(url, 1, NOW, tmp_path / "config", extra=["--header-timeout", "1", "--body-timeout", "1"])
    socks: list[socket.socket] = []
    try:
        silent, halfway, uploading = socks = [socket.create_connection(_address(server.url), timeout=30)
                                              for _ in range(3)]
        halfway.sendall(b"GET /api/v1/live HTTP/1.1\r\nHost: x\r\n")
        uploading.sendall(f"POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                          f"X-Referral-Desk-Schema: {SCHEMA_VERSION}\r\n"
                          "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"sch".encode())
        # Closed by the server (a timeout here: never closed); a request not yet begun is told why.
        assert [_until_closed(sock)[:12] for sock in socks] == [b"HTTP/1.1 408", b"HTTP/1.1 408", b""]
        text = httpx.get(server.url + "/metrics", timeout=20).text
        assert _metric(text, "referral_desk_connections_closed_total", reason="slow_header") == 2
        assert _metric(text, "referral_desk_connections_closed_total", reason="slow_body") == 1
        assert _metric(text, "referral_desk_requests_total", route="/api/v1/sync/push", method="POST",
                       status="499") == 1
        assert httpx.get(server.url + "/api/v1/live", timeout=20).status_code == 200  # a prompt client is served
    finally:
        for sock in socks:
            sock.close()
        server.stop()


def test_a_full_house_of_busy_connections_tells_the_newcomer_to_retry(monkeypatch):
    """Over the cap with no idle connection to close: the newcomer gets a 503 with Retry-After at once
    (the desk backs off) instead of being left unanswered."""
    release = threading.Event()
    started = threading.Semaphore(0)

    async def slow_app(scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        started.release()
        await asyncio.to_thread(release.wait, 30)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    monkeypatch.setattr(GuardedH11Protocol, "limits", ConnectionLimits(2, 30, 30))
    live = LiveServer(slow_app, http=GuardedH11Protocol)
    busy = []
    try:
        for _ in range(2):
            sock = socket.create_connection(_address(live.url), timeout=30)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            busy.append(sock)
            assert started.acquire(timeout=30)
        answer = httpx.get(live.url + "/", timeout=30)
        assert answer.status_code == 503 and answer.headers["retry-after"] == "2"
        release.set()
        for sock in busy:
            assert b"200" in sock.recv(1024).split(b"\r\n")[0]  # the busy ones were not disturbed
    finally:
        release.set()
        for sock in busy:
            sock.close()
        live.stop()


@pytest.mark.parametrize("workers", [2, 4])
def test_every_scrape_counts_every_worker(tmp_path, clock, policy, workers):
    """Issue 23 item 6: Prometheus saw one worker at a time (19 applied pushes when the database held 50;
    counters dropping when the keep-alive moved). Scraped over fresh connections, each answer (whichever
    worker gives it) counts what the database holds, and never goes down."""
    from referral_desk.domain import commands as c
    from tests.fixtures import CONSULT_OVERDUE
    from tests.sync_desks import Remote, Workstation, seed_and_sync

    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    open_server_db(url).dispose()
    server = ServeProcess(url, workers, NOW, tmp_path / "config")
    remote = Remote(server.url, url, clock)
    desks = []
    try:
        assert len(server.pids) == workers
        desks = [Workstation(remote, f"窗口8-{n}", tmp_path, clock, policy) for n in range(3)]
        seed_and_sync(*desks)
        desks[1].service.execute(c.ApproveConsultation(consultation_id=CONSULT_OVERDUE))
        for desk in desks:
            desk.sync()
        with remote.engine.connect() as conn:
            from sqlalchemy import text as sql

            applied = conn.execute(sql("SELECT count(*) FROM applied_mutation")).scalar()
        assert applied > 1
        answered = []
        for _ in range(4 * workers):
            scrape = httpx.get(server.url + "/metrics", timeout=20).text  # a new connection each time
            assert _metric(scrape, "referral_desk_push_results_total", status="applied") == applied
            assert _metric(scrape, "referral_desk_workstations_connected") == 3
            assert _metric(scrape, "referral_desk_build_info", version=__import__("referral_desk").__version__,
                           database="sqlite") == 1
            answered.append(_metric(scrape, "referral_desk_requests_total", route="/api/v1/sync/pull",
                                    method="GET", status="200"))
        assert answered == sorted(answered) and answered[0] >= 6  # never down: every worker's pulls
    finally:
        for desk in desks:
            desk.close()
        remote.engine.dispose()
        assert server.stop() == 0


def test_the_metrics_say_when_the_served_certificate_expires(tmp_path):
    """Issue 23 item 6: an expired certificate stops every desk's sync; Prometheus can alert weeks before."""
    from datetime import timedelta

    import trustme
    from cryptography import x509

    from referral_desk.server.metrics import ServerMetrics

    issued = trustme.CA().issue_cert("127.0.0.1")
    cert = tmp_path / "server.pem"
    issued.cert_chain_pems[0].write_to_path(str(cert))
    expires = x509.load_pem_x509_certificate(cert.read_bytes()).not_valid_after_utc
    ten_days_before = (expires - timedelta(days=10)).timestamp()
    text = ServerMetrics(lambda: ten_days_before, database="sqlite", certfile=str(cert)).render().decode()
    assert _metric(text, "referral_desk_tls_certificate_expiry_seconds") == expires.timestamp()
    assert _metric(text, "referral_desk_tls_certificate_days_left") == 10
    plain = ServerMetrics(database="sqlite").render().decode()
    assert "tls_certificate" not in plain and "referral_desk_build_info" in plain


def test_sync_calls_beyond_those_in_hand_get_a_fast_503_and_monitoring_is_never_shed():
    """`serve --max-in-hand N`: one more sync call than a worker has in hand is told to come back (the
    desk waits its Retry-After), before it costs a thread or a database connection; probes still answer."""
    from prometheus_client import CollectorRegistry, Counter

    from referral_desk.server.limits import ShedLoad

    release = threading.Event()
    started = threading.Semaphore(0)

    async def slow_app(scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        if scope["path"] == "/api/v1/sync/pull":
            started.release()
            await asyncio.to_thread(release.wait, 30)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    shed = Counter("shed", "calls shed", registry=CollectorRegistry())
    live = LiveServer(ShedLoad(slow_app, limit=2, counted=shed))
    try:
        with httpx.Client(base_url=live.url, timeout=30, limits=httpx.Limits(max_connections=10)) as http:
            import concurrent.futures

            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                held = [pool.submit(http.get, "/api/v1/sync/pull") for _ in range(2)]
                for _ in range(2):
                    assert started.acquire(timeout=30)
                third = http.get("/api/v1/sync/pull")
                assert third.status_code == 503 and third.headers["retry-after"] == "2" and "繁忙" in third.text
                assert http.get("/api/v1/ready").status_code == 200 and http.get("/metrics").status_code == 200
                release.set()
                assert [f.result().status_code for f in held] == [200, 200]
            assert http.get("/api/v1/sync/pull").status_code == 200  # the count went back down
        assert shed._value.get() == 1
    finally:
        release.set()
        live.stop()


def test_an_accept_error_reaches_the_log_once_a_minute_with_a_count(monkeypatch):
    """asyncio logs `socket.accept() out of system resource` with a traceback on every failed accept:
    348 MB of log in 15 s. One line per minute, saying how many were held back."""
    import logging

    from referral_desk.server import connections

    now = [1000.0]
    monkeypatch.setattr(connections.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(connections.AcceptErrorsOnce, "_last", {})
    monkeypatch.setattr(connections.AcceptErrorsOnce, "_held", {})
    gate = connections.AcceptErrorsOnce()

    def attempt() -> logging.LogRecord:
        try:
            raise OSError(24, "Too many open files")
        except OSError:
            import sys

            return logging.LogRecord("asyncio", logging.ERROR, __file__, 1, "socket.accept() out of system resource",
                                     (), sys.exc_info())

    passed = [r for r in (attempt() for _ in range(500)) if gate.filter(r)]
    assert len(passed) == 1 and passed[0].exc_info is None
    now[0] += 61
    later = attempt()
    assert gate.filter(later) and "499 more like this" in later.getMessage()
    other = logging.LogRecord("asyncio", logging.ERROR, __file__, 1, "Task was destroyed", (), None)
    assert gate.filter(other)  # anything else passes untouched


def test_idle_sockets_that_never_say_hello_over_tls_do_not_hold_the_server(tmp_path):
    """Outside test of issue 23: over https a connection is the server's only after its TLS handshake, so
    400 sockets that never sent a ClientHello, against a server allowed 256 open files, stopped every desk
    for a minute (asyncio's handshake deadline) while the accept loop spun on EMFILE at 70 % of a core.
    The handshake now has the header deadline, and a failed accept ends its round."""
    import trustme

    ca = trustme.CA()
    issued = ca.issue_cert("127.0.0.1")
    cert, key, ca_file = tmp_path / "server.pem", tmp_path / "server.key", tmp_path / "ca.pem"
    issued.cert_chain_pems[0].write_to_path(str(cert))
    issued.private_key_pem.write_to_path(str(key))
    ca.cert_pem.write_to_path(str(ca_file))
    server = ServeProcess(f"sqlite:///{tmp_path / 'server.sqlite3'}", 1, NOW, tmp_path / "config", open_files=256,
                          extra=["--header-timeout", "2", "--ssl-certfile", str(cert), "--ssl-keyfile", str(key)])
    url = server.url.replace("http://", "https://")
    idle: list[socket.socket] = []
    try:
        for _ in range(400):
            idle.append(socket.create_connection(_address(server.url), timeout=10))
        cpu_before, started = _cpu_seconds(server.proc.pid), __import__("time").monotonic()
        trust = __import__("ssl").create_default_context(cafile=str(ca_file))
        answer = httpx.get(url + "/api/v1/live", timeout=30, verify=trust)  # within a deadline or two
        assert answer.status_code == 200
        spent = _cpu_seconds(server.proc.pid) - cpu_before
        assert spent < 0.5 * (__import__("time").monotonic() - started) + 0.2  # no accept loop spinning
        log = _log_after(server)
        assert len(log) < 20 and not [line for line in log if "Traceback" in line], log[:5]
    finally:
        for sock in idle:
            sock.close()
        server.stop()


def _cpu_seconds(pid: int) -> float:
    import os

    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.parametrize("option, value", [("--port", "-1"), ("--port", "99999999999"), ("--max-connections", "0"),
                                           ("--header-timeout", "abc"), ("--keep-alive", "0"),
                                           ("--max-in-hand", "-5"), ("--worker-healthcheck-timeout", "1")])
def test_every_serve_number_is_bounded_and_refused_in_words(option, value, capsys):
    """The outside test found `--port -1` ending in an OverflowError traceback."""
    from referral_desk.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["serve", option, value])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "Traceback" not in err and option in err and "应为" in err


def test_a_forwarded_address_that_is_not_an_address_counts_as_one():
    from starlette.requests import Request

    from referral_desk.server.app import client_address

    def asked(host: str) -> str:
        return client_address(Request({"type": "http", "client": (host, 1), "headers": []}))

    assert asked("10.1.1.1") == "10.1.1.1" and asked("::1") == "::1"
    assert asked("garbage<script>") == asked("6.6.6.6, junk") == "invalid-forwarded-address"

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
                          "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"sch".encode())
        for sock in socks:
            assert sock.recv(1024) == b""  # closed by the server (a timeout here: never closed)
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
    from tests.sync_desks import Workstation, seed_and_sync
    from tests.test_server_workers import _Remote

    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    open_server_db(url).dispose()
    server = ServeProcess(url, workers, NOW, tmp_path / "config")
    remote = _Remote(server.url, url, clock)
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

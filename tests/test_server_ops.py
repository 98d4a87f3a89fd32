"""What a hospital's IT department runs the server with (issue 15): liveness and readiness without a
token, Prometheus metrics, and each workstation's pushes in `server token list`."""

from __future__ import annotations

import re

import httpx

from referral_desk.server.app import create_app
from referral_desk.server.db import open_server_db
from referral_desk.store.database.marker import SCHEMA_VERSION
from tests.commandline import run
from tests.live_server import LiveServer, PostgresCluster
from tests.sync_desks import bearer, seed_and_sync


def _metric(text: str, name: str, **labels) -> float:
    """One sample's value from Prometheus' text format (0 when the series does not exist yet)."""
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        head, _, value = line.rpartition(" ")
        sample, _, raw = head.partition("{")
        found = ",".join(sorted(raw.rstrip("}").split(","))) if raw else ""
        if sample == name and found == want:
            return float(value)
    return 0.0


def test_liveness_and_readiness_answer_without_a_token_and_reveal_nothing(central):
    for path, body in (("/api/v1/live", {"status": "ok"}), ("/api/v1/ready", {"status": "ready"})):
        answer = httpx.get(central.url + path, timeout=10)
        assert answer.status_code == 200 and answer.json() == body  # no server id, version or name
    assert httpx.get(central.url + "/api/v1/health", timeout=10).status_code == 401  # still needs a token


def test_metrics_count_requests_pushes_pulls_and_workstations(central, desks):
    first, second = desks("窗口8-1"), desks("窗口8-2")
    seed_and_sync(first, second)
    for path in ("/wp-admin", "/api/v1/../../etc/passwd", "/api/v1/sync/pull/../x"):
        httpx.get(central.url + path, timeout=10)
    for n in range(3):  # HTTP allows made-up methods: each would be a new series
        httpx.request(f"SCAN{n}", central.url + "/api/v1/live", timeout=10)
    text = httpx.get(central.url + "/metrics", timeout=10).text
    applied = _metric(text, "referral_desk_push_results_total", status="applied")
    assert applied == central.count("applied_mutation") > 0
    assert _metric(text, "referral_desk_pull_rows_total") >= applied
    assert _metric(text, "referral_desk_requests_total", route="/api/v1/sync/pull", method="GET", status="200") >= 2
    assert _metric(text, "referral_desk_request_seconds_count", route="/api/v1/sync/push") >= 1
    assert _metric(text, "referral_desk_workstations_connected") == 2
    assert _metric(text, "referral_desk_workstation_last_seen_seconds", workstation="窗口8-2") > 0
    # Made-up paths fall under one series; no token and no typed path reaches the output.
    routes = set(re.findall(r'route="([^"]*)"', text))
    assert routes <= {"/api/v1/sync/pull", "/api/v1/sync/push", "/api/v1/live", "/api/v1/ready",
                      "/api/v1/health", "/metrics", "unmatched"}
    assert first.token not in text and "passwd" not in text and "wp-admin" not in text
    assert set(re.findall(r'method="([^"]*)"', text)) <= {"GET", "POST", "other"}


def test_token_list_shows_what_each_workstation_pushed(central, desks, capsys, monkeypatch):
    first, second = desks("窗口8-1"), desks("窗口8-2")
    seed_and_sync(first, second)
    desks("窗口8-3")
    # From the environment, as systemd's EnvironmentFile gives it (a password stays out of `ps`).
    monkeypatch.setenv("REFERRAL_DESK_SERVER_DATABASE_URL", central.engine.url.render_as_string(hide_password=False))
    code, out, _err = run(["server", "token", "list"], capsys)
    lines = {line.split("\t")[0]: line for line in out.splitlines()}
    assert code == 0 and set(lines) == {"窗口8-1", "窗口8-2", "窗口8-3"}
    assert (f"已推送 {central.count('applied_mutation')} 条（applied {central.count('applied_mutation')}）"
            in lines["窗口8-1"])
    assert lines["窗口8-2"].endswith("尚未推送") and lines["窗口8-3"].endswith("尚未推送")


def test_a_database_that_stops_answering_is_not_ready_and_is_counted(clock):
    cluster = PostgresCluster()
    running = True
    try:
        engine = open_server_db(cluster.new_database())
        live = LiveServer(create_app(engine, clock=clock))
        try:
            assert httpx.get(live.url + "/api/v1/ready", timeout=10).status_code == 200
            cluster.stop()
            running = False
            engine.dispose()  # the pool's connections went with the cluster
            answer = httpx.get(live.url + "/api/v1/ready", timeout=30)
            assert answer.status_code == 503 and answer.headers["retry-after"] == "5"
            assert httpx.get(live.url + "/api/v1/live", timeout=10).json() == {"status": "ok"}
            text = httpx.get(live.url + "/metrics", timeout=10).text
            assert _metric(text, "referral_desk_database_errors_total") == 1
            assert _metric(text, "referral_desk_requests_total", route="/api/v1/ready", method="GET", status="503") == 1
        finally:
            live.stop()
            engine.dispose()
    finally:
        if running:
            cluster.stop()


def test_the_service_unit_and_the_container_run_a_command_the_desk_accepts():
    """deploy/referral-desk-server.service and the Dockerfile start `referral-desk serve` with options that
    exist and values in bounds, from the variables the example environment file sets (no daemon runs
    here to build the image; `systemd-analyze verify` accepted the unit by hand)."""
    import json
    import shlex
    from pathlib import Path

    from referral_desk.cli import build_parser
    from referral_desk.config import CONFIG_ENV
    from referral_desk.server.factory import DATABASE_ENV

    root = Path(__file__).parent.parent
    env = dict(line.split("=", 1)
               for line in (root / "deploy/server.env.example").read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#"))
    assert DATABASE_ENV in env  # the password stays out of the command line
    unit = (root / "deploy/referral-desk-server.service").read_text(encoding="utf-8")
    exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    words = [env[w[2:-1]] if w.startswith("${") else w for w in shlex.split(exec_start.removeprefix("ExecStart="))]
    used = set(re.findall(r"\$\{(\w+)\}", exec_start))
    # The password, the policy file and the data folder: read from the environment, not passed.
    assert used == set(env) - {DATABASE_ENV, CONFIG_ENV, "XDG_DATA_HOME"}
    args = build_parser().parse_args(words[1:])
    assert (args.command, args.workers, args.port, args.ssl_certfile) == ("serve", 2, 8750, env["RD_SSL_CERTFILE"])
    docker = (root / "Dockerfile").read_text(encoding="utf-8")
    entry = json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", docker, re.M).group(1))
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", docker, re.M).group(1))
    args = build_parser().parse_args([*entry[1:], *cmd])
    assert (args.command, args.host, args.workers) == ("serve", "0.0.0.0", 2)
    assert re.search(r"^USER referral-desk$", docker, re.M)  # never root


def test_a_desk_of_another_schema_is_told_before_a_row_is_exchanged(central):
    """An old desk talking to a newer server (or the other way round) gets words, never a silent mismatch."""

    token = central.token("窗口8-1")
    auth = {"Authorization": f"Bearer {token}"}
    for path in ("/api/v1/sync/pull", "/api/v1/health"):
        ok = httpx.get(central.url + path, headers={**auth, "X-Referral-Desk-Schema": str(SCHEMA_VERSION)}, timeout=10)
        assert ok.status_code == 200
        # One schema behind is served (desks are upgraded after the server: test_desks_one_schema_behind).
        behind = httpx.get(central.url + path, headers={**auth, "X-Referral-Desk-Schema": str(SCHEMA_VERSION - 1)},
                           timeout=10)
        assert behind.status_code == 200
        older = httpx.get(central.url + path, headers={**auth, "X-Referral-Desk-Schema": str(SCHEMA_VERSION - 2)},
                          timeout=10)
        assert older.status_code == 409 and "请升级工作站" in older.json()["detail"]
        newer = httpx.get(central.url + path, headers={**auth, "X-Referral-Desk-Schema": str(SCHEMA_VERSION + 1)},
                          timeout=10)
        assert newer.status_code == 409 and "服务器尚未升级" in newer.json()["detail"]
        odd = httpx.get(central.url + path, headers={**auth, "X-Referral-Desk-Schema": "8; DROP TABLE"}, timeout=10)
        assert odd.status_code == 409 and "DROP" not in odd.json()["detail"] and "（?）" in odd.json()["detail"]
    # The release before the header: taken as schema 8, the current one when the header came in.
    assert httpx.get(central.url + "/api/v1/health", headers=auth, timeout=10).status_code == (
        200 if SCHEMA_VERSION in (8, 9) else 409)


def test_a_server_whose_disk_is_full_is_not_ready(tmp_path, clock, monkeypatch):
    """At a full disk SQLite still answers `SELECT 1`; a load balancer must still stop sending pushes."""
    import referral_desk.server.app as server_app
    from tests.sync_desks import Central

    central = Central(f"sqlite:///{tmp_path / 'server.sqlite3'}", clock)
    try:
        assert httpx.get(central.url + "/api/v1/ready", timeout=10).status_code == 200
        seen = []
        monkeypatch.setattr(server_app, "disk_full", lambda where: seen.append(where) or True)
        answer = httpx.get(central.url + "/api/v1/ready", timeout=10)
        assert answer.status_code == 503 and "磁盘已满" in answer.json()["detail"]
        assert answer.headers["retry-after"] == "30" and seen == [tmp_path / "server.sqlite3"]
    finally:
        central.close()


def test_a_push_the_full_disk_refuses_says_the_disk_is_full(tmp_path, clock, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import referral_desk.server.app as server_app
    from referral_desk.store.database.schema import SCHEMA_VERSION
    from tests.sync_desks import Central

    def full(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    central = Central(f"sqlite:///{tmp_path / 'server.sqlite3'}", clock)
    try:
        monkeypatch.setattr(server_app, "apply_pushed", full)
        monkeypatch.setattr(server_app, "disk_full", lambda _where: True)
        body = {"schema_version": SCHEMA_VERSION, "commands": [{
            "mutation_id": "m1", "base_version": 0, "at": clock.now().isoformat(),
            "command": {"name": "upsert_specialty", "specialty_id": "s1", "specialty_name": "康复医学科"}}]}
        answer = httpx.post(central.url + "/api/v1/sync/push", json=body, timeout=10,
                            headers={**bearer(central.token('窗口1'))})
        assert answer.status_code == 503 and "服务器磁盘已满" in answer.json()["detail"]
    finally:
        central.close()


def test_a_client_that_leaves_mid_upload_is_a_disconnect_not_a_server_error(tmp_path, clock, caplog):
    """Issue 23 item 3: it was logged as a traceback and counted as a 500, so 5xx alerts fired."""
    import socket
    import threading

    from tests.sync_desks import Central

    central = Central(f"sqlite:///{tmp_path / 'server.sqlite3'}", clock)
    metrics = central.live.server.config.app.state.metrics
    counted = threading.Event()  # the push's answer counted, whatever it was: the server noticed the close
    requests = metrics.requests

    class Watching:
        def labels(self, route, method, status):
            if route == "/api/v1/sync/push":
                counted.set()
            return requests.labels(route, method, status)

    metrics.requests = Watching()
    try:
        token = central.token("窗口1")
        host, port = central.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            conn.sendall(f"POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                         f"X-Referral-Desk-Schema: {SCHEMA_VERSION}\r\n"
                         "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"schema\"".encode())
        assert counted.wait(10)
        text = httpx.get(central.url + "/metrics", timeout=10).text
        assert _metric(text, "referral_desk_requests_total", route="/api/v1/sync/push", method="POST",
                       status="499") == 1
        assert _metric(text, "referral_desk_requests_total", route="/api/v1/sync/push", method="POST",
                       status="500") == 0
        assert not [r for r in caplog.records if r.exc_info]
    finally:
        central.close()


def test_a_storm_of_first_calls_against_a_small_pool_gets_answers_or_fast_503s(tmp_path, clock):
    """Issue 23 item 1: a pull took a second connection inside its own for the contact book, so with every
    pooled connection held by a pull, each waited 30 s for another and answered 500."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import create_engine

    from referral_desk.server.app import create_app
    from referral_desk.server.db import open_server_db
    from referral_desk.server.tokens import create_token

    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    open_server_db(url).dispose()
    engine = open_server_db(url)
    tokens = [create_token(engine, f"窗口{n}", "operator", clock.now()) for n in range(300)]
    engine.dispose()
    small = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10}, pool_size=2,
                          max_overflow=0, pool_timeout=1, hide_parameters=True)
    live = LiveServer(create_app(small, clock=clock))
    try:
        def first_pull(token: str) -> tuple[int, str | None]:
            r = httpx.get(f"{live.url}/api/v1/sync/pull", headers={**bearer(token)}, timeout=30)
            return r.status_code, r.headers.get("retry-after")

        with ThreadPoolExecutor(max_workers=100) as pool:  # 300 first calls, 100 at any moment
            answers = list(pool.map(first_pull, tokens))
    finally:
        live.stop()
        small.dispose()
    assert {code for code, _ in answers} <= {200, 503}, answers
    assert all(after for code, after in answers if code == 503)
    assert sum(code == 200 for code, _ in answers) >= 150  # most are served, none waits for ever

"""The server as hospital IT runs it (issue 26): under systemd (`Type=notify`, a real watchdog, a unit
that scores ≤ 3.0 in `systemd-analyze security`, no restart loop on a database to migrate), in a
container whose HEALTHCHECK works over https, and a certificate close to expiry said at start."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import trustme

from referral_desk.server.cli import warn_of_expiry
from referral_desk.server.probe import answers
from tests.fixtures import NOW
from tests.live_server import ServeProcess, free_port

ROOT = Path(__file__).parent.parent
UNIT = ROOT / "deploy/referral-desk-server.service"


def _unit() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in UNIT.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def _certificate(tmp_path: Path, days_left: float) -> tuple[str, str]:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", not_before=NOW - timedelta(days=300), not_after=NOW + timedelta(days=days_left))
    chain, key = tmp_path / "chain.pem", tmp_path / "key.pem"
    for n, pem in enumerate(cert.cert_chain_pems):
        pem.write_to_path(chain, append=n > 0)
    cert.private_key_pem.write_to_path(key)
    return str(chain), str(key)


def test_serve_tells_systemd_it_is_ready_and_pings_the_watchdog_while_it_answers(tmp_path, monkeypatch):
    """Type=notify: READY=1 only once the port answers; WATCHDOG=1 every half WatchdogSec (here 1 s).
    Over https, with a certificate 10½ days from expiry, which start-up warns about."""
    chain, key = _certificate(tmp_path, days_left=10.5)
    address = str(tmp_path / "notify.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(address)
    listener.settimeout(30)
    monkeypatch.setenv("NOTIFY_SOCKET", address)
    monkeypatch.setenv("WATCHDOG_USEC", "1000000")
    server = ServeProcess(f"sqlite:///{tmp_path / 'server.sqlite3'}", 1, NOW, tmp_path / "config",
                          extra=["--ssl-certfile", chain, "--ssl-keyfile", key])
    try:
        said = [listener.recv(4096).decode() for _ in range(3)]
        port = int(server.url.rsplit(":", 1)[1])
        assert answers(port, tls=True) is None  # it was answering when it said so
    finally:
        server.stop()
        listener.close()
    assert said[0].startswith("READY=1\nSTATUS=referral-desk ") and said[1:] == ["WATCHDOG=1", "WATCHDOG=1"]
    start = "".join(line for line in server.start_log if line)
    assert "服务器证书将于" in start and "剩 10 天" in start  # standard error, for whoever starts it by hand
    assert "event=certificate_expiry" in start  # and the journal


def test_a_certificate_near_or_past_expiry_is_warned_about(tmp_path, capsys, clock):
    for days, said in ((-1, "已于"), (29.5, "剩 29 天"), (31, None)):
        chain, _key = _certificate(tmp_path, days_left=days)
        warn_of_expiry(chain, clock)
        err = capsys.readouterr().err
        assert (said in err) if said else err == ""


def test_the_unit_restarts_on_failure_but_not_when_the_database_must_be_migrated_first():
    """`serve` exits 2 when the database needs `server migrate`: restarting every 5 s would never help."""
    unit = _unit()
    assert unit["Restart"] == ["on-failure"] and unit["RestartPreventExitStatus"] == ["2"]
    assert unit["Type"] == ["notify"] and unit["NotifyAccess"] == ["main"]
    assert int(unit["WatchdogSec"][0]) >= 10  # the ping comes from the probe: every half period
    assert int(unit["LimitNOFILE"][0]) >= 65536
    assert "--log-level info" in unit["ExecStart"][0]  # start, outages and stop reach the journal


@pytest.mark.skipif(not Path("/usr/bin/systemd-analyze").exists(), reason="systemd-analyze is not installed")
@pytest.mark.parametrize("unit", ["referral-desk-server.service", "referral-desk-backup.service"])
def test_the_units_are_hardened_to_an_exposure_of_at_most_3(unit):
    done = subprocess.run(["systemd-analyze", "security", "--offline=true", str(ROOT / "deploy" / unit)],
                          capture_output=True, text=True, timeout=60)
    score = float(re.search(r"Overall exposure level for \S+: ([\d.]+)", done.stdout).group(1))
    assert score <= 3.0, done.stdout[-2000:]


def test_the_install_steps_keep_the_environment_file_out_of_the_services_reach():
    """The file with the database password: root's, readable by the service's group, not writable by it."""
    comment = UNIT.read_text(encoding="utf-8")
    assert re.search(r"install -m 640 -o root -g referral-desk \S*server\.env\S* /etc/referral-desk/server\.env",
                     comment)


def test_the_container_probe_answers_over_https_and_plain_http_and_fails_when_nothing_listens(tmp_path):
    """The Dockerfile's HEALTHCHECK, run as written, against a server started over https and one over http."""
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    check = re.search(r"^HEALTHCHECK .*? CMD (\[.*\])$", docker, re.M)
    command = json.loads(check.group(1))
    assert command[:3] == ["python", "-m", "referral_desk.server.probe"]
    chain, key = _certificate(tmp_path, days_left=300)
    for extra in (["--ssl-certfile", chain, "--ssl-keyfile", key], []):
        server = ServeProcess(f"sqlite:///{tmp_path / 'server.sqlite3'}", 1, NOW, tmp_path / "config", extra=extra)
        try:
            port = server.url.rsplit(":", 1)[1]
            done = subprocess.run([sys.executable, *command[1:], "--port", port], capture_output=True, text=True,
                                  timeout=60)
            assert done.returncode == 0, done.stderr
        finally:
            server.stop()
    done = subprocess.run([sys.executable, *command[1:], "--port", str(free_port())], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1 and "无应答" in done.stderr


def test_the_image_installs_dependencies_before_the_code_and_carries_the_postgresql_tools():
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    base = re.search(r"^FROM (\S+)", docker, re.M).group(1)
    # a release, not a tag that moves
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", base)
    assert "postgresql-client-15" in docker  # pg_dump / pg_restore for `server backup` / `restore`
    assert docker.index("pip install") < docker.index("COPY referral_desk")  # a code change keeps the layer
    assert re.search(r"^VOLUME \[\"/var/lib/referral-desk\"\]$", docker, re.M)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "tests", "benchmarks"} <= set(ignored)


def test_the_watchdog_is_not_pinged_while_the_server_does_not_answer(tmp_path, monkeypatch, caplog):
    """A wedged server gets no ping (systemd restarts it); one that answers again is pinged again."""
    from referral_desk.server.systemd import Watchdog

    address = str(tmp_path / "notify.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(address)
    listener.settimeout(30)
    monkeypatch.setenv("NOTIFY_SOCKET", address)
    monkeypatch.setenv("WATCHDOG_USEC", "20000")  # a ping every 10 ms
    answers_in_turn = iter(["starting", None, None, "wedged", "wedged", "wedged", None])
    timeouts: list[float] = []
    dog = Watchdog(lambda timeout: timeouts.append(timeout) or next(answers_in_turn, None), status="test")
    with caplog.at_level("WARNING", logger="referral_desk.server"):
        dog.thread.start()
        said = [listener.recv(4096).decode() for _ in range(3)]
        dog.close()
        dog.thread.join(30)
    listener.close()
    # READY after the first answer; one ping for the next; none for three wedged probes; then pings again.
    assert said == ["READY=1\nSTATUS=test", "WATCHDOG=1", "WATCHDOG=1"]
    # A busy server has the whole period to answer each probe (10 ms here, the least is 0.5 s).
    assert timeouts[0] == 0.01 and 0.5 in timeouts and set(timeouts) == {0.01, 0.5}  # waiting to start: 10 ms
    messages = [r.getMessage() for r in caplog.records]
    assert sum("no watchdog ping" in m for m in messages) == 1 and any("pings resumed" in m for m in messages)


def test_backup_keep_removes_only_the_oldest_server_backups(tmp_path, capsys):
    """`server backup DIR --keep N`: the newest N of the server's own backups stay; nothing else is touched."""
    from tests.commandline import run

    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    folder = tmp_path / "backups"
    folder.mkdir()
    old = [folder / f"referral-desk-server-2026010{d}-020000.sqlite3" for d in range(1, 5)]
    for path in old:
        path.write_bytes(b"")
    others = [folder / "notes.txt", folder / "referral-desk-server-latest.sqlite3", folder / "desk-backup.sqlite3"]
    for path in others:
        path.write_bytes(b"x")
    code, out, err = run(["server", "backup", str(folder), "--keep", "3", "--database-url", url], capsys)
    assert code == 0
    new = Path(out.strip())
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == sorted([new.name, old[2].name, old[3].name, *(p.name for p in others)])
    assert err.count("已删除旧备份") == 2
    with pytest.raises(SystemExit) as refused:
        run(["server", "backup", str(folder), "--keep", "0", "--database-url", url], capsys)
    assert refused.value.code == 2 and "保留份数应为 1-10000" in capsys.readouterr().err


def test_the_backup_timer_runs_a_command_the_desk_accepts():
    from referral_desk.cli import build_parser

    unit = (ROOT / "deploy/referral-desk-backup.service").read_text(encoding="utf-8")
    exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart=")).removeprefix("ExecStart=")
    args = build_parser().parse_args(exec_start.split()[1:])
    assert (args.command, args.server_command, args.folder, args.keep) == ("server", "backup",
                                                                            "/var/backups/referral-desk", 14)
    assert "ReadWritePaths=/var/backups/referral-desk" in unit and "User=referral-desk" in unit
    timer = (ROOT / "deploy/referral-desk-backup.timer").read_text(encoding="utf-8")
    assert "OnCalendar=" in timer and "Persistent=true" in timer


def test_the_shipped_alert_rules_name_only_metrics_the_server_exposes(tmp_path, clock, policy):
    """deploy/prometheus-alerts.yml: valid YAML in Prometheus' rule-file shape, and every metric it names is
    in a real server's /metrics after a desk has synced (a renamed metric would leave an alert that never fires)."""
    import httpx
    import yaml

    from referral_desk.server.app import create_app
    from referral_desk.server.db import open_server_db
    from tests.live_server import LiveServer
    from tests.sync_desks import Remote, Workstation, seed_and_sync

    rules = yaml.safe_load((ROOT / "deploy/prometheus-alerts.yml").read_text(encoding="utf-8"))
    alerts = [rule for group in rules["groups"] for rule in group["rules"]]
    assert alerts and all({"alert", "expr", "labels", "annotations"} <= set(rule) for rule in alerts)
    named = {m for rule in alerts for m in re.findall(r"\breferral_desk_\w+", rule["expr"])}
    assert named

    chain, _key = _certificate(tmp_path, days_left=300)
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    engine = open_server_db(url)
    live = LiveServer(create_app(engine, clock=clock, certfile=chain))
    desk = None
    try:
        desk = Workstation(Remote(live.url, url, clock), "窗口8-1", tmp_path, clock, policy)
        seed_and_sync(desk)
        exposed = httpx.get(live.url + "/metrics", timeout=10).text
    finally:
        if desk is not None:
            desk.close()
        live.stop()
        engine.dispose()
    families = set(re.findall(r"^(referral_desk_\w+)", exposed, re.M))
    assert named <= families, named - families


def test_two_backups_in_the_same_second_never_leave_a_broken_one(tmp_path, clock, monkeypatch):
    """The nightly timer and a backup by hand in the same second shared one temporary file: one linked the
    other's half-written file into place and reported success (a 0-byte .pgdump). Staged exactly: the second
    backup runs whole while the first is about to put its file in place."""
    import os
    import sqlite3

    from referral_desk.server import backup
    from referral_desk.server.db import open_server_db

    engine = open_server_db(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    folder = tmp_path / "backups"
    folder.mkdir()
    real_link = os.link
    outcomes: list[str] = []

    def link_after_another(src, dst):
        if not outcomes:
            outcomes.append("running")
            outcomes[0] = backup.backup_server(engine, folder, clock.now()).name
        return real_link(src, dst)

    monkeypatch.setattr(backup.os, "link", link_after_another)
    try:
        with pytest.raises(backup.BackupRefused, match="已存在，未覆盖"):
            backup.backup_server(engine, folder, clock.now())
    finally:
        engine.dispose()
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == outcomes  # the second one's, whole; no .part left behind
    kept = sqlite3.connect(files[0])
    try:
        assert kept.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert kept.execute("SELECT count(*) FROM rd_meta").fetchone()[0] > 0
    finally:
        kept.close()


def test_a_database_not_yet_answering_at_start_is_tried_again_not_refused(capsys):
    """At boot PostgreSQL may come up after the server (on another machine, or Debian's wrapper unit): that is
    exit 75, which systemd restarts; exit 2 (RestartPreventExitStatus) stays for what a person must fix."""
    from tests.commandline import run

    url = f"postgresql+psycopg://referral_desk:secret-pw@127.0.0.1:{free_port()}/referral_desk"
    code, _out, err = run(["serve", "--database-url", url], capsys)
    assert code == 75 and "无法连接服务器数据库" in err and "稍后重试" in err and "secret-pw" not in err
    assert "75" not in _unit()["RestartPreventExitStatus"]


def test_commands_by_hand_and_the_service_open_the_same_sqlite_database(tmp_path):
    """The README's `rd` helper sources server.env and nothing else: the unit must not set a data folder of
    its own (it set XDG_DATA_HOME while the helper did not, and `token create` wrote into another file)."""
    from referral_desk.config import server_db_url

    env = dict(line.split("=", 1) for line in (ROOT / "deploy/server.env.example").read_text(encoding="utf-8")
               .splitlines() if line and not line.startswith("#"))
    assert env["XDG_DATA_HOME"] == "/var/lib/referral-desk"
    for unit in ("referral-desk-server.service", "referral-desk-backup.service"):
        text = (ROOT / "deploy" / unit).read_text(encoding="utf-8")
        assert "EnvironmentFile=/etc/referral-desk/server.env" in text
        assert not re.search(r"^Environment=.*XDG_", text, re.M), unit
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_DATA_HOME", env["XDG_DATA_HOME"])
        mp.setenv("HOME", str(tmp_path))  # the helper's HOME differs from the service's: it must not matter
        assert server_db_url() == "sqlite:////var/lib/referral-desk/referral-desk/server.sqlite3"

"""`make trial`: a bad day and an attacker, staged against the real server (issue 22).

A `referral-desk serve` process on loopback, three desks with their own stores, a hostile desk with a
valid operator token and a supervisor's token. In order: forged pushes (another desk's reminder, another
desk's undo, a supervisor writing), a backup while serving, work after the backup at three desks (a request
made at one, approved at another and given a slot at the third, a month's roster of 200 specialties), a
damaged backup offered for restore while the server runs and again after it stopped, the good backup
restored, the desks syncing back in the order that used to lose a change, and a desk pointed at another
installation. Every step is a check with its figure; the run ends with "N passed, M failed" and exits 1 on
any failure.

    make trial                  # SQLite and PostgreSQL, a 200-specialty month
    python -m tests.trial --short --database sqlite   # what `make test` runs (tests/test_trial.py)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx

from referral_desk.clock import StartedClock
from referral_desk.desk.desk import Desk as DeskApp
from referral_desk.domain import commands as c
from referral_desk.domain.policy import Policy
from referral_desk.store.database.engine import open_store
from referral_desk.store.database.schema import SCHEMA_VERSION
from referral_desk.store.writes.actor import Actor
from referral_desk.sync.client import SyncClient, SyncError
from referral_desk.sync.protocol import OTHER_SERVER
from tests.fixtures import CONSULT_LATER, CONSULT_SOON, NOW, day_commands, setup_commands
from tests.live_server import ServeProcess, free_port
from tests.sync_desks import bearer


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    seconds: float


@dataclass
class Served:
    """`referral-desk serve` as its own process (tests.live_server.ServeProcess), started again on the same
    port after a restore, as a hospital's server comes back at its address; and its command line."""

    database_url: str
    base: Path
    port: int = field(default_factory=free_port)
    process: ServeProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args: str) -> tuple[int, str, str]:
        env = {**os.environ, "REFERRAL_DESK_START_AT": NOW.isoformat(), "XDG_CONFIG_HOME": str(self.base / "cfg"),
               "XDG_DATA_HOME": str(self.base / "data")}
        done = subprocess.run([sys.executable, "-m", "referral_desk", *args, "--database-url", self.database_url],
                              env=env, capture_output=True, text=True, timeout=300)
        return done.returncode, done.stdout, done.stderr

    def token(self, name: str, role: str = "operator") -> str:
        code, out, err = self.cli("server", "token", "create", "--name", name, "--role", role)
        if code != 0:
            raise RuntimeError(f"token for {name}: {err.strip()}")
        return out.strip()

    def start(self) -> None:
        self.process = ServeProcess(self.database_url, 1, NOW, self.base / "cfg", port=self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()  # SIGTERM, as systemd stops it
        self.process = None


class Desk:
    def __init__(self, served: Served, name: str, base: Path, clock, policy: Policy) -> None:
        self.name = name
        self.store = open_store(base / f"{name}.sqlite3")
        self.service = DeskApp(self.store, policy, clock, Actor(f"{name}操作员", name))
        self.token = served.token(name)
        self.policy, self.clock = policy, clock
        self.client = SyncClient(self.store, policy, clock, served.url, self.token)

    def point_at(self, served: Served, token: str | None = None) -> None:
        self.client.close()
        self.client = SyncClient(self.store, self.policy, self.clock, served.url, token or self.token)

    def sync(self):
        return self.client.sync_once()

    def value(self, sql: str, **params):
        with self.store.engine.connect() as conn:
            return conn.exec_driver_sql(sql, tuple(params.values())).scalar()

    def close(self) -> None:
        self.client.close()
        self.store.close()


def _push(served: Served, token: str, command: c.Command, operator: str, mutation: str) -> dict:
    body = {"schema_version": SCHEMA_VERSION, "commands": [{
        "mutation_id": mutation, "base_version": 0, "operator": operator, "at": StartedClock(NOW).now().isoformat(),
        "command": json.loads(command.model_dump_json())}]}
    r = httpx.post(f"{served.url}/api/v1/sync/push", json=body, headers={**bearer(token)},
                   timeout=30)
    return r.json()["results"][0] if r.status_code == 200 else {"status": f"HTTP {r.status_code}", "message": r.text}


def _server_value(served: Served, sql: str, **params):
    from sqlalchemy import create_engine, text

    engine = create_engine(served.database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()
    finally:
        engine.dispose()


def _damaged_copy(backup: Path, to: Path) -> Path:
    data = bytearray(backup.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle:middle + 4096] = os.urandom(4096)
    to.write_bytes(bytes(data))
    to.chmod(0o600)
    return to


def _fingerprint(served: Served) -> str:
    """What a restore must not touch: the SQLite file's bytes, or PostgreSQL's row counts."""
    if served.database_url.startswith("sqlite"):
        return hashlib.sha256(Path(served.database_url.removeprefix("sqlite:///")).read_bytes()).hexdigest()
    return json.dumps([_server_value(served, f"SELECT count(*) FROM {t}")
                       for t in ("consultation", "roster_entry", "workstation_token", "audit_entry")])


def run_trial(database_url: str, base: Path, *, specialties: int = 200,
              say: Callable[[Check], None] = lambda _c: None) -> list[Check]:
    from tests.test_push_size import month_import

    checks: list[Check] = []
    policy = Policy()
    clock = StartedClock(NOW)

    def check(name: str, ok: bool, detail: str, started: float) -> None:
        checks.append(Check(name, bool(ok), " ".join(detail.split()), time.monotonic() - started))
        say(checks[-1])

    served = Served(database_url, base)
    served.start()
    desks: list[Desk] = []
    other: Served | None = None
    try:
        t = time.monotonic()
        a, b, k = (Desk(served, name, base, clock, policy) for name in ("窗口A", "窗口B", "窗口K"))
        desks += [a, b, k]
        a.service.executor.execute_many(setup_commands(), at=NOW.replace(hour=0))
        a.service.executor.execute_many(day_commands())
        for desk in (a, b, k):
            desk.sync()
        check("three desks share the day", all(d.value("SELECT count(*) FROM consultation") == 6 for d in desks),
              "6 requests at each desk", t)

        # -- a hostile desk with a valid operator token, and a supervisor's token
        t = time.monotonic()
        hostile, supervisor = served.token("窗口X"), served.token("督导室", role="supervisor")
        forged = c.QueueReminder(consultation_id=CONSULT_SOON, channel="sms", mobile="13346250002",
                                 text="伪造的短信", origin="窗口B")
        result = _push(served, hostile, forged, "窗口X操作员", "trial-forged-reminder")
        origin = _server_value(served, "SELECT origin FROM reminder WHERE id = :i", i=forged.reminder_id)
        b.sync()
        sends = [r.id for r in b.service.reminders.reminders_due(clock.now() + timedelta(days=1))]
        check("a reminder naming another desk is the hostile desk's own", origin == "窗口X" and forged.reminder_id
              not in sends, f"{result['status']}, origin on the server {origin!r}, desk B sends it: "
              f"{forged.reminder_id in sends}", t)

        t = time.monotonic()
        a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
        a.sync()
        version = _server_value(served, "SELECT version FROM consultation WHERE id = :i", i=CONSULT_SOON)
        undo = c.UndoConsultationChange(consultation_id=CONSULT_SOON, from_status="approved", version=version)
        result = _push(served, hostile, undo, "窗口A操作员", "trial-forged-undo")
        status = _server_value(served, "SELECT status FROM consultation WHERE id = :i", i=CONSULT_SOON)
        check("another desk's Ctrl+Z is refused on the server", result["status"] == "rejected" and status == "approved",
              f"{result['status']}: {str(result.get('message'))[:40]}…; the request stays {status}", t)

        t = time.monotonic()
        write = _push(served, supervisor, c.DeclineConsultation(consultation_id=CONSULT_LATER, reason="督导"), "督导",
                      "trial-supervisor-write")
        sign_in = c.LogAuditEvent(action="sign_in", subject_entity="shift", subject_id="窗口A",
                                  summary="接班签到：张三")
        signed = _push(served, supervisor, sign_in, "张三", "trial-supervisor-sign-in")
        where = _server_value(served, "SELECT workstation || '/' || entity_id FROM audit_entry WHERE id = :i",
                              i=sign_in.audit_entry_id)
        check("a supervisor's token writes nothing and signs in only as itself",
              write["status"] == "rejected" and signed["status"] == "applied" and where == "督导室/督导室",
              f"write {write['status']}, sign-in recorded at {where}", t)

        # -- a backup while serving, then a day's work after it
        t = time.monotonic()
        folder = base / "backups"
        folder.mkdir()
        code, out, err = served.cli("server", "backup", str(folder))
        backup = Path(out.strip())
        check("backup while the server serves", code == 0 and backup.is_file(),
              f"{backup.name if code == 0 else err.strip()[:80]}", t)

        t = time.monotonic()
        booked = next(cmd for cmd, _at in day_commands() if isinstance(cmd, c.CreateConsultation))
        booked = booked.model_copy(update={"consultation_id": "trial-after-backup", "patient_name": "备份后患者"})
        k.service.execute(booked)
        k.sync()
        b.sync()
        b.service.execute(c.ApproveConsultation(consultation_id=booked.consultation_id))
        month = month_import(specialties)
        k.service.execute(month)
        k.service.execute(c.DeclineConsultation(consultation_id=CONSULT_LATER, reason="专家外出"))
        report_k = k.sync()
        b.sync()
        a.sync()  # a third desk agrees the slot on the approved request
        slot = NOW + timedelta(hours=4, minutes=30)
        a.service.execute(c.ScheduleConsultation(consultation_id=booked.consultation_id, slot_start=slot,
                                                 slot_end=slot + timedelta(minutes=30)))
        a.sync()
        duties = _server_value(served, "SELECT count(*) FROM roster_entry WHERE roster_import_id = :i",
                               i=month.roster_import_id)
        check(f"a {specialties}-specialty month and the change behind it reach the server",
              duties == specialties * 31 and report_k.pushed.get("applied") == 2,
              f"{duties} duties, pushed {report_k.pushed}", t)

        # -- a damaged backup, offered while the server runs, then after it stopped
        t = time.monotonic()
        damaged = _damaged_copy(backup, base / "damaged-backup")
        before = _fingerprint(served)
        code, _out, err = served.cli("server", "restore", str(backup), "--force")
        check("a restore while the server serves is refused", code != 0 and _fingerprint(served) == before,
              f"exit {code}: {err.strip()[:70]}", t)
        served.stop()
        t = time.monotonic()
        before = _fingerprint(served)
        code, _out, err = served.cli("server", "restore", str(damaged), "--force")
        check("a damaged backup is refused and nothing is replaced", code != 0 and _fingerprint(served) == before,
              f"exit {code}: {err.strip()[:70]}", t)
        t = time.monotonic()
        code, _out, err = served.cli("server", "restore", str(backup), "--force")
        served.start()
        lost = _server_value(served, "SELECT count(*) FROM consultation WHERE id = :i", i=booked.consultation_id)
        check("the good backup is restored", code == 0 and lost == 0,
              f"exit {code}; the request made after the backup is gone from the server ({lost})", t)

        # -- the desks come back, the slot's desk and the approving desk before the request's maker (the
        # orders that lost the approval, then turned the slot into a conflict)
        t = time.monotonic()
        for desk in (a, b, k, a, b, k, a, b, k):
            desk.sync()
        status = _server_value(served, "SELECT status FROM consultation WHERE id = :i", i=booked.consultation_id)
        duties = _server_value(served, "SELECT count(*) FROM roster_entry WHERE roster_import_id = :i",
                               i=month.roster_import_id)
        waiting = [d.client.counts() for d in desks]
        same = {d.value("SELECT status FROM consultation WHERE id = ?", i=booked.consultation_id) for d in desks}
        check("nothing made after the backup is lost", status == "scheduled" and duties == specialties * 31
              and waiting == [(0, 0)] * 3 and same == {"scheduled"},
              f"request {status} on the server and {sorted(same)} at the desks, {duties} duties, "
              f"waiting/conflicts {waiting}", t)

        # -- another installation at a desk's address
        t = time.monotonic()
        other = Served(f"sqlite:///{base / 'another.sqlite3'}" if database_url.startswith("sqlite")
                       else _other_pg_database(database_url), base)
        other.start()
        a.service.execute(c.LogEscalationCall(consultation_id=CONSULT_LATER, callee="王建国", result="no_answer"))
        a.point_at(other, other.token("窗口A"))
        try:
            a.sync()
            said, code = "synced", None
        except SyncError as exc:
            said, code = str(exc), exc.code
        taken = _server_value(other, "SELECT count(*) FROM applied_mutation")
        check("another installation gets nothing until the operator adopts it", code == OTHER_SERVER and taken == 0,
              f"{said[:60]}…; {taken} commands reached it", t)
    finally:
        for desk in desks:
            desk.close()
        served.stop()
        if other is not None:
            other.stop()
    return checks


def _other_pg_database(url: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = f"{parsed.database}_other"
    with psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username, dbname="postgres",
                         autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return parsed.set(database=name).render_as_string(hide_password=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--short", action="store_true", help="a 40-specialty month instead of 200")
    args = parser.parse_args(argv)
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    failed = passed = 0

    def say(check: Check) -> None:
        print(f"  {'PASS' if check.ok else 'FAIL'}  {check.name:<62} {check.seconds:5.1f} s  {check.detail}",
              flush=True)

    for kind in kinds:
        with tempfile.TemporaryDirectory(prefix="rd-trial-") as tmp:
            base = Path(tmp)
            cluster = None
            if kind == "sqlite":
                url = f"sqlite:///{base / 'server.sqlite3'}"
            else:
                from tests.live_server import PostgresCluster

                cluster = PostgresCluster()
                url = cluster.new_database()
            print(f"\n{kind}:")
            try:
                checks = run_trial(url, base, specialties=40 if args.short else 200, say=say)
            finally:
                if cluster is not None:
                    cluster.stop()
            passed += sum(ch.ok for ch in checks)
            failed += sum(not ch.ok for ch in checks)
    print(f"\n{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Sync figures for `make bench`: first sync of the year store, one change reaching a
second workstation, and 200 simulated workstations pulling every 2 s (SQLite and
PostgreSQL). Targets: first sync <= 30 s; change to another desk median <= 50 ms;
pull p99 <= 100 ms with no error."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

from referral_desk.clock import SystemClock
from referral_desk.domain import commands as c
from referral_desk.domain.escalation import CallResult
from referral_desk.domain.policy import Policy
from referral_desk.server.db import open_server_db
from referral_desk.server.tokens import create_token
from referral_desk.store.writes.actor import Actor
from referral_desk.store.database.engine import open_store
from referral_desk.store.database.schema import SCHEMA_VERSION, SYNCED_TABLES
from referral_desk.store.reads.service import DeskService
from referral_desk.sync.client import SyncClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.live_server import PostgresCluster, free_port  # noqa: E402


def make_server_db(year: Path, target: Path) -> int:
    """The year store becomes the server's database: every row gets a change_seq."""
    shutil.copy(year, target)
    open_store(target).close()  # brings an older file up to the current schema
    con = sqlite3.connect(target)
    seq = 0
    for table in SYNCED_TABLES:
        ids = [r[0] for r in con.execute(f"SELECT id FROM {table} ORDER BY id")]
        con.executemany(f"UPDATE {table} SET change_seq = ? WHERE id = ?",
                        [(seq + n + 1, i) for n, i in enumerate(ids)])
        seq += len(ids)
    con.commit()
    con.close()
    engine = open_server_db(f"sqlite:///{target}")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE sync_counter SET value = {seq} WHERE name = 'change_seq'")
    engine.dispose()
    return seq


class ServerProcess:
    def __init__(self, url: str, workers: int = 1) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "referral_desk", "serve", "--port", str(self.port), "--database-url", url,
             "--log-level", "warning", "--workers", str(workers)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + 60
        while True:  # the server prints nothing at this log level: ask it until every worker could answer
            try:
                for _ in range(workers * 4):  # new connections, spread over the workers by the kernel
                    httpx.get(f"{self.base}/api/v1/ready", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)


def desk(path: Path, url: str, token: str, name: str):
    store = open_store(path)
    service = DeskService(store, Policy(), SystemClock(), Actor(name, name))
    return store, service, SyncClient(store, Policy(), SystemClock(), url, token, timeout=120)


def first_sync_and_propagation(year: Path, work: Path) -> None:
    rows = make_server_db(year, work / "server.sqlite3")
    url = f"sqlite:///{work / 'server.sqlite3'}"
    engine = open_server_db(url)
    tokens = {n: create_token(engine, n, "operator", datetime.now(timezone.utc)) for n in ("A", "B")}
    engine.dispose()
    server = ServerProcess(url)
    try:
        store_a, service_a, client_a = desk(work / "a.sqlite3", server.base, tokens["A"], "A")
        t = time.perf_counter()
        report = client_a.sync_once()
        took = time.perf_counter() - t
        print(f"  first sync of a new workstation: {report.pulled:,} rows of {rows:,} in {took:.1f} s "
              f"= {report.pulled / took:,.0f} rows/s  (target <= 30 s)")
        store_b, service_b, client_b = desk(work / "b.sqlite3", server.base, tokens["B"], "B")
        client_b.sync_once()
        consultation = service_a.pending_approvals()[0].row.consultation_id
        samples = []
        for _ in range(40):
            service_a.execute(c.LogEscalationCall(consultation_id=consultation, callee="专家",
                                                  result=CallResult.NO_ANSWER))
            t = time.perf_counter()
            client_a.push_all(type(report)())
            client_b.pull_all(type(report)())
            samples.append((time.perf_counter() - t) * 1000)
        print(f"  one change reaching a second workstation (push, then its pull): median "
              f"{statistics.median(samples):.1f} ms, max {max(samples):.1f} ms  (target median <= 50 ms)")
        for x in (client_a, client_b):
            x.close()
        store_a.close()
        store_b.close()
    finally:
        server.stop()


async def load(base: str, token: str, consultation_ids: list[str], stations: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=stations, max_keepalive_connections=stations)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30,
                                 limits=limits) as http:
        # Every station has already made its first sync (measured above): start from now.
        synced, more = 0, True
        while more:
            page = (await http.get("/api/v1/sync/pull", params={"since": synced, "limit": 1000})).json()
            synced, more = page["next_since"], page["has_more"]

        async def station(n: int) -> None:
            since = synced
            await asyncio.sleep(2 * n / stations)  # spread the stations over the 2 s period
            tick = 0
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                try:
                    r = await http.get("/api/v1/sync/pull", params={"since": since, "limit": 1000})
                    if r.status_code != 200:
                        errors.append(str(r.status_code))
                    else:
                        since = r.json()["next_since"]
                        latencies.append((time.perf_counter() - start) * 1000)
                    tick += 1
                    if tick % 10 == n % 10:  # now and then, a change
                        body = {"schema_version": SCHEMA_VERSION, "commands": [{
                            # An id as a desk makes them: letters, digits and dashes only.
                            "mutation_id": f"load-{n}-{tick}-{time.perf_counter_ns()}", "base_version": 0,
                            "operator": "压测",
                            "at": datetime.now(timezone.utc).isoformat(),
                            "command": {"name": "log_escalation_call",
                                        "consultation_id": consultation_ids[n % len(consultation_ids)],
                                        "callee": "专家", "result": "no_answer"}}]}
                        p = await http.post("/api/v1/sync/push", json=body)
                        if p.status_code != 200:
                            errors.append(f"push {p.status_code}")
                except httpx.HTTPError as exc:
                    errors.append(type(exc).__name__)
                await asyncio.sleep(max(0.0, 2.0 - (time.perf_counter() - start)))

        await asyncio.gather(*(station(n) for n in range(stations)))
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    print(f"    {len(latencies):,} pulls, errors {len(errors)}{' ' + str(errors[:3]) if errors else ''}; "
          f"latency median {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {latencies[-1]:.1f} ms  (target p99 <= 100 ms)")
    return {"pulls": len(latencies), "errors": len(errors), "median": p(0.5), "p99": p(0.99), "max": latencies[-1]}


def seeded_server(url: str) -> tuple[str, list[str]]:
    """A server holding a small day (the demo) and a token for the simulated stations."""
    from referral_desk.store.demo import build_demo

    work = Path(tempfile.mkdtemp(prefix="rd-load-"))
    engine = open_server_db(url)
    token = create_token(engine, "loader", "operator", datetime.now(timezone.utc))
    seed_token = create_token(engine, "seed", "operator", datetime.now(timezone.utc))
    engine.dispose()
    store = open_store(work / "seed.sqlite3")
    build_demo(store, Policy(), SystemClock())
    server = ServerProcess(url)
    try:
        client = SyncClient(store, Policy(), SystemClock(), server.base, seed_token, timeout=120)
        client.sync_once()
        client.close()
        service = DeskService(store, Policy(), SystemClock(), Actor("x", "x"))
        ids = [p.row.consultation_id for p in service.pending_approvals()]
    finally:
        server.stop()
        store.close()
    return token, ids


WORKERS = (1, 2, 4)


def load_test(stations: int, seconds: float, workers: tuple[int, ...] = WORKERS) -> None:
    """The load on each database with 1, 2 and 4 server processes. The load generator shares the machine's
    2 cores with the server, so the ratio to the 1-process run says more than the absolute figures."""
    work = Path(tempfile.mkdtemp(prefix="rd-load-"))
    cluster = None
    try:
        urls = [("SQLite", f"sqlite:///{work / 'load.sqlite3'}")]
        try:
            cluster = PostgresCluster()
            urls.append(("PostgreSQL", cluster.new_database()))
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"    PostgreSQL skipped: {exc}")
        table = []
        for label, url in urls:
            token, ids = seeded_server(url)
            for n in workers:
                server = ServerProcess(url, n)
                try:
                    print(f"  {stations} workstations pulling every 2 s and pushing now and then, {seconds:.0f} s, "
                          f"{label}, {n} worker{'s' if n > 1 else ''}:")
                    table.append((label, n, asyncio.run(load(server.base, token, ids, stations, seconds))))
                finally:
                    server.stop()
        print(f"\n  {'database':11s} {'workers':>7s} {'pulls':>7s} {'errors':>6s} {'median':>8s} {'p99':>8s} "
              f"{'p99 / 1 worker':>15s}")
        for label, n, r in table:
            one = next(x for lb, k, x in table if lb == label and k == workers[0])
            print(f"  {label:11s} {n:7d} {r['pulls']:7,d} {r['errors']:6d} {r['median']:6.1f}ms {r['p99']:6.1f}ms "
                  f"{r['p99'] / one['p99']:14.2f}x")
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


def main(year: Path, stations: int = 200, seconds: float = 60) -> None:
    work = Path(tempfile.mkdtemp(prefix="rd-sync-bench-"))
    try:
        print("\nsync:")
        first_sync_and_propagation(year, work)
        load_test(stations, seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(Path(__file__).parent / "out" / "year.sqlite3", int(sys.argv[1]) if len(sys.argv) > 1 else 200,
         float(sys.argv[2]) if len(sys.argv) > 2 else 60)

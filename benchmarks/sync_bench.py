"""Sync figures for `make bench`: first sync of the year store, one change reaching a second
workstation, and the load over https (issue 23): steady (200 desks every 2 s), a storm (1,000 desks at
once, then every 2 s), a busy host (one core held), on SQLite and PostgreSQL with 1, 2 and 4 workers.
Targets: first sync <= 30 s; change to another desk median <= 50 ms; steady p99 <= 100 ms, storm every
desk served <= 10 s then p99 <= 250 ms, busy host p99 <= 1 s, no errors anywhere.
`RD_SERVE_OPTIONS="--max-in-hand 64"` passes options to every `serve` the load test starts (to compare
settings on the same machine)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import signal
import sqlite3
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from referral_desk.clock import SystemClock
from referral_desk.desk.desk import Desk
from referral_desk.domain import commands as c
from referral_desk.domain.escalation import CallResult
from referral_desk.domain.policy import Policy
from referral_desk.server.db import open_server_db
from referral_desk.server.tokens import create_token
from referral_desk.store.database.engine import open_store
from referral_desk.store.database.schema import SCHEMA_VERSION, SYNCED_TABLES
from referral_desk.store.writes.actor import Actor
from referral_desk.sync.client import SyncClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.live_server import PostgresCluster, free_port  # noqa: E402


def make_server_db(year: Path, target: Path) -> int:
    """A server database holding the year store's rows, each with a change_seq. Built empty by the
    server's own code, then filled from the desk's file (the server refuses a desk's store itself)."""
    open_server_db(f"sqlite:///{target}").dispose()
    con = sqlite3.connect(target)
    con.execute("ATTACH DATABASE ? AS year", (f"file:{year}?mode=ro",))
    seq = 0
    for table in SYNCED_TABLES:
        theirs = {row[1] for row in con.execute(f"PRAGMA year.table_info({table})")}
        columns = ", ".join(row[1] for row in con.execute(f"PRAGMA main.table_info({table})")
                            if row[1] in theirs and row[1] != "change_seq")
        con.execute(f"INSERT OR IGNORE INTO main.{table} ({columns}) SELECT {columns} FROM year.{table}")
        ids = [r[0] for r in con.execute(f"SELECT id FROM main.{table} ORDER BY id")]
        con.executemany(f"UPDATE main.{table} SET change_seq = ? WHERE id = ?",
                        [(seq + n + 1, i) for n, i in enumerate(ids)])
        seq += len(ids)
    con.execute("UPDATE sync_counter SET value = ? WHERE name = 'change_seq'", (seq,))
    con.commit()
    con.execute("DETACH DATABASE year")
    con.close()
    return seq


class ServerProcess:
    def __init__(self, url: str, workers: int = 1, tls: Tls | None = None) -> None:
        self.port = free_port()
        self.base = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=str(tls.ca)) if tls else True
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        files = ["--ssl-certfile", str(tls.cert), "--ssl-keyfile", str(tls.key)] if tls else []
        self.log = tempfile.TemporaryFile(mode="w+")  # read after the run: worker restarts, tracebacks
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "referral_desk", "serve", "--port", str(self.port), "--database-url", url,
             "--log-level", "info", "--no-access-log", "--workers", str(workers), *files,
             *os.environ.get("RD_SERVE_OPTIONS", "").split()],
            stdout=subprocess.DEVNULL, stderr=self.log, env=env)
        deadline = time.monotonic() + 60
        while True:  # the server prints nothing at this log level: ask it until every worker could answer
            try:
                for _ in range(workers * 4):  # new connections, spread over the workers by the kernel
                    httpx.get(f"{self.base}/api/v1/ready", timeout=1, verify=self.verify).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.05)

    def restarts(self) -> int:
        """Workers the supervisor found unresponsive and replaced (each drops its connections)."""
        self.log.seek(0)
        return sum("died" in line for line in self.log)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)


def desk(path: Path, url: str, token: str, name: str):
    store = open_store(path)
    service = Desk(store, Policy(), SystemClock(), Actor(name, name))
    return store, service, SyncClient(store, Policy(), SystemClock(), url, token, timeout=120)


def first_sync_and_propagation(year: Path, work: Path) -> None:
    rows = make_server_db(year, work / "server.sqlite3")
    url = f"sqlite:///{work / 'server.sqlite3'}"
    engine = open_server_db(url)
    tokens = {n: create_token(engine, n, "operator", datetime.now(UTC)) for n in ("A", "B")}
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
        consultation = service_a.panes.pending_approvals()[0].row.consultation_id
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


@dataclass(frozen=True)
class Tls:
    """A private CA and the server's certificate, as a hospital deploys it (https, verified)."""

    ca: Path
    cert: Path
    key: Path

    @classmethod
    def made_in(cls, folder: Path) -> Tls:
        import trustme

        ca = trustme.CA()
        issued = ca.issue_cert("127.0.0.1", "localhost")
        tls = cls(folder / "ca.pem", folder / "server.pem", folder / "server.key")
        ca.cert_pem.write_to_path(str(tls.ca))
        issued.private_key_pem.write_to_path(str(tls.key))
        for blob in issued.cert_chain_pems:
            blob.write_to_path(str(tls.cert), append=True)
        return tls


# The storm's latency counts from the moment every desk has been served, or from this many seconds in.
SETTLE = 10.0


@dataclass
class Figures:
    pulls: int = 0
    errors: list[str] = field(default_factory=list)  # anything but a 200 or a 503 with Retry-After
    busy: int = 0  # 503s with Retry-After: the desk waits and comes back
    latencies: list[float] = field(default_factory=list)  # ms, pulls answered 200 once every desk was served
    served_after: list[float] = field(default_factory=list)  # s from the start to each desk's first 200
    restarts: int = 0  # workers the supervisor replaced as unresponsive

    def p(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _push_body(n: int, tick: int, consultation_ids: list[str]) -> dict:
    return {"schema_version": SCHEMA_VERSION, "commands": [{
        # An id as a desk makes them: letters, digits and dashes only.
        "mutation_id": f"load-{n}-{tick}-{time.perf_counter_ns()}", "base_version": 0, "operator": "压测",
        "at": datetime.now(UTC).isoformat(),
        "command": {"name": "log_escalation_call", "consultation_id": consultation_ids[n % len(consultation_ids)],
                    "callee": "专家", "result": "no_answer"}}]}


async def load(server: ServerProcess, tokens: list[str], consultation_ids: list[str], seconds: float, *,
               storm: bool) -> Figures:
    """Each desk pulls every 2 s with its own token and connection, and pushes a change now and then.
    Steady: the desks' calls spread over the 2 s. Storm: every desk's first call at the same moment (the
    morning after a restart); a desk told 503 waits as the desk does (Retry-After, backing off with a
    random spread); the latency counts from the moment every desk has been served."""
    figures = Figures()
    stations = len(tokens)
    began = time.perf_counter()
    deadline = began + seconds
    all_served = asyncio.Event()
    served = 0
    rng = random.Random(23)
    async with httpx.AsyncClient(base_url=server.base, timeout=30, verify=server.verify) as http:
        synced, more = 0, True  # every desk has made its first sync before: it asks for what is new
        while more:
            page = (await http.get("/api/v1/sync/pull", params={"since": synced, "limit": 1000},
                                   headers={"Authorization": f"Bearer {tokens[0]}"})).json()
            synced, more = page["next_since"], page["has_more"]

    async def desk(n: int) -> None:
        nonlocal served
        since, tick, failures, first = synced, 0, 0, True
        auth = {"Authorization": f"Bearer {tokens[n]}"}
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=server.base, timeout=30, verify=server.verify, limits=limits,
                                     headers=auth) as http:
            if not storm:
                await asyncio.sleep(2 * n / stations)
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                wait = 2.0 * (1 - 0.1 * rng.random())
                try:
                    r = await http.get("/api/v1/sync/pull", params={"since": since, "limit": 1000})
                    if r.status_code == 200:
                        since = r.json()["next_since"]
                        failures = 0
                        figures.pulls += 1
                        if first:
                            first = False
                            figures.served_after.append(time.perf_counter() - began)
                            served += 1
                            if served == stations:
                                all_served.set()
                        elif all_served.is_set() or start - began > SETTLE:
                            figures.latencies.append((time.perf_counter() - start) * 1000)
                        tick += 1
                        if tick % 10 == n % 10:
                            p = await http.post("/api/v1/sync/push", json=_push_body(n, tick, consultation_ids))
                            if p.status_code != 200 and not (p.status_code == 503 and p.headers.get("retry-after")):
                                figures.errors.append(f"push {p.status_code}")
                    elif r.status_code == 503 and r.headers.get("retry-after"):
                        figures.busy += 1
                        failures += 1
                        wait = float(r.headers["retry-after"]) * (1 + 0.5 * rng.random())  # as SyncRunner
                    else:
                        figures.errors.append(str(r.status_code))
                except httpx.HTTPError as exc:
                    figures.errors.append(type(exc).__name__)
                    failures += 1
                    wait = min(2.0 * 2 ** failures, 60.0) * (1 - 0.5 * rng.random())
                await asyncio.sleep(max(0.0, wait - (time.perf_counter() - start)))

    await asyncio.gather(*(desk(n) for n in range(stations)))
    return figures


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its living descendants (a server and its workers,
    PostgreSQL and its backends), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


class CpuShare:
    """How the machine's cores went during a run: the server, the database, the load generator."""

    def __init__(self, server_pid: int, database_pid: int | None) -> None:
        self.pids = {"server": server_pid, "database": database_pid}

    def __enter__(self) -> CpuShare:
        self.began = time.perf_counter()
        self.start = {k: tree_cpu_seconds(p) for k, p in self.pids.items() if p}
        self.generator = time.process_time()
        return self

    def __exit__(self, *_exc) -> None:
        wall = time.perf_counter() - self.began
        self.share = {k: (tree_cpu_seconds(self.pids[k]) - v) / wall for k, v in self.start.items()}
        self.share["generator"] = (time.process_time() - self.generator) / wall

    def words(self) -> str:
        return " ".join(f"{k} {v:.0%}" for k, v in self.share.items())


class HeldCore:
    """Another program holding one core (a busy hospital PC or a shared server)."""

    def __enter__(self) -> HeldCore:
        self.proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        return self

    def __exit__(self, *_exc) -> None:
        self.proc.kill()
        self.proc.wait(10)


def seeded_server(url: str, stations: int, tls: Tls) -> tuple[list[str], list[str]]:
    """A server holding a small day (the demo) and a token for each simulated workstation."""
    from referral_desk.store.demo import build_demo

    work = Path(tempfile.mkdtemp(prefix="rd-load-"))
    engine = open_server_db(url)
    now = datetime.now(UTC)
    tokens = [create_token(engine, f"压测{n:04d}", "operator", now) for n in range(stations)]
    seed_token = create_token(engine, "seed", "operator", now)
    engine.dispose()
    store = open_store(work / "seed.sqlite3")
    build_demo(store, Policy(), SystemClock())
    server = ServerProcess(url, tls=tls)
    try:
        client = SyncClient(store, Policy(), SystemClock(), server.base, seed_token, timeout=120,
                            ca_file=str(tls.ca))
        client.sync_once()
        client.close()
        service = Desk(store, Policy(), SystemClock(), Actor("x", "x"))
        ids = [p.row.consultation_id for p in service.panes.pending_approvals()]
    finally:
        server.stop()
        store.close()
        shutil.rmtree(work, ignore_errors=True)
    return tokens, ids


WORKERS = (1, 2, 4)
# (name, desks, storm, a core held by another program), with each one's targets
SCENARIOS = (
    ("steady", 200, False, False),
    ("storm", 1000, True, False),
    ("busy host", 200, False, True),
)
TARGETS = {"steady": "p99 <= 100 ms, 0 errors", "storm": "0 errors, every desk served <= 10 s, then p99 <= 250 ms",
           "busy host": "0 errors, p99 <= 1000 ms"}


def load_test(stations: int, seconds: float, workers: tuple[int, ...] = WORKERS,
              scenarios: tuple[str, ...] = tuple(s[0] for s in SCENARIOS)) -> None:
    """Each scenario on each database with 1, 2 and 4 server processes, over https as deployed. The load
    generator shares the machine's 2 cores with the server (and, on the busy host, with a program holding
    one of them), so ratios between rows say more than the absolute figures."""
    work = Path(tempfile.mkdtemp(prefix="rd-load-"))
    cluster = None
    tls = Tls.made_in(work)
    try:
        urls = [("SQLite", f"sqlite:///{work / 'load.sqlite3'}")]
        try:
            cluster = PostgresCluster()
            urls.append(("PostgreSQL", cluster.new_database()))
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"    PostgreSQL skipped: {exc}")
        chosen = [s for s in SCENARIOS if s[0] in scenarios]
        most = max(stations if name != "storm" else desks for name, desks, _, _ in chosen)
        table = []
        for label, url in urls:
            tokens, ids = seeded_server(url, most, tls)
            for name, desks, storm, held in chosen:
                desks = stations if name != "storm" else desks
                for n in workers:
                    server = ServerProcess(url, n, tls)
                    try:
                        print(f"  {name}: {desks} desks, {label}, {n} worker{'s' if n > 1 else ''}, https, "
                              f"{seconds:.0f} s ...", flush=True)
                        database = cluster.postmaster_pid() if cluster and label == "PostgreSQL" else None
                        with HeldCore() if held else contextlib.nullcontext(), \
                                CpuShare(server.proc.pid, database) as cpu:
                            r = asyncio.run(load(server, tokens[:desks], ids, seconds, storm=storm))
                        r.restarts = server.restarts()
                        table.append((name, label, n, desks, r, cpu))
                    finally:
                        server.stop()
        print(f"\n  {'scenario':10s} {'database':11s} {'workers':>7s} {'desks':>6s} {'pulls':>7s} {'errors':>6s} "
              f"{'503s':>5s} {'all served':>10s} {'median':>8s} {'p99':>8s}  cpu (of one core)")
        for name, label, n, desks, r, cpu in table:
            everyone = f"{max(r.served_after):.1f}s" if len(r.served_after) == desks else \
                f"{len(r.served_after)}/{desks}"
            print(f"  {name:10s} {label:11s} {n:7d} {desks:6d} {r.pulls:7,d} {len(r.errors):6d} {r.busy:5d} "
                  f"{everyone:>10s} {r.p(0.5):6.1f}ms {r.p(0.99):6.1f}ms  {cpu.words()}")
            if r.errors or r.restarts:
                kinds = {e: r.errors.count(e) for e in dict.fromkeys(r.errors)}
                print(f"  {'':10s} errors: {kinds}; workers replaced by the supervisor: {r.restarts}")
        for name in dict.fromkeys(row[0] for row in table):
            print(f"  target, {name}: {TARGETS[name]}")
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


def main(year: Path, stations: int = 200, seconds: float = 60, scenarios: tuple[str, ...] | None = None,
         workers: tuple[int, ...] = WORKERS) -> None:
    work = Path(tempfile.mkdtemp(prefix="rd-sync-bench-"))
    try:
        print("\nsync:")
        first_sync_and_propagation(year, work)
        load_test(stations, seconds, workers, scenarios or tuple(s[0] for s in SCENARIOS))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="the sync part of `make bench` alone")
    parser.add_argument("--stations", type=int, default=200, help="desks in the steady and busy-host runs")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--scenarios", default="steady,storm,busy host")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--load-only", action="store_true", help="skip the first sync of the year store")
    args = parser.parse_args()
    names = tuple(n.strip() for n in args.scenarios.split(","))
    counts = tuple(int(n) for n in args.workers.split(","))
    if args.load_only:
        load_test(args.stations, args.seconds, counts, names)
    else:
        main(Path(__file__).parent / "out" / "year.sqlite3", args.stations, args.seconds, names, counts)

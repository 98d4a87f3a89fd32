"""A real uvicorn server on a loopback port, and a throwaway PostgreSQL cluster."""

from __future__ import annotations

import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from pathlib import Path

import uvicorn

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server(uvicorn.Server):
    def __init__(self, config, started: threading.Event) -> None:
        super().__init__(config)
        self._started_event = started

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets)
        self._started_event.set()


class LiveServer:
    """uvicorn in a thread; `url` is ready when the constructor returns."""

    def __init__(self, app, http: object = "auto", **tls) -> None:
        """`http`: uvicorn's protocol class; `tls`: its ssl_certfile and ssl_keyfile, for an https server."""
        self.port = free_port()
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        started = threading.Event()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off",
                                http=http, **tls)
        self.server = _Server(config, started)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        if not started.wait(30):
            raise RuntimeError("uvicorn did not start")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def _limit_files(count: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_NOFILE, (count, count))


class ServeProcess:
    """`referral-desk serve --workers N` as its own processes on a free port; ready when the constructor
    returns (every worker has said it is up). `pids`: the workers' process ids."""

    def __init__(self, database_url: str, workers: int, start_at: datetime, config_home: Path,
                 port: int | None = None, extra: Sequence[str] = (), open_files: int | None = None,
                 cwd: Path | None = None) -> None:
        """`port`: the one it served on before a restart (desks keep their address); a free one by default.
        `extra`: more `serve` options; `open_files`: the process's hard limit on open files (a unit's
        LimitNOFILE). `log`: the server's log lines after start-up, as they come. `cwd`: where it runs (`-m`
        puts that folder first on the import path: a previous release's code must not run from this checkout)."""
        port = port or free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "REFERRAL_DESK_START_AT": start_at.isoformat(), "PYTHONUNBUFFERED": "1",
               "XDG_CONFIG_HOME": str(config_home)}
        self.proc = subprocess.Popen([sys.executable, "-m", "referral_desk", "serve", "--workers", str(workers),
                                      "--port", str(port), "--database-url", database_url,
                                      "--log-level", "info", *extra],
                                     env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=cwd,
                                     preexec_fn=None if open_files is None else partial(_limit_files, open_files))
        self.log: queue.Queue[str | None] = queue.Queue()
        self.start_log: list[str | None] = []  # what it said until it was up
        try:
            self.pids = self._started(workers)
        except BaseException:
            self.proc.kill()
            self.proc.wait(30)
            raise

    def _started(self, workers: int) -> set[str]:
        """Read the server's log until every worker says it is up (a reader thread, so a server that
        starts fewer fails the test within a minute instead of waiting for ever)."""
        lines = self.log

        def read() -> None:
            for line in self.proc.stderr:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=read, daemon=True).start()
        pids: set[str] = set()
        ready = 0
        listening = False  # one process says its app started before it binds the port
        while ready < workers or not listening:
            line = lines.get(timeout=60)
            self.start_log.append(line)
            if line is None:
                raise AssertionError(f"the server stopped before its workers started (exit {self.proc.wait()})")
            if "Started server process" in line:
                pids.add(line.rsplit("[", 1)[-1].split("]")[0])
            ready += "Application startup complete" in line
            listening = listening or "Uvicorn running on" in line
        return pids

    def stop(self) -> int:
        """SIGTERM, as systemd stops it; the exit code."""
        self.proc.terminate()
        return self.proc.wait(timeout=30)


class PostgresCluster:
    """initdb + pg_ctl in a temp dir (as the postgres user when run as root); never a system service."""

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="rd-pg-"))
        self.data = self.base / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            shutil.chown(self.base, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run(PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-w", "-l", self.base / "log", "-o",
                  f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                  "-c max_connections=300", "start")
        self._count = 0

    def _run(self, *args) -> None:
        subprocess.run(self.as_user + [str(a) for a in args], check=True, capture_output=True, timeout=120)

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def new_database(self) -> str:
        import psycopg

        self._count += 1
        name = f"rd_test_{self._count}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

"""What a desk left open costs while nobody touches it (issue 28): CPU share of one core and the bytes it
writes to the terminal per second, measured on the real desk in a pseudo-terminal (a remote session pays
for every byte), optionally while another process writes to the store every few seconds.

    python -m benchmarks.idle_bench [--store PATH] [--seconds 60] [--writer-every 3]

Prints one line per case; `make bench` runs it on the year store.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import tempfile
import termios
import threading
import time
from datetime import UTC
from pathlib import Path


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _drain(fd: int, seconds: float) -> int:
    """Read what the desk writes for `seconds`; return the byte count."""
    end, total = time.monotonic() + seconds, 0
    while (left := end - time.monotonic()) > 0:
        ready, _w, _x = select.select([fd], [], [], min(left, 0.5))
        if ready:
            try:
                total += len(os.read(fd, 65536))
            except OSError:
                break
    return total


def _writer(store: Path, every: float, stop: threading.Event) -> None:
    """Another desk's changes arriving: a directory entry rewritten every `every` seconds."""
    from referral_desk.clock import SystemClock
    from referral_desk.desk.desk import Desk
    from referral_desk.domain import commands as c
    from referral_desk.domain.policy import Policy
    from referral_desk.store.database.engine import open_store
    from referral_desk.store.writes.actor import Actor

    s = open_store(store)
    try:
        service = Desk(s, Policy(), SystemClock(), Actor("另一台", "bench-writer"))
        n = 0
        while not stop.wait(every):
            n += 1
            service.execute(c.UpsertDirectoryEntry(unit_name="基准测试卫生院", contact=f"值班{n % 7}",
                                                   phone="0635-8270000", purpose="转诊咨询"))
    finally:
        s.close()


def _all_due_within_the_hour(store: Path) -> int:
    """Every pending request given an appointment 35-95 minutes ahead, so every deadline (the appointment
    less the 30-minute reminder lead) falls within the hour and every countdown shows its seconds: the
    busiest the approvals pane can be. Written straight to the copy (a bench's fixture, not a desk's edit)."""
    import sqlite3
    from datetime import datetime, timedelta

    now = datetime.now(UTC).replace(tzinfo=None)
    with sqlite3.connect(store) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM consultation WHERE status = 'submitted' "
                                              "AND deleted_at IS NULL")]
        for n, cid in enumerate(ids):
            at = now + timedelta(minutes=35 + n % 60)
            conn.execute("UPDATE consultation SET appointment_at = ?, submitted_at = ? WHERE id = ?",
                         (at.isoformat(sep=" "), (now - timedelta(minutes=5)).isoformat(sep=" "), cid))
    return len(ids)


def measure(store: Path, seconds: float, *, warm: float = 8.0, cols: int = 120, rows: int = 40,
            writer_every: float | None = None) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="idle-bench-"))
    env = {**os.environ, "TERM": "xterm-256color", "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home),
           "XDG_CACHE_HOME": str(home), "COLUMNS": str(cols), "LINES": str(rows)}
    pid, fd = pty.fork()
    if pid == 0:  # the desk, as an operator starts it
        os.execvpe(sys.executable, [sys.executable, "-m", "referral_desk", "--db", str(store), "--operator", "基准"],
                   env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    stop = threading.Event()
    writer = None
    try:
        _drain(fd, warm)  # start-up, the first frames
        if writer_every:
            writer = threading.Thread(target=_writer, args=(store, writer_every, stop), daemon=True)
            writer.start()
            _drain(fd, 2 * writer_every)
        cpu0, t0, rss0 = _cpu_seconds(pid), time.monotonic(), _rss_mb(pid)
        written = _drain(fd, seconds)
        cpu1, t1, rss1 = _cpu_seconds(pid), time.monotonic(), _rss_mb(pid)
    finally:
        stop.set()
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
        if writer is not None:
            writer.join(10)
    elapsed = t1 - t0
    return {"cpu_percent": 100 * (cpu1 - cpu0) / elapsed, "bytes_per_second": written / elapsed,
            "rss_start_mb": rss0, "rss_end_mb": rss1, "seconds": elapsed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store to open (default: the year store, built once)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--writer-every", type=float, default=3.0)
    args = parser.parse_args(argv)
    from benchmarks.year_store import working_copy, year_store

    store = year_store(args.store)
    print(f"idle desk on {store.name}, {args.seconds:.0f} s each (CPU of one core; bytes to the terminal):")
    cases = (("idle", None, False), ("every countdown in its hour", None, True),
             (f"store written every {args.writer_every:g} s", args.writer_every, False))
    for label, every, due_soon in cases:
        copy = working_copy(store, "idle-store-")  # the writer changes it
        if due_soon:
            label = label.replace("every countdown", f"{_all_due_within_the_hour(copy)} countdowns")
        m = measure(copy, args.seconds, writer_every=every)
        print(f"  {label:<28} CPU {m['cpu_percent']:5.1f} %   {m['bytes_per_second']:8.0f} B/s   "
              f"RSS {m['rss_start_mb']:.0f} -> {m['rss_end_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

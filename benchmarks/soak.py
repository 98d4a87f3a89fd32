"""A shift in minutes (issue 28): the real desk from 08:00 to past midnight on a faster clock, beside a
second desk that books requests through a real local server, the whole time watched from outside.

    python -m benchmarks.soak [--speed 200] [--sample 5] [--until 00:30]

Desk A is the desk an operator sees: `referral-desk` in tmux (120x40) on the demo's day, syncing every
2 s with `referral-desk serve` on loopback. Desk B is a second workstation (in this process) that books a
consultation every 2 s and syncs. Every `--sample` seconds A's resident memory, its status-line clock, its
duty pane and its approvals count are read from the process and the terminal. Printed at the end:

- memory: after the first desk hour, at the end, the largest, and the trend in MB per desk hour;
- the clock: samples where it had not moved, and the largest gap between the clock shown and the clock
  the desk runs on (shown to the second, read every `--sample` seconds);
- midnight: the date on the status line and the duty pane's specialists before and after 00:00;
- sync: requests B booked, and how many of them A's store holds at the end.

- reminders and expiries: how many desk minutes after they fell due the automatic reminders (10 minutes
  before each deadline, to a WeCom robot on loopback) were sent and the expiry policy (30 minutes past it)
  expired the requests nobody approved.

The countdowns, the re-read and sync tick in real seconds; the reminder and expiry rounds run as often in
desk time as at 1x (every 15 and 60 desk seconds, but not more often than twice a real second).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
LEAD = 10  # minutes before the approval deadline: the automatic reminder
EXPIRE = 30  # minutes past it: the expiry policy
CLOCK = re.compile(r"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) Asia/Shanghai")


def _run(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "referral_desk", *args], env=env, capture_output=True, text=True,
                          timeout=120)
    if done.returncode:
        raise SystemExit(f"referral-desk {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def _token(out: str) -> str:
    """The token `server token create` prints once (the longest word of its output)."""
    return max(out.split(), key=len)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, seconds: float = 60) -> None:
    import httpx

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if httpx.get(f"{url}/api/v1/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server at {url} did not become ready")


def _webhook_sink() -> tuple[str, list[float]]:
    """A WeCom robot on loopback that takes every message (its arrival times, real monotonic seconds)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    arrived: list[float] = []

    class Robot(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            arrived.append(time.monotonic())
            body = b'{"errcode": 0, "errmsg": "ok"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Robot)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/cgi-bin/webhook/send", arrived


def _lateness(store, policy, expire_after: timedelta, lead_minutes: int, start: datetime
              ) -> tuple[list[float], list[float]]:
    """Desk minutes from when each automatic reminder was due (its deadline less the lead) to when it was
    sent, and from when each request fell due for expiry (its deadline plus `expire_after`) to its expiry;
    only those that fell due after the desk opened (the demo's overnight requests were due before it)."""
    from sqlmodel import Session, select

    from referral_desk.domain.consultation import approval_deadline
    from referral_desk.store.database.tables import Consultation, Reminder

    reminders, expiries = [], []
    with Session(store.engine) as s:
        for reminder, c in s.exec(select(Reminder, Consultation).join(
                Consultation, Reminder.consultation_id == Consultation.id).where(
                Reminder.kind == "auto", Reminder.lead_minutes == lead_minutes, Reminder.sent_at.is_not(None))):
            due = approval_deadline(c.submitted_at, c.appointment_at, policy) - timedelta(minutes=lead_minutes)
            if due >= start:
                reminders.append((reminder.sent_at - due).total_seconds() / 60)
        for c in s.exec(select(Consultation).where(Consultation.status == "expired",
                                                   Consultation.close_reason.like("%过期策略%"))):
            due = approval_deadline(c.submitted_at, c.appointment_at, policy) + expire_after
            if due >= start:
                expiries.append((c.status_changed_at - due).total_seconds() / 60)
    return reminders, expiries


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _tmux(socket: str, *args: str) -> str:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=30).stdout


def _desk_b(store_path: Path, url: str, token: str, start: datetime, speed: float, stop: threading.Event,
            booked: list[str], refused: list[str]) -> None:
    """A second workstation: a request every 2 s to a specialist on duty, then a sync round."""
    from referral_desk.clock import StartedClock
    from referral_desk.desk.desk import Desk
    from referral_desk.domain import commands as c
    from referral_desk.domain.errors import DomainError
    from referral_desk.domain.policy import Policy
    from referral_desk.store.database.engine import open_store
    from referral_desk.store.writes.actor import Actor
    from referral_desk.sync.client import SyncClient, SyncError

    store = open_store(store_path)
    clock = StartedClock(start, speed)
    service = Desk(store, Policy(), clock, Actor("王芳", "窗口8-2"))
    client = SyncClient(store, service.policy, clock, url, token)
    n = 0
    try:
        while not stop.wait(2.0):
            try:
                client.sync_once()
                duty = [r for r in service.panes.duty_today() if r.specialist_id]
                if not duty:
                    continue
                row = duty[n % len(duty)]
                n += 1
                applied = service.execute(c.CreateConsultation(
                    requesting_unit="阳谷县石佛镇卫生院", requesting_doctor="浸泡医生", patient_name=f"浸泡{n}",
                    specialty_id=row.specialty_id, specialist_id=row.specialist_id, diagnosis="社区获得性肺炎"))
                booked.append(applied.entity_id)
                client.sync_once()
            except DomainError as exc:
                refused.append(exc.message)
            except SyncError as exc:
                refused.append(f"sync: {exc}")
    finally:
        client.close()
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", type=float, default=200.0, help="desk seconds per real second (1-3600)")
    parser.add_argument("--sample", type=float, default=5.0, help="real seconds between two looks")
    parser.add_argument("--day", type=date.fromisoformat, default=None, help="the desk's day (default: today)")
    parser.add_argument("--until", default="00:30", help="the next day's local time to stop at (HH:MM)")
    parser.add_argument("--keep", action="store_true", help="keep the stores, the server database and the config")
    args = parser.parse_args(argv)

    day = args.day or datetime.now(SHANGHAI).date()
    start = datetime.combine(day, datetime.min.time().replace(hour=8), SHANGHAI)
    hh, mm = (int(x) for x in args.until.split(":"))
    end = datetime.combine(day + timedelta(days=1), datetime.min.time().replace(hour=hh, minute=mm), SHANGHAI)
    real_seconds = (end - start).total_seconds() / args.speed

    home = Path(tempfile.mkdtemp(prefix="soak-"))
    os.chmod(home, 0o700)
    base_env = {**os.environ, "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home),
                "XDG_CACHE_HOME": str(home), "REFERRAL_DESK_START_AT": start.isoformat(),
                "REFERRAL_DESK_CLOCK_SPEED": f"{args.speed:g}", "TERM": "xterm-256color"}
    server_db = f"sqlite:///{home / 'server.sqlite3'}"
    print(f"soak: {start:%Y-%m-%d %H:%M} -> {end:%Y-%m-%d %H:%M} at {args.speed:g}x: {real_seconds / 60:.1f} "
          f"real minutes, a look every {args.sample:g} s ({home})")

    # The stores: A holds the demo's day (its roster runs past midnight), B starts empty and pulls it.
    from referral_desk.clock import FixedClock
    from referral_desk.domain.policy import Policy
    from referral_desk.store.database.engine import open_store
    from referral_desk.store.demo import build_demo

    store_a = home / "desk-a.sqlite3"
    s = open_store(store_a)
    build_demo(s, Policy(), FixedClock(start))
    s.close()

    _run("server", "migrate", "--database-url", server_db, env=base_env)
    token_a = _token(_run("server", "token", "create", "--database-url", server_db, "--name", "窗口8-1",
                          "--role", "operator", env=base_env))
    token_b = _token(_run("server", "token", "create", "--database-url", server_db, "--name", "窗口8-2",
                          "--role", "operator", env=base_env))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "referral_desk", "serve", "--database-url", server_db,
                               "--port", str(port), "--log-level", "warning"], env=base_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    socket = f"soak{os.getpid()}"
    stop = threading.Event()
    booked: list[str] = []
    refused: list[str] = []
    samples: list[tuple[float, float, str, str, str]] = []
    writer = None
    try:
        _wait_ready(url)
        config = home / "desk-a.toml"
        robot, arrived = _webhook_sink()
        config.write_text(f'[desk]\noperator = "张敏"\nworkstation = "窗口8-1"\nserver_url = "{url}"\n'
                          f'server_token = "{token_a}"\nsync_seconds = 2\nexpire_overdue_after_minutes = {EXPIRE}\n'
                          f'wecom_webhook = "{robot}"\nauto_reminder_minutes = "{LEAD}"\n', encoding="utf-8")
        os.chmod(config, 0o600)
        env = {**base_env, "REFERRAL_DESK_CONFIG": str(config)}
        command = " ".join(["exec", sys.executable, "-m", "referral_desk", "--db", str(store_a), "--operator", "张敏"])
        subprocess.run(["tmux", "-L", socket, "new", "-d", "-x", "120", "-y", "40", command], env=env, check=True)
        started = time.monotonic()
        pid = int(_tmux(socket, "list-panes", "-F", "#{pane_pid}").split()[0])
        writer = threading.Thread(target=_desk_b, args=(home / "desk-b.sqlite3", url, token_b, start, args.speed,
                                                        stop, booked, refused), daemon=True)
        writer.start()
        while time.monotonic() - started < real_seconds:
            time.sleep(args.sample)  # a bench looking on from outside, not a test waiting for an event
            elapsed = time.monotonic() - started
            screen = _tmux(socket, "capture-pane", "-p")
            shown = CLOCK.search(screen)
            lines = screen.splitlines()
            duty = " ".join(line.split("││")[0] for line in lines[2:6])
            samples.append((elapsed, _rss_mb(pid), shown[1] if shown else "", shown[2] if shown else "", duty))
            status = lines[-2] if len(lines) > 1 else ""
        stop.set()
        writer.join(30)
        time.sleep(3)  # one more of desk A's 2-second sync rounds: desk B's last request reaches it
        final = open_store(store_a)
        from sqlmodel import Session, func, select

        from referral_desk.clock import FixedClock as Fixed
        from referral_desk.desk.desk import Desk
        from referral_desk.store.database.tables import Consultation
        from referral_desk.store.writes.actor import Actor

        with Session(final.engine) as sess:
            seen = sess.exec(select(func.count()).select_from(Consultation)
                             .where(Consultation.id.in_(booked))).one() if booked else 0
        reader = Desk(final, Policy(), Fixed(start), Actor("soak", "soak"))
        rosters = {d: [r.specialist_name or "无人值班" for r in reader.panes.duty_today(d)][:4]
                   for d in (day, day + timedelta(days=1))}
        late = _lateness(final, Policy(), timedelta(minutes=EXPIRE), LEAD, start)
        final.close()
    finally:
        stop.set()
        _tmux(socket, "kill-server")
        server.terminate()
        server.wait(30)
    print(f"desk A's last status line: {status.strip()}")
    _report(samples, start, args.speed, booked, refused, seen, rosters)
    for what, minutes in zip((f"automatic reminders ({LEAD} min before the deadline, sent to a robot on loopback: "
                              f"{len(arrived)} messages)", f"expiries by policy ({EXPIRE} min past the deadline)"),
                             late, strict=False):
        if minutes:
            print(f"{what}: {len(minutes)}, desk minutes after they fell due: median {statistics.median(minutes):.1f}, "
                  f"largest {max(minutes):.1f}, earliest {min(minutes):.1f}")
        else:
            print(f"{what}: none")
    if not args.keep:
        shutil.rmtree(home, ignore_errors=True)
    return 0


def _report(samples, start: datetime, speed: float, booked: list[str], refused: list[str], seen: int,
            rosters: dict[date, list[str]]) -> None:
    def desk_time(elapsed: float) -> datetime:
        return start + timedelta(seconds=elapsed * speed)

    hour = 3600 / speed
    warm = [s for s in samples if s[0] >= hour] or samples
    rss = [s[1] for s in warm]
    hours = [s[0] / hour for s in warm]
    slope = statistics.linear_regression(hours, rss).slope if len(warm) > 2 else 0.0
    print(f"memory (RSS): {rss[0]:.0f} MB after the first desk hour, {rss[-1]:.0f} MB at the end, "
          f"largest {max(rss):.0f} MB; trend {slope:+.2f} MB per desk hour")

    stopped, worst = 0, 0.0
    previous = None
    for elapsed, _rss, day, clock, _duty in samples:
        if not clock:
            stopped += 1
            continue
        shown = datetime.fromisoformat(f"{day} {clock}").replace(tzinfo=SHANGHAI)
        worst = max(worst, abs((shown - desk_time(elapsed)).total_seconds()))
        if previous is not None and shown <= previous:
            stopped += 1
        previous = shown
    print(f"status-line clock: {len(samples)} looks, {stopped} with the clock not moved or not shown; "
          f"largest gap from the desk's clock {worst:.0f} desk s (= {worst / speed:.1f} real s)")

    midnight = start.replace(hour=0, minute=0) + timedelta(days=1)
    before = [s for s in samples if desk_time(s[0]) < midnight]
    after = [s for s in samples if desk_time(s[0]) >= midnight + timedelta(minutes=5) and s[3]]
    if before and after:
        today, tomorrow = sorted(rosters)

        def shows(duty: str, day: date) -> bool:
            return all(name in duty for name in rosters[day])

        print(f"midnight: status line {before[-1][2]} {before[-1][3]} -> {after[-1][2]} {after[-1][3]}; the duty "
              f"pane showed {today:%m-%d}'s roster before: {'yes' if shows(before[-1][4], today) else 'NO'}, "
              f"{tomorrow:%m-%d}'s after: {'yes' if shows(after[-1][4], tomorrow) else 'NO'} "
              f"({'、'.join(rosters[today])} -> {'、'.join(rosters[tomorrow])})")
    else:
        print("midnight: not reached (use --until after 00:00)")
    print(f"sync: desk B booked {len(booked)} requests ({len(refused)} refused or failed rounds); desk A's store "
          f"holds {seen} of them")
    if refused:
        print(f"  first refusals: {refused[:3]}")


if __name__ == "__main__":
    raise SystemExit(main())

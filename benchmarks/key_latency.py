"""How long each everyday key takes to show its screen (issue 25): key written to the desk's terminal →
the screen's own words written back, on the real desk in a pseudo-terminal (what tmux showed a tester),
each key repeated, median and p95.

    python -m benchmarks.key_latency [--store PATH] [--runs 20]

A screen that fills behind a placeholder is timed twice: its first frame, and its data.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

ESC = b"\x1b"


@dataclass(frozen=True)
class Case:
    label: str
    keys: bytes  # what opens it (from the dashboard, approvals pane focused)
    shown: str  # words its first frame writes
    filled: str | None = None  # words its data writes, when it fills later
    close: bytes = ESC


CASES = [
    Case("? 快捷键", b"?", "本屏按键"),
    Case("Enter 会诊详情", b"2\r", "审核截止"),
    Case("b 登记会诊", b"b", "登记会诊申请"),
    Case("f 随访", b"f", "随访（今天到期", "应随访"),
    Case("m 月排班", b"m", "无人值班"),  # the legend, in the first frame
    Case("H 交接班", b"H", "交接班", "交班人"),
    Case("v 当日审阅", b"v", "当日审阅", "日终未结"),
    Case("s 统计", b"s", "统计", "转诊率"),
    Case("s y 一年统计", b"sy", "统计", "（365天）"),  # this month's first, then the year's figures
]


class Desk:
    """The desk in a pseudo-terminal; reads what it writes, as a terminal would."""

    def __init__(self, store: Path, cols: int = 120, rows: int = 40) -> None:
        home = Path(tempfile.mkdtemp(prefix="key-bench-"))
        env = {**os.environ, "TERM": "xterm-256color", "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home),
               "XDG_CACHE_HOME": str(home), "COLUMNS": str(cols), "LINES": str(rows)}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(sys.executable, [sys.executable, "-m", "referral_desk", "--db", str(store),
                                        "--operator", "基准"], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.buffer = b""

    def read_until(self, words: str, timeout: float = 30.0) -> float | None:
        """Seconds until `words` appear in what the desk writes from now on (None: never)."""
        want, seen, start = words.encode(), b"", time.perf_counter()
        while (left := start + timeout - time.perf_counter()) > 0:
            ready, _w, _x = select.select([self.fd], [], [], left)
            if ready:
                seen += os.read(self.fd, 65536)
                if want in seen:
                    return time.perf_counter() - start
        return None

    def quiet(self, seconds: float = 0.4) -> None:
        """Read until the desk has written nothing for `seconds` (its frame done)."""
        while select.select([self.fd], [], [], seconds)[0]:
            os.read(self.fd, 65536)

    def press(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def close(self) -> None:
        os.kill(self.pid, signal.SIGTERM)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(store: Path, runs: int, only: str | None = None) -> list[tuple[str, list[float]]]:
    desk = Desk(store)
    results: list[tuple[str, list[float]]] = []
    try:
        if desk.read_until("操作员 基准", 60) is None:
            raise SystemExit("the desk never showed its panes")
        desk.quiet(1.0)
        for case in CASES:
            if only is not None and not any(part in case.label for part in only.split(",")):
                continue
            shown, filled = [], []
            for _ in range(runs):
                start = time.perf_counter()
                desk.press(case.keys)
                first = desk.read_until(case.shown)
                if first is None:
                    raise SystemExit(f"{case.label}: never showed {case.shown!r}")
                shown.append(first)
                if case.filled is not None:
                    more = desk.read_until(case.filled)
                    if more is not None:
                        filled.append(time.perf_counter() - start)
                desk.quiet()
                desk.press(case.close)
                desk.quiet()
            results.append((case.label, shown))
            if filled:
                results.append((f"{case.label}（数据）", filled))
        if only is not None and "/" not in only.split(","):
            return results
        # A filter keystroke: `/` on the approvals pane, then letters, each redrawing the pane.
        desk.press(b"2/")
        desk.quiet()
        typed, strokes = "", []
        for i in range(runs):
            letter = "abcdefghijklmnopqrstuvwxyz"[i % 26]
            typed = (typed + letter)[-6:] if len(typed) < 6 else letter
            if len(typed) == 1 and i:
                desk.press(b"\x7f" * 6)  # back to an empty filter
                desk.quiet()
            start = time.perf_counter()
            desk.press(letter.encode())
            took = desk.read_until(f"筛选：{typed}")
            if took is not None:
                strokes.append(took)
            desk.quiet(0.2)
        results.append(("/ 筛选每次按键", strokes))
    finally:
        desk.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store to open (default: the year store, built once)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", help="only the keys whose label holds one of these texts, comma-separated "
                        "('/': the filter)")
    args = parser.parse_args(argv)
    from benchmarks.year_store import working_copy, year_store

    store = year_store(args.store)
    copy = working_copy(store, "key-store-")
    print(f"key → its screen on the terminal, {store.name}, {args.runs} times each "
          "(median / p95 ms; target: first frame <= 100, statistics' data <= 300, a filter key <= 16):")
    for label, values in measure(copy, args.runs, args.only):
        ms = [1000 * v for v in values]
        print(f"  {label:<20} {statistics.median(ms):7.1f}  {_p95(ms):7.1f}   (n={len(ms)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

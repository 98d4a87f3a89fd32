"""Roster figures for `make bench`: importing a 40-specialty month grid (target <= 1 s) and
opening the roster grid for a month on the year-sized store (target <= 200 ms)."""

from __future__ import annotations

import asyncio
import shutil
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import Workbook

from referral_desk.clock import SystemClock
from referral_desk.config import Settings
from referral_desk.desk.desk import Desk
from referral_desk.domain.policy import Policy
from referral_desk.store.database.engine import open_store
from referral_desk.store.writes.actor import Actor


def month_grid(service: Desk, month: date, path: Path, specialties: int = 40) -> Path:
    """The sheet a center compiles: a row per specialty, a column per day, names of known specialists."""
    data = service.roster.roster_month(month)
    people: dict[str, list[str]] = {}
    for cell in data.cells.values():
        people.setdefault(cell.specialty_id, [])
        if cell.specialist_name not in people[cell.specialty_id]:
            people[cell.specialty_id].append(cell.specialist_name)
    chosen = [(sid, name) for sid, name in data.specialties if people.get(sid)][:specialties]
    book = Workbook()
    ws = book.active
    ws.title = f"{month.month}月"
    ws.append([f"{month:%Y年%m月}会诊医师值班表"])
    ws.append(["专业"] + [d.day for d in data.days])
    for sid, name in chosen:
        names = people[sid]
        ws.append([name] + [names[i % len(names)] for i in range(len(data.days))])
    book.save(path)
    return path


def open_grid_times(service: Desk, month: date, runs: int) -> list[float]:
    from referral_desk.app import ReferralDeskApp
    from referral_desk.screens.roster import RosterScreen
    from referral_desk.widgets.roster_grid import RosterGrid

    # The first frame that shows the month, scrolled to today: counted where the grid draws a row (the
    # screens keep no events for benchmarks).
    drawn = asyncio.Event()
    render_line = RosterGrid.render_line

    def render_line_counted(grid: RosterGrid, y: int):
        strip = render_line(grid, y)
        if y > 0 and grid.placed:
            drawn.set()
        return strip

    RosterGrid.render_line = render_line_counted  # type: ignore[method-assign]

    async def run() -> list[float]:
        app = ReferralDeskApp(service, Settings(), "year.sqlite3")
        times = []
        async with app.run_test(size=(120, 40)) as pilot:
            await asyncio.wait_for(app.dashboard.loaded.wait(), timeout=30)
            for _ in range(runs):
                screen = RosterScreen(service, month)
                drawn.clear()
                t = time.perf_counter()
                await app.push_screen(screen)
                await asyncio.wait_for(drawn.wait(), timeout=30)
                times.append((time.perf_counter() - t) * 1000)
                app.pop_screen()
                await pilot.pause()
        return times

    try:
        return asyncio.run(run())
    finally:
        RosterGrid.render_line = render_line  # type: ignore[method-assign]


def main(year: Path, runs: int = 5) -> None:
    work = Path(tempfile.mkdtemp(prefix="rd-roster-bench-"))
    try:
        copy = work / "year.sqlite3"
        shutil.copy(year, copy)
        store = open_store(copy)
        service = Desk(store, Policy(), SystemClock(), Actor("bench", "bench"))
        month = datetime.now(UTC).date().replace(day=1)
        sheet = month_grid(service, month, work / "grid.xlsx")
        print("\nroster:")
        took, report = [], None
        for _ in range(runs):  # each run replaces the month the previous one wrote
            t = time.perf_counter()
            report = service.roster.prepare_roster_import(sheet)
            if not report.ok:
                raise SystemExit("\n".join(report.lines()))
            service.roster.import_roster(report)
            took.append((time.perf_counter() - t) * 1000)
        print(f"  importing a {len(report.plan.specialties)}-specialty month grid (.xlsx, {len(report.plan.duties):,} "
              f"duties, replacing {report.replaced:,}): median {statistics.median(took):.0f} ms, "
              f"max {max(took):.0f} ms  (target <= 1000 ms)")
        query = []
        for _ in range(50):
            t = time.perf_counter()
            service.roster.roster_month(month)
            query.append((time.perf_counter() - t) * 1000)
        opened = open_grid_times(service, month, 10)
        print(f"  opening the roster grid for a month: query median {statistics.median(query):.1f} ms; "
              f"screen to drawn grid median {statistics.median(opened):.0f} ms, max {max(opened):.0f} ms  "
              f"(target <= 200 ms)")
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(Path(__file__).parent / "out" / "year.sqlite3")

"""A year of a real team: opening the app and moving between months stay under 1 s.

The demo team (20 members, two checkpoints staffed around the clock) with twelve months
generated month by month (each month's fairness carried from the one before, as a lead
would do it) and a duty log for every shift of the year: each rostered member checks in
and out, one note per shift. Figures, driven headless like ``bench_tui.py``:

* **Open**: from building the app (month view, on the last month) to the first frame
  with the month's check shown (the target of issue #10: ≤ 1 s on the 2-core machine).
* **Next / previous month**: from the key (``]`` / ``[``) to the board showing the other
  month, checked. Median and max over every month of the year.

Run from the repository root: ``python bench/bench_year.py``. Shared machines are noisy;
the yardstick says how fast this one was while measuring.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from roster.domain.model import LogEntry  # noqa: E402
from roster.dutylog.entries import check_in_entry, check_out_entry, note_entry  # noqa: E402
from roster.generator import generate  # noqa: E402
from roster.samples.demo import demo_bundle  # noqa: E402
from roster.services.session import period_days  # noqa: E402
from roster.store import Store  # noqa: E402
from roster.tui.app import make_app  # noqa: E402
from roster.tui.widgets.board import RosterBoard  # noqa: E402

FIRST = date(2026, 1, 1)
MONTHS = 12
SIZE = (160, 48)


def _yardstick() -> float:
    start = time.perf_counter()
    sum(i * i for i in range(1_000_000))
    return time.perf_counter() - start


def build_year(data: Path) -> tuple[int, int]:
    """Save a year of rosters and duty log into ``data``: (assignments, log entries)."""
    bundle = demo_bundle(FIRST)
    first = FIRST
    for _ in range(MONTHS):
        bundle = generate(bundle, bundle.period(first, period_days(first, "month"))).bundle
        first = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    logs: list[LogEntry] = []
    seen: set[tuple[str, object]] = set()
    for a in bundle.assignments:
        if a.role != "duty":
            continue
        logs.append(check_in_entry(a.checkpoint, a.member, a.start - timedelta(minutes=5),
                                   a.start))
        logs.append(check_out_entry(a.checkpoint, a.member, a.end, a.end))
        if (a.checkpoint, a.start) not in seen:
            seen.add((a.checkpoint, a.start))
            logs.append(note_entry(a.checkpoint, "vehicle", a.start + timedelta(hours=1),
                                   a.start + timedelta(hours=1), count=12, text="过往车辆"))
    Store(data).save(replace(bundle, logs=tuple(logs)), op="import", operator="bench")
    return len(bundle.assignments), len(logs)


async def measure(data: Path) -> tuple[float, list[float], list[float]]:
    last = date(FIRST.year, MONTHS, 15)
    start = time.perf_counter()
    app = make_app(data, "zh", last, operator="bench", mode="month", poll_seconds=60)
    nexts: list[float] = []
    prevs: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        while app.session.report is None:
            await asyncio.sleep(0.005)
        opened = time.perf_counter() - start
        board = app.screen.query_one(RosterBoard)
        for key, out in (("left_square_bracket", prevs), ("right_square_bracket", nexts)):
            for _ in range(MONTHS - 1):
                t = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                while app.session.report is None:
                    await asyncio.sleep(0.005)
                await pilot.pause()
                out.append(time.perf_counter() - t)
                assert board.grid is not None
    return opened, prevs, nexts


def _ms(values: list[float]) -> str:
    return (f"median {statistics.median(values):.3f} s, max {max(values):.3f} s "
            f"over {len(values)} months")


def main() -> None:
    print(f"yardstick (1e6 squares): {_yardstick():.3f} s")
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        t = time.perf_counter()
        assignments, logs = build_year(data)
        print(f"a year of the demo team: {assignments} assignments, {logs} log entries "
              f"(built in {time.perf_counter() - t:.1f} s)")
        opened, prevs, nexts = asyncio.run(measure(data))
        verdict = "ok" if opened <= 1.0 else "SLOW"
        print(f"open the app on the last month, checked: {opened:.3f} s "
              f"({verdict}: target ≤ 1 s)")
        worst = max(prevs + nexts)
        print(f"previous month ([), key to board checked: {_ms(prevs)}")
        print(f"next month (]), key to board checked:     {_ms(nexts)} "
              f"({'ok' if worst <= 1.0 else 'SLOW'}: target ≤ 1 s)")


if __name__ == "__main__":
    main()

"""How long the county roll-up takes, and how much memory, at county and city scale.

The targets (issue #12): the 510 teams of a county rolled up in at most 10 s on the
2-core machine; the 5,663 villages of a city in at most 90 s with peak memory at most
1 GB. The synthetic county (``python -m roster.samples.synthetic county``) is written to
a temporary folder first (not timed); then ``roster county FOLDER --format json`` runs as
a user would run it, in its own process, and its wall time is measured along with the
peak of the resident memory of that process *and all its worker processes together*,
sampled from /proc every 20 ms (Linux).

The county screen (``--screen``): the 510 teams' roll-up made once, then the time from
building the app to its table filled and painted (target 2 s), and a page-down through
the table (the median and the worst of 20 keys).

Run from the repository root: ``python bench/bench_county.py [--teams 510 5663] [--screen]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from roster.samples.county import write_county  # noqa: E402

DAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 2, 8, tzinfo=timezone(timedelta(hours=8)))
TARGETS = {510: (10.0, None), 5663: (90.0, 1024.0)}


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return out


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run(folder: Path) -> tuple[float, float, dict]:
    """Wall seconds, peak MB of the process tree, and the JSON it wrote."""
    out = folder.parent / f"{folder.name}.out.json"
    cmd = [sys.executable, "-m", "roster", "county", str(folder), "--start", DAY.isoformat(),
           "--format", "json", "--out", str(out)]
    env = {**os.environ, "ROSTER_LANG": "en"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _rss_mb(_tree(proc.pid)))
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"roster county failed ({proc.returncode}): "
                         f"{proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, peak, json.loads(out.read_text(encoding="utf-8"))


def screen(teams: int = 510) -> None:
    """How long the county screen takes to open on ``teams`` teams, and to page."""
    from textual.widgets import DataTable

    from roster.county import find_bundles, roll_up
    from roster.tui.county_app import make_county_app

    with tempfile.TemporaryDirectory(prefix="county-bench-") as tmp:
        folder = Path(tmp) / "county"
        write_county(folder, teams, day=DAY, now=NOW)
        rollup = roll_up(find_bundles([folder]), DAY, 1, NOW)

    async def run_app() -> tuple[float, list[float]]:
        t0 = time.perf_counter()
        app = make_county_app(rollup, "zh")
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            opened = time.perf_counter() - t0
            assert app.screen.query_one(DataTable).row_count == teams
            timings: dict[str, list[float]] = {"pagedown": [], "down": [], "z": []}
            for key, times in timings.items():  # "z" is bound to nothing: the driver's cost
                for _ in range(20):
                    k0 = time.perf_counter()
                    await pilot.press(key)
                    await pilot.pause()
                    times.append(time.perf_counter() - k0)
        return opened, timings

    opened, timings = asyncio.run(run_app())
    print(f"county screen on {teams} teams: open and painted in {opened:.2f} s (target 2 s: "
          f"{'met' if opened <= 2 else 'MISSED'})")
    for key, times in timings.items():
        print(f"    key {key}: {statistics.median(times) * 1000:.0f} ms median, "
              f"{max(times) * 1000:.0f} ms worst (key to screen, through the test driver)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, nargs="*", default=[510, 5663])
    parser.add_argument("--screen", action="store_true", help="also time the county screen")
    args = parser.parse_args()
    print(f"processors available: {len(os.sched_getaffinity(0))}")
    if args.screen:
        screen()
    for teams in args.teams:
        with tempfile.TemporaryDirectory(prefix="county-bench-") as tmp:
            folder = Path(tmp) / "county"
            t0 = time.perf_counter()
            paths = write_county(folder, teams, day=DAY, now=NOW)
            size = sum(p.stat().st_size for p in paths) / 1e6
            made = time.perf_counter() - t0
            wall, peak, doc = run(folder)
        rows = doc["teams"]
        with_problems = sum(1 for t in rows if t["problems"])
        target, memory = TARGETS.get(teams, (None, None))
        verdict = "" if target is None else (
            f"  (target {target:.0f} s{'' if memory is None else f', {memory:.0f} MB'}: "
            f"{'met' if wall <= target and (memory is None or peak <= memory) else 'MISSED'})")
        print(f"{teams} teams ({size:.0f} MB of bundles, written in {made:.1f} s): "
              f"rolled up in {wall:.2f} s, peak memory {peak:.0f} MB{verdict}")
        print(f"    {len(rows)} teams, {with_problems} with problems, "
              f"{sum(t['problems'] for t in rows)} problems, "
              f"{sum(t['shifts'] for t in rows)} shifts, {len(doc['errors'])} unreadable")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How fast the app opens and how the board keeps up with the keys, driven headless.

Two figures the TUI issue asks for:

* **First paint** on the demo team: from building the app (``make_app``) to the first
  frame of the board, under 1 s. Measured as the time until ``App.run_test`` hands
  over (the app is running, the board screen mounted and laid out) plus one refresh.
* **Moving around a county month** (the synthetic team: 100 checkpoints × 3 shifts ×
  31 days, 1,000 members, every place filled round-robin): the latency of each cursor
  move and page scroll, from the key press to the screen updated, as median and max.
  The board draws only the cells on screen (a Line-API widget), so a move costs the
  same on day 31 × column 300 as on the first cell.

Also printed: the first paint of the large month (the check runs in a worker after it)
and when the check's colours arrived.

Run from the repository root: ``python bench/bench_tui.py [--moves N]``. Shared
machines are noisy; each figure is one run, with a yardstick of the machine's speed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual.geometry import Region  # noqa: E402

from roster.exchange.bundle import read_bundle  # noqa: E402
from roster.samples.demo import demo_bundle  # noqa: E402
from roster.samples.synthetic import make_team  # noqa: E402
from roster.store import Store  # noqa: E402
from roster.tui.app import RosterApp, make_app  # noqa: E402
from roster.tui.widgets.board import RosterBoard  # noqa: E402

DAY = date(2026, 12, 1)
SIZE = (160, 48)


def _yardstick() -> float:
    start = time.perf_counter()
    sum(i * i for i in range(1_000_000))
    return time.perf_counter() - start


async def first_paint(build: Callable[[], RosterApp]) -> tuple[float, RosterApp, float | None]:
    """Seconds to the first frame, and (for a large roster) to the check's colours."""
    start = time.perf_counter()
    app = build()
    checked: float | None = None
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        painted = time.perf_counter() - start
        while app.session.report is None:
            await asyncio.sleep(0.01)
        checked = time.perf_counter() - start
    return painted, app, checked


async def moves(data_dir: Path, count: int) -> dict[str, list[float]]:
    """Latency of each key: cursor moves in all four directions, then page scrolls.

    ``move``/``page`` are end to end through Pilot (key event in, screen updated), which
    includes the harness's own waiting for the process to go idle; ``noop`` is a key
    bound to nothing, the floor of that harness. ``draw`` is the board's own work for a
    move: the cursor set and every visible line drawn again (a move normally redraws
    four lines; a move that scrolls, all of them).
    """
    app = make_app(data_dir, "zh", DAY, operator="bench", mode="month", poll_seconds=60)
    out: dict[str, list[float]] = {"move": [], "page": [], "noop": [], "draw": []}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        while app.session.report is None:
            await asyncio.sleep(0.01)
        await pilot.pause()
        board = app.screen.query_one(RosterBoard)
        assert board.grid is not None
        for _ in range(20):
            t = time.perf_counter()
            await pilot.press("f20")
            await pilot.pause()
            out["noop"].append(time.perf_counter() - t)
        plan = (["l"] * (count // 2) + ["j"] * 20 + ["h"] * 10 + ["k"] * 10
                + ["end", "home"] + ["l"] * (count - count // 2))
        for key in plan:
            t = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            out["move"].append(time.perf_counter() - t)
        for key in ["pagedown"] * 6 + ["pageup"] * 6:
            t = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            out["page"].append(time.perf_counter() - t)
        assert board.cursor[1] > 0
        view = Region(0, 0, board.size.width, board.size.height)
        row, col = board.cursor
        for step in range(count):
            t = time.perf_counter()
            board.set_cursor(row + step % 31, (col + step * 7) % len(board.grid.columns))
            board.render_lines(view)
            out["draw"].append(time.perf_counter() - t)
    return out


def _ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:6.1f} ms, "
            f"max {max(values) * 1000:6.1f} ms over {len(values)}")


async def main(count: int) -> None:
    print(f"yardstick (1e6 squares): {_yardstick():.3f} s")
    with tempfile.TemporaryDirectory() as demo, tempfile.TemporaryDirectory() as large:
        Store(Path(demo)).save(demo_bundle(DAY), op="demo")
        painted, _, _ = await first_paint(
            lambda: make_app(Path(demo), "zh", DAY, operator="bench", poll_seconds=60))
        print(f"demo team, first paint:        {painted:.3f} s  "
              f"({'ok' if painted < 1.0 else 'SLOW'}: target < 1 s)")

        t = time.perf_counter()
        doc = make_team(checkpoints=100, members=1000, start=DAY, days=31, assignments=True)
        Store(Path(large)).save(read_bundle(doc, "synthetic"), op="import")
        print(f"synthetic month (100 checkpoints, 1,000 members, "
              f"{len(doc['assignments'])} assignments) saved in {time.perf_counter() - t:.1f} s")
        painted, app, checked = await first_paint(
            lambda: make_app(Path(large), "zh", DAY, operator="bench", mode="month",
                             poll_seconds=60))
        grid = app.session.bundle
        assert grid is not None
        print(f"large month, first paint:      {painted:.3f} s")
        print(f"large month, check's colours:  {checked:.3f} s (in a worker; the board "
              "answers keys meanwhile)")
        figures = await moves(Path(large), count)
        print(f"large month, board's own work per move (cursor + full redraw): "
              f"{_ms(figures['draw'])}")
        print(f"large month, cursor move, key to screen: {_ms(figures['move'])}")
        print(f"large month, page scroll, key to screen: {_ms(figures['page'])}")
        print(f"   (floor: a key bound to nothing, same harness: {_ms(figures['noop'])})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=200, help="cursor moves to time")
    asyncio.run(main(parser.parse_args().moves))

"""The first screen, driven headless: it lists the team, its checkpoints and today's shifts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Static

from roster.demo import demo_bundle
from roster.store import Store
from roster.tui.app import make_app

DAY = date(2026, 12, 1)


async def test_demo_team_today_is_listed(tmp_path: Path) -> None:
    Store(tmp_path).save(demo_bundle(DAY), op="demo")
    app = make_app(tmp_path, "zh", day=DAY)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.title == "北王村驻村工作队"
        table = app.query_one("#today", DataTable)
        assert table.row_count == 6  # two checkpoints × three shifts
        cells = [str(c) for c in table.get_row_at(0)]
        assert cells[0] in {"北口卡点", "南口卡点"}
        assert "00:00–08:00" in cells[2] and "夜" in cells[2]
        info = str(app.query_one("#team", Static).render())
        assert "20 名队员" in info and "2 个卡点" in info


async def test_empty_store_says_how_to_start(tmp_path: Path) -> None:
    app = make_app(tmp_path, "en", day=DAY)
    async with app.run_test() as pilot:
        await pilot.pause()
        text = str(app.query_one("#team", Static).render())
        assert "roster demo" in text


async def test_reload_picks_up_a_change_made_elsewhere(tmp_path: Path) -> None:
    app = make_app(tmp_path, "en", day=DAY)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.query_one("#today", DataTable).row_count == 0
        Store(tmp_path).save(demo_bundle(DAY), op="demo")
        await pilot.press("r")
        await pilot.pause()
        assert app.query_one("#today", DataTable).row_count == 6

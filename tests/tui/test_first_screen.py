"""Opening the app: the demo team's week on the board, an empty folder, a change made elsewhere."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from roster.samples.demo import demo_bundle
from roster.store import Store
from roster.tui.screens.first_run import FirstRunScreen
from roster.tui.views.grid import PENDING
from roster.tui.widgets.board import RosterBoard
from tests.tui.conftest import DAY, SIZE, app_for, settle


async def test_demo_team_opens_on_this_week(demo_dir: Path) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.title == "北王村驻村工作队"
        board = app.screen.query_one(RosterBoard)
        grid = board.grid
        assert grid is not None
        assert grid.rows == 7 and grid.days[0].isoformat() == "2026-11-30"
        assert [c.label for c in grid.columns[:3]] == ["08:00–16:00", "16:00–00:00",
                                                        "00:00–08:00"]
        assert len(grid.columns) == 6  # two checkpoints × three shifts
        assert board.today_row == 1  # Tuesday
        assert grid.cell(0, 0).state != PENDING  # checked at once: a small team
        top = str(app.screen.query_one("#topbar-text", Static).render())
        report = app.session.report
        # the bar counts shifts short, not problems: one shift short of people and of a
        # party member is one gap (issue 13 item 17)
        assert report is not None and f"缺口 {report.gap_places}" in top
        assert report.gap_places < len(report.gaps)
        assert "2026-11-30" in top and "北王村驻村工作队" in top


async def test_empty_folder_opens_the_set_up(tmp_path: Path) -> None:
    app = app_for(tmp_path, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen) and app.screen.step == "team"
        assert "Start your team" in str(app.screen.query_one("#setup-title", Static).render())
        await pilot.press("escape")  # no team, nothing else to show: the app ends
        await pilot.pause()
        assert not app.is_running


async def test_a_team_saved_elsewhere_appears_by_itself(tmp_path: Path) -> None:
    app = app_for(tmp_path, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        Store(tmp_path).save(demo_bundle(DAY), op="demo")
        await pilot.pause(0.5)
        await settle(pilot)
        assert not isinstance(app.screen, FirstRunScreen)  # a whole team: the set-up closes
        board = app.screen.query_one(RosterBoard)
        assert board.display and board.grid is not None and board.grid.rows == 7

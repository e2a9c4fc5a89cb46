"""On the board, g and G leave every shift that has started as it is; a week that is all
past is rebuilt only after the lead says yes."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

from roster.domain.timeutil import zone
from roster.store import Store
from roster.tui.dialogs.confirm import ConfirmDialog
from tests.tui.conftest import SIZE, app_for, settle

TZ = zone("Asia/Shanghai")
NIGHT = datetime(2026, 12, 1, 3, 40, tzinfo=TZ)  # Tuesday of the demo week, 03:40


def _started(data: Path, now: datetime) -> Counter[tuple[object, ...]]:
    return Counter((a.checkpoint, a.start, a.member, a.role, a.locked)
                   for a in Store(data).load().assignments if a.start < now)


async def test_g_and_G_at_night_leave_the_crew_on_site(rostered_dir: Path) -> None:
    before = _started(rostered_dir, NIGHT)
    app = app_for(rostered_dir, clock=lambda: NIGHT)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("g", "g", "G"):
            await pilot.press(key)
            await settle(pilot)
            if isinstance(app.screen, ConfirmDialog):
                await pilot.press("y")
                await settle(pilot)
            assert _started(rostered_dir, NIGHT) == before
    assert Store(rostered_dir).history()[0].op in ("generate", "repair")


async def test_a_week_that_is_over_is_rebuilt_only_on_yes(rostered_dir: Path) -> None:
    later = datetime(2026, 12, 20, 9, 0, tzinfo=TZ)
    changes = len(Store(rostered_dir).history())
    app = app_for(rostered_dir, clock=lambda: later)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "已开始" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert len(Store(rostered_dir).history()) == changes
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # and how many people's shifts change
        assert "people's shifts change" in app.screen.question or "人的班次" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert len(Store(rostered_dir).history()) == changes + 1


async def test_the_board_dims_the_past_and_marks_the_running_shift(rostered_dir: Path) -> None:
    from roster.tui.screens.slot import SlotScreen
    from roster.tui.widgets.board import PAST, RUNNING, RosterBoard

    app = app_for(rostered_dir, clock=lambda: NIGHT)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(RosterBoard)
        grid = board.grid
        assert grid is not None and board.now == NIGHT
        running = [(r, c) for r in range(grid.rows) for c in range(len(grid.columns))
                   if board._flags(r, c) & 8]
        past = [(r, c) for r in range(grid.rows) for c in range(len(grid.columns))
                if board._flags(r, c) & 4]
        # Tuesday 03:40: both checkpoints' 00:00-08:00 shifts are on now; Monday is over.
        assert {grid.cell(r, c).shift.start for r, c in running} == {  # type: ignore[union-attr]
            datetime(2026, 12, 1, 0, 0, tzinfo=TZ)}
        assert len(running) == 2 and all(r == 0 for r, _ in past) and len(past) == 6
        line = board._draw_cell(0, 0, 0, board._flags(0, 0))
        assert all(seg.style is not None and seg.style.dim for seg in line[:-1])
        assert PAST.dim and RUNNING.underline
        board.set_cursor(0, 0)
        await pilot.press("enter")  # a shift that is over: asked first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SlotScreen)


async def test_a_swap_with_a_shift_that_is_over_asks_first(rostered_dir: Path) -> None:
    from roster.tui.widgets.board import RosterBoard

    changes = len(Store(rostered_dir).history())
    app = app_for(rostered_dir, clock=lambda: NIGHT)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(RosterBoard)
        board.set_cursor(0, 0)  # Monday: over
        await pilot.press("m", "j", "j", "m")  # with Wednesday's
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert len(Store(rostered_dir).history()) == changes
        board.set_cursor(2, 0)
        await pilot.press("m", "j", "m")  # Wednesday with Thursday: both to come, no question
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)


async def test_a_repair_with_nothing_left_to_do_says_why(rostered_dir: Path) -> None:
    app = app_for(rostered_dir, "en", clock=lambda: NIGHT)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G")  # a full roster: nothing to repair
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("shifts still to come" in m for m in said), said

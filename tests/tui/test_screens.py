"""The other screens and dialogs: periods, coverage, checkpoints and rules, export, help."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Select

from roster.store import Store
from roster.tui.dialogs.export import ExportDialog
from roster.tui.screens.coverage import CoverageView
from roster.tui.screens.help import HelpScreen
from roster.tui.views.coverage import EMPTY, FULL
from roster.tui.widgets.board import RosterBoard
from roster.tui.widgets.forms import FormScreen
from tests.tui.conftest import SIZE, app_for, settle


async def test_periods_today_and_month_view(rostered_dir: Path) -> None:
    app = app_for(rostered_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = app.session
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert s.first_day == date(2026, 12, 7)
        cell = app.screen.query_one(RosterBoard).current
        assert cell is not None and not cell.duty  # next week: nothing rostered yet
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert s.first_day == date(2026, 11, 23)
        await pilot.press("t")
        await settle(pilot)
        assert s.first_day == date(2026, 11, 30)
        assert app.screen.query_one(RosterBoard).cursor[0] == 1
        await pilot.press("w")
        await settle(pilot)
        grid = app.screen.query_one(RosterBoard).grid
        assert s.mode == "month" and grid is not None and grid.rows == 31
        assert app.screen.query_one(RosterBoard).cursor[0] == 0  # 12-01 is the month's first


async def test_coverage_shows_the_hours_of_a_short_shift(rostered_dir: Path) -> None:
    app = app_for(rostered_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab")  # to the on-duty list
        app.screen.query_one("#duty").focus()
        await pilot.press("delete", "delete", "escape", "2")
        await settle(pilot)
        view = app.screen.query_one(CoverageView)
        day = next(data for kind, data in view.lines if kind == "day")
        states = day[1]
        assert states[8:16] == [EMPTY] * 8 and states[16] == FULL
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.session.first_day == date(2026, 12, 7)


async def test_checkpoint_rules_and_new_checkpoint(demo_dir: Path) -> None:
    app = app_for(demo_dir, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4", "r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-min_rest_hours", Input).value = "-1"
        form.query_one("#field-night_end", Input).value = "22:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.query_one("#error-min_rest_hours").display
        assert form.query_one("#error-night_end").display
        form.query_one("#field-min_rest_hours", Input).value = "10"
        form.query_one("#field-night_end", Input).value = "06:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Store(demo_dir).load().rules.min_rest_hours == 10
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "西口卡点"
        await pilot.press("enter")
        await settle(pilot)
        added = Store(demo_dir).load().checkpoints[-1]
        assert added.name == "西口卡点" and len(added.shifts) == 3
        await pilot.press("u")  # undo works here too
        await settle(pilot)
        assert len(Store(demo_dir).load().checkpoints) == 2


async def test_export_dialog_writes_the_chosen_format(rostered_dir: Path,
                                                      tmp_path_factory: object) -> None:
    out = Path(str(tmp_path_factory.mktemp("out"))) / "week.json"  # type: ignore[attr-defined]
    app = app_for(rostered_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-format", Select).value == "json"
        dialog.query_one("#export-path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert out.exists() and b'"checkpoint-roster"' in out.read_bytes()
        assert not isinstance(app.screen, ExportDialog)


async def test_help_lists_this_screens_keys(demo_dir: Path) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        titles = {title for _, title, _ in help_screen.rows}
        assert {"病假", "请假", "新增", "撤销", "帮助"} <= titles
        assert "生成" not in titles  # a board key, not this screen's
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_a_scrolled_month_lines_up_to_the_cell(tmp_path: Path) -> None:
    """Chinese names are two cells wide; every drawn line is exactly the board's width,
    wherever the cursor has scrolled it (cells cut at either edge included)."""
    from roster.exchange.bundle import read_bundle
    from roster.samples.synthetic import make_team

    doc = make_team(checkpoints=12, members=120, start=date(2026, 12, 1), days=31,
                    assignments=True)
    Store(tmp_path).save(read_bundle(doc, "synthetic"), op="import")
    app = app_for(tmp_path, mode="month")
    async with app.run_test(size=(97, 30)) as pilot:
        await settle(pilot)
        board = app.screen.query_one(RosterBoard)
        for keys in (["l"] * 9, ["j"] * 25, ["end"], ["pagedown"], ["home"]):
            await pilot.press(*keys)
            await pilot.pause()
            width = board.size.width
            assert all(board.render_line(y).cell_length == width
                       for y in range(board.size.height))
        assert board.scroll_y > 0
        assert board.grid is not None and board.grid.rows == 31


async def test_opens_straight_on_a_duty_desk(rostered_dir: Path) -> None:
    app = app_for(rostered_dir, desk="cp-n")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.id == "desk-screen"

"""The board on bundle v2 data: a rotated cell shows its crew, a substitute carries 替 (S in
English), a closed day is a closed cell, and unmet wishes are a group of their own in the
problems panel, apart from gaps and violations."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from roster.checker import check
from roster.exchange.bundle import read_bundle
from roster.store import Store
from roster.tui.views.describe import problems, wish_problems
from roster.tui.views.grid import CLOSED, Grid
from roster.tui.widgets.board import RosterBoard
from roster.tui.widgets.problems import ProblemsPanel
from tests.cli.test_cli_v2 import _rotated_team
from tests.tui.conftest import SIZE, app_for, settle


def v2_bundle():  # type: ignore[no-untyped-def]
    doc = json.loads(json.dumps(_rotated_team()))
    doc["checkpoints"].append({"id": "cp-b", "name": "桥头卡点", "shifts": [
        {"start": "08:00", "end": "20:00"}, {"start": "20:00", "end": "08:00"}],
        "changes": [{"from": "2026-12-03", "to": "2026-12-04", "closed": True,
                     "reason": "修桥"}]})
    return read_bundle(doc, "t")


def test_grid_cells_know_their_crew_substitutes_and_closures() -> None:
    b = v2_bundle()
    period = b.period(date(2026, 11, 30), 7)
    grid = Grid(b, period, check(b, period))
    col = next(i for i, c in enumerate(grid.columns) if c.checkpoint == "cp-r")
    row = grid.row_of(date(2026, 12, 2))
    assert row is not None
    cell = grid.cell(row, col)
    assert cell.crew == "一组" and cell.substitutes == frozenset({"m3"})
    fine = grid.cell(row + 1, col)
    assert fine.crew == "二组" and not fine.substitutes
    bridge = next(i for i, c in enumerate(grid.columns) if c.checkpoint == "cp-b")
    assert grid.cell(row + 1, bridge).state == CLOSED


def test_unmet_wishes_are_their_own_group() -> None:
    b = v2_bundle()
    report = check(b, b.period(date(2026, 11, 30), 7))
    lines, _ = problems(report, b, "zh", 500)
    wishes = wish_problems(report, b, "zh")
    assert not any("♡" in str(p.text) for p in lines)
    assert "未满足的意愿" in str(wishes[0].text) and not wishes[0].checkpoint
    assert "赵四" in str(wishes[1].text) and wishes[1].checkpoint == "cp-r"


async def test_the_board_shows_crews_and_substitutes_and_the_panel_the_wishes(
        tmp_path: Path) -> None:
    Store(tmp_path).save(v2_bundle(), op="import", operator="test")
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen.query_one(RosterBoard)
        text = "\n".join(board.render_line(y).text for y in range(board.size.height))
        assert "[一组]" in text and "队员m3替" in text
        await pilot.press("p")
        await settle(pilot)
        panel = app.screen.query_one(ProblemsPanel)
        prompts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert any("未满足的意愿" in p for p in prompts)
        assert any("赵四" in p and "孩子考试" in p for p in prompts)


async def test_people_add_a_wish_and_put_a_member_in_a_crew(tmp_path: Path) -> None:
    from textual.widgets import DataTable, Input, Select

    from roster.tui.widgets.forms import FormScreen

    Store(tmp_path).save(v2_bundle(), op="import", operator="test")
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        row = [m.id for m in app.screen.members].index("m3")  # type: ignore[attr-defined]
        table.move_cursor(row=row)
        await pilot.press("w")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-from", Input).value = "2026-12-05"
        form.query_one("#field-to", Input).value = "2026-12-06"
        form.query_one("#field-weight", Select).value = "3"
        form.query_one("#field-reason", Input).value = "老人生日"
        await pilot.press("ctrl+s")
        await settle(pilot)
        m3 = Store(tmp_path).load().member("m3")
        assert m3 is not None and [(w.weight, w.reason) for w in m3.wishes] == [(3, "老人生日")]
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-crew", Select).value = "g1"
        form.query_one("#field-only_checkpoints", Input).value = "cp-r"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = Store(tmp_path).load()
        assert [c.members for c in saved.crews] == [("m1", "m3"), ("m2", "m4")]
        assert saved.member("m3").only_checkpoints == ("cp-r",)  # type: ignore[union-attr]
        await pilot.press("u")  # undo takes the crew change back too
        await settle(pilot)
        assert [c.members for c in Store(tmp_path).load().crews] == [("m1",), ("m2", "m4")]


async def test_crews_view_and_screen_4_changes(tmp_path: Path) -> None:
    from textual.widgets import Checkbox, DataTable, Input

    from roster.tui.widgets.forms import FormScreen

    Store(tmp_path).save(v2_bundle(), op="import", operator="test")
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await pilot.pause()
        rotations = app.screen.query_one("#rotations", DataTable)
        assert rotations.row_count == 1
        assert "12-01 二组" in str(rotations.get_row_at(0)[3])
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-name", Input).value = "三组"
        form.query_one("#field-members", Input).value = "m3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [c.name for c in Store(tmp_path).load().crews] == ["一组", "二组", "三组"]
        await pilot.press("4")
        await pilot.pause()
        app.screen.query_one("#cps", DataTable).move_cursor(row=1)  # 桥头卡点
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-from", Input).value = "2026-12-20"
        form.query_one("#field-to", Input).value = "2026-12-20"
        form.query_one("#field-closed", Checkbox).value = True
        form.query_one("#field-reason", Input).value = "集市改道"
        await pilot.press("ctrl+s")
        await settle(pilot)
        bridge = Store(tmp_path).load().checkpoint("cp-b")
        assert bridge is not None and [c.reason for c in bridge.changes] == ["修桥", "集市改道"]
        assert app.screen.query_one("#changes", DataTable).row_count == 2


def test_the_slot_editors_title_names_the_crew_whose_turn_it_is() -> None:
    from roster.domain.model import shifts_in
    from roster.tui.views.describe import shift_title

    b = v2_bundle()
    shift = next(s for s in shifts_in(b, date(2026, 12, 2), 1) if s.checkpoint == "cp-r")
    assert shift_title(b, shift, "zh").endswith("一组当班")
    assert "turn of" not in shift_title(b, next(s for s in shifts_in(b, date(2026, 12, 2), 1)
                                                 if s.checkpoint == "cp-b"), "en")

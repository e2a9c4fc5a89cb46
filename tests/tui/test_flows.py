"""What a team lead does on the board, driven by keys: generate, sickness and repair, swap,
lock, undo and redo, the slot editor, forms that refuse bad values, another process's writes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Static

from roster.editing import edits
from roster.store import Store
from roster.tui.dialogs.confirm import ConfirmDialog
from roster.tui.dialogs.operator import OperatorDialog
from roster.tui.dialogs.swap import SwapDialog
from roster.tui.screens.slot import SlotScreen
from roster.tui.views.grid import FULL, SHORT
from roster.tui.widgets.board import RosterBoard
from roster.tui.widgets.forms import FormScreen
from roster.tui.widgets.problems import ProblemsPanel
from tests.tui.conftest import SIZE, app_for, settle


def board_of(app: object) -> RosterBoard:
    return app.screen.query_one(RosterBoard)  # type: ignore[attr-defined]


async def test_generate_fills_the_week_and_is_recorded(demo_dir: Path) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert board_of(app).current is not None and not board_of(app).current.duty
        await pilot.press("g")
        await settle(pilot)
        cell = board_of(app).current
        assert cell is not None and len(cell.duty) == 2 and cell.state == FULL
        assert app.session.report is not None and app.session.report.ok
        latest = Store(demo_dir).history()[0]
        assert (latest.op, latest.operator) == ("generate", "测试员")
        assert "84/84" in latest.summary


async def test_the_operator_is_asked_once_and_remembered(demo_dir: Path) -> None:
    app = app_for(demo_dir, operator=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, OperatorDialog)
        app.screen.query_one(Input).value = "李书记"
        await pilot.press("enter")
        await settle(pilot)
        assert Store(demo_dir).history()[0].operator == "李书记"
    assert Store(demo_dir).setting("operator") == "李书记"
    again = app_for(demo_dir, operator=None)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.session.operator == "李书记"


async def test_sick_member_leaves_a_gap_that_repair_closes(rostered_dir: Path) -> None:
    app = app_for(rostered_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = board_of(app).grid
        assert grid is not None
        # Who is on the first shift of Tuesday (the board's today)?
        cell = grid.cell(1, 0)
        sick_id = cell.duty[0].member
        await pilot.press("3")
        await pilot.pause()
        people = app.screen.query_one(DataTable)
        row = [m.id for m in app.screen.members].index(sick_id)  # type: ignore[attr-defined]
        people.move_cursor(row=row)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")  # from 2026-12-01 to 2026-12-01, reason 病假
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # offers a repair
        report = app.session.report
        assert report is not None and any(g.key == cell.key for g in report.gaps)
        await pilot.press("n")  # not yet: look at the board first
        await pilot.press("1")
        await settle(pilot)
        grid = board_of(app).grid
        assert grid is not None and grid.cell(1, 0).state == SHORT
        await pilot.press("p")
        await pilot.pause()
        panel = app.screen.query_one(ProblemsPanel)
        assert panel.count >= 1 and "人手不足" in str(panel.get_option_at_index(0).prompt)
        board_of(app).set_cursor(6, 5)
        panel.focus()
        await pilot.press("enter")  # jumps to the gap's cell
        await pilot.pause()
        assert board_of(app).cursor == (1, 0)
        await pilot.press("G")  # repair
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # the changes, listed before they apply
        assert "→" in app.screen.detail
        await pilot.press("y")
        await settle(pilot)
        assert app.session.report is not None and app.session.report.ok
        fixed = board_of(app).grid
        assert fixed is not None and fixed.cell(1, 0).state == FULL
        assert sick_id not in {a.member for a in fixed.cell(1, 0).duty}
        assert Store(rostered_dir).history()[0].op == "repair"


async def test_swap_two_shifts_then_undo_and_redo(rostered_dir: Path) -> None:
    app = app_for(rostered_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = board_of(app).grid
        assert grid is not None
        before_a = {a.member for a in grid.cell(0, 0).duty}
        before_b = {a.member for a in grid.cell(2, 3).duty}
        await pilot.press("m", "j", "j", "l", "l", "l", "m")
        await pilot.pause()
        assert isinstance(app.screen, SwapDialog)
        await pilot.press("enter", "enter")  # whole crew on the left, whole crew on the right
        await settle(pilot)
        grid = board_of(app).grid
        assert grid is not None
        assert {a.member for a in grid.cell(0, 0).duty} == before_b
        assert {a.member for a in grid.cell(2, 3).duty} == before_a
        await pilot.press("u")
        await settle(pilot)
        grid = board_of(app).grid
        assert grid is not None and {a.member for a in grid.cell(0, 0).duty} == before_a
        await pilot.press("U")
        await settle(pilot)
        grid = board_of(app).grid
        assert grid is not None and {a.member for a in grid.cell(0, 0).duty} == before_b
        ops = [c.op for c in Store(rostered_dir).history()[:3]]
        assert ops == ["redo", "undo", "edit"]


async def test_a_locked_shift_survives_a_regenerate(rostered_dir: Path) -> None:
    app = app_for(rostered_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        cell = board_of(app).current
        assert cell is not None and cell.locked
        kept = {(a.member, a.locked) for a in cell.duty}
        for _ in range(3):  # three new seeds: the locked crew never moves
            await pilot.press("g")
            await settle(pilot)
            if isinstance(app.screen, ConfirmDialog):  # "N people's shifts change": yes
                await pilot.press("y")
                await settle(pilot)
            cell = board_of(app).current
            assert cell is not None and {(a.member, a.locked) for a in cell.duty} == kept
        # The command palette runs the same action as the key.
        unlock = next(c for c in app.get_system_commands(app.screen)
                      if c.title == "锁定 · Lock")
        await unlock.callback()
        await settle(pilot)
        assert board_of(app).current is not None and not board_of(app).current.locked


async def test_slot_editor_ranks_candidates_and_edits(rostered_dir: Path) -> None:
    app = app_for(rostered_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SlotScreen)
        ranked = screen.candidates
        eligible = [c.eligible for c in ranked]
        assert eligible == sorted(eligible, reverse=True)  # eligible first
        assert any(not c.eligible and c.blockers for c in ranked)
        table = screen.query_one("#candidates", DataTable)
        assert table.row_count == len(ranked) == 18  # everyone but the two on it
        first = ranked[0].member.id
        await pilot.press("s")  # first candidate on standby
        await settle(pilot)
        standby = screen.query_one("#standby", OptionList)
        assert [standby.get_option_at_index(i).id for i in range(standby.option_count)] == [first]
        screen.query_one("#duty", OptionList).focus()
        await pilot.press("delete")  # take the first on duty off
        await settle(pilot)
        assert screen.query_one("#duty", OptionList).option_count == 1
        label = str(screen.query_one("#slot-state", Static).render())
        assert "人手不足" in label
        await pilot.press("escape")
        await pilot.pause()
        cell = board_of(app).current
        assert cell is not None and cell.state == SHORT and len(cell.duty) == 1


async def test_a_bad_value_shows_its_error_and_saves_nothing(demo_dir: Path) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        changes = len(Store(demo_dir).history())
        await pilot.press("3", "a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-name", Input).value = "新同志"
        form.query_one("#field-max_hours", Input).value = "很多"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open
        error = form.query_one("#error-max_hours", Static)
        assert error.display and "不是数字" in str(error.render())
        assert not form.query_one("#error-name", Static).display
        assert len(Store(demo_dir).history()) == changes
        form.query_one("#field-max_hours", Input).value = "40"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert Store(demo_dir).load().members[-1].name == "新同志"


async def test_template_overlap_is_refused_next_to_the_field(demo_dir: Path) -> None:
    app = app_for(demo_dir, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-start", Input).value = "12:00"
        form.query_one("#field-end", Input).value = "13:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "overlaps" in str(form.query_one("#error-start", Static).render())
        assert len(Store(demo_dir).load().checkpoints[0].shifts) == 3


async def test_another_process_writes_while_a_form_is_open(rostered_dir: Path) -> None:
    app = app_for(rostered_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "a")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-name", Input).value = "还没写完"
        Store(rostered_dir).update(lambda b: edits.remove_member(b, "m20"), op="edit",
                                   operator="值班台", summary="elsewhere")
        await pilot.pause(0.5)
        await settle(pilot)
        assert app.session.bundle is not None and app.session.bundle.member("m20") is None
        assert app.screen is form
        assert form.query_one("#field-name", Input).value == "还没写完"


async def test_history_restores_the_roster_before_a_change(rostered_dir: Path) -> None:
    app = app_for(rostered_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")  # change 2: lock
        await settle(pilot)
        await pilot.press("5")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        await pilot.press("r")  # the newest: put back the roster before the lock
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert not any(a.locked for a in Store(rostered_dir).load().assignments)
        assert Store(rostered_dir).history()[0].op == "restore"
        assert app.screen.query_one(DataTable).row_count == 3


async def test_language_switch_relabels_everything(demo_dir: Path) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = app.screen.query_one("#keybar", Static)
        assert "生成" in str(keys.render())
        await pilot.press("f2")
        await pilot.pause()
        assert app.lang == "en"
        assert "Generate" in str(keys.render())
        assert "full" in str(app.screen.query_one("#legend", Static).render())
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Generate" in titles and "Repair" in titles and "Swap" in titles
        assert "Undo" not in titles  # nothing to undo yet: not offered
        assert "Down" not in titles  # cursor keys are not commands
        await pilot.press("question_mark")
        await pilot.pause()
        rows = app.screen.rows  # type: ignore[attr-defined]
        assert ("L", "Lock", "Lock or unlock this shift (generate leaves it alone)") in rows
        assert any(title == "Down" for _, title, _ in rows)  # the board's own cursor keys


async def test_duty_desk_opens_from_the_board(rostered_dir: Path) -> None:
    app = app_for(rostered_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert app.screen.id == "desk-screen"


async def test_the_history_reads_in_the_language_of_its_reader(rostered_dir: Path) -> None:
    """A shift locked in Chinese reads "lock …" in English after F2, and the undo of it
    says "undo: lock …" (issue 13 item 17: summaries stayed in the language of the moment)."""
    app = app_for(rostered_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cell = board_of(app).current
        assert cell is not None and cell.duty
        await pilot.press("L")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        stored = Store(rostered_dir).history()[:2]
        assert [c.op for c in stored] == ["undo", "edit"]
        assert stored[1].summary.startswith("lock ")  # the file's own words are English
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        summaries = [str(table.get_row_at(i)[-1]) for i in range(2)]
        assert summaries[0].startswith("undo: lock ") and summaries[1].startswith("lock ")
        assert not any("锁" in s or "撤销" in s for s in summaries)
        await pilot.press("f2")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert "锁" in str(table.get_row_at(1)[-1])


async def test_tags_are_typed_and_shown_in_the_readers_language(demo_dir: Path) -> None:
    """The member form shows 党员, 医护 (not party, medic) and takes them back as codes; a
    shift's required tags likewise (issue 13 item 17: tags showed as `medic`)."""
    app = app_for(demo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()
        bundle = app.session.bundle
        assert bundle is not None
        row = next(i for i, m in enumerate(bundle.members) if "party" in m.tags)
        app.screen.query_one(DataTable).move_cursor(row=row)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        tags = form.query_one("#field-tags", Input)
        assert "党员" in tags.value and "party" not in tags.value
        assert tags.placeholder == "党员, 带班, 医护, 司机"
        tags.value = "党员，医护 司机"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert Store(demo_dir).load().members[row].tags == ("party", "medic", "driver")
        await pilot.press("4")
        await pilot.pause()
        app.screen.query_one("#templates", DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        need = form.query_one("#field-need_tags", Input)
        assert need.value == "党员:1"
        need.value = "党员:1 医护:1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        shift = Store(demo_dir).load().checkpoints[0].shifts[0]
        assert dict(shift.need_tags) == {"party": 1, "medic": 1}

"""The printed grid that every format shares: cells, marks, pages, stamps, changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from roster.domain.model import Assignment, shifts_in
from roster.exchange.exporters.grid import (
    MARK_CHANGED,
    MARK_LOCKED,
    build,
    export_stamp,
)
from roster.exchange.exporters.print_memory import (
    memory_keys,
    memory_records,
    previous_from,
)
from roster.exchange.exporters.totals import member_totals
from tests.unit.exchange.export_team import FIRST, FORMULA_NAME, period_selection, team


def test_one_grid_per_checkpoint_week_and_none_where_it_is_closed() -> None:
    b = team()
    layout = build(b, period_selection(b, 21), block_days=7)
    # cp-s closes on 2026-12-10: no page for its third week.
    assert [(g.checkpoint.id, g.first) for g in layout.grids] == [
        ("cp-n", date(2026, 12, 1)), ("cp-n", date(2026, 12, 8)), ("cp-n", date(2026, 12, 15)),
        ("cp-s", date(2026, 12, 1)), ("cp-s", date(2026, 12, 8))]
    last_s = layout.grids[-1]
    assert last_s.cell(date(2026, 12, 10), 0) is not None
    assert last_s.cell(date(2026, 12, 11), 0) is None  # closed: printed as such


def test_cells_show_duty_standby_missing_locked_night_and_holiday() -> None:
    b = team()
    grid = build(b, period_selection(b, 7), block_days=7).grids[0]
    first = grid.cell(FIRST, 0)
    assert first is not None
    assert first.lines("zh") == [f"张建国{MARK_LOCKED} 李秀英"]
    night = grid.cell(FIRST, 1)
    assert night is not None and night.shift.night
    assert night.lines("en") == [FORMULA_NAME, "Standby: <b>王五</b>"]
    short = grid.cell(date(2026, 12, 5), 0)
    assert short is not None and short.missing == 1
    assert short.lines("zh")[-1] == "缺1人"
    assert [r.night for r in grid.rows] == [False, True]
    assert [d.holiday for d in grid.days][:3] == [False, False, True]
    assert grid.has_locked


def test_contacts_list_the_lead_first_then_everyone_on_the_page() -> None:
    b = team()
    grid = build(b, period_selection(b, 7, checkpoint="cp-s"), block_days=7).grids[0]
    assert [(c.name, c.lead) for c in grid.contacts] == [("张建国", True), ("孙七", False)]


def test_a_member_selection_keeps_only_their_pages_and_no_shortfall() -> None:
    b = team()
    layout = build(b, period_selection(b, 14, member="m6"), block_days=7)
    assert {g.checkpoint.id for g in layout.grids} == {"cp-s"}
    assert all(c.missing == 0 for g in layout.grids for c in g.cells.values())


def test_stamp_is_stable_and_changes_with_the_content() -> None:
    b = team()
    sel = period_selection(b, 7, checkpoint="cp-n")
    one = build(b, sel, block_days=7)
    assert one.stamp == build(team(), sel, block_days=7).stamp == export_stamp(b, sel)
    # A one-page export has the page's stamp, so the sheet matches the command's output.
    assert one.grids[0].stamp == one.stamp
    moved = replace(b, assignments=tuple(
        replace(a, member="m5") if a.member == "m2" and a.start.day == 2 else a
        for a in b.assignments))
    assert build(moved, sel).stamp != one.stamp
    renamed = replace(b, members=tuple(replace(m, name="李秀兰") if m.id == "m2" else m
                                       for m in b.members))
    assert build(renamed, sel).stamp != one.stamp
    # The other checkpoint's page is not affected by a move at this one.
    other = period_selection(b, 7, checkpoint="cp-s")
    assert build(moved, other).stamp == build(b, other).stamp


def test_changed_cells_are_marked_against_the_remembered_print() -> None:
    b = team()
    sel = period_selection(b, 7)
    first = build(b, sel, block_days=7)
    assert not any(g.compared for g in first.grids)
    keys = memory_keys(b, sel)
    assert set(keys) == {"cp-n", "cp-s"}
    previous = previous_from(memory_records(first), keys)

    # Move 李秀英 off 2026-12-02 and print again with the memory.
    moved = replace(b, assignments=tuple(
        a for a in b.assignments if not (a.member == "m2" and a.start.day == 2)))
    again = build(moved, replace(sel, previous=previous), block_days=7)
    north = again.grids[0]
    assert north.compared and north.changed == 1
    cell = north.cell(date(2026, 12, 2), 0)
    assert cell is not None and cell.changed
    assert cell.lines("zh")[0].startswith(MARK_CHANGED)
    assert again.grids[1].changed == 0  # cp-s did not move

    # A filled cell that was empty before is a change too.
    shift = shifts_in(moved, date(2026, 12, 2), 1, {"cp-s"})[0]
    added = replace(moved, assignments=(*moved.assignments,
                                        Assignment("cp-s", shift.start, shift.end, "m5")))
    remembered = previous_from(memory_records(again), keys)
    third = build(added, replace(sel, previous=remembered), block_days=7)
    assert third.grids[0].changed == 0 and third.grids[1].changed == 1


def test_memory_is_per_period_and_not_for_one_member() -> None:
    b = team()
    assert memory_keys(b, period_selection(b, 7, member="m1")) == {}
    week = memory_keys(b, period_selection(b, 7))
    fortnight = memory_keys(b, period_selection(b, 14))
    assert week["cp-n"] != fortnight["cp-n"]


def test_member_totals_count_duty_nights_hours_and_standby() -> None:
    b = team()
    layout = build(b, period_selection(b, 7))
    totals = {t.member.id: t for t in member_totals(b, layout)}
    assert (totals["m1"].shifts, totals["m1"].nights, totals["m1"].hours) == (7, 0, 84)
    assert (totals["m3"].shifts, totals["m3"].nights) == (7, 7)
    assert totals["m4"].standby == 7 and totals["m4"].shifts == 0
    assert totals["m5"].shifts == 0  # listed with nothing: fairness shows in zeros too
    assert "m5" not in {t.member.id for t in member_totals(b, layout, everyone=False)}

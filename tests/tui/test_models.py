"""The app's plain-Python parts, without a terminal: board cells, candidates, coverage, session."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from rich.cells import cell_len

from roster.checker import check
from roster.domain.model import Bundle, Leave, shifts_in
from roster.domain.timeutil import TimeOfDay, instant_at
from roster.editing import edits
from roster.generator import generate
from roster.rules import REST, UNAVAILABLE
from roster.rules.eligibility import rank
from roster.samples.demo import demo_bundle
from roster.services.session import Session, period_days, period_start, step_period
from roster.store import Store
from roster.tui.views import coverage
from roster.tui.views.grid import BROKEN, CLOSED, FULL, LOCK, PENDING, SHORT, SYMBOLS, TAG, Grid
from roster.tui.widgets.board import _fit

MONDAY = date(2026, 11, 30)


def rostered() -> Bundle:
    bundle = demo_bundle(MONDAY)
    return generate(bundle, bundle.period(MONDAY, 7), seed=0).bundle


def test_symbols_are_one_cell_and_the_lock_two() -> None:
    assert all(cell_len(s) == 1 for s in SYMBOLS.values())
    assert len(set(SYMBOLS.values())) == len(SYMBOLS)
    assert cell_len(LOCK) == 2
    assert all(cell_len(g) == 1 for g in coverage.GLYPHS.values())


def test_fit_pads_and_cuts_wide_names_exactly() -> None:
    assert cell_len(_fit("王振华 李国强", 8)) == 8
    assert _fit("王振华 李国强", 8).rstrip().endswith("…")
    assert cell_len(_fit("王", 5)) == 5


def test_grid_states_follow_the_checker() -> None:
    bundle = rostered()
    period = bundle.period(MONDAY, 7)
    pending = Grid(bundle, period, None)
    assert pending.cell(0, 0).state == PENDING
    grid = Grid(bundle, period, check(bundle, period))
    assert {grid.cell(r, c).state for r in range(7) for c in range(6)} == {FULL}
    key = grid.cell(0, 0).key
    assert key is not None
    short = edits.unassign(bundle, key, grid.cell(0, 0).duty[0].member)
    grid = Grid(short, period, check(short, period))
    assert grid.cell(0, 0).state == SHORT
    # A party member off, a non-party member on: only the tag is missing.
    party = next(a.member for a in grid.cell(0, 1).duty
                 if "party" in short.member(a.member).tags)
    other = next(m.id for m in short.members if "party" not in m.tags
                 and m.id not in {a.member for a in grid.cell(0, 1).duty})
    tagless = edits.replace_member(short, grid.cell(0, 1).key, party, other)
    grid = Grid(tagless, period, check(tagless, period))
    assert grid.cell(0, 1).state in {TAG, BROKEN}
    assert grid.locate(key) == (0, 0)


def test_a_closed_day_is_a_closed_cell() -> None:
    bundle = demo_bundle(MONDAY)
    cp = bundle.checkpoint("cp-s")
    assert cp is not None
    bundle = edits.update_checkpoint(bundle, replace(cp, open_from=MONDAY + timedelta(days=2)))
    period = bundle.period(MONDAY, 7)
    grid = Grid(bundle, period, check(bundle, period))
    col = next(i for i, c in enumerate(grid.columns) if c.checkpoint == "cp-s")
    assert grid.cell(0, col).state == CLOSED and grid.cell(0, col).shift is None
    assert grid.cell(2, col).shift is not None


def test_candidates_eligible_first_with_the_rule_that_excludes() -> None:
    bundle = rostered()
    period = bundle.period(MONDAY, 7)
    shift = shifts_in(bundle, MONDAY + timedelta(days=1), 1)[0]
    on = {a.member for a in bundle.assignments if a.shift_key == shift.key and a.role == "duty"}
    ranked = rank(bundle, period, shift)
    assert {c.member.id for c in ranked} == {m.id for m in bundle.members} - on
    flags = [c.eligible for c in ranked]
    assert flags == sorted(flags, reverse=True)
    ok = [c for c in ranked if c.eligible]
    assert [c.shifts for c in ok if not c.brings] == sorted(c.shifts for c in ok if not c.brings)
    # Whoever worked the shift before it is refused for rest.
    before = shifts_in(bundle, MONDAY, 1)
    night = next(s for s in before if s.end == shift.start and s.checkpoint == shift.checkpoint)
    tired = next(a.member for a in bundle.assignments if a.shift_key == night.key)
    assert REST in next(c for c in ranked if c.member.id == tired).blockers
    # Leave excludes, and says so.
    m = ranked[0].member
    away = edits.add_leave(bundle, m.id, Leave(shift.start, shift.end, "病假"))
    assert UNAVAILABLE in next(c for c in rank(away, period, shift)
                               if c.member.id == m.id).blockers
    # Standby candidates answer to leave and overlap only.
    assert all(set(c.blockers) <= {UNAVAILABLE, "overlap"}
               for c in rank(bundle, period, shift, "standby"))


def test_coverage_finds_the_hour_nobody_covers() -> None:
    bundle = rostered()
    cp = bundle.checkpoint("cp-n")
    assert cp is not None
    period = bundle.period(MONDAY, 7)
    full = coverage.hour_states(bundle, period, cp)
    assert {s for day in full for s in day} == {coverage.FULL}
    night = edits.parse_template({"start": "00:00", "end": "06:00", "need": "2"})
    holed = edits.set_template(bundle, "cp-n", 2, night)
    states = coverage.hour_states(holed, period, holed.checkpoint("cp-n"))  # type: ignore[arg-type]
    assert states[1][5] == coverage.EMPTY  # the new template has nobody yet
    assert states[1][6] == coverage.UNCOVERED and states[1][7] == coverage.UNCOVERED
    assert states[1][8] == coverage.FULL
    tz = bundle.tz
    key = ("cp-n", instant_at(MONDAY, TimeOfDay(8 * 60), tz),
           instant_at(MONDAY, TimeOfDay(16 * 60), tz))
    one = next(a.member for a in bundle.assignments if a.shift_key == key)
    short = coverage.hour_states(edits.unassign(bundle, key, one), period, cp)
    assert short[0][8:16] == [coverage.SHORT] * 8


def test_periods_step_by_week_and_by_month() -> None:
    assert period_start(date(2026, 12, 3), "week") == MONDAY
    assert period_start(date(2026, 12, 3), "month") == date(2026, 12, 1)
    assert period_days(date(2026, 2, 1), "month") == 28
    assert step_period(date(2026, 12, 1), "month", 1) == date(2027, 1, 1)
    assert step_period(date(2026, 1, 1), "month", -1) == date(2025, 12, 1)
    assert step_period(MONDAY, "week", -1) == MONDAY - timedelta(days=7)


def test_session_undo_keeps_a_change_made_elsewhere(tmp_path: Path) -> None:
    Store(tmp_path).save(rostered(), op="generate")
    s = Session(Store(tmp_path), operator="甲", day=MONDAY)
    bundle = s.load()
    assert bundle is not None
    key = shifts_in(bundle, MONDAY, 1)[0].key
    s.edit(lambda b: edits.set_locked(b, key, True), summary="lock")
    # The duty desk (another process) takes someone off the team meanwhile.
    Store(tmp_path).update(lambda b: edits.remove_member(b, "m20"), op="edit")
    assert s.changed_elsewhere()
    s.undo()
    now = Store(tmp_path).load()
    assert now.member("m20") is None  # their change survived our undo
    assert not any(a.locked for a in now.assignments)
    s.redo()
    assert any(a.locked for a in Store(tmp_path).load().assignments)
    assert [c.op for c in Store(tmp_path).history()[:3]] == ["redo", "undo", "edit"]


def test_session_revisions_tell_a_new_roster_from_a_new_check(tmp_path: Path) -> None:
    Store(tmp_path).save(rostered(), op="generate")
    s = Session(Store(tmp_path), operator="甲", day=MONDAY)
    s.load()
    bundle_rev, report_rev = s.bundle_revision, s.report_revision
    s.check_now()
    assert s.bundle_revision == bundle_rev and s.report_revision > report_rev
    assert s.bundle is not None
    key = shifts_in(s.bundle, MONDAY, 1)[0].key
    s.edit(lambda b: edits.set_locked(b, key, True), summary="lock")
    assert s.bundle_revision > bundle_rev


def test_the_change_strip_breaks_only_between_weeks() -> None:
    """Screen 4's strip of four weeks at 80 columns read …19· / 20· │21·: a week split."""
    from roster.tui.screens.changes import STRIP_DAYS, strip

    cp = demo_bundle(date(2026, 11, 30)).checkpoints[0]
    for width in (40, 79, 200):
        lines = strip(cp, date(2026, 11, 30), "zh", width).plain.splitlines()
        assert all(cell_len(line) <= width for line in lines), lines
        days = " ".join(lines).replace("│", " ").split()[1:]
        assert len(days) == STRIP_DAYS
        for line in lines[1:]:
            assert line.split()[0] in ("7·", "14·", "21·"), lines  # a Monday starts a line
    assert len(strip(cp, date(2026, 11, 30), "zh").plain.splitlines()) == 1

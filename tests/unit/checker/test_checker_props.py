"""Invariants of the checker over random small teams (hypothesis).

The hand-made tests pin each edge; these say what must hold for *every* roster: that
coverage only grows and rule breaches only accumulate as assignments are added, that a
roster built through ``MemberLedger.allows`` is one the checker accepts (the tie between
the generator's fast yes/no and the judge), and that filling a gap with a suggested
candidate breaks nothing. The generator's property tests (``test_generator_props``)
hold the generator to this same judge.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roster.checker import MISSING_STANDBY, UNCOVERED, Report, check
from roster.domain.model import (
    Assignment,
    Bundle,
    Checkpoint,
    Leave,
    Member,
    Period,
    Rules,
    Shift,
    ShiftTemplate,
    Team,
    shifts_in,
)
from roster.domain.timeutil import TimeOfDay, instant_at, zone
from roster.rules import INVALID_ASSIGNMENT, MemberLedger, RuleSet, duty_of

FIRST = date(2026, 12, 1)
TZ = "Asia/Shanghai"
BEFORE, AFTER = 4, 3  # days of assignments either side of the period

PATTERNS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("08:00", "16:00"), ("16:00", "00:00"), ("00:00", "08:00")),
    (("22:00", "06:00"), ("06:00", "14:00"), ("14:00", "22:00")),
    (("08:00", "08:00"),),
    (("08:00", "20:00"), ("20:00", "08:00")),
    (("07:00", "15:00"), ("19:00", "23:30")),  # leaves holes
)

PROPS = settings(max_examples=60, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _time(text: str) -> TimeOfDay:
    h, m = text.split(":")
    return TimeOfDay(int(h) * 60 + int(m))


@st.composite
def teams(draw: st.DrawFn) -> tuple[Bundle, Period, list[Shift]]:
    """A team without assignments, a period, and every shift around the period."""
    tz = zone(TZ)
    days = draw(st.integers(1, 6))
    rules = Rules(
        min_rest_hours=draw(st.sampled_from([0, 8, 11.5, 12, 16])),
        max_shifts_per_day=draw(st.integers(1, 2)),
        max_consecutive_nights=draw(st.integers(0, 3)),
        max_hours_per_week=draw(st.sampled_from([16, 24, 40, 56])),
    )
    checkpoints = []
    for i in range(draw(st.integers(1, 2))):
        templates = []
        for start, end in draw(st.sampled_from(PATTERNS)):
            need = draw(st.integers(1, 2))
            templates.append(ShiftTemplate(
                _time(start), _time(end), need=need,
                need_tags=draw(st.sampled_from([{}, {"party": 1}])),
                night=draw(st.sampled_from([None, None, True, False])),
                standby=draw(st.integers(0, 1))))
        # Opening on the period's second day, or closing on its last (never both when
        # that would leave no open day).
        opens = draw(st.sampled_from([None, FIRST + timedelta(days=days // 2)]))
        closes = draw(st.sampled_from([None, FIRST + timedelta(days=days - 1)]))
        checkpoints.append(Checkpoint(f"cp{i}", f"卡点{i}", tuple(templates),
                                      open_from=opens, open_to=closes))
    members = []
    for i in range(draw(st.integers(2, 6))):
        leave: tuple[Leave, ...] = ()
        if draw(st.booleans()):
            first = draw(st.integers(-BEFORE, days + AFTER))
            hours = draw(st.integers(4, 72))
            start = instant_at(FIRST + timedelta(days=first), _time("06:00"), tz)
            leave = (Leave(start, start + timedelta(hours=hours), "事假"),)
        members.append(Member(
            f"m{i}", f"队员{i}",
            tags=("party",) if draw(st.booleans()) else (),
            no_nights=draw(st.booleans()),
            max_hours_per_week=draw(st.sampled_from([None, None, 20, 60])),
            unavailable=leave))
    bundle = Bundle(team=Team("测试", timezone=TZ), rules=rules, members=tuple(members),
                    checkpoints=tuple(checkpoints))
    shifts = shifts_in(bundle, FIRST - timedelta(days=BEFORE), days + BEFORE + AFTER)
    return bundle, bundle.period(FIRST, days), shifts


@st.composite
def rosters(draw: st.DrawFn, max_size: int = 30) -> tuple[Bundle, Period, list[Assignment]]:
    """A team with random (rule-blind) assignments, some standby, a few invalid."""
    bundle, period, shifts = draw(teams())
    ids = [m.id for m in bundle.members]
    picks = draw(st.lists(st.tuples(st.integers(0, len(shifts) - 1), st.integers(0, len(ids)),
                                    st.sampled_from(["duty", "duty", "duty", "standby"]),
                                    st.booleans()),
                          max_size=max_size))
    assignments = []
    for shift_i, member_i, role, locked in picks:
        s = shifts[shift_i]
        member = ids[member_i] if member_i < len(ids) else "ghost"
        assignments.append(Assignment(s.checkpoint, s.start, s.end, member, locked,
                                      role))  # type: ignore[arg-type]
    if assignments and draw(st.booleans()):  # one that is not a shift of its checkpoint
        a = assignments[0]
        assignments.append(replace(a, end=a.end - timedelta(hours=1)))
    return bundle, period, assignments


def with_assignments(bundle: Bundle, assignments: list[Assignment]) -> Bundle:
    return replace(bundle, assignments=tuple(assignments))


def marks(report: Report) -> set[tuple[str, str, Assignment]]:
    """Each (kind, member, assignment) a violation implicates."""
    return {(v.kind, v.member, a) for v in report.violations for a in v.assignments}


def gap_keys(report: Report) -> dict[tuple[object, ...], int | None]:
    return {(g.kind, g.checkpoint, g.start, g.end, g.tag): g.have for g in report.gaps}


# --- invariants ------------------------------------------------------------------------------


@PROPS
@given(teams())
def test_without_assignments_there_are_only_gaps(team: tuple[Bundle, Period, list[Shift]]) -> None:
    bundle, period, shifts = team
    report = check(bundle, period)
    assert report.violations == ()
    starting = {s.key for s in shifts if period.start <= s.start < period.end}
    understaffed = {g.key for g in report.gaps if g.kind == "understaffed"}
    assert understaffed == starting  # the shifts that start in it (bundle.md)
    assert all(g.have == 0 for g in report.gaps if g.kind != UNCOVERED)


@PROPS
@given(rosters(), st.data())
def test_adding_an_assignment_only_fills_gaps_and_adds_breaches(
        roster: tuple[Bundle, Period, list[Assignment]], data: st.DataObject) -> None:
    bundle, period, assignments = roster
    if not assignments:
        return
    extra = data.draw(st.sampled_from(assignments))
    member = data.draw(st.sampled_from([m.id for m in bundle.members]))
    extra = replace(extra, member=member, role=data.draw(st.sampled_from(["duty", "standby"])))
    before = check(with_assignments(bundle, assignments), period, suggest=False)
    after = check(with_assignments(bundle, [*assignments, extra]), period, suggest=False)
    assert marks(before) <= marks(after)
    old_gaps, new_gaps = gap_keys(before), gap_keys(after)
    assert new_gaps.keys() <= old_gaps.keys()
    for key, have in new_gaps.items():
        assert (have or 0) >= (old_gaps[key] or 0)


@PROPS
@given(rosters())
def test_every_violation_names_an_assignment_in_the_period(
        roster: tuple[Bundle, Period, list[Assignment]]) -> None:
    bundle, period, assignments = roster
    report = check(with_assignments(bundle, assignments), period)
    for v in report.violations:
        assert any(period.contains(a.start) for a in v.assignments), v
        assert v.move is None or v.move in v.assignments
    for g in report.gaps:
        assert g.start < g.end and g.start < period.end and period.start < g.end
        if g.kind == UNCOVERED:
            assert period.start <= g.start and g.end <= period.end
        else:
            assert g.have is not None and g.need is not None and g.have < g.need
    json.dumps(report.to_json(bundle.tz), ensure_ascii=False)


@PROPS
@given(rosters())
def test_uncovered_never_overlaps_a_shift(
        roster: tuple[Bundle, Period, list[Assignment]]) -> None:
    bundle, period, _ = roster
    report = check(bundle, period)
    shifts = shifts_in(bundle, FIRST - timedelta(days=1), period.days + 1)
    for g in report.gaps:
        if g.kind == UNCOVERED:
            assert not any(s.checkpoint == g.checkpoint and s.start < g.end and g.start < s.end
                           for s in shifts)


@PROPS
@given(rosters(max_size=20), st.randoms(use_true_random=False))
def test_order_of_assignments_does_not_matter(
        roster: tuple[Bundle, Period, list[Assignment]], rng: random.Random) -> None:
    bundle, period, assignments = roster
    shuffled = list(assignments)
    rng.shuffle(shuffled)
    one = check(with_assignments(bundle, assignments), period).to_json(bundle.tz)
    two = check(with_assignments(bundle, shuffled), period).to_json(bundle.tz)
    places = {(a.member, a.shift_key, a.role) for a in assignments}
    if len(places) == len(assignments):
        assert one == two
    else:  # duplicates may differ in ``locked``; which copy is kept is the only difference
        assert one["gaps"] == two["gaps"]
        assert [v["kind"] for v in one["violations"]] == [v["kind"] for v in two["violations"]]


@PROPS
@given(teams(), st.randoms(use_true_random=False))
def test_a_roster_built_with_the_ledger_breaks_no_rule(
        team: tuple[Bundle, Period, list[Shift]], rng: random.Random) -> None:
    """rules.MemberLedger.allows and the checker judge with the same predicates.

    Every (shift, member) pair is offered once in a random order, so the roster is as
    full as the ledger lets it be: every rule ends up on its edge somewhere.
    """
    bundle, period, shifts = team
    rs = RuleSet.of(bundle.rules)
    ledgers = {m.id: MemberLedger(m, rs) for m in bundle.members}
    offers = [(shift, member) for shift in shifts for member in bundle.members]
    rng.shuffle(offers)
    assignments = []
    for shift, member in offers:
        duty = duty_of(shift)
        if ledgers[member.id].allows(duty):
            ledgers[member.id].add(duty)
            assignments.append(Assignment(shift.checkpoint, shift.start, shift.end, member.id))
    report = check(with_assignments(bundle, assignments), period, suggest=False)
    assert report.violations == (), report.violations


@PROPS
@given(rosters())
def test_filling_a_gap_with_a_candidate_breaks_no_rule(
        roster: tuple[Bundle, Period, list[Assignment]]) -> None:
    bundle, period, assignments = roster
    bundle = with_assignments(bundle, assignments)
    report = check(bundle, period)
    before = marks(report)
    for gap in report.gaps:
        for member in gap.candidates[:2]:
            role = "standby" if gap.kind == MISSING_STANDBY else "duty"
            new = Assignment(gap.checkpoint, gap.start, gap.end, member,
                             role=role)  # type: ignore[arg-type]
            after = check(with_assignments(bundle, [*assignments, new]), period,
                          suggest=False)
            blamed = {m for m in marks(after) - before if m[2] == new}
            assert not blamed, (gap, member, blamed)
            if gap.tag is not None:
                assert gap.tag in bundle.members_by_id()[member].tags


@PROPS
@given(rosters())
def test_invalid_assignments_count_toward_nothing(
        roster: tuple[Bundle, Period, list[Assignment]]) -> None:
    bundle, period, assignments = roster
    report = check(with_assignments(bundle, assignments), period, suggest=False)
    invalid = {a for v in report.violations if v.kind == INVALID_ASSIGNMENT
               for a in v.assignments}
    valid_only = [a for a in assignments if a not in invalid]
    again = check(with_assignments(bundle, valid_only), period, suggest=False)
    assert again.gaps == report.gaps
    assert [v for v in report.violations if v.kind != INVALID_ASSIGNMENT] == list(
        again.violations)

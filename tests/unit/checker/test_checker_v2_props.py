"""The v2 rules over random small teams (hypothesis): a roster built through
``MemberLedger.allows`` is one the checker accepts (wrong_checkpoint, consecutive_days and
days_off_after_nights written once, in the rule book), breaches only accumulate as
assignments are added, and a suggested candidate breaks nothing."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from roster.checker import MISSING_STANDBY, check
from roster.domain.model import Assignment, Bundle, Period, Shift
from roster.rules import MemberLedger, RuleSet, duty_of
from tests.unit.checker.test_checker_props import PROPS, marks, teams, with_assignments


@st.composite
def v2_teams(draw: st.DrawFn) -> tuple[Bundle, Period, list[Shift]]:
    bundle, period, shifts = draw(teams())
    rules = replace(bundle.rules, max_consecutive_days=draw(st.sampled_from([None, 1, 2, 3])),
                    days_off_after_nights=draw(st.sampled_from([0, 1, 2, 3])))
    cps = [c.id for c in bundle.checkpoints]
    members = tuple(replace(m, only_checkpoints=draw(st.sampled_from(
        [None, None, *[(c,) for c in cps]]))) for m in bundle.members)
    return replace(bundle, rules=rules, members=members), period, shifts


@PROPS
@given(v2_teams(), st.randoms(use_true_random=False))
def test_a_roster_built_with_the_ledger_breaks_no_v2_rule(
        team: tuple[Bundle, Period, list[Shift]], rng: random.Random) -> None:
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
@given(v2_teams(), st.data())
def test_v2_breaches_only_accumulate_and_candidates_break_nothing(
        team: tuple[Bundle, Period, list[Shift]], data: st.DataObject) -> None:
    bundle, period, shifts = team
    ids = [m.id for m in bundle.members]
    picks = data.draw(st.lists(st.tuples(st.sampled_from(shifts), st.sampled_from(ids)),
                               max_size=25))
    assignments = [Assignment(s.checkpoint, s.start, s.end, m) for s, m in picks]
    report = check(with_assignments(bundle, assignments), period)
    before = marks(report)
    for gap in report.gaps:
        for member in gap.candidates[:2]:
            role = "standby" if gap.kind == MISSING_STANDBY else "duty"
            new = Assignment(gap.checkpoint, gap.start, gap.end, member,
                             role=role)  # type: ignore[arg-type]
            after = check(with_assignments(bundle, [*assignments, new]), period,
                          suggest=False)
            assert before <= marks(after)
            blamed = {m for m in marks(after) - before if m[2] == new}
            assert not blamed, (gap, member, blamed)

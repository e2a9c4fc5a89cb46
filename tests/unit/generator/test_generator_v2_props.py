"""What must hold for every roster the generator builds on bundle v2 data (hypothesis).

* Over random teams with only_checkpoints, wishes, crews in rotation, weekday templates,
  closures and surges, and the two day rules, no generated assignment takes part in a
  violation the checker reports.
* On instances small enough to try every roster (an exhaustive search written here,
  deciding validity with the rule ledger), the generator reaches the best (places
  filled, tags met, crew places held, wish weight met), in that order: the wish weight it
  meets is the optimum at the same fill, tags and crew places.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from roster.checker import check
from roster.domain.model import Bundle, Checkpoint, Period, Rules, Shift, shift_for, shifts_in
from roster.domain.plans import CheckpointChange, Crew, Rotation, Wish
from roster.domain.rotation import turns
from roster.generator import generate
from roster.rules import MemberLedger, RuleSet, duty_of
from tests.unit.generator.test_generator_props import PROPS, _generated, _tags_met, teams


@st.composite
def v2_teams(draw: st.DrawFn, **kwargs: object) -> tuple[Bundle, Period]:
    bundle, period = draw(teams(**kwargs))  # type: ignore[arg-type]
    rules = replace(bundle.rules,
                    max_consecutive_days=draw(st.sampled_from([None, None, 1, 2, 3])),
                    days_off_after_nights=draw(st.sampled_from([0, 0, 1, 2])))
    cp_ids = [c.id for c in bundle.checkpoints]
    members = []
    for m in bundle.members:
        only = draw(st.sampled_from([None, None, *[(c,) for c in cp_ids]]))
        wishes = []
        for _ in range(draw(st.integers(0, 2))):
            first = period.start + timedelta(hours=draw(st.integers(-12, 24 * period.days)))
            hours = draw(st.sampled_from([6, 12, 24]))
            wishes.append(Wish(first, first + timedelta(hours=hours),
                               draw(st.sampled_from(["off", "off", "on"])),
                               draw(st.integers(1, 3))))
        members.append(replace(m, only_checkpoints=only, wishes=tuple(wishes)))
    ids = [m.id for m in members]
    crews: tuple[Crew, ...] = ()
    checkpoints = list(bundle.checkpoints)
    if len(ids) >= 2 and draw(st.booleans()):
        cut = draw(st.integers(1, len(ids) - 1))
        crews = (Crew("g1", "一组", tuple(ids[:cut])), Crew("g2", "二组", tuple(ids[cut:])))
        start = period.first_day - timedelta(days=draw(st.integers(0, 9)))
        cp = checkpoints[0]
        t = replace(cp.shifts[0], rotation=Rotation(("g1", "g2"), start))
        checkpoints[0] = replace(cp, shifts=(t, *cp.shifts[1:]))
    checkpoints = [_changed(draw, c, period) for c in checkpoints]
    return replace(bundle, rules=rules, members=tuple(members), crews=crews,
                   checkpoints=tuple(checkpoints)), period


def _changed(draw: st.DrawFn, cp: Checkpoint, period: Period) -> Checkpoint:
    what = draw(st.sampled_from(["none", "none", "closed", "surge", "weekdays"]))
    day = period.first_day + timedelta(days=draw(st.integers(0, period.days - 1)))
    if what == "closed":
        return replace(cp, changes=(CheckpointChange(day, day, None, closed=True),))
    if what == "surge":
        need = cp.shifts[0].need + 1
        return replace(cp, changes=(CheckpointChange(day, day, 0, need=need),))
    if what == "weekdays":
        t = replace(cp.shifts[0], weekdays=(day.isoweekday(),))
        return replace(cp, shifts=(t, *cp.shifts[1:]))
    return cp


@PROPS
@given(v2_teams(), st.integers(0, 3))
def test_every_generated_v2_roster_passes_the_checker(case: tuple[Bundle, Period],
                                                      seed: int) -> None:
    bundle, period = case
    result = generate(bundle, period, seed=seed)
    new = _generated(result, bundle)
    report = check(result.bundle, period, suggest=False)
    for v in report.violations:
        assert not (set(v.assignments) & new), v
    assert set(bundle.assignments) <= set(result.bundle.assignments)


def _best(bundle: Bundle, period: Period) -> tuple[int, int, int, int]:
    """The best (filled, tags, crew places held, wish weight met) of any valid roster."""
    rules = RuleSet.of(bundle.rules)
    members = list(bundle.members)
    index = {m.id: i for i, m in enumerate(members)}
    ledgers = [MemberLedger(m, rules) for m in members]
    shifts: list[Shift] = shifts_in(bundle, period.first_day, period.days)
    by_key = {s.key: s for s in shifts}
    on: dict[object, list[int]] = {s.key: [] for s in shifts}
    for a in bundle.assignments:
        i = index.get(a.member)
        cp = bundle.checkpoint(a.checkpoint)
        shift = by_key.get(a.shift_key) or (shift_for(bundle, cp, a.start, a.end) if cp else None)
        if i is None or shift is None or a.role != "duty" or shift.key in ledgers[i]:
            continue
        ledgers[i].add(duty_of(shift))
        if shift.key in on:
            on[shift.key].append(i)
    crew_of = {m: c.id for c in bundle.crews for m in c.members}
    last = period.first_day + timedelta(days=period.days - 1)
    turn = {}
    for s in shifts:
        cp = bundle.checkpoint(s.checkpoint)
        assert cp is not None
        turn[s.key] = turns(cp, s.template, period.first_day, last).get(s.day)
    wishes = [(i, w) for i, m in enumerate(members) for w in m.wishes
              if w.start < period.end and period.start < w.end]
    duties = [duty_of(s) for s in shifts]
    best = (0, 0, 0, 0)

    def score() -> tuple[int, int, int, int]:
        filled = sum(min(s.need, len(on[s.key])) for s in shifts)
        tags = sum(min(n, sum(1 for i in on[s.key] if t in members[i].tags))
                   for s in shifts for t, n in s.need_tags.items())
        held = sum(1 for s in shifts for i in on[s.key]
                   if turn[s.key] is not None and crew_of.get(members[i].id) == turn[s.key])
        weight = 0
        for i, w in wishes:
            s0, e0 = int(w.start.timestamp()), int(w.end.timestamp())
            hit = any(d.start < e0 and s0 < d.end for d in ledgers[i].duties)
            weight += w.weight if hit == (w.want == "on") else 0
        return (filled, tags, held, weight)

    def walk(j: int) -> None:
        nonlocal best
        if j == len(shifts):
            best = max(best, score())
            return
        s, d = shifts[j], duties[j]
        free = [i for i in range(len(members)) if i not in on[s.key]]
        room = max(0, s.need - len(on[s.key]))
        for size in range(room + 1):
            for group in itertools.combinations(free, size):
                added = []
                for i in group:
                    if not ledgers[i].allows(d):
                        break
                    ledgers[i].add(d)
                    on[s.key].append(i)
                    added.append(i)
                else:
                    walk(j + 1)
                for i in added:
                    ledgers[i].remove(d)
                    on[s.key].remove(i)

    walk(0)
    return best


@settings(PROPS, max_examples=60)
@given(v2_teams(max_members=4, max_days=3, max_places=6, standby=False), st.integers(0, 2))
def test_wishes_met_equal_the_optimum_at_the_same_fill_tags_and_crew_places(
        case: tuple[Bundle, Period], seed: int) -> None:
    bundle, period = case
    best = _best(bundle, period)
    result = generate(bundle, period, seed=seed)
    got = (result.filled, _tags_met(result), result.crew_held, result.wish_weight_met)
    assert got == best


def test_rules_default_to_v1_behaviour() -> None:
    assert RuleSet.of(Rules()).reach_days == 5

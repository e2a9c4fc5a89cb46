"""What must hold for every roster the generator builds (hypothesis).

* It never adds an assignment that takes part in a violation the checker reports, over
  random teams, rules, leave, locked assignments and neighbours outside the period.
* On instances small enough to try every roster (an exhaustive search written here,
  independently of the generator, deciding validity with the rule ledger), it fills the
  most places any valid roster fills, then meets the most required tags, and whenever
  some such roster keeps shifts and nights within one of each other in every class of
  equally available members, so does it.
* On larger teams of identical members for which this test *builds* a fair roster (and
  has the checker accept it), the generator is within one as well.
* A seed fixes the roster; repair changes nothing on a complete roster and, after one
  new leave, only what it has to.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from roster.checker import check
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
    shift_for,
    shifts_in,
)
from roster.domain.timeutil import TimeOfDay, instant_at, zone
from roster.generator import GenerateResult, fairness_classes, generate
from roster.rules import MemberLedger, RuleSet, duty_of

FIRST = date(2026, 12, 1)
TZ = "Asia/Shanghai"

PATTERNS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("08:00", "16:00"), ("16:00", "00:00"), ("00:00", "08:00")),
    (("22:00", "06:00"), ("06:00", "14:00"), ("14:00", "22:00")),
    (("08:00", "08:00"),),
    (("08:00", "20:00"), ("20:00", "08:00")),
    (("07:00", "15:00"), ("19:00", "23:30")),
)

PROPS = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.filter_too_much])


def _time(text: str) -> TimeOfDay:
    h, m = text.split(":")
    return TimeOfDay(int(h) * 60 + int(m))


@st.composite
def teams(draw: st.DrawFn, *, max_members: int = 6, max_days: int = 5, max_places: int = 60,
          standby: bool = True, tags: bool = True, history: bool = True,
          locked: bool = True) -> tuple[Bundle, Period]:
    """A random team, a period, and assignments: locked ones inside, others around it."""
    tz = zone(TZ)
    rules = Rules(
        min_rest_hours=draw(st.sampled_from([0, 8, 12, 16])),
        max_shifts_per_day=draw(st.integers(1, 2)),
        max_consecutive_nights=draw(st.integers(0, 3)),
        max_hours_per_week=draw(st.sampled_from([16, 24, 40, 56])),
    )
    checkpoints = []
    per_day = 0
    for c in range(draw(st.integers(1, 2))):
        templates = []
        for start, end in draw(st.sampled_from(PATTERNS)):
            need = draw(st.integers(1, 2))
            per_day += need
            templates.append(ShiftTemplate(
                _time(start), _time(end), need=need,
                need_tags=draw(st.sampled_from([{}, {"party": 1}])) if tags else {},
                night=draw(st.sampled_from([None, None, True, False])),
                standby=draw(st.integers(0, 1)) if standby else 0))
        checkpoints.append(Checkpoint(f"cp{c}", f"卡点{c}", tuple(templates)))
    days = draw(st.integers(1, max(1, min(max_days, max_places // per_day))))
    assume(per_day * days <= max_places)
    members = []
    for i in range(draw(st.integers(1, max_members))):
        leave: tuple[Leave, ...] = ()
        if draw(st.booleans()):
            first = draw(st.integers(-1, days))
            start = instant_at(FIRST + timedelta(days=first), _time("06:00"), tz)
            leave = (Leave(start, start + timedelta(hours=draw(st.integers(4, 48))), "事假"),)
        members.append(Member(
            f"m{i}", f"队员{i}",
            tags=("party",) if tags and draw(st.booleans()) else (),
            no_nights=draw(st.booleans()),
            max_hours_per_week=draw(st.sampled_from([None, None, 20])),
            unavailable=leave))
    bundle = Bundle(team=Team("测试", timezone=TZ), rules=rules, members=tuple(members),
                    checkpoints=tuple(checkpoints))
    period = bundle.period(FIRST, days)
    around = shifts_in(bundle, FIRST - timedelta(days=3 if history else 0),
                       days + (3 if history else 0) + 2)
    picks = draw(st.lists(st.tuples(st.integers(0, len(around) - 1),
                                    st.integers(0, len(members) - 1), st.booleans(),
                                    st.sampled_from(["duty", "duty", "standby"])),
                          max_size=8))
    assignments = []
    for shift_i, member_i, lock, role in picks:
        s = around[shift_i]
        inside = period.contains(s.start)
        if inside and not (locked and lock):
            continue  # unlocked ones inside would be rebuilt anyway
        if not standby and role == "standby":
            continue
        if not history and not inside:
            continue
        assignments.append(Assignment(s.checkpoint, s.start, s.end, members[member_i].id,
                                      locked=inside, role=role))  # type: ignore[arg-type]
    return replace(bundle, assignments=tuple(assignments)), period


def _generated(result: GenerateResult, before: Bundle) -> set[Assignment]:
    return set(result.bundle.assignments) - set(before.assignments)


# --- never a broken rule ------------------------------------------------------------------


@PROPS
@given(teams(), st.integers(0, 3))
def test_no_generated_assignment_takes_part_in_a_violation(
        case: tuple[Bundle, Period], seed: int) -> None:
    bundle, period = case
    result = generate(bundle, period, seed=seed)
    new = _generated(result, bundle)
    report = check(result.bundle, period, suggest=False)
    for v in report.violations:
        assert not (set(v.assignments) & new), v
    # Everything given is still there; nothing new lies outside the period.
    assert set(bundle.assignments) <= set(result.bundle.assignments)
    assert all(period.contains(a.start) and not a.locked for a in new)
    # What the generator says is short is what the checker finds short.
    short = {(g.checkpoint, g.start, g.kind) for g in report.gaps
             if g.kind != "uncovered" and period.contains(g.start)}
    said = {(u.checkpoint, u.start) for u in result.unfilled}
    assert {(c, s) for c, s, _ in short} <= said
    assert result.filled <= result.total


# --- the most that can be filled (exhaustive search on tiny instances) --------------------------


def _exhaustive(bundle: Bundle, period: Period) -> tuple[tuple[int, int], bool]:
    """Best (places filled, tags met) of any valid roster, and whether one of those is fair."""
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
    classes = [[index[m] for m in ids] for ids in fairness_classes(bundle, period).values()]
    duties = [duty_of(s) for s in shifts]
    best: dict[tuple[int, int], bool] = {}

    def score() -> None:
        filled = sum(min(s.need, len(on[s.key])) for s in shifts)
        tags = sum(min(n, sum(1 for i in on[s.key] if t in members[i].tags))
                   for s in shifts for t, n in s.need_tags.items())
        counts = [0] * len(members)
        nights = [0] * len(members)
        for s in shifts:
            for i in on[s.key]:
                counts[i] += 1
                nights[i] += s.night
        fair = all(max(counts[i] for i in c) - min(counts[i] for i in c) <= 1
                   and max(nights[i] for i in c) - min(nights[i] for i in c) <= 1
                   for c in classes)
        best[(filled, tags)] = best.get((filled, tags), False) or fair

    def walk(j: int) -> None:
        if j == len(shifts):
            score()
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
    top = max(best)
    return top, best[top]


def _tags_met(result: GenerateResult) -> int:
    shifts = shifts_in(result.bundle, result.period.first_day, result.period.days)
    members = result.bundle.members_by_id()
    out = 0
    for s in shifts:
        on = {a.member for a in result.bundle.assignments
              if a.shift_key == s.key and a.role == "duty" and a.member in members}
        out += sum(min(n, sum(1 for m in on if t in members[m].tags))
                   for t, n in s.need_tags.items())
    return out


TINY = teams(max_members=4, max_days=3, max_places=6, standby=False)


@settings(PROPS, max_examples=60)
@given(TINY, st.integers(0, 2))
def test_fills_as_many_places_and_tags_as_any_valid_roster(
        case: tuple[Bundle, Period], seed: int) -> None:
    bundle, period = case
    (most, tags), _ = _exhaustive(bundle, period)
    result = generate(bundle, period, seed=seed)
    assert result.filled == most
    assert _tags_met(result) == tags
    assert result.fill_proven


@settings(PROPS, max_examples=50)
@given(teams(max_members=4, max_days=3, max_places=6, standby=False, history=False),
       st.integers(0, 2))
def test_fair_whenever_a_best_roster_is(case: tuple[Bundle, Period], seed: int) -> None:
    bundle, period = case
    _, fair_exists = _exhaustive(bundle, period)
    result = generate(bundle, period, seed=seed)
    if not fair_exists:
        return
    stats = {s.member: s for s in result.stats}
    for ids in fairness_classes(bundle, period).values():
        assert max(stats[i].shifts for i in ids) - min(stats[i].shifts for i in ids) <= 1
        assert max(stats[i].nights for i in ids) - min(stats[i].nights for i in ids) <= 1


# --- fairness on larger teams the test proves can be fair -------------------------------------


def _round_the_clock(members: int, days: int, seed_tags: bool = False) -> tuple[Bundle, Period]:
    cp = Checkpoint("cp", "北口卡点", tuple(
        ShiftTemplate(_time(s), _time(e), need=1) for s, e in PATTERNS[0]))
    people = tuple(Member(f"m{i:02d}", f"队员{i}") for i in range(members))
    bundle = Bundle(team=Team("测试", timezone=TZ), rules=Rules(), members=people,
                    checkpoints=(cp,))
    return bundle, bundle.period(FIRST, days)


def _witness(bundle: Bundle, period: Period) -> Bundle:
    """Slot j (in time order) to member j mod n: with n coprime to 3 and at least 4, every
    member takes each kind of shift in turn, so loads and nights differ by at most one."""
    shifts = shifts_in(bundle, period.first_day, period.days)
    ids = [m.id for m in bundle.members]
    return replace(bundle, assignments=tuple(
        Assignment(s.checkpoint, s.start, s.end, ids[j % len(ids)]) for j, s in enumerate(shifts)))


def _spread(result: GenerateResult, attr: str) -> int:
    values = [getattr(s, attr) for s in result.stats]
    return max(values) - min(values)


@settings(PROPS, max_examples=25)
@given(st.sampled_from([4, 5, 7, 8, 10]), st.integers(2, 14), st.integers(0, 5))
def test_identical_members_get_loads_and_nights_within_one(
        members: int, days: int, seed: int) -> None:
    bundle, period = _round_the_clock(members, days)
    witness = _witness(bundle, period)
    assert check(witness, period, suggest=False).ok  # so the instance admits fairness
    result = generate(bundle, period, seed=seed)
    assert result.filled == result.total
    assert check(result.bundle, period, suggest=False).ok
    assert _spread(result, "shifts") <= 1
    assert _spread(result, "nights") <= 1


# --- seeds ------------------------------------------------------------------------------


@settings(PROPS, max_examples=20)
@given(teams(), st.integers(0, 1000))
def test_a_seed_fixes_the_roster(case: tuple[Bundle, Period], seed: int) -> None:
    bundle, period = case
    first = generate(bundle, period, seed=seed)
    second = generate(bundle, period, seed=seed)
    assert first.bundle.assignments == second.bundle.assignments
    assert first.unfilled == second.unfilled


# --- repair -------------------------------------------------------------------------------


@settings(PROPS, max_examples=30)
@given(teams(), st.integers(0, 3))
def test_repair_of_a_complete_roster_changes_nothing(
        case: tuple[Bundle, Period], seed: int) -> None:
    bundle, period = case
    result = generate(bundle, period, seed=seed)
    again = generate(result.bundle, period, seed=seed + 1, repair=True)
    # Nothing valid is ever taken away ...
    assert not [c for c in again.changes if c.old_member is not None and c.reason == ""]
    if result.complete:
        # ... and a complete roster is left exactly as it is.
        assert again.changes == ()
        assert set(again.bundle.assignments) == set(result.bundle.assignments)


@settings(PROPS, max_examples=40)
@given(teams(max_members=8, standby=True), st.integers(0, 3), st.data())
def test_repair_after_one_new_leave(case: tuple[Bundle, Period], seed: int,
                                    data: st.DataObject) -> None:
    bundle, period = case
    result = generate(bundle, period, seed=seed)
    ours = sorted(_generated(result, bundle), key=lambda a: (a.start, a.checkpoint, a.member))
    duty = [a for a in ours if a.role == "duty"]
    assume(duty)
    hit = data.draw(st.sampled_from(duty))
    members = tuple(replace(m, unavailable=(*m.unavailable, Leave(hit.start, hit.end)))
                    if m.id == hit.member else m for m in result.bundle.members)
    sick = replace(result.bundle, members=members)
    repaired = generate(sick, period, seed=seed, repair=True)
    new = _generated(repaired, sick)
    report = check(repaired.bundle, period, suggest=False)
    for v in report.violations:
        assert not (set(v.assignments) & new), v
    assert hit not in repaired.bundle.assignments
    # No more places open than before the leave, but the one it emptied.
    assert repaired.filled >= result.filled - 1
    removed = [c for c in repaired.changes if c.old_member is not None]
    assert (removed and removed[0].old_member == hit.member) or any(
        c.old_member == hit.member and c.start == hit.start for c in removed)
    # Only the sick member's shift loses someone for a reason of its own; every other
    # removal is a move made to close that gap.
    for c in removed:
        if (c.old_member, c.start, c.checkpoint) != (hit.member, hit.start, hit.checkpoint):
            assert c.reason in {"moved", "overlap"}, c


@settings(PROPS, max_examples=40)
@given(teams(max_members=8, standby=False, tags=False), st.integers(0, 3), st.data())
def test_repair_touches_only_the_affected_shift_when_someone_can_step_in(
        case: tuple[Bundle, Period], seed: int, data: st.DataObject) -> None:
    bundle, period = case
    result = generate(bundle, period, seed=seed)
    duty = sorted((a for a in _generated(result, bundle) if a.role == "duty"),
                  key=lambda a: (a.start, a.checkpoint, a.member))
    assume(duty)
    hit = data.draw(st.sampled_from(duty))
    members = tuple(replace(m, unavailable=(*m.unavailable, Leave(hit.start, hit.end)))
                    if m.id == hit.member else m for m in result.bundle.members)
    sick = replace(result.bundle, members=members)
    # Could someone take the sick member's place as the roster stands?
    rules = RuleSet.of(bundle.rules)
    cp = sick.checkpoint(hit.checkpoint)
    assert cp is not None
    shift = shift_for(sick, cp, hit.start, hit.end)
    assert shift is not None
    target = duty_of(shift)
    remaining = [a for a in sick.assignments if a != hit and a.role == "duty"]
    able = []
    for m in sick.members:
        ledger = MemberLedger(m, rules)
        for a in remaining:
            other = sick.checkpoint(a.checkpoint)
            s = shift_for(sick, other, a.start, a.end) if other and a.member == m.id else None
            if s is not None and s.key not in ledger:
                ledger.add(duty_of(s))
        if ledger.allows(target):
            able.append(m.id)
    repaired = generate(sick, period, seed=seed, repair=True)
    new = _generated(repaired, sick)
    for v in check(repaired.bundle, period, suggest=False).violations:
        assert not (set(v.assignments) & new), v
    here = (hit.checkpoint, hit.start)
    assert (hit.checkpoint, hit.start, hit.member) in {
        (c.checkpoint, c.start, c.old_member) for c in repaired.changes}
    was = {(a.checkpoint, a.start, a.member) for a in result.bundle.assignments}
    for c in repaired.changes:
        if (c.checkpoint, c.start) == here:
            continue
        if c.old_member is None:
            # A place the first roster had left empty, now filled by someone free.
            assert c.kind == "added", c
            assert (c.checkpoint, c.start, c.new_member) not in was
            assert result.filled < result.total
        else:
            # Someone else moved: only ever to close the new gap, and only when nobody
            # could simply step in.
            assert c.reason == "moved" and not able, c
    if able:
        (change,) = [c for c in repaired.changes if (c.checkpoint, c.start) == here]
        assert change.kind == "replaced" and change.new_member in able

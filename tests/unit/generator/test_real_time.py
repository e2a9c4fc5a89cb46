"""The past and the running shift are history: generate and repair, given ``now``, never add,
move or remove an assignment of a shift that started before it (hypothesis and examples)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from roster.domain.model import Assignment, Bundle, Member, Period
from roster.domain.timeutil import TimeOfDay, instant_at
from roster.editing.setup import add_new_member, checkpoint_from_pattern, new_team
from roster.generator import generate, started_shifts
from tests.unit.generator.test_generator_props import PROPS, teams


def _on_started(bundle: Bundle, now: datetime) -> Counter[tuple[object, ...]]:
    """Every assignment of a shift that started before ``now``, with every field."""
    return Counter((a.checkpoint, a.start, a.end, a.member, a.role, a.locked)
                   for a in bundle.assignments if a.start < now)


def _team(members: int = 8) -> Bundle:
    b = new_team("测试队")
    b = replace(b, checkpoints=(checkpoint_from_pattern("cp-n", "北口", "3x8", need=2),
                                checkpoint_from_pattern("cp-s", "南口", "2x12")))
    for i in range(members):
        b = add_new_member(b, Member("", f"队员{i}"))
    return b


FIRST = date(2026, 12, 1)


def _at(day: int, hhmm: str, b: Bundle) -> datetime:
    h, m = hhmm.split(":")
    return instant_at(FIRST + timedelta(days=day), TimeOfDay(int(h) * 60 + int(m)), b.tz)


def test_at_0340_the_crew_on_site_stays_and_the_rest_is_rebuilt() -> None:
    b = _team()
    period = b.period(FIRST, 3)
    first = generate(b, period, seed=1).bundle
    now = _at(1, "03:40", b)  # the second night, in the middle of the 00:00-08:00 shift
    before = _on_started(first, now)
    for repair in (False, True):
        again = generate(first, period, seed=7, repair=repair, now=now)
        assert _on_started(again.bundle, now) == before
        assert again.complete
    # Without now (a lead rebuilding the past on purpose) another seed moves the past.
    rebuilt = generate(first, period, seed=7)
    assert _on_started(rebuilt.bundle, now) != before


def test_a_started_shift_left_short_takes_nobody_new() -> None:
    b = _team()
    period = b.period(FIRST, 2)
    now = _at(0, "09:00", b)
    result = generate(b, period, now=now)  # nobody rostered yet: the morning stays empty
    assert _on_started(result.bundle, now) == Counter()
    later = [a for a in result.bundle.assignments if a.start >= now]
    assert later and result.complete
    assert not any(u.start < now for u in result.unfilled)


def test_started_shifts_counts_what_is_left() -> None:
    b = _team()
    period = b.period(FIRST, 1)
    assert started_shifts(b, period, _at(0, "00:00", b)) == (0, 5)
    assert started_shifts(b, period, _at(0, "08:00", b)) == (1, 5)  # 00:00-08:00 only
    assert started_shifts(b, period, _at(0, "08:01", b)) == (3, 5)  # and both 08:00 shifts
    assert started_shifts(b, period, _at(1, "00:00", b)) == (5, 5)


@PROPS
@given(teams(), st.integers(0, 3), st.booleans(), st.data())
def test_generated_rosters_never_change_started_shifts(
        case: tuple[Bundle, Period], seed: int, repair: bool, data: st.DataObject) -> None:
    bundle, period = case
    # A roster as a lead would have it: generated once, some of it since edited by hand.
    current = generate(bundle, period, seed=seed).bundle
    drop = data.draw(st.sets(st.integers(0, max(0, len(current.assignments) - 1)), max_size=3))
    current = replace(current, assignments=tuple(
        a for j, a in enumerate(current.assignments) if j not in drop))
    offset = data.draw(st.integers(-60, int((period.end - period.start).total_seconds() // 60)))
    now = period.start + timedelta(minutes=offset)
    before = _on_started(current, now)
    result = generate(current, period, seed=seed + 1, repair=repair, now=now)
    assert _on_started(result.bundle, now) == before
    # Nothing outside the period moves either.
    outside = Counter(a for a in current.assignments if not period.contains(a.start))
    assert Counter(a for a in result.bundle.assignments if not period.contains(a.start)) == outside
    assert all(isinstance(a, Assignment) for a in result.bundle.assignments)

"""The member rules, each written once: the checker judges with them, the generator obeys them.

A rule here is a small predicate over *duties* (a member's duty shifts reduced to
integers: epoch seconds, day ordinals, minutes), plus :class:`MemberLedger`, which keeps
one member's duties and answers "which rules would this shift break?" incrementally.
The checker (:mod:`roster.checker`) walks whole rosters with the same predicates, so a
roster the generator builds can never be one the checker rejects (the property tests
prove it), and changing a rule means changing it here only.

Rule kinds are the names ``shared/spec/bundle.md`` uses in ``check`` output.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta

from roster.domain.model import Member, Rules, Shift, ShiftKey, iso_week

OVERLAP = "overlap"
UNAVAILABLE = "unavailable"
REST = "rest"
SHIFTS_PER_DAY = "shifts_per_day"
CONSECUTIVE_NIGHTS = "consecutive_nights"
HOURS_PER_WEEK = "hours_per_week"
NO_NIGHTS = "no_nights"
INVALID_ASSIGNMENT = "invalid_assignment"

#: Every member rule, in the order explanations list them.
MEMBER_RULES: tuple[str, ...] = (
    UNAVAILABLE,
    NO_NIGHTS,
    OVERLAP,
    REST,
    SHIFTS_PER_DAY,
    CONSECUTIVE_NIGHTS,
    HOURS_PER_WEEK,
)


@dataclass(frozen=True, slots=True)
class Duty:
    """A shift as the rules see it: integers only, so a month of checks stays fast."""

    key: ShiftKey
    start: int  # epoch seconds
    end: int
    day: int  # ordinal of the date the shift belongs to
    night: bool
    minutes: int
    week: tuple[int, int]


def duty_of(shift: Shift) -> Duty:
    start = int(shift.start.timestamp())
    end = int(shift.end.timestamp())
    return Duty(shift.key, start, end, shift.day.toordinal(), shift.night,
                (end - start) // 60, iso_week(shift.day))


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The team's rules in the units the predicates use."""

    min_rest: int  # seconds
    max_shifts_per_day: int
    max_consecutive_nights: int
    team_weekly_minutes: float

    @classmethod
    def of(cls, rules: Rules) -> RuleSet:
        return cls(round(rules.min_rest_hours * 3600), rules.max_shifts_per_day,
                   rules.max_consecutive_nights, rules.max_hours_per_week * 60)

    def weekly_minutes(self, member: Member) -> float:
        if member.max_hours_per_week is not None:
            return member.max_hours_per_week * 60
        return self.team_weekly_minutes

    # --- the predicates -------------------------------------------------------------------

    @staticmethod
    def overlaps(a: Duty, b: Duty) -> bool:
        """Two shifts whose half-open intervals intersect."""
        return a.start < b.end and b.start < a.end

    def too_close(self, a: Duty, b: Duty) -> bool:
        """Not overlapping, but the later starts less than ``min_rest`` after the earlier ends."""
        if self.overlaps(a, b):
            return False
        first, second = (a, b) if a.start <= b.start else (b, a)
        return second.start - first.end < self.min_rest

    def too_many_in_day(self, count: int) -> bool:
        return count > self.max_shifts_per_day

    def too_many_nights(self, run: int) -> bool:
        return run > self.max_consecutive_nights

    def too_many_minutes(self, minutes: float, member: Member) -> bool:
        return minutes > self.weekly_minutes(member)

    @staticmethod
    def night_forbidden(member: Member, duty: Duty) -> bool:
        return member.no_nights and duty.night

    @staticmethod
    def on_leave(spans: tuple[tuple[int, int], ...], duty: Duty) -> bool:
        return any(s < duty.end and duty.start < e for s, e in spans)


def leave_spans(member: Member) -> tuple[tuple[int, int], ...]:
    return tuple((int(s.start.timestamp()), int(s.end.timestamp())) for s in member.unavailable)


def night_runs(days: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of consecutive day ordinals, as (first, length)."""
    runs: list[tuple[int, int]] = []
    for d in sorted(days):
        if runs and runs[-1][0] + runs[-1][1] == d:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((d, 1))
    return runs


def ordinal_date(day: int) -> date:
    return date.fromordinal(day)


class MemberLedger:
    """One member's duties, kept so that "can they take this shift?" costs a few lookups.

    ``blockers`` lists every rule a new duty would break (for explanations);
    ``allows`` is the fast yes/no the generator asks thousands of times.
    """

    __slots__ = ("_by_day", "_ends", "_keys", "_max_len", "_minutes", "_nights", "_starts",
                 "duties", "leave", "member", "rules")

    def __init__(self, member: Member, rules: RuleSet) -> None:
        self.member = member
        self.rules = rules
        self.leave = leave_spans(member)
        self.duties: list[Duty] = []  # sorted by start
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._keys: set[ShiftKey] = set()
        self._by_day: dict[int, int] = {}
        self._nights: set[int] = set()
        self._minutes: dict[tuple[int, int], int] = {}
        self._max_len = 0

    def __contains__(self, key: ShiftKey) -> bool:
        return key in self._keys

    def add(self, duty: Duty) -> None:
        i = bisect.bisect_right(self._starts, duty.start)
        self.duties.insert(i, duty)
        self._starts.insert(i, duty.start)
        self._ends.insert(i, duty.end)
        self._keys.add(duty.key)
        self._by_day[duty.day] = self._by_day.get(duty.day, 0) + 1
        if duty.night:
            self._nights.add(duty.day)
        self._minutes[duty.week] = self._minutes.get(duty.week, 0) + duty.minutes
        self._max_len = max(self._max_len, duty.end - duty.start)

    def remove(self, duty: Duty) -> None:
        # Look only among duties starting at the same second, and by identity first: the
        # generator removes and re-adds thousands of duties while it trades shifts.
        lo = bisect.bisect_left(self._starts, duty.start)
        hi = bisect.bisect_right(self._starts, duty.start, lo)
        i = next((j for j in range(lo, hi) if self.duties[j] is duty), -1)
        if i < 0:
            i = self.duties.index(duty, lo, max(hi, lo))
        del self.duties[i], self._starts[i], self._ends[i]
        self._keys.discard(duty.key)
        self._by_day[duty.day] -= 1
        if duty.night and not any(d.night and d.day == duty.day for d in self.duties):
            self._nights.discard(duty.day)
        self._minutes[duty.week] -= duty.minutes

    def _near(self, duty: Duty) -> list[Duty]:
        """Duties that could overlap ``duty`` or sit within the rest time of it."""
        reach = self.rules.min_rest + self._max_len
        lo = bisect.bisect_left(self._starts, duty.start - reach)
        hi = bisect.bisect_right(self._starts, duty.end + self.rules.min_rest)
        return self.duties[lo:hi]

    def night_run_with(self, day: int) -> int:
        """Length of the run of consecutive night days through ``day`` if it were a night."""
        run = 1
        d = day - 1
        while d in self._nights:
            run += 1
            d -= 1
        d = day + 1
        while d in self._nights:
            run += 1
            d += 1
        return run

    def blockers(self, duty: Duty) -> list[str]:
        """Every rule (kind names) that adding ``duty`` would break, in MEMBER_RULES order."""
        r = self.rules
        out: list[str] = []
        if r.on_leave(self.leave, duty):
            out.append(UNAVAILABLE)
        if r.night_forbidden(self.member, duty):
            out.append(NO_NIGHTS)
        near = self._near(duty)
        if any(r.overlaps(duty, other) for other in near):
            out.append(OVERLAP)
        if any(r.too_close(duty, other) for other in near):
            out.append(REST)
        if r.too_many_in_day(self._by_day.get(duty.day, 0) + 1):
            out.append(SHIFTS_PER_DAY)
        if duty.night and r.too_many_nights(self.night_run_with(duty.day)):
            out.append(CONSECUTIVE_NIGHTS)
        if r.too_many_minutes(self._minutes.get(duty.week, 0) + duty.minutes, self.member):
            out.append(HOURS_PER_WEEK)
        return out

    def allows(self, duty: Duty) -> bool:
        r = self.rules
        if duty.key in self._keys:
            return False
        if r.too_many_in_day(self._by_day.get(duty.day, 0) + 1):
            return False
        if r.too_many_minutes(self._minutes.get(duty.week, 0) + duty.minutes, self.member):
            return False
        if duty.night and (r.night_forbidden(self.member, duty)
                           or r.too_many_nights(self.night_run_with(duty.day))):
            return False
        if self.leave and r.on_leave(self.leave, duty):
            return False
        for other in self._near(duty):
            if r.overlaps(duty, other) or r.too_close(duty, other):
                return False
        return True

    def free_at(self, duty: Duty) -> bool:
        """Not on leave and on no overlapping duty: all a standby place asks (bundle.md)."""
        r = self.rules
        if self.leave and r.on_leave(self.leave, duty):
            return False
        return not any(r.overlaps(duty, other) for other in self._near(duty))

    # --- what fairness and reports read -------------------------------------------------

    def count(self) -> int:
        return len(self.duties)

    def nights(self) -> int:
        return sum(1 for d in self.duties if d.night)

    def minutes_in_week(self, week: tuple[int, int]) -> int:
        return self._minutes.get(week, 0)


def day_span(first: date, days: int) -> range:
    """Day ordinals of ``[first, first + days)``."""
    return range(first.toordinal(), (first + timedelta(days=days)).toordinal())

"""A shift as the rules see it, and each rule's predicate, written once.

A rule here is a small predicate over *duties* (a member's duty shifts reduced to
integers: epoch seconds, day ordinals, minutes), so a month of checks stays fast.
:class:`roster.rules.ledger.MemberLedger` asks them incrementally for one member; the
checker walks whole rosters with them; changing a rule means changing it here only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from roster.domain.model import Member, Rules, Shift, ShiftKey, iso_week


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
    #: v2: longest run of days with a duty (None: no limit).
    max_consecutive_days: int | None = None
    #: v2: days without duty after a run of nights ends.
    days_off_after_nights: int = 0

    @classmethod
    def of(cls, rules: Rules) -> RuleSet:
        return cls(round(rules.min_rest_hours * 3600), rules.max_shifts_per_day,
                   rules.max_consecutive_nights, rules.max_hours_per_week * 60,
                   rules.max_consecutive_days, rules.days_off_after_nights)

    @property
    def reach_days(self) -> int:
        """Days either side of a duty within which another duty can matter to a day rule
        (a run of nights or of days, the days off after nights)."""
        return max(self.max_consecutive_nights, self.max_consecutive_days or 0,
                   self.days_off_after_nights) + 2

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

    def too_many_days(self, run: int) -> bool:
        return self.max_consecutive_days is not None and run > self.max_consecutive_days

    @staticmethod
    def wrong_checkpoint(member: Member, duty: Duty) -> bool:
        return member.only_checkpoints is not None and duty.key[0] not in member.only_checkpoints

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


def run_ends(nights: set[int]) -> list[int]:
    """Days on which a run of nights ends (a night that day, none the next)."""
    return sorted(d for d in nights if d + 1 not in nights)


def ordinal_date(day: int) -> date:
    return date.fromordinal(day)


def day_span(first: date, days: int) -> range:
    """Day ordinals of ``[first, first + days)``."""
    return range(first.toordinal(), (first + timedelta(days=days)).toordinal())

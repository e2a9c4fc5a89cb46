"""Each member's running totals: shifts, nights, and weekend or holiday shifts, in the period
and in the four weeks before it, so a lead can answer "why me again?".

The generator already carries fairness across periods (its history counts the weeks
before); this makes the same figures visible, on the People screen and after
``roster generate``. Duty places only (standby is not a shift worked); a weekend shift is one
that starts on a Saturday, a Sunday or one of the team's holidays, as the generator counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from roster.domain.model import Bundle, Period, shifts_in

#: The stretch before the period whose shifts count as "recent".
RECENT_DAYS = 28


@dataclass(frozen=True, slots=True)
class Tally:
    shifts: int = 0
    nights: int = 0
    weekend: int = 0  # on a Saturday, Sunday or holiday

    def plus(self, night: bool, weekend: bool) -> Tally:
        return Tally(self.shifts + 1, self.nights + night, self.weekend + weekend)


@dataclass(frozen=True, slots=True)
class RunningTotals:
    """One member's totals: ``recent`` the RECENT_DAYS before the period, ``period`` in it."""

    member: str
    recent: Tally
    period: Tally


def running_totals(bundle: Bundle, period: Period,
                   recent_days: int = RECENT_DAYS) -> dict[str, RunningTotals]:
    """Every member's running totals (members without any shift get zeros)."""
    first = period.first_day - timedelta(days=recent_days)
    shifts = {s.key: s for s in shifts_in(bundle, first, recent_days + period.days)}
    holidays = frozenset(bundle.rules.holidays)
    recent: dict[str, Tally] = {}
    inside: dict[str, Tally] = {}
    for a in bundle.assignments:
        s = shifts.get(a.shift_key)
        if s is None or a.role != "duty":
            continue
        weekend = s.day.weekday() >= 5 or s.day in holidays
        bucket = recent if s.day < period.first_day else inside
        bucket[a.member] = bucket.get(a.member, Tally()).plus(s.night, weekend)
    return {m.id: RunningTotals(m.id, recent.get(m.id, Tally()), inside.get(m.id, Tally()))
            for m in bundle.members}

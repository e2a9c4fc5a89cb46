"""One team's row of the county roll-up: the team's own checks, counted.

Nothing here judges a roster or a duty log a second time. The gaps and violations are
:func:`roster.checker.check`'s (what ``roster check`` prints), the absences and late
arrivals are :func:`roster.dutylog.compare.compare_versions`'s (what the duty desk and the daily
report show), and the handovers are :func:`roster.dutylog.handovers.handovers`'s; this
module only counts them the way ``shared/spec/cli.md`` ("The county roll-up") says:

* ``empty_places``: the sum of ``need - have`` over ``understaffed`` gaps, ``missing_tags``
  the same over ``missing_tag`` gaps, ``uncovered_hours`` the hours of ``uncovered`` gaps;
* ``absent`` and ``late``: duty assignments of the period whose shift ended before
  ``now``, with that status;
* ``unconfirmed_handovers``: handovers written in the period that no confirmation answers
  (by the end of the day after it);
* ``problems``: the sum of those counts (not the hours), plus the number of ``uncovered``
  gaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from roster.checker import MISSING_TAG, UNCOVERED, UNDERSTAFFED, Report, check
from roster.domain.model import Bundle, LogEntry, Period
from roster.domain.timeutil import local_date
from roster.dutylog.compare import ABSENT, LATE, Comparison, compare_versions
from roster.dutylog.entries import Versioned, resolve
from roster.dutylog.handovers import handovers

__all__ = ["FINE_HOUR", "SHORT_HOUR", "TAG_HOUR", "UNCOVERED_HOUR", "TeamFigures",
           "hour_strip", "period_for", "team_figures"]

FINE_HOUR, TAG_HOUR, SHORT_HOUR, UNCOVERED_HOUR = ".", "?", "!", "x"
_WORSE = {FINE_HOUR: 0, TAG_HOUR: 1, SHORT_HOUR: 2, UNCOVERED_HOUR: 3}
_HOUR_OF = {UNCOVERED: UNCOVERED_HOUR, UNDERSTAFFED: SHORT_HOUR, MISSING_TAG: TAG_HOUR}


@dataclass(frozen=True, slots=True)
class TeamFigures:
    """What the county sees of one team in one period (plain values, cheap to pickle)."""

    team_id: str
    team: str
    village: str
    township: str
    file: str
    timezone: str
    exported_at: datetime | None
    period: Period
    checkpoints: int
    shifts: int
    empty_places: int
    missing_tags: int
    uncovered_hours: float
    uncovered_gaps: int
    violations: int
    absent: int
    late: int
    unconfirmed_handovers: int
    #: One character per hour of the period (from its start): :data:`UNCOVERED_HOUR` where
    #: no shift covers the checkpoint, :data:`SHORT_HOUR` where a shift is short of people,
    #: :data:`TAG_HOUR` where one lacks a qualification, :data:`FINE_HOUR` otherwise (the
    #: worst of the team's checkpoints).
    strip: str = ""

    @property
    def problems(self) -> int:
        return (self.empty_places + self.missing_tags + self.violations + self.absent
                + self.late + self.unconfirmed_handovers + self.uncovered_gaps)


def period_for(bundle: Bundle, first_day: date | None, days: int, now: datetime) -> Period:
    """The roll-up's period read in the team's own zone (no first day: the team's today)."""
    start = first_day if first_day is not None else now.astimezone(bundle.tz).date()
    return bundle.period(start, days)


def team_figures(bundle: Bundle, period: Period, now: datetime, file: str = "") -> TeamFigures:
    """The county's row for ``bundle`` in ``period`` as of ``now``."""
    report = check(bundle, period, suggest=False)
    versions = resolve(log_window(bundle, period))
    comparison = compare_versions(bundle, versions, period, now)
    absent, late = _attendance(comparison, now)
    empty, tags, holes, hours = _gap_figures(report)
    team = bundle.team
    return TeamFigures(
        team_id=team.id, team=team.name, village=team.village, township=team.township,
        file=file, timezone=team.timezone, exported_at=bundle.exported_at, period=period,
        checkpoints=len(bundle.checkpoints), shifts=report.shifts,
        empty_places=empty, missing_tags=tags, uncovered_hours=hours, uncovered_gaps=holes,
        violations=len(report.violations), absent=absent, late=late,
        unconfirmed_handovers=unconfirmed_handovers(versions, period),
        strip=hour_strip(report, period),
    )


def hour_strip(report: Report, period: Period) -> str:
    """The period hour by hour, each hour marked with the worst gap that touches it."""
    hours = int((period.end - period.start).total_seconds() // 3600)
    marks = [FINE_HOUR] * hours
    for g in report.gaps:
        mark = _HOUR_OF.get(g.kind)
        if mark is None:
            continue
        first = max(0, int((g.start - period.start).total_seconds() // 3600))
        last = min(hours, -int(-(g.end - period.start).total_seconds() // 3600))
        for h in range(first, last):
            if _WORSE[mark] > _WORSE[marks[h]]:
                marks[h] = mark
    return "".join(marks)


def log_window(bundle: Bundle, period: Period) -> list[LogEntry]:
    """The entries the team's own app reads for ``period``: those filed on the days from
    the day before it to the day after (the store's shards; ``DutyLog.compare``), so a
    bundle with months of log costs the county no more than one with a week."""
    tz = bundle.tz
    first = period.first_day - timedelta(days=1)
    last = period.first_day + timedelta(days=period.days)
    return [e for e in bundle.logs if first <= local_date(e.at, tz) <= last]


def _gap_figures(report: Report) -> tuple[int, int, int, float]:
    """Empty places, missing tags, uncovered gaps and their hours."""
    empty = tags = holes = 0
    seconds = 0.0
    for g in report.gaps:
        if g.kind == UNDERSTAFFED:
            empty += max((g.need or 0) - (g.have or 0), 0)
        elif g.kind == MISSING_TAG:
            tags += max((g.need or 0) - (g.have or 0), 0)
        elif g.kind == UNCOVERED:
            holes += 1
            seconds += (g.end - g.start).total_seconds()
    return empty, tags, holes, round(seconds / 3600, 2)


def _attendance(comparison: Comparison, now: datetime) -> tuple[int, int]:
    """Duty assignments absent and late among the shifts that ended before ``now``."""
    absent = late = 0
    for a in comparison.attendance:
        if a.assignment.role != "duty" or a.assignment.end > now:
            continue
        if a.status == ABSENT:
            absent += 1
        elif a.status == LATE:
            late += 1
    return absent, late


def unconfirmed_handovers(versions: Sequence[Versioned], period: Period) -> int:
    """Handovers written in ``period`` that no confirmation among ``versions`` answers."""
    return sum(1 for h in handovers(versions)
               if period.contains(h.at) and not h.confirmed)

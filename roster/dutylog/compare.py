"""Planned versus actual: what the roster said against what the duty log shows.

Subsidies, recognition and the county's questions after an incident all rest on this,
so every rule is stated once here and nowhere else:

* An assignment's check-ins are the member's sessions at its checkpoint that overlap
  ``[start - early window, end)``. The first one is the arrival: *on time* when it is at
  most ``rules.late_grace_minutes`` after the start (the boundary itself is on time),
  *late* beyond that. No session at all is *absent* once the shift has ended (while it
  runs, *late*; before start + grace, *expected*). Standby members are not expected on
  site and are never late or absent.
* *Left early*: the last check-out is more than the grace period before the end.
* *Unrostered*: a session that overlaps none of the member's assignments at that
  checkpoint.
* A *coverage gap* is a stretch of a shift with fewer people checked in (rostered or
  not) than it needs; stretches shorter than the grace period are forgiven.
* Actual hours are checked-in time inside the period; a *night* is a night shift of
  which the member was present for at least half.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from roster.domain.model import Assignment, Bundle, LogEntry, Period, Shift, materialise
from roster.dutylog.entries import (
    Versioned,
    resolve,
)
from roster.dutylog.presence import (
    Presence,
    Stray,
    early_window,
    grace,
    roster_index,
    sessions,
)

ON_TIME = "on_time"
LATE = "late"
ABSENT = "absent"
EXPECTED = "expected"  # the shift has not started, or is within its grace period
STANDBY = "standby"  # not expected on site



@dataclass(frozen=True, slots=True)
class Attendance:
    """One rostered assignment against what happened."""

    assignment: Assignment
    status: str  # ON_TIME, LATE (arrived late, or not here yet), ABSENT, EXPECTED, STANDBY
    arrived: datetime | None = None
    left: datetime | None = None  # the last check-out, once they have gone
    late_minutes: int = 0
    left_early: bool = False
    early_minutes: int = 0
    no_check_out: bool = False
    on_duty: bool = False  # checked in now
    present_minutes: int = 0  # inside [start, end)

    @property
    def member(self) -> str:
        return self.assignment.member

    @property
    def problems(self) -> tuple[str, ...]:
        out = []
        if self.status in (LATE, ABSENT):
            out.append(self.status)
        if self.left_early:
            out.append("left_early")
        if self.no_check_out:
            out.append("no_check_out")
        return tuple(out)


@dataclass(frozen=True, slots=True)
class CoverageGap:
    """A stretch of a shift with fewer people checked in than it needs."""

    checkpoint: str
    start: datetime
    end: datetime
    need: int
    have: int  # how many were there during the stretch
    shift_start: datetime
    shift_end: datetime

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class MemberTotals:
    """A member's period: planned against actual hours, nights, and how the shifts went."""

    member: str
    planned_hours: float = 0.0
    actual_hours: float = 0.0
    planned_nights: int = 0
    nights: int = 0
    shifts: int = 0
    on_time: int = 0
    late: int = 0
    absent: int = 0
    left_early: int = 0
    unrostered: int = 0


@dataclass(frozen=True, slots=True)
class Comparison:
    """Planned versus actual for a period, as of ``now``."""

    period: Period
    now: datetime
    attendance: tuple[Attendance, ...]
    unrostered: tuple[Presence, ...]
    gaps: tuple[CoverageGap, ...]
    members: tuple[MemberTotals, ...]
    strays: tuple[Stray, ...] = ()
    sessions: tuple[Presence, ...] = field(default=(), repr=False)

    @property
    def problem_count(self) -> int:
        return (sum(1 for a in self.attendance if a.problems) + len(self.unrostered)
                + len(self.gaps) + len(self.strays))


def judge(bundle: Bundle, a: Assignment, sessions_: Sequence[Presence],
          now: datetime) -> Attendance:
    """How one assignment went, given the member's sessions at its checkpoint."""
    early, late_after = early_window(bundle), grace(bundle)
    mine = [s for s in sessions_ if s.member == a.member and s.checkpoint == a.checkpoint
            and s.start < a.end and a.start - early < s.until(now)]
    present = sum((s.overlap(a.start, a.end, now) for s in mine), timedelta(0))
    minutes = int(present.total_seconds() // 60)
    if not mine:
        return Attendance(a, _nobody_yet(a, now, late_after))
    arrived = min(s.start for s in mine)
    on = any(s.end is None for s in mine)
    left = _left(mine, now)
    no_out = any(s.unclosed for s in mine)
    left_early = (left is not None and not on and left < a.end - late_after)
    early_minutes = int((a.end - left).total_seconds() // 60) if left_early and left else 0
    status, lateness = _arrival(a, arrived, late_after)
    return Attendance(a, status, arrived, left, lateness, left_early, early_minutes, no_out,
                      on, minutes)


def _left(mine: Sequence[Presence], now: datetime) -> datetime | None:
    """When the member checked out for good (None while there, or without a check-out)."""
    last = max(mine, key=lambda s: s.until(now))
    return last.end if last.end is not None and last.check_out is not None else None


def _nobody_yet(a: Assignment, now: datetime, late_after: timedelta) -> str:
    """The status of an assignment nobody has checked in for."""
    if a.role == "standby":
        return STANDBY
    if now <= a.start + late_after:  # a check-in now would still be on time
        return EXPECTED
    return LATE if now < a.end else ABSENT


def _arrival(a: Assignment, arrived: datetime, late_after: timedelta) -> tuple[str, int]:
    """The status of an assignment someone checked in for, and minutes late."""
    if a.role == "standby":
        return STANDBY, 0
    if arrived <= a.start + late_after:
        return ON_TIME, 0
    return LATE, int((arrived - a.start).total_seconds() // 60)


def coverage_gaps(bundle: Bundle, shift: Shift, sessions_: Sequence[Presence],
                  now: datetime) -> list[CoverageGap]:
    """Stretches of ``shift`` (up to ``now``) with fewer checked in than ``shift.need``.

    One stretch per head count (0 of 2, then 1 of 2, ...); stretches shorter than the grace
    period are forgiven, as a check-in within it is.
    """
    end = min(shift.end, now)
    if end <= shift.start:
        return []
    marks: list[tuple[datetime, int]] = []
    for s in sessions_:
        if s.checkpoint != shift.checkpoint:
            continue
        lo, hi = max(s.start, shift.start), min(s.until(now), end)
        if lo < hi:
            marks.append((lo, 1))
            marks.append((hi, -1))
    marks.sort()
    points = sorted({shift.start, end, *(t for t, _ in marks)})
    deltas: dict[datetime, int] = defaultdict(int)
    for t, d in marks:
        deltas[t] += d
    out: list[CoverageGap] = []
    level = 0
    run_start: datetime | None = None
    run_level = shift.need
    for t, _ in pairwise(points):
        level += deltas.get(t, 0)
        if run_start is not None and level != run_level:
            out.append(CoverageGap(shift.checkpoint, run_start, t, shift.need, run_level,
                                   shift.start, shift.end))
            run_start = None
        if level < shift.need and run_start is None:
            run_start, run_level = t, level
    if run_start is not None:
        out.append(CoverageGap(shift.checkpoint, run_start, end, shift.need, run_level,
                               shift.start, shift.end))
    least = grace(bundle)
    return [g for g in out if g.end - g.start >= max(least, timedelta(seconds=1))]


def compare(bundle: Bundle, entries: Sequence[LogEntry], period: Period,
            now: datetime, checkpoint_ids: set[str] | None = None) -> Comparison:
    """Planned versus actual for the shifts that start in ``period`` (as of ``now``).

    ``entries`` should cover the period and a day either side (presence that crosses
    midnight, check-outs of the last night).
    """
    return compare_versions(bundle, resolve(entries), period, now, checkpoint_ids)


def compare_versions(bundle: Bundle, versions: Sequence[Versioned], period: Period,
                     now: datetime, checkpoint_ids: set[str] | None = None) -> Comparison:
    """:func:`compare` for entries already resolved (:func:`~roster.dutylog.entries.resolve`)."""
    all_sessions, strays = sessions(bundle, versions, now)
    if checkpoint_ids is not None:
        all_sessions = [s for s in all_sessions if s.checkpoint in checkpoint_ids]
        strays = [s for s in strays if s.entry.checkpoint in checkpoint_ids]
    attendance = _attendance(bundle, period, all_sessions, checkpoint_ids, now)
    in_period = [s for s in all_sessions
                 if s.start < period.end and period.start < s.until(now)]
    roster = roster_index(bundle)
    unrostered = tuple(s for s in in_period
                       if period.contains(s.start)
                       and not roster.matches(s.member, s.checkpoint, s.start, s.until(now)))
    shifts = _period_shifts(bundle, period, checkpoint_ids)
    gaps = _coverage(bundle, shifts, in_period, now)

    members = _member_totals(bundle, period, attendance, in_period, unrostered, shifts, now)
    strays_in = tuple(s for s in strays if period.contains(s.entry.at))
    return Comparison(period, now, attendance, unrostered, tuple(gaps), members, strays_in,
                      tuple(in_period))


def _attendance(bundle: Bundle, period: Period, all_sessions: Sequence[Presence],
                checkpoint_ids: set[str] | None, now: datetime) -> tuple[Attendance, ...]:
    """How each assignment of the period went, in time order."""
    assignments = [a for a in bundle.assignments if period.contains(a.start)
                   and (checkpoint_ids is None or a.checkpoint in checkpoint_ids)]
    assignments.sort(key=lambda a: (a.start, a.checkpoint, a.role, a.member))
    by_member_cp: dict[tuple[str, str], list[Presence]] = defaultdict(list)
    for s in all_sessions:
        by_member_cp[(s.member, s.checkpoint)].append(s)
    return tuple(judge(bundle, a, by_member_cp.get((a.member, a.checkpoint), []), now)
                 for a in assignments)


def _coverage(bundle: Bundle, shifts: list[Shift], in_period: list[Presence],
              now: datetime) -> list[CoverageGap]:
    by_cp: dict[str, list[Presence]] = defaultdict(list)
    for s in in_period:
        by_cp[s.checkpoint].append(s)
    gaps: list[CoverageGap] = []
    for shift in shifts:
        gaps.extend(coverage_gaps(bundle, shift, by_cp.get(shift.checkpoint, []), now))
    return gaps


def _period_shifts(bundle: Bundle, period: Period,
                   checkpoint_ids: set[str] | None) -> list[Shift]:
    out: list[Shift] = []
    dates = list(period.dates())
    for cp in bundle.checkpoints:
        if checkpoint_ids is None or cp.id in checkpoint_ids:
            out.extend(materialise(cp, dates, bundle.rules, bundle.tz))
    out.sort(key=lambda s: (s.start, s.checkpoint, s.template))
    return out


Stats = dict[str, dict[str, float]]


def _member_totals(bundle: Bundle, period: Period, attendance: Sequence[Attendance],
                   in_period: Sequence[Presence], unrostered: Sequence[Presence],
                   shifts: Sequence[Shift], now: datetime) -> tuple[MemberTotals, ...]:
    stats: Stats = defaultdict(lambda: defaultdict(float))
    _planned(stats, attendance, {(s.checkpoint, s.start, s.end) for s in shifts if s.night})
    for s in in_period:
        stats[s.member]["actual_hours"] += \
            s.overlap(period.start, period.end, now).total_seconds() / 3600
    for s in unrostered:
        stats[s.member]["unrostered"] += 1
    _nights_worked(stats, in_period, shifts, now)
    order = {m.id: i for i, m in enumerate(bundle.members)}
    out = []
    for member in sorted(stats, key=lambda m: (order.get(m, len(order)), m)):
        st = stats[member]
        out.append(MemberTotals(member, round(st["planned_hours"], 2),
                                round(st["actual_hours"], 2), int(st["planned_nights"]),
                                int(st["nights"]), int(st["shifts"]), int(st["on_time"]),
                                int(st["late"]), int(st["absent"]), int(st["left_early"]),
                                int(st["unrostered"])))
    return tuple(out)


_STATUS_TALLY = {ON_TIME: "on_time", LATE: "late", ABSENT: "absent"}


def _planned(stats: Stats, attendance: Sequence[Attendance],
             night_keys: set[tuple[str, datetime, datetime]]) -> None:
    """Planned hours, shifts and nights of each duty, and how each went."""
    for att in attendance:
        a = att.assignment
        if a.role != "duty":
            continue
        st = stats[a.member]
        st["planned_hours"] += (a.end - a.start).total_seconds() / 3600
        st["shifts"] += 1
        if (a.checkpoint, a.start, a.end) in night_keys:
            st["planned_nights"] += 1
        if att.status in _STATUS_TALLY:
            st[_STATUS_TALLY[att.status]] += 1
        if att.left_early:
            st["left_early"] += 1


def _nights_worked(stats: Stats, in_period: Sequence[Presence], shifts: Sequence[Shift],
                   now: datetime) -> None:
    """A night shift counts for a member who was there for at least half of it."""
    by_member_cp: dict[tuple[str, str], list[Presence]] = defaultdict(list)
    for s in in_period:
        by_member_cp[(s.member, s.checkpoint)].append(s)
    for shift in shifts:
        if not shift.night:
            continue
        half = (shift.end - shift.start) / 2
        for (member, cp), ss in by_member_cp.items():
            if cp != shift.checkpoint:
                continue
            present = sum((s.overlap(shift.start, shift.end, now) for s in ss), timedelta(0))
            if present >= half:
                stats[member]["nights"] += 1



"""The daily duty report (值班日报): one day of one team, per checkpoint and per shift.

It is what the team lead sends up to the township each morning and what is looked at
after something went wrong, so it says everything the log can say about a shift in one
place: who was rostered and who came when, the notes with their totals, the incidents,
the handovers and whether the next shift confirmed them, the items carried in and out,
and every problem (late, absent, left early, no check-out, unrostered presence, too few
people on site, unconfirmed handovers). This module builds it as plain data and its JSON
form; :mod:`roster.reports.daily_report` turns it into text, HTML (and PDF).

A handover is counted in the shift of the member who wrote it (an outgoing member often
writes it a few minutes after the next shift has started); every other entry belongs to
the shift its ``at`` falls in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from roster.domain.model import Bundle, Checkpoint, LogEntry, Period, Shift, ShiftKey, materialise
from roster.domain.timeutil import format_instant
from roster.dutylog.compare import (
    Attendance,
    Comparison,
    CoverageGap,
    MemberTotals,
    compare_versions,
)
from roster.dutylog.entries import (
    COUNTED_CATEGORIES,
    INCIDENT,
    NOTE,
    Versioned,
    entry_type,
    resolve,
)
from roster.dutylog.handovers import (
    Handover,
    OpenItem,
    closed_items,
    handovers,
    open_items,
)
from roster.dutylog.presence import (
    Presence,
    Stray,
    early_window,
    roster_index,
)

__all__ = ["CheckpointDay", "DayReport", "ShiftReport", "day_report", "to_json"]


@dataclass(frozen=True, slots=True)
class ShiftReport:
    shift: Shift
    attendance: tuple[Attendance, ...]  # duty first, then standby
    unrostered: tuple[Presence, ...]
    gaps: tuple[CoverageGap, ...]
    entries: tuple[Versioned, ...]  # every entry of the shift, withdrawn ones marked
    totals: dict[str, int]  # per note category: the sum of counts (vehicle, person) or notes
    incidents: tuple[LogEntry, ...]
    handovers: tuple[Handover, ...]
    carried_in: tuple[OpenItem, ...]  # open when the shift began
    closed: tuple[tuple[str, LogEntry], ...]  # item id and the entry that closed it
    open_at_end: tuple[OpenItem, ...]
    strays: tuple[Stray, ...]

    @property
    def started(self) -> bool:
        return bool(self.attendance) or bool(self.entries)

    @property
    def problem_count(self) -> int:
        return (sum(1 for a in self.attendance if a.problems) + len(self.unrostered)
                + len(self.gaps) + sum(1 for h in self.handovers if not h.confirmed)
                + len(self.strays))


@dataclass(frozen=True, slots=True)
class CheckpointDay:
    checkpoint: Checkpoint
    shifts: tuple[ShiftReport, ...]
    other_entries: tuple[Versioned, ...]  # on the day at this checkpoint but in no shift
    totals: dict[str, int]


@dataclass(frozen=True, slots=True)
class DayReport:
    team: str
    day: date
    now: datetime
    tz: tzinfo
    checkpoints: tuple[CheckpointDay, ...]
    unconfirmed: tuple[Handover, ...]  # up to the end of the day, within the days looked at
    members: tuple[MemberTotals, ...]
    comparison: Comparison
    names: dict[str, str]  # member and checkpoint ids → names

    @property
    def problem_count(self) -> int:
        return sum(s.problem_count for c in self.checkpoints for s in c.shifts)

    def name(self, ident: str | None) -> str:
        if ident is None:
            return ""
        return self.names.get(ident, ident)


def _totals(entries: Sequence[LogEntry]) -> dict[str, int]:
    out: dict[str, int] = {}
    for e in entries:
        if entry_type(e) not in (NOTE,):
            continue
        if e.category in COUNTED_CATEGORIES:
            out[e.category] = out.get(e.category, 0) + (e.count or 0)
        else:
            out[e.category] = out.get(e.category, 0) + 1
    return out


def _merge(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + v
    return out


def _handover_shift(bundle: Bundle, h: Handover, shifts: Sequence[Shift]) -> Shift | None:
    """The shift a handover belongs to: its writer's, if rostered; else the one it fell in."""
    early = early_window(bundle)
    if h.entry.member is not None:
        near = roster_index(bundle).matches(h.entry.member, h.checkpoint, h.at - early,
                                            h.at + timedelta(seconds=1))
        for a in near:
            if a.start <= h.at < a.end + early:
                for s in shifts:
                    if s.key == a.shift_key:
                        return s
    return next((s for s in shifts if s.start <= h.at < s.end), None)


def day_report(bundle: Bundle, entries: Sequence[LogEntry], day: date,
               now: datetime) -> DayReport:
    """The report of ``day`` as of ``now``.

    ``entries`` cover the day, the day after (the night's check-outs, confirmations) and
    some days before (the newest handover before the day carries its open items in).
    """
    period = bundle.period(day, 1)
    versions = resolve(entries)
    day_ = _Day(bundle, period, now, versions, compare_versions(bundle, versions, period, now),
                handovers(versions))
    cps = [_checkpoint_day(day_, cp) for cp in bundle.checkpoints]
    unconfirmed = tuple(h for h in day_.handovers if not h.confirmed and h.at < period.end)
    names = {m.id: m.name for m in bundle.members}
    names.update({c.id: c.name for c in bundle.checkpoints})
    return DayReport(bundle.team.name, day, now, bundle.tz, tuple(cps), unconfirmed,
                     day_.comparison.members, day_.comparison, names)


@dataclass(frozen=True, slots=True)
class _Day:
    """What every checkpoint's part of one day's report is made from."""

    bundle: Bundle
    period: Period
    now: datetime
    versions: list[Versioned]
    comparison: Comparison
    handovers: list[Handover]


def _checkpoint_day(d: _Day, cp: Checkpoint) -> CheckpointDay:
    shifts = sorted(materialise(cp, [d.period.first_day], d.bundle.rules, d.bundle.tz),
                    key=lambda s: s.start)
    mine = [v for v in d.versions if v.entry.checkpoint == cp.id]
    placed = _placed_handovers(d, cp, shifts)
    placed_ids = {h.id for hs in placed.values() for h in hs}
    reports: list[ShiftReport] = []
    in_shift: set[str] = set()
    previous: tuple[Shift, datetime] | None = None
    for s in shifts:
        # A handover a few minutes after the end still closes its writer's shift: the
        # items open "at the end" are as of it, and the next shift begins with them.
        closing = min(max([s.end, *(h.at for h in placed.get(s.key, []))]), d.now)
        if previous is not None and previous[0].end == s.start:
            opening = previous[1]
        else:
            opening = _opening(d, cp, s, placed_ids)
        previous = (s, closing)
        shown = tuple(v for v in mine if s.start <= v.entry.at < s.end)
        in_shift.update(v.root for v in shown)
        reports.append(_shift_report(d, cp, s, shown, mine, tuple(placed.get(s.key, [])),
                                     (opening, closing)))
    other = tuple(v for v in mine if d.period.contains(v.entry.at) and v.root not in in_shift)
    return CheckpointDay(cp, tuple(reports), other, _day_totals(reports))


def _day_totals(reports: list[ShiftReport]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for r in reports:
        totals = _merge(totals, r.totals)
    return totals


def _placed_handovers(d: _Day, cp: Checkpoint,
                      shifts: list[Shift]) -> dict[ShiftKey, list[Handover]]:
    """The checkpoint's handovers by the shift each closes."""
    placed: dict[ShiftKey, list[Handover]] = {}
    for h in d.handovers:
        if h.checkpoint == cp.id:
            s = _handover_shift(d.bundle, h, shifts)
            if s is not None:
                placed.setdefault(s.key, []).append(h)
    return placed


def _opening(d: _Day, cp: Checkpoint, s: Shift, placed_ids: set[str]) -> datetime:
    """When a shift after a gap begins, as far as open items go: its start, or a handover
    written soon after it (the early window) that closes no shift."""
    early = early_window(d.bundle)
    return max([s.start, *(h.at for h in d.handovers
                           if h.checkpoint == cp.id and h.id not in placed_ids
                           and s.start <= h.at < s.start + early)])


def _shift_report(d: _Day, cp: Checkpoint, s: Shift, shown: tuple[Versioned, ...],
                  mine: list[Versioned], placed: tuple[Handover, ...],
                  span: tuple[datetime, datetime]) -> ShiftReport:
    """One shift of one checkpoint: who came, what was written, what stayed open."""
    opening, closing = span
    live = [v.entry for v in shown if not v.void]
    return ShiftReport(
        shift=s,
        **_planned_versus_actual(d.comparison, cp, s),
        entries=shown,
        totals=_totals(live),
        incidents=tuple(e for e in live if e.category == INCIDENT and entry_type(e) == NOTE),
        handovers=placed,
        carried_in=tuple(open_items(mine, cp.id, opening)),
        closed=tuple(closed_items(mine, cp.id, s.start, s.end)),
        open_at_end=tuple(open_items(mine, cp.id, closing)),
    )


def _planned_versus_actual(comparison: Comparison, cp: Checkpoint, s: Shift) -> dict[str, Any]:
    """The comparison's attendance, unrostered presence, gaps and strays of one shift."""
    def during(at: datetime) -> bool:
        return s.start <= at < s.end

    return {
        "attendance": tuple(sorted(
            (a for a in comparison.attendance if a.assignment.shift_key == s.key),
            key=lambda a: (a.assignment.role != "duty", a.member))),
        "unrostered": tuple(u for u in comparison.unrostered
                            if u.checkpoint == cp.id and during(u.start)),
        "gaps": tuple(g for g in comparison.gaps
                      if g.checkpoint == cp.id and g.shift_start == s.start),
        "strays": tuple(x for x in comparison.strays
                        if x.entry.checkpoint == cp.id and during(x.entry.at)),
    }


# --- JSON ------------------------------------------------------------------------------------


def _instant(value: datetime | None, tz: tzinfo) -> str | None:
    return None if value is None else format_instant(value, tz)


def _entry_json(v: Versioned, report: DayReport) -> dict[str, Any]:
    e, tz = v.entry, report.tz
    out: dict[str, Any] = {
        "id": v.root, "version": e.id, "at": _instant(e.at, tz), "type": entry_type(e),
        "member": e.member, "member_name": report.name(e.member),
        "category": e.category, "count": e.count, "text": e.text,
    }
    if v.corrected:
        out["corrected"] = True
        out["versions"] = [x.id for x in v.history]
    if v.void:
        out["void"] = True
    return out


def _handover_json(h: Handover, report: DayReport) -> dict[str, Any]:
    tz = report.tz
    return {
        "id": h.id, "checkpoint": h.checkpoint, "at": _instant(h.at, tz),
        "member": h.entry.member, "member_name": report.name(h.entry.member),
        "text": h.entry.text, "equipment": h.equipment,
        "open_items": [{"id": i.id, "text": i.text, "raised": i.raised} for i in h.items],
        "confirmed": h.confirmed, "confirmed_by": h.confirmed_by,
        "confirmed_by_name": report.name(h.confirmed_by) if h.confirmed_by else None,
        "confirmed_at": _instant(h.confirmed_at, tz),
    }


def _attendance_json(a: Attendance, report: DayReport) -> dict[str, Any]:
    tz = report.tz
    return {
        "member": a.member, "member_name": report.name(a.member), "role": a.assignment.role,
        "status": a.status, "arrived": _instant(a.arrived, tz), "left": _instant(a.left, tz),
        "late_minutes": a.late_minutes, "left_early": a.left_early,
        "early_minutes": a.early_minutes, "no_check_out": a.no_check_out,
        "on_duty": a.on_duty, "present_minutes": a.present_minutes,
    }


def _session_json(s: Presence, report: DayReport) -> dict[str, Any]:
    tz = report.tz
    return {"member": s.member, "member_name": report.name(s.member),
            "start": _instant(s.start, tz), "end": _instant(s.end, tz),
            "check_out": s.check_out is not None}


def _gap_json(g: CoverageGap, report: DayReport) -> dict[str, Any]:
    return {"start": _instant(g.start, report.tz), "end": _instant(g.end, report.tz),
            "need": g.need, "have": g.have, "minutes": g.minutes}


def _item_json(i: OpenItem) -> dict[str, str]:
    return {"id": i.id, "text": i.text, "raised": i.raised}


def _shift_json(s: ShiftReport, report: DayReport) -> dict[str, Any]:
    tz = report.tz
    return {
        "start": _instant(s.shift.start, tz), "end": _instant(s.shift.end, tz),
        "need": s.shift.need, "night": s.shift.night,
        "attendance": [_attendance_json(a, report) for a in s.attendance],
        "unrostered": [_session_json(u, report) for u in s.unrostered],
        "coverage_gaps": [_gap_json(g, report) for g in s.gaps],
        "totals": s.totals,
        "entries": [_entry_json(v, report) for v in s.entries],
        "incidents": [e.id for e in s.incidents],
        "handovers": [_handover_json(h, report) for h in s.handovers],
        "open_items_in": [_item_json(i) for i in s.carried_in],
        "closed_items": [{"id": i, "by": e.id, "at": _instant(e.at, tz)} for i, e in s.closed],
        "open_items_out": [_item_json(i) for i in s.open_at_end],
        "unpaired": [{"id": x.root, "reason": x.reason, "member": x.entry.member,
                      "at": _instant(x.entry.at, tz)} for x in s.strays],
        "problems": s.problem_count,
    }


def to_json(report: DayReport) -> dict[str, Any]:
    """The report as one JSON object (times as instants in the team's zone)."""
    tz = report.tz
    checkpoints = [{
        "id": c.checkpoint.id, "name": c.checkpoint.name, "totals": c.totals,
        "shifts": [_shift_json(s, report) for s in c.shifts],
        "other_entries": [_entry_json(v, report) for v in c.other_entries],
    } for c in report.checkpoints]
    members = [{"member": m.member, "member_name": report.name(m.member),
                "planned_hours": m.planned_hours, "actual_hours": m.actual_hours,
                "planned_nights": m.planned_nights, "nights": m.nights, "shifts": m.shifts,
                "on_time": m.on_time, "late": m.late, "absent": m.absent,
                "left_early": m.left_early, "unrostered": m.unrostered}
               for m in report.members]
    return {
        "team": report.team,
        "date": report.day.isoformat(),
        "generated_at": _instant(report.now, tz),
        "checkpoints": checkpoints,
        "unconfirmed_handovers": [_handover_json(h, report) for h in report.unconfirmed],
        "members": members,
        "problems": report.problem_count,
    }

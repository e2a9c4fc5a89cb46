"""Coverage: every shift of the period short of people, a tag or standby, and the hours
of a checkpoint's open days that no shift covers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timedelta

from roster.checker.context import Context, _by_start, _days
from roster.checker.report import MISSING_STANDBY, MISSING_TAG, UNCOVERED, UNDERSTAFFED, Gap
from roster.domain.model import Checkpoint, Shift, materialise
from roster.domain.timeutil import TimeOfDay, instant_at


def coverage_gaps(ctx: Context) -> list[Gap]:
    """Places short on the shifts that *start* in the period (bundle.md, "What roster
    check reports"): last evening's night shift that runs into the first morning belongs
    to the day before, and to the period before; only ``uncovered`` counts it as cover."""
    out: list[Gap] = []
    for i in ctx.coverage:
        s = ctx.shifts[i]
        if s.start < ctx.period.start:
            continue
        have = ctx.duty_count.get(i, 0)
        if have < s.need:
            out.append(Gap(UNDERSTAFFED, s.checkpoint, s.start, s.end, s.need, have))
        for tag, n in s.need_tags.items():
            with_tag = ctx.tag_count[tag].get(i, 0)
            if with_tag < n:
                out.append(Gap(MISSING_TAG, s.checkpoint, s.start, s.end, n, with_tag, tag))
        standby = ctx.standby_count.get(i, 0)
        if standby < s.standby:
            out.append(Gap(MISSING_STANDBY, s.checkpoint, s.start, s.end, s.standby,
                           standby))
    return out


def uncovered_gaps(ctx: Context) -> list[Gap]:
    """Stretches of each checkpoint's active days in the period that no shift covers."""
    bounds = [instant_at(d, TimeOfDay(0), ctx.tz)
              for d in _days(ctx.first_day, ctx.last_day + timedelta(days=1))]
    bounds[0], bounds[-1] = ctx.period.start, ctx.period.end
    by_cp: dict[str, list[Shift]] = defaultdict(list)
    for i in ctx.coverage:
        by_cp[ctx.shifts[i].checkpoint].append(ctx.shifts[i])
    out: list[Gap] = []
    for cp in ctx.bundle.checkpoints:
        active: list[list[datetime]] = []
        for i, day in enumerate(ctx.period.dates()):
            if not cp.is_open_on(day):
                continue
            if active and active[-1][1] == bounds[i]:
                active[-1][1] = bounds[i + 1]
            else:
                active.append([bounds[i], bounds[i + 1]])
        covered = sorted([*by_cp.get(cp.id, ()), *_left_empty(ctx, cp)], key=_by_start)
        for lo, hi in active:
            cursor = lo
            for s in covered:
                if s.end <= cursor or s.start >= hi:
                    continue
                if s.start > cursor:
                    out.append(Gap(UNCOVERED, cp.id, cursor, s.start))
                cursor = max(cursor, s.end)
                if cursor >= hi:
                    break
            if cursor < hi:
                out.append(Gap(UNCOVERED, cp.id, cursor, hi))
    return out


def _left_empty(ctx: Context, cp: Checkpoint) -> list[Shift]:
    """The shifts a template's ``weekdays`` or a ``closed`` change leave out on purpose:
    their hours count as covered, so a planned closure is never an ``uncovered`` gap."""
    if not (any(t.weekdays is not None for t in cp.shifts)
            or any(ch.closed for ch in cp.changes)):
        return []
    every_day = replace(cp, shifts=tuple(replace(t, weekdays=None) for t in cp.shifts),
                        changes=())
    days = _days(ctx.first_day - timedelta(days=1), ctx.last_day)
    return [s for s in materialise(every_day, days, ctx.bundle.rules, ctx.tz)
            if s.start < ctx.period.end and ctx.period.start < s.end
            and ctx.number(s.checkpoint, s.start, s.end) is None]

"""Member-rule violations: each rule of :mod:`roster.rules` applied to every member's
assignments in the period, with the neighbours outside it the rules still see."""

from __future__ import annotations

from datetime import date
from typing import Any

from roster.checker.context import Context, _hours, _Placed, _placed_order, _prefer_unlocked
from roster.checker.days import day_rule_violations, far_duties
from roster.checker.report import Violation
from roster.domain.model import Member
from roster.domain.timeutil import format_instant
from roster.rules import (
    CONSECUTIVE_NIGHTS,
    HOURS_PER_WEEK,
    NO_NIGHTS,
    OVERLAP,
    REST,
    SHIFTS_PER_DAY,
    UNAVAILABLE,
    WRONG_CHECKPOINT,
    leave_spans,
    night_runs,
)


def member_violations(ctx: Context) -> list[Violation]:
    out: list[Violation] = []
    period_days = range(ctx.first_day.toordinal(), ctx.last_day.toordinal() + 1)
    period_weeks = {d.isocalendar()[:2] for d in ctx.period.dates()}
    for member_id in sorted(ctx.duty_by.keys() | ctx.standby_by.keys()):
        member = ctx.members[member_id]
        duties = ctx.placed(ctx.duty_by.get(member_id, {}))
        standbys = ctx.placed(ctx.standby_by.get(member_id, {}))
        _per_assignment(ctx, member, duties, standbys, out)
        _pairs(ctx, member, duties, standbys, out)
        _per_day(ctx, member, duties, period_days, out)
        _nights(ctx, member, duties, period_days, out)
        day_rule_violations(ctx, member, duties, period_days, out)
        _weeks(ctx, member, duties, period_weeks, out)
    return out


def _per_assignment(ctx: Context, member: Member, duties: list[_Placed], standbys: list[_Placed],
                    out: list[Violation]) -> None:
    rs = ctx.rs
    for d, a, inside in duties:
        if inside and rs.night_forbidden(member, d):
            out.append(Violation(NO_NIGHTS, member.id, (a,), {}, a))
    if member.only_checkpoints is not None:
        for d, a, inside in [*duties, *standbys]:
            if inside and rs.wrong_checkpoint(member, d):
                out.append(Violation(WRONG_CHECKPOINT, member.id, (a,),
                                     {"role": a.role, "checkpoint": a.checkpoint,
                                      "only_checkpoints": list(member.only_checkpoints)}, a))
    if not member.unavailable:  # no spans: nothing to be on leave in
        return
    spans = leave_spans(member)
    for d, a, inside in [*duties, *standbys]:
        if not inside or not rs.on_leave(spans, d):
            continue
        detail: dict[str, Any] = {"role": a.role}
        for leave, span in zip(member.unavailable, spans, strict=True):
            if rs.on_leave((span,), d):
                detail.update({"from": format_instant(leave.start, ctx.tz),
                               "to": format_instant(leave.end, ctx.tz),
                               "reason": leave.reason})
                break
        out.append(Violation(UNAVAILABLE, member.id, (a,), detail, a))


def _pairs(ctx: Context, member: Member, duties: list[_Placed], standbys: list[_Placed],
           out: list[Violation]) -> None:
    """Overlap and rest between duties; overlap of a standby with a duty."""
    rs = ctx.rs
    n = len(duties)
    for i in range(n):
        a, a_asg, a_in = duties[i]
        for j in range(i + 1, n):
            b, b_asg, b_in = duties[j]
            overlap = rs.overlaps(a, b)
            close = not overlap and rs.too_close(a, b)
            if not overlap and not close:
                break  # sorted by start: every later duty is further away still
            if not (a_in or b_in):
                continue
            move = _prefer_unlocked((b_asg, a_asg))
            if overlap:
                detail = {"overlap_hours": _hours(min(a.end, b.end) - b.start)}
                out.append(Violation(OVERLAP, member.id, (a_asg, b_asg), detail, move))
            else:
                detail = {"rest_hours": _hours(b.start - a.end),
                          "min_rest_hours": _hours(rs.min_rest)}
                out.append(Violation(REST, member.id, (a_asg, b_asg), detail, move))
    _standby_clashes(ctx, member, duties, standbys, out)


def _standby_clashes(ctx: Context, member: Member, duties: list[_Placed],
                     standbys: list[_Placed], out: list[Violation]) -> None:
    """A standby place at the time of one of the member's duties is an overlap."""
    for s, s_asg, s_in in standbys:
        for d, d_asg, d_in in duties:
            if not (s_in or d_in) or not ctx.rs.overlaps(s, d):
                continue
            pair = (d_asg, s_asg) if d.start <= s.start else (s_asg, d_asg)
            clash: dict[str, Any] = {
                "overlap_hours": _hours(min(s.end, d.end) - max(s.start, d.start)),
                "roles": [x.role for x in pair]}
            out.append(Violation(OVERLAP, member.id, pair, clash,
                                 _prefer_unlocked((s_asg, d_asg))))


def _per_day(ctx: Context, member: Member, duties: list[_Placed], period_days: range,
             out: list[Violation]) -> None:
    counts: dict[int, int] = {}
    for d, _, _ in duties:
        if d.day in period_days:
            counts[d.day] = counts.get(d.day, 0) + 1
    for day, n in counts.items():
        if ctx.rs.too_many_in_day(n):
            items = [a for d, a, _ in duties if d.day == day]
            detail = {"day": date.fromordinal(day).isoformat(), "shifts": n,
                      "max": ctx.rs.max_shifts_per_day}
            out.append(Violation(SHIFTS_PER_DAY, member.id, tuple(items), detail,
                                 _prefer_unlocked(items[::-1])))


def _nights(ctx: Context, member: Member, duties: list[_Placed], period_days: range,
            out: list[Violation]) -> None:
    nights = [p for p in duties if p[0].night]
    if not nights:
        return

    def touching(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(f, n) for f, n in runs
                if f <= period_days[-1] and f + n - 1 >= period_days[0]]

    runs = touching(night_runs({d.day for d, _, _ in nights}))
    edge_first, edge_last = ctx.win_first.toordinal(), ctx.win_last.toordinal()
    if ctx.far.get(member.id) and any(f <= edge_first or f + n - 1 >= edge_last
                                       for f, n in runs):
        nights = sorted(nights + far_duties(ctx, member.id, nights_only=True), key=_placed_order)
        runs = touching(night_runs({d.day for d, _, _ in nights}))
    for first, length in runs:
        if ctx.rs.too_many_nights(length):
            out.append(_night_run(ctx, member, nights, first, length))


def _night_run(ctx: Context, member: Member, nights: list[_Placed], first: int,
               length: int) -> Violation:
    """The violation of a run of nights over the limit; the first night past it moves."""
    limit = ctx.rs.max_consecutive_nights
    last = first + length - 1
    in_run = [p for p in nights if first <= p[0].day <= last]
    # Moving the first night past the limit leaves a run of exactly the limit.
    past = [a for d, a, _ in in_run if d.day >= first + limit]
    inside = [a for d, a, a_in in in_run if d.day >= first + limit and a_in]
    move = _prefer_unlocked(inside + past[::-1] + [a for _, a, _ in in_run][::-1])
    detail = {"nights": length, "max": limit,
              "first_day": date.fromordinal(first).isoformat(),
              "last_day": date.fromordinal(last).isoformat()}
    return Violation(CONSECUTIVE_NIGHTS, member.id, tuple(a for _, a, _ in in_run), detail,
                     move)


def _weeks(ctx: Context, member: Member, duties: list[_Placed], period_weeks: set[tuple[int, int]],
           out: list[Violation]) -> None:
    minutes: dict[tuple[int, int], int] = {}
    for d, _, _ in duties:
        if d.week in period_weeks:
            minutes[d.week] = minutes.get(d.week, 0) + d.minutes
    for week, total in minutes.items():
        if not ctx.rs.too_many_minutes(total, member):
            continue
        items = [p for p in duties if p[0].week == week]
        inside = [a for _, a, a_in in items if a_in]
        if not inside:  # the period only touches the week; none of these shifts is in it
            continue
        every = [a for _, a, _ in items]
        detail = {"week": f"{week[0]}-W{week[1]:02d}", "hours": round(total / 60, 2),
                  "max_hours": round(ctx.rs.weekly_minutes(member) / 60, 2)}
        out.append(Violation(HOURS_PER_WEEK, member.id, tuple(every), detail,
                             _prefer_unlocked(inside[::-1] + every[::-1])))

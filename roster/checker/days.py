"""The day rules of bundle version 2: runs of duty days (``consecutive_days``) and the days
off after a run of nights (``days_off_after_nights``), judged with :mod:`roster.rules`."""

from __future__ import annotations

from datetime import date

from roster.checker.context import Context, _Placed, _placed_order, _prefer_unlocked
from roster.checker.report import Violation
from roster.domain.model import Member
from roster.rules import CONSECUTIVE_DAYS, DAYS_OFF_AFTER_NIGHTS, night_runs, run_ends


def day_rule_violations(ctx: Context, member: Member, duties: list[_Placed],
                        period_days: range, out: list[Violation]) -> None:
    rs = ctx.rs
    if (rs.max_consecutive_days is None and not rs.days_off_after_nights) or not duties:
        return
    if ctx.far.get(member.id) and _reaches_edge(ctx, duties):
        duties = sorted(duties + far_duties(ctx, member.id, nights_only=False),
                        key=_placed_order)
    if rs.max_consecutive_days is not None:
        _day_runs(ctx, member, duties, period_days, out)
    if rs.days_off_after_nights:
        _days_off(ctx, member, duties, out)


def _reaches_edge(ctx: Context, duties: list[_Placed]) -> bool:
    reach = ctx.rs.reach_days
    return (duties[0][0].day <= ctx.win_first.toordinal() + reach
            or duties[-1][0].day >= ctx.win_last.toordinal() - reach)


def far_duties(ctx: Context, member_id: str, *, nights_only: bool) -> list[_Placed]:
    """Duties outside the window, for a run that reaches its edge."""
    out: list[_Placed] = []
    seen: set[int] = set()
    for a in ctx.far[member_id]:
        i = ctx.resolve(a)
        if i is not None and (ctx.shifts[i].night or not nights_only) and i not in seen:
            seen.add(i)
            out.append((ctx.duty_at(i), a, False))
    return out


def _day_runs(ctx: Context, member: Member, duties: list[_Placed], period_days: range,
              out: list[Violation]) -> None:
    limit = ctx.rs.max_consecutive_days or 0
    for first, length in night_runs({d.day for d, _, _ in duties}):
        last = first + length - 1
        if last < period_days[0] or first > period_days[-1] or not ctx.rs.too_many_days(length):
            continue
        in_run = [p for p in duties if first <= p[0].day <= last]
        # Moving the first duty past the limit leaves a run of exactly the limit.
        past = [a for d, a, a_in in in_run if d.day >= first + limit and a_in]
        move = _prefer_unlocked(past + [a for _, a, _ in in_run][::-1])
        detail = {"days": length, "max": limit, "first_day": date.fromordinal(first).isoformat(),
                  "last_day": date.fromordinal(last).isoformat()}
        out.append(Violation(CONSECUTIVE_DAYS, member.id, tuple(a for _, a, _ in in_run),
                             detail, move))


def _days_off(ctx: Context, member: Member, duties: list[_Placed],
              out: list[Violation]) -> None:
    n = ctx.rs.days_off_after_nights
    night_on: dict[int, _Placed] = {}
    for p in duties:
        if p[0].night:
            night_on.setdefault(p[0].day, p)
    if not night_on:
        return
    for end in run_ends(set(night_on)):
        night = night_on[end]
        for p in duties:
            if not end < p[0].day <= end + n or not (p[2] or night[2]):
                continue
            detail = {"night_day": date.fromordinal(end).isoformat(),
                      "day": date.fromordinal(p[0].day).isoformat(), "days_off": n}
            out.append(Violation(DAYS_OFF_AFTER_NIGHTS, member.id, (night[1], p[1]), detail,
                                 _prefer_unlocked((p[1], night[1]))))

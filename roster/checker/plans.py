"""What ``check`` reports besides problems (bundle v2): wishes met and unmet, and the
places of rotated shifts held by someone outside the crew whose turn it is."""

from __future__ import annotations

from datetime import date, datetime

from roster.checker.context import Context
from roster.checker.report import Substitute, UnmetWish, WishTally
from roster.domain.rotation import turns, wish_met, wishes_in


def wish_tally(ctx: Context) -> WishTally:
    met = unmet = met_weight = unmet_weight = 0
    unmet_list: list[UnmetWish] = []
    start, end = ctx.period.start, ctx.period.end
    for member in ctx.bundle.members:
        wishes = wishes_in(member, start, end) if member.wishes else []
        if not wishes:
            continue
        spans = _duty_spans(ctx, member.id)
        for wish in wishes:
            if wish_met(wish, spans):
                met += 1
                met_weight += wish.weight
            else:
                unmet += 1
                unmet_weight += wish.weight
                unmet_list.append(UnmetWish(member.id, wish))
    unmet_list.sort(key=lambda u: (u.wish.start, u.member))
    return WishTally(met, unmet, met_weight, unmet_weight, tuple(unmet_list))


def _duty_spans(ctx: Context, member_id: str) -> list[tuple[datetime, datetime]]:
    spans = [(ctx.shifts[i].start, ctx.shifts[i].end) for i in ctx.duty_by.get(member_id, ())]
    spans.extend((a.start, a.end) for a in ctx.far.get(member_id, ()))
    return spans


def substitutes(ctx: Context) -> tuple[Substitute, ...]:
    """Each duty place of a rotated shift starting in the period held outside its crew."""
    crews = {c.id: c for c in ctx.bundle.crews}
    rotated = _rotated(ctx, set(crews)) if crews else {}
    if not rotated:
        return ()
    out: list[Substitute] = []
    for member_id, slots in ctx.duty_by.items():
        for i in slots:
            turn = rotated.get(i)
            if turn is not None and member_id not in crews[turn].members:
                s = ctx.shifts[i]
                out.append(Substitute(s.checkpoint, s.start, s.end, turn, member_id))
    out.sort(key=lambda x: (x.start, x.checkpoint, x.member))
    return tuple(out)


def _rotated(ctx: Context, crew_ids: set[str]) -> dict[int, str]:
    """Shift number → the crew whose turn it is, for rotated shifts starting in the period."""
    turn_of: dict[tuple[str, int], dict[date, str]] = {}
    out: dict[int, str] = {}
    for i in ctx.coverage:
        s = ctx.shifts[i]
        cp = ctx.checkpoints[s.checkpoint]
        if cp.shifts[s.template].rotation is None or not ctx.period.contains(s.start):
            continue
        key = (cp.id, s.template)
        if key not in turn_of:
            turn_of[key] = turns(cp, s.template, ctx.first_day, ctx.last_day)
        crew = turn_of[key].get(s.day)
        if crew in crew_ids:
            out[i] = crew
    return out

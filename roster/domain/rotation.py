"""Whose turn it is: crews in rotation, and whether a member's wish is met.

A rotated template's shifts on or after the rotation's ``from`` date, counted in time
order over the shifts that exist (weekdays and closures skipped), belong to its crews in
turn (``shared/spec/bundle.md``, crews). The count always starts at ``from``, so the
rotation continues across periods without being told.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from roster.domain.model import Bundle, Checkpoint, Member
from roster.domain.plans import Crew, Wish

_DAY = timedelta(days=1)


def turns(checkpoint: Checkpoint, index: int, first: date, last: date) -> dict[date, str]:
    """The crew id on each day of ``[first, last]`` that template ``index`` has a shift."""
    template = checkpoint.shifts[index]
    rot = template.rotation
    if rot is None or not rot.crews or last < rot.start:
        return {}
    n = len(rot.crews)
    out: dict[date, str] = {}
    begin = max(first, rot.start)
    if _every_day(checkpoint, index, rot.start, last):
        day = begin
        k = (begin - rot.start).days
        while day <= last:
            out[day] = rot.crews[k % n]
            k += 1
            day += _DAY
        return out
    k = 0
    day = rot.start
    while day <= last:
        if checkpoint.runs(index, day):
            if day >= begin:
                out[day] = rot.crews[k % n]
            k += 1
        day += _DAY
    return out


def _every_day(checkpoint: Checkpoint, index: int, first: date, last: date) -> bool:
    """The template runs on every day of ``[first, last]`` (the count is a subtraction)."""
    return (checkpoint.shifts[index].weekdays is None and not checkpoint.changes
            and checkpoint.is_open_on(first) and checkpoint.is_open_on(last))


def crew_on(checkpoint: Checkpoint, index: int, day: date) -> str | None:
    return turns(checkpoint, index, day, day).get(day)


def next_turns(bundle: Bundle, crew_id: str, first: date, count: int,
               horizon_days: int = 120) -> list[tuple[date, Checkpoint, int]]:
    """The next ``count`` shifts (day, checkpoint, template) that belong to ``crew_id``."""
    last = first + timedelta(days=horizon_days)
    found: list[tuple[date, Checkpoint, int]] = []
    for cp in bundle.checkpoints:
        for index, t in enumerate(cp.shifts):
            if t.rotation is None or crew_id not in t.rotation.crews:
                continue
            found.extend((day, cp, index) for day, crew in turns(cp, index, first, last).items()
                         if crew == crew_id)
    found.sort(key=lambda item: (item[0], item[1].shifts[item[2]].start.minutes, item[1].id))
    return found[:count]


def crews_by_member(crews: Iterable[Crew]) -> dict[str, Crew]:
    return {m: crew for crew in crews for m in crew.members}


def wish_met(wish: Wish, duties: Iterable[tuple[datetime, datetime]]) -> bool:
    """An off wish: no duty overlaps it; an on wish: at least one does."""
    hit = any(wish.overlaps(start, end) for start, end in duties)
    return hit if wish.want == "on" else not hit


def wishes_in(member: Member, start: datetime, end: datetime) -> list[Wish]:
    """The member's wishes that overlap ``[start, end)``."""
    return [w for w in member.wishes if w.overlaps(start, end)]

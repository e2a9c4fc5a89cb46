"""Tiny teams for the checker tests, written the way a bundle file writes them.

Each test builds the few checkpoints, people and assignments its edge needs as
bundle *documents* and loads them with :func:`roster.exchange.bundle.read_bundle`, so the
checker is tested on exactly what ``roster import`` would give it (instants read in
the team's zone, defaults filled in), and a fixture reads like the spec's examples.
Days are offsets from :data:`FIRST`, a Tuesday in ISO week 49 of 2026.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from roster.domain.model import Bundle, Period
from roster.domain.timeutil import zone
from roster.exchange.bundle import read_bundle

TZ = "Asia/Shanghai"
FIRST = date(2026, 12, 1)  # Tuesday; Monday 2026-11-30 starts its ISO week

Doc = dict[str, Any]


def day(offset: int | date) -> date:
    return offset if isinstance(offset, date) else FIRST + timedelta(days=offset)


def at(offset: int | date, hhmm: str, tz: str = TZ) -> str:
    """The instant ``hhmm`` on day ``offset`` in ``tz``, as a bundle writes it."""
    d = day(offset)
    hours, minutes = (int(x) for x in hhmm.split(":"))
    extra = timedelta(days=1) if hours == 24 else timedelta()
    naive = datetime(d.year, d.month, d.day, hours % 24, minutes) + extra
    return naive.replace(tzinfo=zone(tz)).isoformat(timespec="seconds")


def tpl(start: str, end: str, need: int = 1, tags: Mapping[str, int] | None = None,
        standby: int = 0, night: bool | None = None) -> Doc:
    return {"start": start, "end": end, "need": need, "need_tags": dict(tags or {}),
            "standby": standby, "night": night}


def cp(ident: str, *templates: Doc, opens: int | date | None = None,
       closes: int | date | None = None, name: str | None = None) -> Doc:
    return {"id": ident, "name": name or f"{ident}卡点",
            "from": None if opens is None else day(opens).isoformat(),
            "to": None if closes is None else day(closes).isoformat(),
            "shifts": list(templates)}


def person(ident: str, *, tags: Iterable[str] = (), no_nights: bool = False,
           cap: float | None = None, leave: Iterable[tuple[str, str]] = (),
           name: str | None = None) -> Doc:
    return {"id": ident, "name": name or f"队员{ident}", "tags": list(tags),
            "no_nights": no_nights, "max_hours_per_week": cap,
            "unavailable": [{"from": f, "to": t, "reason": "病假"} for f, t in leave]}


def on(checkpoint: str, offset: int | date, start: str, end: str, member: str,
       role: str = "duty", locked: bool = False, tz: str = TZ) -> Doc:
    """An assignment to the shift ``start``-``end`` belonging to day ``offset``."""
    crosses = end <= start
    end_day = day(offset) + timedelta(days=1) if crosses else day(offset)
    return {"checkpoint": checkpoint, "start": at(offset, start, tz),
            "end": at(end_day, end, tz), "member": member, "role": role, "locked": locked}


def team(*, checkpoints: Iterable[Doc], members: Iterable[Doc] = (),
         assignments: Iterable[Doc] = (), rules: Mapping[str, Any] | None = None,
         tz: str = TZ) -> Bundle:
    doc = {
        "format": "checkpoint-roster",
        "version": 1,
        "team": {"name": "测试工作队", "timezone": tz},
        "rules": dict(rules or {}),
        "members": list(members),
        "checkpoints": list(checkpoints),
        "assignments": list(assignments),
        "logs": [],
    }
    return read_bundle(doc, "fixture")


def week(b: Bundle, first: int | date = 0, days: int = 7) -> Period:
    return b.period(day(first), days)


#: A 24-hour checkpoint in three 8-hour shifts, one person each.
def round_the_clock(ident: str = "cp-n", need: int = 1, **kwargs: Any) -> Doc:
    return cp(ident, tpl("08:00", "16:00", need), tpl("16:00", "00:00", need),
              tpl("00:00", "08:00", need), **kwargs)

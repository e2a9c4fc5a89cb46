"""Bundle version 2 data for the synthetic team: wishes, crews in rotation, a market day
and a closure, added to a :func:`roster.samples.synthetic.make_team` document in place.

What real rosters need (issue #11), at county scale: 5 % of the members ask for two to
four days off (or on), a quarter of the checkpoints are staffed by fixed crews in turn
(two crews of two per shift, one party member in each, every other day), ten checkpoints
have a market day with a third person on the day shift, and two close for two days.

The crews keep the county's usual cycle: a rotated checkpoint is staffed by one 24-hour
shift of two (a party member among them), four crews of two, 24 hours on and 72 off,
counted from a date before the period. That takes 200 members (100 of them party
members) out of the general pool and 25 checkpoints' places with them, so the rest of the
team carries the same party load per head as without v2 data.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from typing import Any

_OFFSET = timezone(timedelta(hours=8))
_WISH_REASONS = ("孩子考试", "赶集", "看病", "家里办事", "老人生日", "")


def _day_start(day: date) -> str:
    return datetime(day.year, day.month, day.day, tzinfo=_OFFSET).isoformat(timespec="seconds")


def add_v2(doc: dict[str, Any], rng: random.Random, start: date, days: int) -> None:
    """Add the v2 keys to ``doc`` (a synthetic team) and mark it version 2."""
    doc["version"] = 2
    members: list[dict[str, Any]] = doc["members"]
    checkpoints: list[dict[str, Any]] = doc["checkpoints"]
    _wishes(members, rng, start, days)
    doc["crews"] = _crews(members, checkpoints, rng, start)
    for cp in checkpoints[-10:]:
        market = start + timedelta(days=5)
        cp.setdefault("changes", []).append(
            {"from": market.isoformat(), "to": market.isoformat(), "template": 0, "need": 3,
             "reason": "集市"})
    for cp in checkpoints[-12:-10]:
        closed = start + timedelta(days=min(10, days - 1))
        cp.setdefault("changes", []).append(
            {"from": closed.isoformat(), "to": (closed + timedelta(days=1)).isoformat(),
             "template": None, "closed": True, "reason": "修桥"})


def _wishes(members: list[dict[str, Any]], rng: random.Random, start: date, days: int) -> None:
    for m in rng.sample(members, round(len(members) * 0.05)):
        wishes = []
        for day in sorted(rng.sample(range(days), min(days, rng.randint(2, 4)))):
            first = start + timedelta(days=day)
            wishes.append({"from": _day_start(first),
                           "to": _day_start(first + timedelta(days=1)),
                           "want": "on" if rng.random() < 0.15 else "off",
                           "weight": rng.choice((1, 1, 2, 3)),
                           "reason": rng.choice(_WISH_REASONS)})
        m["wishes"] = wishes


def _crews(members: list[dict[str, Any]], checkpoints: list[dict[str, Any]],
           rng: random.Random, start: date) -> list[dict[str, Any]]:
    """Four crews of two (one party member each) for a quarter of the checkpoints, each
    now one 24-hour shift, taking turns from a date before the period."""
    party = [m["id"] for m in members if "party" in m["tags"] and not m["no_nights"]]
    others = [m["id"] for m in members if "party" not in m["tags"] and not m["no_nights"]]
    rng.shuffle(party)
    rng.shuffle(others)
    crews: list[dict[str, Any]] = []
    for cp in checkpoints[: len(checkpoints) // 4]:
        ids = []
        for _ in range(4):
            if not party or not others:
                return crews
            n = len(crews) + 1
            crews.append({"id": f"g{n:03d}", "name": f"第{n}组",
                          "members": [party.pop(), others.pop()]})
            ids.append(crews[-1]["id"])
        cp["shifts"] = [{"start": "08:00", "end": "08:00", "need": 2, "need_tags": {"party": 1},
                         "night": None, "standby": 0,
                         "rotation": {"crews": ids,
                                      "from": (start - timedelta(days=9)).isoformat()}}]
    return crews

"""A synthetic county: a folder of team bundles as the county office would collect them.

For the county roll-up's benchmark and tests: ``teams`` village work teams spread over
townships, each of 12–40 members and 1–4 checkpoints (round the clock in three 8-hour or
two 12-hour shifts, or one 24-hour shift; now and then a checkpoint staffed by day only,
so its nights are uncovered), rostered from the day before ``day`` to the day after, and
a duty log of those days up to ``now``: check-ins (some late, a few nobody), check-outs,
handovers, most of them confirmed. Places the team has too few people for stay empty,
and a few are left empty on purpose: some teams have holes, as real ones do.

The same arguments always give the same files (log ids included), so a benchmark run
twice reads the same county.

    python -m roster.samples.synthetic county --teams 510 --out county/
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from roster.samples.synthetic import (
    _OFFSET,
    TIMEZONE,
    _default_rules,
    _instant,
    _members,
    _shift_span,
    _villages,
)

__all__ = ["PATTERNS", "main", "make_county_team", "write_county"]

#: The daily patterns a synthetic checkpoint runs, as (start, end) of each template.
PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "3x8": (("08:00", "16:00"), ("16:00", "00:00"), ("00:00", "08:00")),
    "2x12": (("08:00", "20:00"), ("20:00", "08:00")),
    "24h": (("08:00", "08:00"),),
    "day only": (("08:00", "20:00"),),  # no night shift: a hole every night
}
_PATTERN_NAMES = ("3x8", "2x12", "24h", "day only")
_PATTERN_WEIGHTS = (5.0, 4.0, 1.0, 0.3)
_TOWNSHIP_PARTS = tuple("城关河口新集马庄柳林石桥东坪西坝南湖北岭青山白沙")
_GATES = ("北口", "南口", "东口", "西口")

#: Chances, per rostered duty place or per shift, of what the log shows.
LATE, ABSENT, UNCONFIRMED, EMPTY_PLACE = 0.04, 0.02, 0.06, 0.03


def townships(count: int) -> list[str]:
    """``count`` township names (乡 or 镇), distinct, the same every time."""
    parts = _TOWNSHIP_PARTS
    names = [a + b + ("镇" if (i + j) % 3 else "乡")
             for i, a in enumerate(parts) for j, b in enumerate(parts) if a != b]
    return [names[(i * 37) % len(names)] for i in range(count)]


@dataclass
class _Log:
    """Log entries of one team, with ids made from the team and a counter."""

    team: str
    now: datetime
    docs: list[dict[str, Any]] = field(default_factory=list)

    def add(self, at: datetime, checkpoint: str, member: str, kind: str,
            **extra: Any) -> str | None:
        if at > self.now:
            return None
        ident = f"{self.team}-{len(self.docs) + 1:05d}"
        self.docs.append({"id": ident, "at": _instant(at), "recorded_at": _instant(at),
                          "checkpoint": checkpoint, "member": member, "kind": kind,
                          "category": extra.pop("category", ""), "count": None,
                          "text": extra.pop("text", ""), **extra})
        return ident


def _checkpoints(rng: random.Random, village: str, count: int) -> list[dict[str, Any]]:
    out = []
    for i in range(count):
        pattern = rng.choices(_PATTERN_NAMES, _PATTERN_WEIGHTS)[0]
        need = 1 if pattern == "24h" else rng.choice((1, 1, 2))
        out.append({
            "id": f"cp{i + 1}", "name": f"{village}{_GATES[i]}卡点",
            "location": f"{village}{_GATES[i]}，村道路口",
            "shifts": [{"start": s, "end": e, "need": need,
                        **({"need_tags": {"party": 1}} if need > 1 else {})}
                       for s, e in PATTERNS[pattern]],
        })
    return out


def _roster(rng: random.Random, checkpoints: list[dict[str, Any]],
            members: list[dict[str, Any]], days: list[date]) -> list[dict[str, Any]]:
    """Fill each shift's places as a lead would: the same people in the same places from
    day to day (a 24-hour shift is followed by a day off), a party member where one is
    asked for, one shift a day each; a place nobody is left for stays empty."""
    party = {m["id"] for m in members if "party" in m["tags"]}
    out: list[dict[str, Any]] = []
    held: dict[tuple[str, int, int], str] = {}  # place -> who held it the day before
    for day in days:
        free = [m["id"] for m in members]
        rng.shuffle(free)
        rested = {who for (cp, t, _), who in held.items() if _is_24h(checkpoints, cp, t)}
        today: dict[tuple[str, int, int], str] = {}
        for cp in checkpoints:
            for t_index, t in enumerate(cp["shifts"]):
                start, end = _shift_span(day, t["start"], t["end"])
                for slot in range(t["need"]):
                    place = (cp["id"], t_index, slot)
                    who = _pick_for(free, held.get(place), rested,
                                    party if slot == 0 and t.get("need_tags") else set())
                    if who is None or rng.random() < EMPTY_PLACE:
                        continue
                    free.remove(who)
                    today[place] = who
                    out.append({"checkpoint": cp["id"], "start": _instant(start),
                                "end": _instant(end), "member": who, "role": "duty"})
        held = today
    out.sort(key=lambda a: (a["start"], a["checkpoint"], a["member"]))
    return out


def _is_24h(checkpoints: list[dict[str, Any]], cp_id: str, template: int) -> bool:
    t = next(c for c in checkpoints if c["id"] == cp_id)["shifts"][template]
    return bool(t["start"] == t["end"])


def _pick_for(free: list[str], before: str | None, rested: set[str],
              wanted: set[str]) -> str | None:
    """Yesterday's holder of a place if free, else someone free (of ``wanted`` first) who
    is not resting after a 24-hour shift."""
    if before is not None and before in free and before not in rested:
        return before
    fit = [m for m in free if m not in rested]
    return next((m for m in fit if m in wanted), fit[0] if fit else None)


def _attendance(rng: random.Random, log: _Log, assignments: list[dict[str, Any]]) -> None:
    """Check-ins (on time, late or none) and check-outs of each rostered place."""
    for a in assignments:
        start, end = datetime.fromisoformat(a["start"]), datetime.fromisoformat(a["end"])
        roll = rng.random()
        if roll < ABSENT:
            continue
        late = roll < ABSENT + LATE
        arrive = start + timedelta(minutes=rng.randint(15, 50) if late
                                   else -rng.randint(0, 15))
        if log.add(arrive, a["checkpoint"], a["member"], "check_in"):
            log.add(end + timedelta(minutes=rng.randint(0, 5)), a["checkpoint"], a["member"],
                    "check_out")


def _handovers(rng: random.Random, log: _Log, assignments: list[dict[str, Any]]) -> None:
    """A handover at the end of each shift, confirmed by the next shift (most times)."""
    by_shift: dict[tuple[str, str], list[str]] = {}
    ends: dict[tuple[str, str], str] = {}
    for a in assignments:
        by_shift.setdefault((a["checkpoint"], a["start"]), []).append(a["member"])
        ends[(a["checkpoint"], a["start"])] = a["end"]
    for (cp, start), people in sorted(by_shift.items()):
        end = datetime.fromisoformat(ends[(cp, start)])
        handed = log.add(end - timedelta(minutes=2), cp, people[0], "note",
                         category="handover", text="交接正常", equipment="测温枪、登记本",
                         open_items=[])
        after = by_shift.get((cp, _instant(end)))
        if handed and after and rng.random() >= UNCONFIRMED:
            log.add(end + timedelta(minutes=3), cp, after[0], "note", category="handover",
                    confirms=handed)


def make_county_team(index: int, *, village: str, township: str, day: date, now: datetime,
                     seed: int = 0) -> dict[str, Any]:
    """Team ``index`` of a synthetic county as a bundle document (version 2)."""
    rng = random.Random(f"{seed}:{index}")
    days = [day + timedelta(days=n) for n in (-1, 0, 1)]
    people = _members(rng, rng.randint(12, 40), days[0], len(days), 0.03, 0.4)
    posts = _checkpoints(rng, village, rng.randint(1, 4))
    assignments = _roster(rng, posts, people, days)
    team_id = f"county-{seed}-{index:05d}"
    log = _Log(team_id, now)
    _attendance(rng, log, assignments)
    _handovers(rng, log, assignments)
    log.docs.sort(key=lambda d: (d["at"], d["id"]))
    lead = next((m["id"] for m in people if "party" in m["tags"]), people[0]["id"])
    return {
        "format": "checkpoint-roster", "version": 2, "exported_at": _instant(now),
        "team": {"name": f"{village}驻村工作队", "village": village, "timezone": TIMEZONE,
                 "lead": lead, "id": team_id, "township": township},
        "rules": _default_rules(), "members": people, "checkpoints": posts,
        "assignments": assignments, "logs": log.docs,
    }


def write_county(folder: Path, teams: int, *, day: date, now: datetime, seed: int = 0,
                 per_township: int = 25) -> list[Path]:
    """Write ``teams`` bundles into ``folder``/<township>/, one file per team."""
    rng = random.Random(seed)
    villages = _villages(rng, teams)
    names = townships(max(1, -(-teams // per_township)))
    paths = []
    for i in range(teams):
        township = names[i % len(names)]
        doc = make_county_team(i, village=villages[i], township=township, day=day, now=now,
                               seed=seed)
        path = folder / township / f"{i:05d}-{villages[i]}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m roster.samples.synthetic county",
        description="Write a synthetic county: one roster bundle per village team.")
    parser.add_argument("--teams", type=int, default=510)
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--day", type=date.fromisoformat,
                        help="the day rostered (and the day before); default: today")
    parser.add_argument("--now", type=datetime.fromisoformat,
                        help="the log runs up to this instant (default: now, or the end "
                             "of the day's last night shift for a day in the past)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.teams < 1:
        parser.error("--teams: at least 1")
    real_now = datetime.now(_OFFSET).replace(microsecond=0)
    day = args.day or real_now.date()
    after = datetime(day.year, day.month, day.day, 8, tzinfo=_OFFSET) + timedelta(days=1)
    now = args.now or min(real_now, after)
    if now.tzinfo is None:
        now = now.replace(tzinfo=_OFFSET)
    try:
        paths = write_county(args.out, args.teams, day=day, now=now, seed=args.seed)
    except OSError as error:
        print(f"{args.out}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"{len(paths)} team(s) written to {args.out}")
    return 0

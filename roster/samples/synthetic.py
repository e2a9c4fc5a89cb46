"""Large, reproducible teams for benchmarks and tests.

The demo team has twenty people and two checkpoints; the slow paths of the
scheduler, the checker, the store and the exporters only show up at county
scale (a hundred checkpoints, a thousand cadres, a month of shifts). This
module makes such a team as a plain bundle document, the same dict that
``roster import`` reads, so a benchmark or a test can build one in memory
without shipping a multi-megabyte fixture. The same arguments and seed
always give the same document.

The optional assignments are a blind round-robin: they reference real
shifts, so they load and check, but they are not meant to satisfy the rules.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, datetime, timedelta, timezone
from typing import Any

from roster.samples.synthetic_v2 import add_v2

__all__ = ["main", "make_team"]

TIMEZONE = "Asia/Shanghai"
# Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so a fixed
# offset writes the same instants the zone would.
_OFFSET = timezone(timedelta(hours=8))

_SHIFT_TIMES: tuple[tuple[str, str], ...] = (
    ("08:00", "16:00"),
    ("16:00", "00:00"),
    ("00:00", "08:00"),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
)
_GIVEN = _words(
    "建国 志刚 海燕 丽娟 卫东 明亮 桂兰 春梅 俊杰 文斌 淑珍 晓东 红梅 永强 振宇 德胜 振华 国强 "
    "秀英 玉兰 学军 立新 爱民 建军 凤英 子涵 浩然 雨涵 宇航 欣怡 思远 家豪 晨曦 "
    "磊 浩 静 敏 军 伟 芳 勇 杰 娜 涛 强 霞 斌 鹏"
)
# County bureaus send most cadres; township and village staff and volunteers
# fill the rest, so they appear twice to weigh the draw.
_UNITS = _words(
    "县民政局 县司法局 县文广旅游局 县城管局 县市场监管局 县卫健局 县农业农村局 县教育局 "
    "县自然资源局 县住建局 县交通运输局 县财政局 镇政府 镇政府 村委会 村委会 志愿者 志愿者"
)
_VILLAGE_PARTS = tuple("王李张刘东西南北前后大小高杨柳枣桃杏梨河营庄屯堡")
_GATES = ("北口", "南口", "东口", "西口")
_LEAVE_REASONS = ("病假", "事假", "县里开会", "外出学习", "家中有事", "产检陪护")
# Real mainland mobile prefixes followed by eight random digits: numbers with
# the right shape that are taken from no one.
_MOBILE_PREFIXES = _words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "177 180 186 187 188 189"
)


def _default_rules() -> dict[str, Any]:
    """The rules of the bundle spec, written out (a fresh dict each call)."""
    return {
        "min_rest_hours": 12,
        "max_shifts_per_day": 1,
        "max_consecutive_nights": 3,
        "max_hours_per_week": 56,
        "night_window": ["22:00", "06:00"],
        "holidays": [],
        "late_grace_minutes": 10,
    }


def _instant(moment: datetime) -> str:
    return moment.astimezone(_OFFSET).isoformat(timespec="seconds")


def _at(day: date, hhmm: str) -> datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=_OFFSET)


def _shift_span(day: date, start: str, end: str) -> tuple[datetime, datetime]:
    """The materialised shift of a template on `day` (ends next day when end <= start)."""
    begin = _at(day, start)
    finish = _at(day, end)
    if finish <= begin:
        finish += timedelta(days=1)
    return begin, finish


def _pick(rng: random.Random, count: int, population: list[int]) -> set[int]:
    return set(rng.sample(population, min(count, len(population))))


def _phones(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    phones: list[str] = []
    while len(phones) < count:
        phone = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if phone not in seen:
            seen.add(phone)
            phones.append(phone)
    return phones


def _villages(rng: random.Random, count: int) -> list[str]:
    """`count` distinct village names (numbered once the two-character names run out)."""
    names = [a + b + "村" for a in _VILLAGE_PARTS for b in _VILLAGE_PARTS if a != b]
    rng.shuffle(names)
    return [
        names[i % len(names)] + ("" if i < len(names) else str(i // len(names) + 1))
        for i in range(count)
    ]


def _members(
    rng: random.Random,
    count: int,
    start: date,
    days: int,
    leave_fraction: float,
    party_fraction: float,
) -> list[dict[str, Any]]:
    width = max(4, len(str(count)))
    indices = list(range(count))
    party = _pick(rng, round(count * party_fraction), indices)
    party_list = sorted(party)
    leads = _pick(rng, max(1, count // 50) if party_list else 0, party_list)
    medics = _pick(rng, round(count * 0.03), indices)
    drivers = _pick(rng, round(count * 0.08), indices)
    no_nights = _pick(rng, round(count * 0.02), indices)
    own_cap = _pick(rng, round(count * 0.02), indices)
    on_leave = _pick(rng, round(count * leave_fraction), indices)
    phones = _phones(rng, count)
    period_start = _at(start, "00:00")

    members: list[dict[str, Any]] = []
    for i in indices:
        tags = [
            tag
            for tag, holders in (
                ("party", party),
                ("lead", leads),
                ("medic", medics),
                ("driver", drivers),
            )
            if i in holders
        ]
        unavailable: list[dict[str, str]] = []
        if i in on_leave:
            length = min(rng.randint(2, 5), days)
            first = rng.randint(0, days - length)
            begin = period_start + timedelta(days=first)
            unavailable.append(
                {
                    "from": _instant(begin),
                    "to": _instant(begin + timedelta(days=length)),
                    "reason": rng.choice(_LEAVE_REASONS),
                }
            )
        members.append(
            {
                "id": f"m{i + 1:0{width}d}",
                "name": rng.choice(_SURNAMES) + rng.choice(_GIVEN),
                "phone": phones[i],
                "unit": rng.choice(_UNITS),
                "tags": tags,
                "no_nights": i in no_nights,
                "max_hours_per_week": 40 if i in own_cap else None,
                "unavailable": unavailable,
            }
        )
    return members


def _checkpoints(villages: list[str], count: int) -> list[dict[str, Any]]:
    width = max(3, len(str(count)))
    checkpoints: list[dict[str, Any]] = []
    for i in range(count):
        village = villages[i // len(_GATES)]
        gate = _GATES[i % len(_GATES)]
        checkpoints.append(
            {
                "id": f"cp{i + 1:0{width}d}",
                "name": f"{village}{gate}卡点",
                "location": f"{village}{gate}，村道路口",
                "from": None,
                "to": None,
                "shifts": [
                    {
                        "start": begin,
                        "end": end,
                        "need": 2,
                        "need_tags": {"party": 1},
                        "night": None,
                        "standby": 0,
                    }
                    for begin, end in _SHIFT_TIMES
                ],
            }
        )
    return checkpoints


def _round_robin(
    checkpoints: list[dict[str, Any]],
    members: list[dict[str, Any]],
    start: date,
    days: int,
) -> list[dict[str, Any]]:
    assignments: list[dict[str, Any]] = []
    if not members:
        return assignments
    cursor = 0
    for offset in range(days):
        day = start + timedelta(days=offset)
        for checkpoint in checkpoints:
            for template in checkpoint["shifts"]:
                begin, finish = _shift_span(day, template["start"], template["end"])
                for _ in range(min(template["need"], len(members))):
                    assignments.append(
                        {
                            "checkpoint": checkpoint["id"],
                            "start": _instant(begin),
                            "end": _instant(finish),
                            "member": members[cursor]["id"],
                            "locked": False,
                            "role": "duty",
                        }
                    )
                    cursor = (cursor + 1) % len(members)
    # The order `roster export` writes (all instants share one offset, so text order is
    # time order): an import and export of this document gives it back unchanged.
    assignments.sort(key=lambda a: (a["start"], a["checkpoint"], a["end"], a["role"], a["member"]))
    return assignments


def make_team(
    *,
    checkpoints: int = 100,
    members: int = 1000,
    start: date = date(2026, 12, 1),
    days: int = 31,
    leave_fraction: float = 0.05,
    party_fraction: float = 0.4,
    seed: int = 0,
    assignments: bool = False,
    v2: bool = False,
) -> dict[str, Any]:
    """A synthetic team bundle for the period [start, start + days).

    Every checkpoint is staffed around the clock in three 8-hour shifts of two
    people with at least one party member. `leave_fraction` of the members get
    one leave span of 2-5 whole days inside the period (shorter only when the
    period is). With `assignments`, every slot of every shift in the period
    is filled round-robin. With `v2`, bundle version 2 data is added (wishes, crews in
    rotation, a market day, a closure: :mod:`roster.samples.synthetic_v2`).
    """
    if checkpoints < 0 or members < 0:
        raise ValueError("checkpoints and members must not be negative")
    if days < 1:
        raise ValueError("days must be at least 1")
    for label, fraction in (("leave_fraction", leave_fraction), ("party_fraction", party_fraction)):
        if not 0.0 <= fraction <= 1.0:
            raise ValueError(f"{label} must be between 0 and 1")

    rng = random.Random(seed)
    # Four gates to a village; a team spread over several villages is named for the first.
    villages = _villages(rng, max(1, -(-checkpoints // len(_GATES))))
    village = villages[0]
    people = _members(rng, members, start, days, leave_fraction, party_fraction)
    posts = _checkpoints(villages, checkpoints)
    lead = next((m["id"] for m in people if "lead" in m["tags"]), None)
    doc = {
        "format": "checkpoint-roster",
        "version": 1,
        "team": {
            "name": f"{village}片区驻村工作队" if len(villages) > 1 else f"{village}驻村工作队",
            "village": village,
            "timezone": TIMEZONE,
            "lead": lead,
        },
        "rules": _default_rules(),
        "members": people,
        "checkpoints": posts,
        "assignments": _round_robin(posts, people, start, days) if assignments else [],
        "logs": [],
    }
    if v2:
        add_v2(doc, random.Random(seed + 1), start, days)
    return doc


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text}")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return value


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    args_given = sys.argv[1:] if argv is None else argv
    if args_given[:1] == ["county"]:  # a whole county of small teams, one file per team
        from roster.samples.county import main as county_main

        return county_main(args_given[1:])
    parser = argparse.ArgumentParser(
        prog="python -m roster.samples.synthetic",
        description="Write a large synthetic team as a roster bundle (JSON); "
                    "`county --teams N --out DIR` writes a county of small teams instead.",
    )
    parser.add_argument("--checkpoints", type=_non_negative, default=100)
    parser.add_argument("--members", type=_non_negative, default=1000)
    parser.add_argument("--days", type=_positive, default=31)
    parser.add_argument(
        "--start",
        type=date.fromisoformat,
        default=date(2026, 12, 1),
        help="first day of the period, YYYY-MM-DD",
    )
    parser.add_argument("--leave-fraction", type=_fraction, default=0.05)
    parser.add_argument("--party-fraction", type=_fraction, default=0.4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--assignments",
        action="store_true",
        help="also fill every slot round-robin (ignores the rules)",
    )
    parser.add_argument("--out", default="-", help="output file; '-' (default) for stdout")
    args = parser.parse_args(argv)

    document = make_team(
        checkpoints=args.checkpoints,
        members=args.members,
        start=args.start,
        days=args.days,
        leave_fraction=args.leave_fraction,
        party_fraction=args.party_fraction,
        seed=args.seed,
        assignments=args.assignments,
    )
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    try:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        print(f"{args.out}: {error.strerror or error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A crowded week for the print tests: 73 members on one checkpoint's sheet.

Ten people on each day shift (``朱`` and ``志刚`` among them, so a line break inside a
two-character name would show), a name too long for a day's column, and a ``℃`` in the
checkpoint's location.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from roster.domain.model import Bundle
from roster.exchange.bundle import read_bundle
from roster.exchange.exporters.selection import Selection

FIRST = date(2026, 12, 1)
LONG_NAME = "阿卜杜热合曼·买买提依明"
SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈"
            "曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱")


def members(extra: int = 0) -> list[dict[str, Any]]:
    out = [{"id": "m0", "name": "朱", "phone": "13900000000"},
           {"id": "m1", "name": "志刚", "phone": "13900000001"},
           {"id": "m2", "name": LONG_NAME, "phone": "13900000002"}]
    for i in range(3, 73 + extra):
        surname = SURNAMES[i % len(SURNAMES)] + ("" if i < 73 else str(i))
        out.append({"id": f"m{i}", "name": f"{surname}{'建国秀英'[i % 4]}{'伟芳'[i % 2]}",
                    "phone": f"139{i:08d}"})
    return out


def crowded_doc(standby: int = 0) -> dict[str, Any]:
    """``standby`` more members a day on standby on the day shift (a longer contact list)."""
    people = members(standby * 7)
    assignments: list[dict[str, Any]] = []
    for i in range(7):
        day = FIRST + timedelta(days=i)
        nxt = day + timedelta(days=1)
        on_day = [0, 1] + [3 + i * 8 + k for k in range(8)]
        if i == 2:
            on_day[2] = 2
        for n in on_day:
            assignments.append({"checkpoint": "cp", "member": people[n]["id"], "role": "duty",
                                "start": f"{day}T08:00:00+08:00", "end": f"{day}T20:00:00+08:00"})
        for k in range(standby):
            m = people[73 + i * standby + k]
            assignments.append({"checkpoint": "cp", "member": m["id"], "role": "standby",
                                "start": f"{day}T08:00:00+08:00", "end": f"{day}T20:00:00+08:00"})
        for k in range(2):
            m = people[3 + 56 + i * 2 + k]
            assignments.append({"checkpoint": "cp", "member": m["id"], "role": "duty",
                                "start": f"{day}T20:00:00+08:00", "end": f"{nxt}T08:00:00+08:00"})
    return {
        "format": "checkpoint-roster", "version": 1,
        "team": {"name": "西李村驻村工作队", "village": "西李村", "timezone": "Asia/Shanghai",
                 "lead": "m3"},
        "members": people,
        "checkpoints": [{"id": "cp", "name": "村口卡点", "location": "村口（体温≥37.3℃劝返）",
                         "shifts": [{"start": "08:00", "end": "20:00", "need": 10,
                                     "standby": standby},
                                    {"start": "20:00", "end": "08:00", "need": 2}]}],
        "assignments": assignments,
    }


def crowded(standby: int = 0) -> Bundle:
    return read_bundle(crowded_doc(standby), "crowded test team")


def week(bundle: Bundle) -> Selection:
    return Selection(bundle.period(FIRST, 7))

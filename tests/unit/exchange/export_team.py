"""A small team for the export tests: two checkpoints, two weeks, every kind of cell.

Fixed dates (from Tuesday 2026-12-01) so that pages, weeks and stamps do not depend on
the day the tests run. It has: a day and a night shift with a standby place, a
24-hour checkpoint that closes on 2026-12-10, a holiday, locked assignments, an
understaffed shift, a member with no shifts, and hostile text (a name that is a
spreadsheet formula, a phone and unit that start with ``+`` and ``@``, HTML in a name
and ``&`` in a location).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from roster.domain.model import Bundle
from roster.exchange.bundle import read_bundle
from roster.exchange.exporters.selection import Selection

FIRST = date(2026, 12, 1)
FORMULA_NAME = '=HYPERLINK("http://evil.example","点我")'
HTML_NAME = "<b>王五</b>"


def team_doc(days: int = 14, first: date = FIRST) -> dict[str, Any]:
    """The team's document; ``first`` moves its roster (and holiday, closing day) in time."""
    shift = first - FIRST
    assignments: list[dict[str, Any]] = []

    def put(cp: str, day: date, start: str, end_day: date, end: str, member: str,
            role: str = "duty", locked: bool = False) -> None:
        assignments.append({"checkpoint": cp, "start": f"{day.isoformat()}T{start}:00+08:00",
                            "end": f"{end_day.isoformat()}T{end}:00+08:00", "member": member,
                            "role": role, "locked": locked})

    for i in range(days):
        day = first + timedelta(days=i)
        nxt = day + timedelta(days=1)
        put("cp-n", day, "08:00", day, "20:00", "m1", locked=(i == 0))
        if i != 4:  # 2026-12-05: the day shift is one short
            put("cp-n", day, "08:00", day, "20:00", "m2")
        put("cp-n", day, "20:00", nxt, "08:00", "m3")
        put("cp-n", day, "20:00", nxt, "08:00", "m4", role="standby")
        if day <= date(2026, 12, 10) + shift and i % 2 == 0:
            put("cp-s", day, "00:00", nxt, "00:00", "m6")
    return {
        "format": "checkpoint-roster",
        "version": 1,
        "team": {"name": "东王村驻村工作队", "village": "东王村", "timezone": "Asia/Shanghai",
                 "lead": "m1"},
        "rules": {"holidays": [(date(2026, 12, 3) + shift).isoformat()]},
        "members": [
            {"id": "m1", "name": "张建国", "phone": "13800000001", "unit": "县民政局",
             "tags": ["party", "lead"]},
            {"id": "m2", "name": "李秀英", "phone": "13800000002", "unit": "镇政府"},
            {"id": "m3", "name": FORMULA_NAME, "phone": "+8613800000003", "unit": "@县局"},
            {"id": "m4", "name": HTML_NAME, "phone": "13800000004", "unit": "-村委会"},
            {"id": "m5", "name": "赵六", "phone": "13800000005"},
            {"id": "m6", "name": "孙七", "phone": "13800000006"},
        ],
        "checkpoints": [
            {"id": "cp-n", "name": "北口卡点", "location": "北口 & 桥头 <东>",
             "shifts": [{"start": "08:00", "end": "20:00", "need": 2},
                        {"start": "20:00", "end": "08:00", "need": 1, "standby": 1}]},
            {"id": "cp-s", "name": "南口卡点", "location": "南大桥",
             "to": (date(2026, 12, 10) + shift).isoformat(),
             "shifts": [{"start": "00:00", "end": "00:00", "need": 1}]},
        ],
        "assignments": assignments,
    }


def team(days: int = 14) -> Bundle:
    return read_bundle(team_doc(days), "export test team")


def period_selection(bundle: Bundle, days: int = 14, first: date = FIRST,
                     **kwargs: Any) -> Selection:
    return Selection(bundle.period(first, days), **kwargs)

"""A small team for the duty-log tests, and helpers to write entries at local times.

North gate (cp-n): 08–16 and 16–24 need two, the night 00–08 needs one; the south gate
(cp-s) opened on 2026-11-16 with two 12-hour shifts. On the day (2026-12-01, a Tuesday,
Asia/Shanghai): 张建国 (m1) and 李海燕 (m2) on the day shift, 王志刚 (m3) and 赵敏 (m4)
in the evening, 王志刚 also the night, 刘洋 (m5) on standby in the evening and never on
duty. The builders take the day so the CLI tests can put it yesterday.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from roster.domain.model import Bundle, LogEntry
from roster.domain.timeutil import instant_at, parse_time_of_day, zone
from roster.dutylog.entries import (
    check_in_entry,
    check_out_entry,
    note_entry,
)
from roster.exchange.bundle import read_bundle

DAY = date(2026, 12, 1)
TZ = zone("Asia/Shanghai")


def team_doc(day: date = DAY) -> dict[str, Any]:
    def inst(d: date, hhmm: str) -> str:
        return instant_at(d, parse_time_of_day(hhmm), TZ).astimezone(TZ).isoformat()

    nxt = day + timedelta(days=1)
    rows = [
        ("cp-n", inst(day, "08:00"), inst(day, "16:00"), "m1", "duty"),
        ("cp-n", inst(day, "08:00"), inst(day, "16:00"), "m2", "duty"),
        ("cp-n", inst(day, "16:00"), inst(nxt, "00:00"), "m3", "duty"),
        ("cp-n", inst(day, "16:00"), inst(nxt, "00:00"), "m4", "duty"),
        ("cp-n", inst(day, "16:00"), inst(nxt, "00:00"), "m5", "standby"),
        ("cp-n", inst(day, "00:00"), inst(day, "08:00"), "m3", "duty"),
    ]
    return {
        "format": "checkpoint-roster",
        "version": 1,
        "team": {"name": "北王村驻村工作队", "village": "北王村", "timezone": "Asia/Shanghai"},
        "rules": {"late_grace_minutes": 10},
        "members": [
            {"id": "m1", "name": "张建国", "phone": "13800000001", "tags": ["party"]},
            {"id": "m2", "name": "李海燕", "phone": "13800000002"},
            {"id": "m3", "name": "王志刚", "phone": "13900000003"},
            {"id": "m4", "name": "赵敏", "phone": "13700000004"},
            {"id": "m5", "name": "刘洋", "phone": "13600000011"},
        ],
        "checkpoints": [
            {"id": "cp-n", "name": "北口卡点", "location": "村北路口",
             "shifts": [{"start": "08:00", "end": "16:00", "need": 2},
                        {"start": "16:00", "end": "00:00", "need": 2},
                        {"start": "00:00", "end": "08:00", "need": 1}]},
            {"id": "cp-s", "name": "南口卡点", "from": "2026-11-16",
             "shifts": [{"start": "08:00", "end": "20:00", "need": 1},
                        {"start": "20:00", "end": "08:00", "need": 1}]},
        ],
        "assignments": [{"checkpoint": c, "start": s, "end": e, "member": m, "role": r}
                        for c, s, e, m, r in rows],
        "logs": [],
    }


def team(day: date = DAY) -> Bundle:
    return read_bundle(team_doc(day), "fixture")


def at(hhmm: str, day: date = DAY, seconds: int = 0) -> datetime:
    """The UTC instant of ``hhmm`` (``24:00`` allowed) on ``day`` in the team's zone."""
    return instant_at(day, parse_time_of_day(hhmm, allow_24=True), TZ) + timedelta(
        seconds=seconds)


def cin(member: str, when: datetime, cp: str = "cp-n") -> LogEntry:
    return check_in_entry(cp, member, when, when)


def cout(member: str, when: datetime, cp: str = "cp-n") -> LogEntry:
    return check_out_entry(cp, member, when, when)


def note(category: str, when: datetime, *, count: int | None = None, text: str = "",
         cp: str = "cp-n", member: str | None = None) -> LogEntry:
    return note_entry(cp, category, when, when, count=count, text=text, member=member)

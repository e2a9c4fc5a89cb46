"""Teams for the county roll-up tests: the duty-log fixture team, with a day of duty log
that has one of every problem, as bundle documents with a team id, township and export
time of their own.

On the day (in the team's zone): 张建国 (m1) on time, 李海燕 (m2) 20 minutes late, 赵敏
(m4) absent in the evening and 王志刚 (m3) absent on the night (00–08) but there in the
evening; 张建国's 16:01 handover is confirmed, 王志刚's 23:58 one is not. The evening
shift asks for a party member and gets none; the east gate (cp-e) runs only 08–20, so
its nights are uncovered; the south gate has nobody rostered.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from roster.domain.model import LogEntry
from roster.dutylog.entries import confirm_entry, handover_entry
from roster.exchange.bundle import log_to_doc
from tests.unit.dutylog.test_dutylog_fixtures import DAY, TZ, at, cin, cout, team_doc


def day_log(day: date) -> list[LogEntry]:
    nxt = day + timedelta(days=1)
    handed = handover_entry("cp-n", "m1", at("16:01", day), at("16:01", day), TZ,
                            text="一切正常")
    return [
        cin("m1", at("07:58", day)), cin("m2", at("08:20", day)),
        cout("m1", at("16:02", day)), cout("m2", at("16:00", day)),
        cin("m3", at("15:59", day)), handed,
        confirm_entry(handed, handed.id, "m3", at("16:05", day), at("16:05", day)),
        handover_entry("cp-n", "m3", at("23:58", day), at("23:58", day), TZ, text="无异常"),
        cout("m3", at("00:00", nxt)),
    ]


def county_doc(day: date = DAY, *, name: str = "北王村驻村工作队", team_id: str | None = None,
               township: str = "城关镇", exported_at: datetime | None = None,
               village: str = "北王村") -> dict[str, Any]:
    doc = team_doc(day)
    doc["version"] = 2
    doc["team"].update({"name": name, "village": village, "township": township})
    if team_id is not None:
        doc["team"]["id"] = team_id
    if exported_at is not None:
        doc["exported_at"] = exported_at.astimezone(TZ).isoformat()
    doc["checkpoints"][0]["shifts"][1]["need_tags"] = {"party": 1}
    doc["checkpoints"].append({"id": "cp-e", "name": "东口卡点",
                               "shifts": [{"start": "08:00", "end": "20:00"}]})
    doc["logs"] = [log_to_doc(e, TZ) for e in day_log(day)]
    return doc


def quiet_doc(*, name: str = "南李村驻村工作队", township: str = "城关镇") -> dict[str, Any]:
    """A team with nothing to report: no checkpoint, so no shift and no log."""
    return {"format": "checkpoint-roster", "version": 2,
            "team": {"name": name, "village": "南李村", "township": township},
            "members": [{"id": "m1", "name": "张建国"}]}


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path

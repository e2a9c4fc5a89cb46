"""A second process for the store tests: a writer to kill, or a rival writer.

The store's promises (no torn file after kill -9, no lost update between the lead's TUI
and a duty desk) are about other processes, so the tests start this script with
``python tests/unit/store_worker.py MODE ...`` and check the data folder afterwards. It
also holds the small fixture team both sides build their expected states from.

Modes:
  crash DIR            save states N = n+1, n+2, ... (N assignments) and log entry eN after
                       each, printing "saved N" / "logged N"; runs until killed
  crash-server DIR     for each line "fork" on stdin, fork a child that runs `crash` and
                       print "child PID"; the test kills the child, and the server prints
                       "reaped" once it is gone (forking saves a Python start per kill)
  append DIR WHO COUNT wait for DIR/go, then append COUNT log entries WHO-0 ... to one day
  update DIR WHO COUNT wait for DIR/go, then add COUNT members WHO-0 ... one update each
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from roster.domain.model import Bundle, LogEntry, Member
from roster.exchange.bundle import read_bundle
from roster.store import Store

_SHIFTS = (("08:00", "16:00"), ("16:00", "00:00"), ("00:00", "08:00"))
_MEMBERS = ("m1", "m2", "m3")
LOG_DAY = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def team_doc(assignments: int = 4) -> dict[str, Any]:
    """The fixture team as a bundle document: three cadres, one checkpoint, ``assignments``."""
    rows = []
    for i in range(assignments):
        day, slot = divmod(i, len(_SHIFTS))
        start = datetime(2026, 12, 1, tzinfo=UTC) + timedelta(days=day, hours=slot * 8)
        rows.append({
            "checkpoint": "cp-n",
            # 08:00, 16:00 and 00:00 Shanghai time are 00:00, 08:00 and 16:00 UTC
            "start": start.isoformat(),
            "end": (start + timedelta(hours=8)).isoformat(),
            "member": _MEMBERS[i % len(_MEMBERS)],
            "locked": i == 0,
        })
    return {
        "format": "checkpoint-roster",
        "version": 1,
        "x_exported_by": "县委组织部",  # an unknown top-level key must survive
        "team": {"name": "北王村驻村工作队", "village": "北王村", "timezone": "Asia/Shanghai",
                 "lead": "m1"},
        "rules": {"min_rest_hours": 12, "x_rule_note": "试行"},
        "members": [
            {"id": "m1", "name": "张建国", "phone": "13800000001", "unit": "县民政局",
             "tags": ["party", "lead"], "x_wechat": "zjg01"},
            {"id": "m2", "name": "李海燕", "phone": "13800000002", "unit": "镇政府",
             "tags": ["party"], "no_nights": True,
             "unavailable": [{"from": "2026-12-20T00:00:00+08:00",
                              "to": "2026-12-23T00:00:00+08:00", "reason": "病假"}]},
            {"id": "m3", "name": "王志刚", "tags": ["driver"], "max_hours_per_week": 40},
        ],
        "checkpoints": [{
            "id": "cp-n", "name": "北口卡点", "location": "村北路口",
            "shifts": [{"start": s, "end": e, "need": 1} for s, e in _SHIFTS],
        }],
        "assignments": rows,
        "logs": [],
    }


def make_bundle(assignments: int = 4) -> Bundle:
    return read_bundle(team_doc(assignments), "fixture")


def say(line: str) -> None:
    """One line in one write: print() writes the text and the newline apart when output is
    unbuffered (PYTHONUNBUFFERED), and a child killed between the two would glue its
    half line to the server's next one ("saved 12reaped"), hanging the test."""
    sys.stdout.flush()
    os.write(sys.stdout.fileno(), f"{line}\n".encode())


def log_entry(ident: str, at: datetime = LOG_DAY, text: str = "") -> LogEntry:
    return LogEntry(id=ident, at=at, recorded_at=at, checkpoint="cp-n", kind="note",
                    member="m1", category="vehicle", count=1, text=text or f"检查车辆 {ident}")


def _wait_for_go(data: Path) -> None:
    say("ready")
    deadline = time.monotonic() + 30
    while not (data / "go").exists():
        if time.monotonic() > deadline:
            raise SystemExit("no go signal")
        time.sleep(0.001)


def crash(data: Path) -> None:
    store = Store(data)
    n = 0 if store.is_empty() else len(store.load().assignments)
    if n:
        store.append_log(log_entry(f"e{n}"))  # the last run may have died before logging it
    say("ready")
    while True:
        n += 1
        store.save(make_bundle(n), op="edit", operator="值班员", summary=f"{n} assignments")
        say(f"saved {n}")
        store.append_log(log_entry(f"e{n}"))
        say(f"logged {n}")


def crash_server(data: Path) -> None:
    say("ready")
    for line in sys.stdin:
        if line.strip() != "fork":
            break
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                crash(data)
            finally:
                os._exit(1)
        say(f"child {pid}")
        os.waitpid(pid, 0)
        say("reaped")


def append(data: Path, who: str, count: int) -> None:
    store = Store(data)
    _wait_for_go(data)
    for i in range(count):
        at = LOG_DAY + timedelta(seconds=i)
        if not store.append_log(log_entry(f"{who}-{i}", at)):
            raise SystemExit(f"{who}-{i} was refused as a duplicate")


def update(data: Path, who: str, count: int) -> None:
    store = Store(data)
    _wait_for_go(data)
    for i in range(count):
        def add(b: Bundle, ident: str = f"{who}-{i}") -> Bundle:
            return replace(b, members=(*b.members, Member(id=ident, name=f"志愿者{ident}")))
        store.update(add, op="edit", operator=who)


def main(argv: list[str]) -> int:
    mode, data = argv[0], Path(argv[1])
    if mode == "crash":
        crash(data)
    elif mode == "crash-server":
        crash_server(data)
    elif mode == "append":
        append(data, argv[2], int(argv[3]))
    elif mode == "update":
        update(data, argv[2], int(argv[3]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The duty log on a real data folder: checked writes, two writers, a writer killed mid-write.

The lead's board and a desk terminal write to one folder at once, and a laptop can lose
power; these run real processes against :class:`roster.services.duty.DutyLog`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from roster.dutylog.entries import resolve
from roster.dutylog.presence import sessions
from roster.services.duty import DutyLog, DutyRefused
from roster.store import Store
from tests.unit.dutylog.test_dutylog_fixtures import DAY, at, team

ROOT = Path(__file__).resolve().parents[3]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _store(path: Path) -> Store:
    store = Store(path)
    store.save(team(), op="import")
    return store


def test_writes_are_checked_then_filed(tmp_path: Path) -> None:
    store = _store(tmp_path)
    clock = Clock(at("08:03"))
    log = DutyLog(store, clock=clock, operator="值班员")
    first = log.check_in("m1", "cp-n")
    with pytest.raises(DutyRefused) as twice:
        log.check_in("m1", "cp-n")
    assert twice.value.warning and "already" in str(twice.value)
    with pytest.raises(DutyRefused) as unknown:
        log.check_out("m2", "cp-n")
    assert not unknown.value.warning
    clock.now = at("09:00")
    log.note("cp-n", "vehicle", count=12, text="过往车辆")
    clock.now = at("16:02")
    log.check_out("m1", "cp-n")
    stored = store.logs(DAY, DAY)
    assert [e.kind for e in stored] == ["check_in", "note", "check_out"]
    assert stored[0] == first and stored[0].extra == {"by": "值班员"}


def test_a_write_from_another_process_shows_up_at_once(tmp_path: Path) -> None:
    desk_clock = Clock(at("08:05"))
    desk = DutyLog(_store(tmp_path), clock=desk_clock)
    lead = DutyLog(Store(tmp_path), clock=Clock(at("08:06")))
    desk.check_in("m1", "cp-n")
    assert [r.checked_in for r in lead.desk("cp-n").rows] == [True, False]
    lead.check_in("m2", "cp-n")  # the desk's parsed shard is stale now
    assert [r.checked_in for r in desk.desk("cp-n").rows] == [True, True]
    desk_clock.now = at("08:10")
    desk.check_out("m1", "cp-n")
    assert [e.kind for e in Store(tmp_path).logs(DAY, DAY)] == [
        "check_in", "check_in", "check_out"]
    assert desk.entries(DAY, DAY) == Store(tmp_path).logs(DAY, DAY)


_WRITER = """
import sys, time
from pathlib import Path
from roster.dutylog.entries import resolve
from roster.dutylog.presence import sessions
from roster.services.duty import DutyLog, DutyRefused
from roster.store import Store
data, who, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
log = DutyLog(Store(data), operator=who)
print("ready", flush=True)
while not (data / "go").exists():
    time.sleep(0.005)
try:
    log.check_in("m1", "cp-n")
    print("checked-in", flush=True)
except DutyRefused:
    print("refused", flush=True)
for i in range(count):
    e = log.note("cp-n", "vehicle", count=i, text=f"{who}-{i}")
    print("wrote", e.id, flush=True)
"""


def _writer(data: Path, who: str, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(data), who, str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


@pytest.mark.skipif(os.name != "posix", reason="process semantics")
def test_two_terminals_writing_at_once_lose_nothing_and_check_in_once(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(team(datetime.now().date()), op="import")
    procs = [_writer(tmp_path, who, 40) for who in ("lead", "desk")]
    (tmp_path / "go").touch()
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    entries = Store(tmp_path).logs()
    texts = sorted(e.text for e in entries if e.kind == "note")
    assert texts == sorted(f"{who}-{i}" for who in ("lead", "desk") for i in range(40))
    assert [e.member for e in entries if e.kind == "check_in"] == ["m1"]
    assert sorted(o.splitlines()[0] for o in outputs) == ["checked-in", "refused"]


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_writer_killed_mid_write_loses_no_earlier_entry(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(team(datetime.now().date()), op="import")
    proc = _writer(tmp_path, "desk", 100_000)
    (tmp_path / "go").touch()
    assert proc.stdout is not None
    written: list[str] = []
    deadline = time.monotonic() + 60
    while len(written) < 25 and time.monotonic() < deadline:
        line = proc.stdout.readline().split()
        if line and line[0] == "wrote":
            written.append(line[1])
    time.sleep(0.003)  # somewhere inside the next write
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    written += [line.split()[1] for line in proc.stdout.read().splitlines()
                if line.startswith("wrote ")]  # reported before the kill, read only now
    proc.stdout.close()
    assert proc.stderr is not None
    proc.stderr.close()
    today = datetime.now().date()
    ids = {e.id for e in Store(tmp_path).logs(today - timedelta(days=1),
                                                today + timedelta(days=1))}
    assert set(written) <= ids  # every reported write survived
    assert len(ids) - 1 - len(written) in (0, 1)  # besides the check-in, at most the one
    # being written when the process died (written, but killed before it could say so)


def test_a_check_in_at_the_minute_of_the_check_out_before_it_is_a_new_session(
        tmp_path: Path) -> None:
    """Out at 12:00 and in again at 12:00 is two sessions; one more check-in at 12:00 is
    refused as a duplicate, and the check-out after it pairs with the second session."""
    store = _store(tmp_path)
    clock = Clock(at("16:30"))
    log = DutyLog(store, clock=clock)
    log.check_in("m1", "cp-n", at("08:00"))
    log.check_out("m1", "cp-n", at("12:00"))
    log.check_in("m1", "cp-n", at("12:00"))
    with pytest.raises(DutyRefused) as twice:
        log.check_in("m1", "cp-n", at("12:00"))
    assert twice.value.warning and "already" in str(twice.value)
    log.check_out("m1", "cp-n", at("16:00"))
    stored = store.logs(DAY, DAY)
    assert sorted(e.kind for e in stored) == ["check_in"] * 2 + ["check_out"] * 2
    found, strays = sessions(log.bundle(), resolve(stored), clock.now)
    assert strays == []
    assert [(s.start, s.end) for s in found] == [(at("08:00"), at("12:00")),
                                                 (at("12:00"), at("16:00"))]


def test_a_check_in_and_out_at_one_minute_is_one_short_session(tmp_path: Path) -> None:
    store = _store(tmp_path)
    log = DutyLog(store, clock=Clock(at("16:30")))
    log.check_in("m1", "cp-n", at("08:00"))
    log.check_out("m1", "cp-n", at("08:00"))
    found, strays = sessions(log.bundle(), resolve(store.logs(DAY, DAY)), at("16:30"))
    assert strays == [] and [(s.start, s.end) for s in found] == [(at("08:00"), at("08:00"))]

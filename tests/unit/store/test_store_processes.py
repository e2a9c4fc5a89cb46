"""The store against other processes: a writer killed with SIGKILL, two writers at once.

The team lead's TUI and a duty-desk terminal write to one data folder, and a laptop
can lose power mid-save; these are the failures TinyDB alone gets wrong (a torn file,
lost updates), so they are tested with real processes (tests/unit/store_worker.py).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

import roster.store
from roster.exchange.bundle import to_doc
from roster.store import Store
from tests.unit.store.store_worker import make_bundle

WORKER = Path(__file__).with_name("store_worker.py")
KILLS = 30

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork semantics")


def _start(*args: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, str(WORKER), *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"worker did not start: {line!r} {err}")
    return proc


def _finish(proc: subprocess.Popen[str]) -> None:
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err


def _last(lines: list[str], word: str) -> int:
    values = [int(line.split()[1]) for line in lines if line.startswith(word)]
    return values[-1] if values else 0


def test_a_writer_killed_at_any_moment_leaves_a_committed_state(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    rng = random.Random(20261201)
    expected: dict[int, dict[str, object]] = {}
    saved = logged = leftovers = 0
    server = _start("crash-server", str(data))
    assert server.stdin is not None and server.stdout is not None
    try:
        for _ in range(KILLS):
            server.stdin.write("fork\n")
            server.stdin.flush()
            lines: list[str] = []
            pid = 0
            while not (pid and "ready" in lines):
                line = server.stdout.readline().strip()
                assert line, "the crash server stopped"
                if line.startswith("child "):
                    pid = int(line.split()[1])
                lines.append(line)
            time.sleep(rng.uniform(0.0, 0.15))
            os.kill(pid, signal.SIGKILL)
            while (line := server.stdout.readline().strip()) != "reaped":
                assert line, "the crash server stopped"
                lines.append(line)
            saved = max(saved, _last(lines, "saved"))
            logged = max(logged, _last(lines, "logged"))
            leftovers += len(list(data.rglob(".*.tmp")))

            # A Store removes stray temp files when it opens; read first with them in place.
            with monkeypatch.context() as patch:
                patch.setattr(roster.store, "clean_temp_files", lambda lock, folders: None)
                saved = _check_committed(data, saved, logged, expected)
            Store(data)
            assert not list(data.rglob(".*.tmp")), "Store() removes stray temp files"
    finally:
        server.kill()
        server.wait()
        server.stdin.close()
        server.stdout.close()
        if server.stderr is not None:
            server.stderr.close()
    assert saved >= KILLS // 2, "the writer should get some saves in between kills"
    store = Store(data)
    history = store.history()
    assert [c.seq for c in history] == sorted((c.seq for c in history), reverse=True)
    store.undo()  # the newest backup is the state before the newest change
    assert len(store.load().assignments) == saved - 1
    print(f"{KILLS} kills, {saved} saves, {leftovers} stray temp files seen")


def _check_committed(data: Path, saved: int, logged: int,
                     expected: dict[int, dict[str, object]]) -> int:
    """The folder as a kill left it holds a committed state; returns its N."""
    strays = {p: p.stat().st_mtime_ns for p in data.rglob(".*.tmp")}
    bundle = Store(data).load(logs=True)
    n = len(bundle.assignments)
    # every reported save is durable; at most one more (killed after its rename)
    assert n in (saved, saved + 1)
    if n not in expected:
        expected[n] = to_doc(make_bundle(n))
    assert to_doc(replace(bundle, logs=())) == expected[n]
    ids = {e.id for e in bundle.logs}
    assert ids == {f"e{i}" for i in range(1, len(ids) + 1)}  # no gap, no torn entry
    assert len(ids) in (n - 1, n) and len(ids) >= logged
    assert {p: p.stat().st_mtime_ns for p in strays} == strays  # reading touched none
    return n


def _race(data: Path, mode: str, count: int) -> None:
    procs = [_start(mode, str(data), who, str(count)) for who in ("lead", "desk")]
    (data / "go").touch()
    for proc in procs:
        _finish(proc)


def test_two_processes_appending_at_once_lose_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store(data).save(make_bundle(1), op="import")
    _race(data, "append", 500)
    ids = [e.id for e in Store(data).logs()]
    assert len(ids) == 1000 == len(set(ids))
    assert set(ids) == {f"{who}-{i}" for who in ("lead", "desk") for i in range(500)}


def test_two_processes_updating_at_once_lose_no_update(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store(data).save(make_bundle(1), op="import")
    _race(data, "update", 50)
    members = [m.id for m in Store(data).load().members]
    assert len(members) == 3 + 100 == len(set(members))
    assert Store(data).history()[0].seq == 101

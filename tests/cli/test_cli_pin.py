"""``roster pin set|clear`` and ``--pin`` / ``ROSTER_PIN``: with a PIN set, every command that
changes the roster needs it; a wrong one is one line, exit 2, nothing written; five wrong in a
row make the next try wait 30 s, in any process; the duty log never asks."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from roster.store import Store
from roster.store.pin import PIN_FILE
from tests.cli.conftest import Run


def _files(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data.rglob("*"))
            if p.is_file() and p.name not in (".lock", PIN_FILE)}


def _team_with_pin(run: Run) -> None:
    assert run("init", "--team", "t").returncode == 0
    assert run("checkpoint", "add", "--id", "cp", "--name", "北口", "--pattern", "24h",
               "--first-start", "00:00").returncode == 0
    assert run("member", "add", "--name", "甲").returncode == 0
    r = run("pin", "set", stdin="2468\n2468\n")
    assert r.returncode == 0, r.stderr
    assert "PIN set" in r.stdout


def test_roster_changes_need_the_pin_and_the_log_does_not(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    _team_with_pin(run)
    before = _files(data)
    for args in (("member", "add", "--name", "乙"), ("generate", "--days", "2"),
                 ("undo",), ("checkpoint", "add", "--id", "b", "--name", "B", "--pattern", "24h"),
                 ("--pin", "1357", "member", "add", "--name", "乙")):
        r = run(*args)
        assert r.returncode == 2, (args, r.stdout)
        assert len(r.stderr.strip().splitlines()) == 1 and "PIN" in r.stderr, r.stderr
    assert _files(data) == before  # nothing written
    r = run("--pin", "2468", "member", "add", "--name", "乙")
    assert r.returncode == 0 and r.stdout.strip() == "m02"
    r = run("member", "add", "--name", "丙", env={"ROSTER_PIN": "2468"})
    assert r.returncode == 0, r.stderr
    # Reading, printing and the duty log: no PIN.
    assert run("check", "--days", "1").returncode in (0, 1)
    assert run("history").returncode == 0
    assert run("export", "--format", "json", "--out", str(tmp_path / "t.json")).returncode == 0
    r = run("log", "check-in", "--member", "m01", "--checkpoint", "cp")
    assert r.returncode == 0, r.stderr
    assert run("import-members", str(tmp_path / "none.csv"), "--dry-run").stderr.count("PIN") == 0


def test_five_wrong_in_a_row_wait_thirty_seconds(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    _team_with_pin(run)
    for _ in range(4):
        assert "wrong PIN (" in run("--pin", "0000", "undo").stderr
    r = run("--pin", "0000", "undo")
    assert "5 in a row, so the next try must wait 30 s" in r.stderr
    r = run("--pin", "2468", "undo")  # another process, the right PIN: still waits
    assert r.returncode == 2 and "wait" in r.stderr and "before the next try" in r.stderr
    assert len(Store(data).load().members) == 1
    # Thirty seconds later (the time of the last wrong try is in the file; no sleeping here).
    path = data / PIN_FILE
    doc = json.loads(path.read_text())
    last = datetime.fromisoformat(doc["pin"]["1"]["last_failure"])
    doc["pin"]["1"]["last_failure"] = (last - timedelta(seconds=31)).isoformat()
    path.write_text(json.dumps(doc))
    r = run("--pin", "2468", "undo")
    assert r.returncode == 0, r.stderr
    assert Store(data).load().members == ()


def test_changing_and_clearing_the_pin_need_it(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    _team_with_pin(run)
    assert run("pin", "clear").returncode == 2
    assert run("pin", "set", stdin="1357\n").returncode == 2
    r = run("--pin", "2468", "pin", "set", stdin="1357\n1357\n")
    assert r.returncode == 0, r.stderr
    assert run("--pin", "2468", "pin", "clear").returncode == 2
    r = run("--pin", "1357", "pin", "clear")
    assert r.returncode == 0 and "PIN removed" in r.stdout
    assert not (data / PIN_FILE).exists()
    assert run("member", "add", "--name", "乙").returncode == 0  # no PIN, no question
    r = run("pin", "set", stdin="12\n")
    assert r.returncode == 2 and r.stderr.strip() == "roster: a PIN is 4 to 12 digits"
    r = run("pin", "set", stdin="1234\n4321\n")
    assert r.returncode == 2 and "differ" in r.stderr
    assert not (data / PIN_FILE).exists()


def test_a_pin_file_without_a_record_is_damage_not_no_pin(run: Run, tmp_path: Path) -> None:
    """Review round 2 of #13 item 3: `{}` over pin.json silently opened the roster to every
    command. Now a change is refused, naming the file; the duty log still works."""
    assert run("demo", "--empty").returncode == 0
    pin = tmp_path / "data" / PIN_FILE
    for damaged in ("{}", '{"pin": {}}', '{"pin": {"1": {"salt": "00"}}}'):
        pin.write_text(damaged, encoding="utf-8")
        r = run("member", "add", "--name", "X")
        assert r.returncode == 2 and PIN_FILE in r.stderr and r.stderr.count("\n") == 1
        assert pin.read_text(encoding="utf-8") == damaged
    assert [m.name for m in Store(tmp_path / "data").load().members].count("X") == 0
    assert run("log", "note", "--checkpoint", "cp-n", "--category", "other",
               "--text", "x").returncode == 0

"""``roster generate`` as a script calls it: a full roster, seeds, repair, and exit statuses.

The periods are fixed dates, so every run says ``--include-past`` (without it a period
that is over by the time the tests run would be refused: test_cli_real_time.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.conftest import Run


def export(run: Run, tmp_path: Path, name: str) -> dict[str, Any]:
    out = tmp_path / name
    assert run("export", "--format", "json", "--out", str(out)).returncode == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_demo_fortnight_is_filled_and_checks_clean(run: Run) -> None:
    assert run("demo").returncode == 0
    r = run("generate", "--include-past", "--start", "2026-12-07", "--days", "14")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "168/168" in r.stdout
    c = run("check", "--start", "2026-12-07", "--days", "14")
    assert c.returncode == 0, c.stdout
    h = run("history")
    assert "generate" in h.stdout


def test_same_seed_same_roster_other_seed_other_roster(run: Run, tmp_path: Path) -> None:
    run("demo")
    run("generate", "--include-past", "--start", "2026-12-07", "--days", "7", "--seed", "1")
    a = export(run, tmp_path, "a.json")["assignments"]
    run("generate", "--include-past", "--start", "2026-12-07", "--days", "7", "--seed", "1")
    b = export(run, tmp_path, "b.json")["assignments"]
    run("generate", "--include-past", "--start", "2026-12-07", "--days", "7", "--seed", "2")
    c = export(run, tmp_path, "c.json")["assignments"]
    assert a == b
    assert a != c


def test_repair_after_new_leave_lists_who_replaces_whom(run: Run, tmp_path: Path) -> None:
    run("demo")
    run("generate", "--include-past", "--start", "2026-12-07", "--days", "7")
    doc = export(run, tmp_path, "team.json")
    victim = doc["assignments"][0]["member"]
    for m in doc["members"]:
        if m["id"] == victim:
            m["unavailable"].append({"from": "2026-12-06T00:00:00+08:00",
                                     "to": "2026-12-14T00:00:00+08:00", "reason": "病假"})
    path = tmp_path / "sick.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert run("import", str(path), "--replace").returncode == 0
    assert run("check", "--start", "2026-12-07", "--days", "7").returncode == 1
    r = run("generate", "--include-past", "--start", "2026-12-07", "--days", "7", "--repair")
    assert r.returncode == 0, r.stdout
    victim_name = next(m["name"] for m in doc["members"] if m["id"] == victim)
    assert victim_name in r.stdout and "→" in r.stdout
    assert run("check", "--start", "2026-12-07", "--days", "7").returncode == 0
    after = export(run, tmp_path, "after.json")["assignments"]
    kept = [a for a in doc["assignments"] if a["member"] != victim]
    moved = [a for a in kept if a not in after]
    # A valid assignment moves only to close a hole the leave opened, and says so.
    assert len(moved) == r.stdout.count("moved to close a gap")
    assert len(moved) <= 6


def test_unfillable_period_exits_1_and_explains(run: Run, tmp_path: Path) -> None:
    doc = {
        "format": "checkpoint-roster", "version": 1,
        "team": {"name": "西口工作队", "timezone": "Asia/Shanghai"},
        "members": [{"id": "m1", "name": "张建国"}],
        "checkpoints": [{"id": "cp", "name": "西口卡点", "shifts": [
            {"start": "08:00", "end": "20:00"}, {"start": "20:00", "end": "08:00"}]}],
    }
    path = tmp_path / "team.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    run("import", str(path))
    r = run("generate", "--include-past", "--start", "2026-12-01", "--days", "2")
    assert r.returncode == 1
    assert "2/4" in r.stdout
    assert "rest" in r.stdout.lower() or "shifts" in r.stdout.lower()

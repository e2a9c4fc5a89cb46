"""``roster check`` as a script calls it: the report, the JSON object and the exit statuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.conftest import Run


def one_shift_team(assignments: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": "checkpoint-roster",
        "version": 1,
        "team": {"name": "东口工作队", "timezone": "Asia/Shanghai"},
        "members": [{"id": "m1", "name": "张建国"}, {"id": "m2", "name": "李秀英"}],
        "checkpoints": [{"id": "cp", "name": "东口卡点",
                         "shifts": [{"start": "00:00", "end": "00:00"}]}],
        "assignments": assignments,
    }


def load(run: Run, tmp_path: Path, doc: dict[str, Any]) -> None:
    path = tmp_path / "team.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert run("import", str(path), "--replace").returncode == 0


DAY1 = {"checkpoint": "cp", "start": "2026-12-01T00:00:00+08:00",
        "end": "2026-12-02T00:00:00+08:00", "member": "m1"}


def test_clean_roster_exits_0(run: Run, tmp_path: Path) -> None:
    load(run, tmp_path, one_shift_team([DAY1]))
    r = run("check", "--start", "2026-12-01", "--days", "1", "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    out = json.loads(r.stdout)
    assert out["period"] == {"start": "2026-12-01T00:00:00+08:00",
                             "end": "2026-12-02T00:00:00+08:00"}
    assert out["gaps"] == [] and out["violations"] == []


def test_gaps_and_violations_exit_1_with_the_spec_shape(run: Run, tmp_path: Path) -> None:
    day2 = {"checkpoint": "cp", "start": "2026-12-02T00:00:00+08:00",
            "end": "2026-12-03T00:00:00+08:00", "member": "m1"}
    load(run, tmp_path, one_shift_team([DAY1, day2]))
    r = run("check", "--start", "2026-12-01", "--days", "3", "--json")
    assert r.returncode == 1
    out = json.loads(r.stdout)
    gap = out["gaps"][0]
    assert {k: gap[k] for k in ("kind", "checkpoint", "start", "end", "need", "have")} == {
        "kind": "understaffed", "checkpoint": "cp", "start": "2026-12-03T00:00:00+08:00",
        "end": "2026-12-04T00:00:00+08:00", "need": 1, "have": 0}
    rest = next(v for v in out["violations"] if v["kind"] == "rest")
    assert rest["member"] == "m1"
    assert rest["assignments"] == [
        {"checkpoint": "cp", "start": "2026-12-01T00:00:00+08:00",
         "end": "2026-12-02T00:00:00+08:00"},
        {"checkpoint": "cp", "start": "2026-12-02T00:00:00+08:00",
         "end": "2026-12-03T00:00:00+08:00"}]


def test_readable_report_in_both_languages(run: Run, tmp_path: Path) -> None:
    load(run, tmp_path, one_shift_team([]))
    zh = run("--lang", "zh", "check", "--start", "2026-12-01", "--days", "1")
    assert zh.returncode == 1
    assert "人手不足" in zh.stdout and "东口卡点" in zh.stdout
    en = run("--lang", "en", "check", "--start", "2026-12-01", "--days", "1")
    assert "understaffed" in en.stdout.lower()


def test_unreadable_store_exits_2_naming_the_file(run: Run, tmp_path: Path) -> None:
    load(run, tmp_path, one_shift_team([]))
    team = tmp_path / "data" / "team.json"
    team.write_bytes(b"{not json")
    r = run("check")
    assert r.returncode == 2
    assert str(team) in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert team.read_bytes() == b"{not json"

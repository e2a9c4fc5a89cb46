"""Bundle version 2 through the command line: import keeps every v2 key, a bad one is refused."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run
from tests.unit.exchange.test_bundle_plans_v2 import v2_doc


def _write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_then_export_keeps_every_v2_key(run: Run, tmp_path: Path) -> None:
    doc = v2_doc()
    assert run("import", str(_write(tmp_path / "in.json", doc))).returncode == 0
    out = tmp_path / "out.json"
    assert run("export", "--format", "json", "--out", str(out)).returncode == 0
    back = json.loads(out.read_text(encoding="utf-8"))
    assert back["version"] == 2 and "exported_at" in back
    assert back["crews"] == [dict(c) for c in doc["crews"]]
    assert back["rules"]["max_consecutive_days"] == 5
    assert back["rules"]["days_off_after_nights"] == 1
    assert back["members"][0]["only_checkpoints"] == ["cp-n"]
    assert [w["want"] for w in back["members"][1]["wishes"]] == ["off", "on"]
    assert back["checkpoints"][0]["shifts"][1]["rotation"] == {"crews": ["g1", "g2"],
                                                               "from": "2026-11-01"}
    assert back["checkpoints"][1]["shifts"][0]["weekdays"] == [3, 7]
    assert [c["reason"] for c in back["checkpoints"][0]["changes"]] == ["春节", "修桥"]


def test_a_bad_v2_key_is_one_line_exit_2_and_nothing_written(run: Run, tmp_path: Path) -> None:
    doc = v2_doc()
    doc["crews"][1]["members"].append("m1")
    done = run("import", str(_write(tmp_path / "bad.json", doc)))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "crews[1] (g2).members" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "team.json").exists()


def _rotated_team() -> dict[str, object]:
    from tests.unit.checker.checker_fixtures import at, cp, on, person, tpl

    gate = cp("cp-r", tpl("08:00", "08:00"))
    gate["shifts"][0]["rotation"] = {"crews": ["g1", "g2"], "from": "2026-11-28"}
    members = [person("m1"), person("m2"), person("m3"),
               {**person("m4", name="赵四"), "wishes": [
                   {"from": at(0, "00:00"), "to": at(1, "00:00"), "want": "off", "weight": 2,
                    "reason": "孩子考试"}]}]
    holders = {-1: "m3", 0: "m4", 1: "m3", 2: "m2", 3: "m1", 4: "m2", 5: "m1", 6: "m4"}
    return {"format": "checkpoint-roster", "version": 2,
            "team": {"name": "测试工作队", "timezone": "Asia/Shanghai"}, "rules": {},
            "members": members, "checkpoints": [gate],
            "crews": [{"id": "g1", "name": "一组", "members": ["m1"]},
                      {"id": "g2", "name": "二组", "members": ["m2", "m4"]}],
            "assignments": [on("cp-r", d, "08:00", "08:00", m) for d, m in holders.items()],
            "logs": []}


def test_check_json_reports_wishes_and_substitutes_without_failing(run: Run,
                                                                  tmp_path: Path) -> None:
    assert run("import", str(_write(tmp_path / "t.json", _rotated_team()))).returncode == 0
    done = run("check", "--start", "2026-12-01", "--days", "7", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    doc = json.loads(done.stdout)
    assert doc["wishes"]["met"] == 0 and doc["wishes"]["unmet"] == 1
    assert doc["wishes"]["unmet_weight"] == 2
    assert doc["wishes"]["unmet_list"][0]["member"] == "m4"
    assert doc["substitutes"] == [{"checkpoint": "cp-r", "start": "2026-12-02T08:00:00+08:00",
                                   "end": "2026-12-03T08:00:00+08:00", "crew": "g1",
                                   "member": "m3"}]
    text = run("check", "--start", "2026-12-01", "--days", "7")
    assert text.returncode == 0
    assert "Wishes: 0 met, 1 not met" in text.stdout
    assert "孩子考试" in text.stdout and "一组" in text.stdout


def test_generate_reports_crew_places_and_wishes_and_explains_an_unmet_wish(
        run: Run, tmp_path: Path) -> None:
    from tests.unit.checker.checker_fixtures import at

    doc = _rotated_team()
    doc["assignments"] = []
    members = doc["members"]
    assert isinstance(members, list)
    # m1 alone in g1 cannot hold three 24-hour turns in one week (56 h cap): a substitute.
    members[0]["wishes"] = [{"from": at(3, "00:00"), "to": at(4, "00:00"), "want": "off",
                             "weight": 3, "reason": "赶集"}]
    assert run("import", str(_write(tmp_path / "t.json", doc))).returncode == 0
    done = run("generate", "--start", "2026-12-01", "--days", "7", "--include-past")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "crew places held 6/7" in done.stdout
    assert "wishes met: weight" in done.stdout
    check = json.loads(run("check", "--start", "2026-12-01", "--days", "7", "--json").stdout)
    assert len(check["substitutes"]) == 1 and check["violations"] == []

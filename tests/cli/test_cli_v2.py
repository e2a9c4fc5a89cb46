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

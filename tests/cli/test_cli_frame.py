"""The command line frame: demo, import, export, history/undo, and the 0/1/2 exit rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.conftest import Run


def bundle_doc() -> dict[str, Any]:
    return {
        "format": "checkpoint-roster",
        "version": 1,
        "team": {"name": "南李村驻村工作队", "timezone": "Asia/Shanghai"},
        "members": [{"id": "m1", "name": "张建国", "phone": "13800000001"}],
        "checkpoints": [{"id": "cp", "name": "东口卡点", "shifts": [
            {"start": "08:00", "end": "20:00"}, {"start": "20:00", "end": "08:00"}]}],
        "assignments": [{"checkpoint": "cp", "start": "2026-12-01T08:00:00+08:00",
                         "end": "2026-12-01T20:00:00+08:00", "member": "m1"}],
    }


def write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def assert_one_line_error(result: Any, *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_demo_then_export_json_round_trips(run: Run, tmp_path: Path) -> None:
    r = run("demo")
    assert r.returncode == 0, r.stderr
    assert "demo team" in r.stdout
    out = tmp_path / "team.json"
    r = run("export", "--format", "json", "--out", str(out))
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "checkpoint-roster" and doc["version"] == 2
    assert doc["exported_at"] and doc["team"]["id"]
    assert doc["team"]["name"] == "北王村驻村工作队"
    # export → import → export gives the same document
    other = tmp_path / "other"
    r = run("import", str(out), data_dir=other)
    assert r.returncode == 0, r.stderr
    again = tmp_path / "again.json"
    assert run("export", "--format", "json", "--out", str(again), data_dir=other).returncode == 0
    again_doc = json.loads(again.read_text(encoding="utf-8"))
    assert again_doc.pop("exported_at") >= doc.pop("exported_at")  # when each file was written
    assert again_doc == doc


def test_demo_refuses_a_non_empty_store_without_replace(run: Run) -> None:
    assert run("demo").returncode == 0
    r = run("demo")
    assert_one_line_error(r, "already holds a team", "--replace")
    assert run("demo", "--replace").returncode == 0


def test_import_reports_the_first_cause_in_one_line_and_changes_nothing(
        run: Run, tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", bundle_doc())
    assert run("import", str(good)).returncode == 0
    before = run("export", "--format", "json", "--out", str(tmp_path / "before.json"))
    assert before.returncode == 0
    doc = bundle_doc()
    doc["team"]["timezone"] = "Mars/Base"
    doc["members"].append({"id": "m1", "name": "李四"})
    doc["checkpoints"][0]["shifts"][0]["end"] = "25:00"
    bad = write(tmp_path / "bad.json", doc)
    r = run("import", str(bad), "--replace")
    assert r.returncode == 2
    # One line (#13 item 11): the first cause and how many more.
    assert r.stderr.strip().splitlines() == [
        f"roster: {bad}: team.timezone: 'Mars/Base' is not a known time zone (an IANA name like "
        "Asia/Shanghai) (and 2 more problem(s))"]
    assert "Traceback" not in r.stderr
    assert run("export", "--format", "json", "--out", str(tmp_path / "after.json")).returncode == 0
    assert _unstamped(tmp_path / "before.json") == _unstamped(tmp_path / "after.json")


def _unstamped(path: Path) -> dict[str, object]:
    """A bundle file without ``exported_at`` (when it was written differs by design)."""
    doc: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    doc.pop("exported_at")
    return doc


def test_import_of_malformed_json_names_the_place(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "checkpoint-roster", "version": 1,', encoding="utf-8")
    assert_one_line_error(run("import", str(bad)), str(bad), "line 1", "malformed JSON")


def test_import_of_a_missing_file(run: Run, tmp_path: Path) -> None:
    assert_one_line_error(run("import", str(tmp_path / "nope.json")), "nope.json",
                          "no such file")


def test_wrong_format_and_newer_version_are_refused(run: Run, tmp_path: Path) -> None:
    doc = bundle_doc()
    doc["format"] = "excel-roster"
    assert_one_line_error(run("import", str(write(tmp_path / "a.json", doc))), "format")
    doc = bundle_doc()
    doc["version"] = 99
    assert_one_line_error(run("import", str(write(tmp_path / "b.json", doc))),
                          "version 99 is newer")


def test_bad_flags_give_one_line_and_exit_2(run: Run) -> None:
    assert_one_line_error(run("--no-such-flag"), "--no-such-flag")
    assert_one_line_error(run("export", "--format", "docx", "--out", "x"), "--format")
    assert_one_line_error(run("export", "--format", "json", "--out", "x.json",
                              "--start", "2026-02-30"), "--start", "not a date that exists")
    assert_one_line_error(run("export", "--format", "json", "--out", "x.json", "--days", "0"),
                          "--days")
    assert_one_line_error(run("frobnicate"), "frobnicate")


def test_commands_on_an_empty_store_say_what_to_do(run: Run, tmp_path: Path) -> None:
    r = run("export", "--format", "json", "--out", str(tmp_path / "x.json"))
    assert_one_line_error(r, "roster demo")
    assert not (tmp_path / "x.json").exists()


def test_export_filters_name_unknown_ids(run: Run, tmp_path: Path) -> None:
    run("demo")
    r = run("export", "--format", "json", "--out", str(tmp_path / "x.json"),
            "--checkpoint", "cp-nowhere")
    assert_one_line_error(r, "--checkpoint cp-nowhere")


def test_export_into_a_missing_folder(run: Run, tmp_path: Path) -> None:
    run("demo")
    r = run("export", "--format", "json", "--out", str(tmp_path / "no" / "x.json"))
    assert_one_line_error(r, "does not exist")


def test_data_folder_from_environment(run: Run, tmp_path: Path) -> None:
    env_dir = tmp_path / "from-env"
    r = run("demo", data_dir=None, env={"ROSTER_DATA": str(env_dir)})
    assert r.returncode == 0, r.stderr
    assert (env_dir / "team.json").exists()


def test_history_and_undo(run: Run, tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", bundle_doc())
    assert run("demo").returncode == 0
    assert run("import", str(good), "--replace").returncode == 0
    r = run("history")
    assert r.returncode == 0 and "import" in r.stdout and "demo" in r.stdout
    assert "tester" in r.stdout
    assert run("undo").returncode == 0
    out = tmp_path / "x.json"
    run("export", "--format", "json", "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["team"]["name"] == "北王村驻村工作队"


def test_chinese_messages_by_default_with_lang_zh(run: Run) -> None:
    r = run("--lang", "zh", "demo")
    assert r.returncode == 0
    assert "已载入演示工作队" in r.stdout


def test_demo_comes_with_a_clean_fortnight_and_undo_empties_it(run: Run, tmp_path: Path) -> None:
    r = run("demo")
    assert "Generated this week and next" in r.stdout
    out = tmp_path / "x.json"
    run("export", "--format", "json", "--out", str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["assignments"]) >= 168
    monday = doc["demo_anchor"]
    assert run("check", "--start", monday, "--days", "14").returncode == 0
    assert run("undo").returncode == 0
    run("export", "--format", "json", "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["assignments"] == []


def test_demo_empty_has_no_roster(run: Run, tmp_path: Path) -> None:
    assert run("demo", "--empty").returncode == 0
    out = tmp_path / "x.json"
    run("export", "--format", "json", "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["assignments"] == []


def test_an_empty_team_file_is_damage_not_a_fresh_start(run: Run, tmp_path: Path) -> None:
    assert run("demo").returncode == 0
    team = tmp_path / "data" / "team.json"
    team.write_bytes(b"")
    good = write(tmp_path / "good.json", bundle_doc())
    for args in (("import", str(good)), ("import", str(good), "--replace"), ("check",),
                 ("undo",)):
        assert_one_line_error(run(*args), "team.json", "empty", "Move it aside")
    assert team.read_bytes() == b""  # nothing wrote over it

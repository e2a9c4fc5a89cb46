"""#13, second round: what our own commands write, our own reader reads back; bounds hold.

Each refusal is one line naming the flag, exit 2, and the folder unchanged (``history``
shows no new change and ``check`` still reads it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Run


def _changes(run: Run) -> str:
    out = run("history")
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.parametrize(("args", "flag"), [
    (("member", "add", "--name", "甲", "--tags", "x" * 300), "--tags"),
    (("member", "add", "--name", "x" * 201), "--name"),
    (("member", "add", "--name", "甲", "--id", "x" * 201), "--id"),
    (("member", "add", "--name", "甲", "--unit", "u" * 20_000), "--unit"),
    (("checkpoint", "add", "--id", "c9", "--name", "n" * 201, "--pattern", "3x8"), "--name"),
    (("checkpoint", "add", "--id", "c9", "--name", "n", "--pattern", "3x8",
      "--location", "l" * 20_000), "--location"),
    (("checkpoint", "add", "--id", "c9", "--name", "n", "--pattern", "3x8", "--need", "1001"),
     "--need"),
])
def test_write_commands_refuse_what_the_reader_would(run: Run, args: tuple[str, ...],
                                                      flag: str) -> None:
    assert run("demo").returncode == 0
    before = _changes(run)
    out = run(*args)
    assert out.returncode == 2, out.stdout + out.stderr
    assert out.stderr.startswith(f"roster: {flag}: "), out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr
    assert _changes(run) == before  # nothing written
    assert run("check").returncode in (0, 1)  # the folder still reads


def _bundle(run: Run, tmp_path: Path) -> dict:
    assert run("demo").returncode == 0
    path = tmp_path / "b.json"
    assert run("export", "--format", "json", "--out", str(path)).returncode == 0
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", ["days_off_after_nights", "max_consecutive_days"])
def test_huge_rules_are_refused_at_import(run: Run, tmp_path: Path, key: str) -> None:
    doc = _bundle(run, tmp_path)
    doc["rules"][key] = 1_000_000_000
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = run("import", str(path), "--replace")
    assert out.returncode == 2, out.stdout + out.stderr
    assert f"rules.{key}" in out.stderr and "Traceback" not in out.stderr
    assert run("generate", "--days", "2").returncode in (0, 1)


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("edit", [
    lambda s: _with(s, '"min_rest_hours": ', '"min_rest_hours": ' + "9" * 5000 + ', "zz": '),
    lambda s: s.rstrip()[:-1] + ', "x": ' + "9" * 5000 + "}",
    lambda s: _with(s, '"version": 2', '"version": 1' + "0" * 400),
])
def test_numbers_of_thousands_of_digits_are_one_line(run: Run, tmp_path: Path, edit) -> None:
    text = json.dumps(_bundle(run, tmp_path), ensure_ascii=False)
    path = tmp_path / "digits.json"
    path.write_text(edit(text), encoding="utf-8")
    out = run("import", str(path), "--replace")
    assert out.returncode == 2, out.stdout + out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    assert len(out.stderr) < 200  # the number itself is not repeated


def test_a_long_version_is_cut_in_the_message(run: Run, tmp_path: Path) -> None:
    text = json.dumps(_bundle(run, tmp_path), ensure_ascii=False)
    path = tmp_path / "v.json"
    path.write_text(_with(text, '"version": 2', '"version": 1' + "0" * 90), encoding="utf-8")
    out = run("import", str(path), "--replace")
    assert out.returncode == 2 and "version" in out.stderr
    assert "0" * 50 not in out.stderr and "…" in out.stderr


def test_county_lists_a_file_of_huge_numbers_and_keeps_the_others(run: Run,
                                                                   tmp_path: Path) -> None:
    text = json.dumps(_bundle(run, tmp_path), ensure_ascii=False)
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "a.json").write_text(text, encoding="utf-8")
    (folder / "b.json").write_text(text.rstrip()[:-1] + ', "x": ' + "9" * 5000 + "}",
                                   encoding="utf-8")
    (folder / "c.json").write_text(_with(text, '"min_rest_hours": ',
                                         '"min_rest_hours": ' + "9" * 5000 + ', "zz": '),
                                   encoding="utf-8")
    out_file = tmp_path / "county.json"
    out = run("county", str(folder), "--format", "json", "--out", str(out_file))
    assert "Traceback" not in out.stderr, out.stderr
    report = json.loads(out_file.read_text(encoding="utf-8"))
    assert len(report["teams"]) == 1
    assert sorted(Path(e["file"]).name for e in report["errors"]) == ["b.json", "c.json"]


@pytest.mark.parametrize("start", ["2199-12-31", "1970-01-01"])
def test_a_period_running_outside_the_years_is_refused_at_the_flag(run: Run,
                                                                    start: str) -> None:
    assert run("demo").returncode == 0  # Asia/Shanghai: 1970-01-01 00:00 is still 1969 in UTC
    before = _changes(run)
    out = run("generate", "--start", start, "--days", "1", "--include-past")
    assert out.returncode == 2, out.stdout + out.stderr
    assert out.stderr.startswith("roster: --start "), out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert _changes(run) == before
    assert run("check").returncode in (0, 1)


def test_the_last_days_in_a_zone_behind_utc_read_back(run: Run, tmp_path: Path) -> None:
    assert run("init", "--team", "T", "--timezone", "Etc/GMT+12").returncode == 0
    assert run("checkpoint", "add", "--id", "c1", "--name", "C", "--pattern", "3x8"
               ).returncode == 0
    for i in range(4):
        assert run("member", "add", "--name", f"n{i}").returncode == 0
    for start in ("1970-01-01", "2199-12-29"):
        out = run("generate", "--start", start, "--days", "1", "--include-past")
        assert out.returncode in (0, 1), out.stderr
    out = run("generate", "--start", "2199-12-30", "--days", "1")
    assert out.returncode == 2 and out.stderr.startswith("roster: --start "), out.stderr
    path = tmp_path / "t.json"
    assert run("export", "--format", "json", "--out", str(path)).returncode == 0
    out = run("import", str(path), data_dir=tmp_path / "other")
    assert out.returncode == 0, out.stderr


def test_an_instant_read_back_after_the_zone_changes(run: Run, tmp_path: Path) -> None:
    """The years hold for the instant in UTC: what was accepted in one zone reads back in
    any other (1970-01-01T08:30+08:00 is 1969-12-31T16:30-08:00 in Los Angeles)."""
    doc = _bundle(run, tmp_path)
    log = {"id": "L1", "at": "1970-01-01T08:30:00+08:00", "checkpoint":
           doc["checkpoints"][0]["id"], "kind": "note", "text": "x"}
    doc["logs"] = [log]
    path = tmp_path / "a.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert run("import", str(path), "--replace").returncode == 0
    doc["team"]["timezone"] = "America/Los_Angeles"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    la = tmp_path / "la"
    assert run("import", str(path), data_dir=la).returncode == 0
    out_path = tmp_path / "b.json"
    assert run("export", "--format", "json", "--out", str(out_path), data_dir=la
               ).returncode == 0
    assert "1969-12-31T16:30:00-08:00" in out_path.read_text(encoding="utf-8")
    out = run("import", str(out_path), data_dir=tmp_path / "empty")
    assert out.returncode == 0, out.stderr
    # An instant before 1970 in UTC is refused where it enters, with one line.
    log["at"] = "1970-01-01T00:30:00+08:00"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = run("import", str(path), "--replace")
    assert out.returncode == 2 and "outside the years" in out.stderr, out.stderr


def test_init_refuses_a_team_name_the_reader_would(run: Run, tmp_path: Path) -> None:
    out = run("init", "--team", "t" * 201)
    assert out.returncode == 2 and out.stderr.startswith("roster: --team: "), out.stderr
    assert not (tmp_path / "data" / "team.json").exists()

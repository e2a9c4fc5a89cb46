"""#13 data safety, second round: damage in team.json, backups/ and the log, met through
the CLI. Each damaged folder is refused in one line (exit 2) with every file unchanged."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run


def _md5s(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.md5(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"}


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os
    import subprocess
    import sys
    base = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROSTER_")}
    env.update({"ROSTER_LANG": "en", "ROSTER_OPERATOR": "tester", "PYTHONIOENCODING": "utf-8"})
    for args in (["demo"], ["member", "add", "--name", "M1"], ["member", "add", "--name", "M2"],
                 ["member", "add", "--name", "M3"]):
        subprocess.run([sys.executable, "-m", "roster", "--data", str(base / "data"), *args],
                       check=True, capture_output=True, env=env, timeout=120)
    return base / "data"


@pytest.fixture
def data(demo_folder: Path, tmp_path: Path) -> Path:
    shutil.copytree(demo_folder, tmp_path / "data")
    return tmp_path / "data"


def _edit(team: Path, change: Callable[[dict[str, Any]], None]) -> None:
    tables = json.loads(team.read_text(encoding="utf-8"))
    change(tables)
    team.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")


def _refused(result: Any, *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


def test_team_record_gone_with_members_left_is_damage(run: Run, data: Path,
                                                        tmp_path: Path) -> None:
    assert run("export", "--format", "json", "--out", str(tmp_path / "B.json")).returncode == 0
    _edit(data / "team.json", lambda t: t.update(team={}))
    before = _md5s(data)
    for args in (("check",), ("import", str(tmp_path / "B.json")), ("init", "--team", "X"),
                 ("member", "add", "--name", "X")):
        _refused(run(*args), "team.json", "team record is missing")
    assert _md5s(data) == before


def test_an_empty_object_is_damage_for_readers_and_init_alike(run: Run, data: Path) -> None:
    (data / "team.json").write_text("{}", encoding="utf-8")
    before = _md5s(data)
    for args in (("check",), ("init", "--team", "X"), ("history",)):
        _refused(run(*args), "team.json", "no meta record")
    assert _md5s(data) == before


def test_a_stray_file_in_backups_neither_numbers_nor_prunes(run: Run, data: Path) -> None:
    shutil.copy(data / "team.json", data / "backups" / "20261203.json")
    shutil.copy(data / "team.json", data / "backups" / "999999.json")
    backups = sorted(p.name for p in (data / "backups").iterdir())
    assert run("member", "add", "--name", "X").returncode == 0
    after = sorted(p.name for p in (data / "backups").iterdir())
    assert after == sorted([*backups, "000006.json"])  # the demo made 2 changes, then 3 adds
    history = json.loads((data / "team.json").read_text(encoding="utf-8"))["changes"]
    assert sorted(d["seq"] for d in history.values()) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(("damage", "words"), [
    (lambda t: t["meta"]["1"].update(last_seq=10**30), ("meta.last_seq", "history ends")),
    (lambda t: t["meta"]["1"].update(last_seq="abc"), ("meta.last_seq", "'abc'")),
    (lambda t: t["meta"]["1"].update(generation=None), ("meta.generation",)),
    (lambda t: t["changes"]["1"].update(seq="x"), ("seq='x'",)),
    (lambda t: t["changes"]["2"].update(restores="2"), ("seq=2",)),
    (lambda t: t["changes"]["3"].update(at=5), ("seq=3",)),
], ids=["last_seq huge", "last_seq text", "generation null", "seq text", "restores text",
        "at number"])
def test_damaged_meta_or_history_is_one_line_and_writes_nothing(
        run: Run, data: Path, damage: Callable[[dict[str, Any]], None],
        words: tuple[str, ...]) -> None:
    _edit(data / "team.json", damage)
    before = _md5s(data)
    for args in (("member", "add", "--name", "甲"), ("undo",), ("history",)):
        _refused(run(*args), "team.json", *words)
    assert _md5s(data) == before  # no stray backup, no history record


def _log_day(data: Path) -> Path:
    """Today's shard, where `log show` and `log note` look (the demo team's zone)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    zone = json.loads((data / "team.json").read_text(encoding="utf-8"))["team"]["1"]["timezone"]
    (data / "logs").mkdir(exist_ok=True)
    return data / "logs" / f"{datetime.now(ZoneInfo(zone)).date().isoformat()}.json"


SPECIAL: dict[str, Callable[[Path], None]] = {
    "symlink to /dev/zero": lambda p: p.symlink_to("/dev/zero"),
    "fifo": lambda p: __import__("os").mkfifo(p),
    "65 MB": lambda p: _pad(p, 65 * 1024 * 1024),
}


def _pad(path: Path, size: int) -> None:
    """Valid JSON (the file as it was, or an empty shard) padded with spaces to ``size``."""
    text = (path.read_bytes() if path.exists()
            else b'{"meta":{"1":{"schema":1}},"logs":{}}')
    path.write_bytes(text + b" " * (size - len(text)))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX special files")
@pytest.mark.parametrize("kind", list(SPECIAL))
def test_a_log_shard_that_is_not_a_small_regular_file_is_refused(run: Run, data: Path,
                                                                  tmp_path: Path,
                                                                  kind: str) -> None:
    shard = _log_day(data)
    SPECIAL[kind](shard)
    for args in (("log", "show"),
                 ("log", "note", "--checkpoint", "cp-n", "--category", "vehicle", "--text", "x"),
                 ("export", "--format", "json", "--out", str(tmp_path / "out.json"))):
        _refused(run(*args), shard.name)
    assert not (tmp_path / "out.json").exists()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX special files")
@pytest.mark.parametrize(("name", "kind"), [("team.json", "fifo"), ("pin.json", "fifo"),
                                            ("prints.json", "symlink to /dev/zero"),
                                            ("team.json", "65 MB")])
def test_store_files_that_are_not_small_regular_files_are_refused(run: Run, data: Path,
                                                                   name: str, kind: str) -> None:
    path = data / name
    path.unlink(missing_ok=True)
    SPECIAL[kind](path)
    args = (("export", "--format", "html", "--out", str(data.parent / "x.html"))
            if name == "prints.json" else ("member", "add", "--name", "Q"))
    _refused(run(*args), name)


def _bundle_with(run: Run, data: Path, out: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    assert run("export", "--format", "json", "--out", str(out)).returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    change(doc)
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out


def _other_team(doc: dict[str, Any]) -> None:
    doc["team"].update(id="team-other", name="外村工作队")
    for m in doc["members"]:
        if m["id"] == "m05":
            m["name"] = "外村人"
    doc["logs"] = [dict(e, id=f"other-{i}", text="外村的记录")
                   for i, e in enumerate(doc["logs"])]


def test_another_teams_bundle_does_not_take_over_the_log(run: Run, data: Path,
                                                         tmp_path: Path) -> None:
    assert run("log", "check-in", "--member", "m05", "--checkpoint", "cp-n").returncode == 0
    old_log = {p.name: p.read_bytes() for p in (data / "logs").iterdir()}
    bundle = _bundle_with(run, data, tmp_path / "B2.json", _other_team)
    result = run("import", "--replace", str(bundle))
    assert result.returncode == 0, result.stderr
    # The old team's log is kept whole, aside; the new team's log is the bundle's alone.
    aside = [p for p in (data / "backups").iterdir() if p.is_dir()]
    assert [p.name for p in aside] == ["logs-before-000006"]
    assert {p.name: p.read_bytes() for p in aside[0].iterdir()} == old_log
    export = _bundle_with(run, data, tmp_path / "C.json", lambda d: None)
    logs = json.loads(export.read_text(encoding="utf-8"))["logs"]
    assert [e["text"] for e in logs] == ["外村的记录"]
    assert all(e["id"].startswith("other-") for e in logs)
    # Undoing the import brings the old team back with its own log.
    assert run("undo").returncode == 0
    assert {p.name: p.read_bytes() for p in (data / "logs").iterdir()} == old_log


def test_the_same_team_still_merges_and_a_conflicting_entry_is_refused(
        run: Run, data: Path, tmp_path: Path) -> None:
    assert run("log", "check-in", "--member", "m05", "--checkpoint", "cp-n").returncode == 0
    same = _bundle_with(run, data, tmp_path / "same.json", lambda d: None)
    assert run("import", "--replace", str(same)).returncode == 0
    assert not [p for p in (data / "backups").iterdir() if p.is_dir()]

    def rewrite(doc: dict[str, Any]) -> None:
        doc["logs"][0]["text"] = "改过的内容"
    changed = _bundle_with(run, data, tmp_path / "changed.json", rewrite)
    before = _md5s(data)
    _refused(run("import", "--replace", str(changed)), "holds another entry with this id")
    assert _md5s(data) == before

"""Bad input is one line, exit 2, and the store untouched (#13 items 8-11): text that is
not UTF-8, files past sane sizes, dates at the ends of the calendar, values that would
overflow, a data folder whose parts are the wrong kind of thing, and a file with several
problems (the first cause, once)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Run

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo.json"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def _one_line_refusal(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture
def demo(run: Run, tmp_path: Path) -> Path:
    assert run("demo").returncode == 0
    return tmp_path / "data"


def _run_bytes(tmp_path: Path, *args: bytes) -> subprocess.CompletedProcess[str]:
    """``roster`` with raw bytes as arguments, as a GBK terminal sends them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROSTER_")}
    env.update({"ROSTER_LANG": "en", "ROSTER_OPERATOR": "tester", "PYTHONIOENCODING": "utf-8"})
    return subprocess.run([sys.executable.encode(), b"-m", b"roster", b"--data",
                           str(tmp_path / "data").encode(), *args], capture_output=True,
                          env=env, cwd=tmp_path, timeout=120, text=True, errors="replace")


GBK = "值班".encode("gbk")


@pytest.mark.parametrize("args", [
    (b"log", b"note", b"--checkpoint", b"cp-n", b"--category", b"incident", b"--text", GBK),
    (b"--operator", GBK, b"generate", b"--days", b"2"),
    # a choice in GBK: argparse refuses it first, and showed it as '\udcd6\udcd0'
    (b"log", b"note", b"--checkpoint", b"cp-n", b"--category", GBK, b"--text", b"x"),
])
def test_text_that_is_not_utf8_is_refused_and_nothing_is_written(
        demo: Path, tmp_path: Path, args: tuple[bytes, ...]) -> None:
    before = _snapshot(demo)
    line = _one_line_refusal(_run_bytes(tmp_path, *args))
    assert "is not UTF-8 text" in line and "\\udc" not in line
    assert any(flag in line for flag in ("--text", "--operator", "--category"))
    assert _snapshot(demo) == before


def _bundle(tmp_path: Path, change: object) -> Path:
    doc = json.loads(DEMO.read_text(encoding="utf-8"))
    change(doc)  # type: ignore[operator]
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")
    return path


def _set(path: str, value: object) -> object:
    def change(doc: dict[str, object]) -> None:
        *parents, last = path.split("/")
        node: object = doc
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]  # type: ignore[index]
        node[int(last) if isinstance(node, list) else last] = value  # type: ignore[index]
    return change


@pytest.mark.parametrize(("change", "said"), [
    (_set("members/0/name", "王\ud800"), "members[0].name: is not valid text"),
    (_set("members/0/name", "长" * 300), "name: is longer than 200"),
    (_set("members/0/note", "\udc80"), "members[0].note: is not valid text"),
    (_set("rules/late_grace_minutes", 1e15), "rules.late_grace_minutes: must be at most 1440"),
    (_set("rules/holidays", ["0001-01-01"]), "outside the years"),
    (_set("members/0/unavailable", [{"from": "9999-12-31T20:00:00+08:00",
                                     "to": "9999-12-31T23:00:00+08:00"}]), "outside the years"),
    (_set("members", {"m01": {}}), "members: expected a list, got an object"),
], ids=["surrogate", "long-name", "surrogate-extra-key", "grace", "year-1", "year-9999",
        "members-object"])
def test_a_hostile_bundle_is_one_line_and_the_team_stays(
        run: Run, demo: Path, tmp_path: Path, change: object, said: str) -> None:
    before = _snapshot(demo)
    line = _one_line_refusal(run("import", "--replace", str(_bundle(tmp_path, change))))
    assert said in line, line
    assert _snapshot(demo) == before


def test_a_bundle_nested_200000_deep(run: Run, demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    assert "nested more than" in _one_line_refusal(run("import", "--replace", str(path)))


def test_a_duplicate_id_is_reported_once_at_the_second_record(
        run: Run, demo: Path, tmp_path: Path) -> None:
    def twice(doc: dict[str, list[dict[str, object]]]) -> None:
        doc["members"].append(dict(doc["members"][0]))
    line = _one_line_refusal(run("import", "--replace", str(_bundle(tmp_path, twice))))
    assert "members[20] (m01).id: duplicate member id 'm01'" in line


@pytest.mark.parametrize("flags", [("--start", "9999-12-31"), ("--start", "0001-01-01")])
def test_dates_at_the_ends_of_the_calendar(run: Run, demo: Path, flags: tuple[str, str]) -> None:
    for command in ("generate", "check"):
        done = run(command, *flags, "--days", "7")
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert "outside the years" in done.stderr


@pytest.mark.parametrize("part", ["lock-folder", "logs-file", "backups-file"])
def test_a_data_folder_whose_parts_are_the_wrong_kind(run: Run, demo: Path, part: str) -> None:
    target = demo / {"lock-folder": ".lock", "logs-file": "logs",
                     "backups-file": "backups"}[part]
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink(missing_ok=True)
    if part == "lock-folder":
        target.mkdir()
    else:
        target.write_text("x")
    before = _snapshot(demo)
    for args in (("generate", "--days", "2"), ("log", "show"),
                 ("log", "note", "--checkpoint", "cp-n", "--category", "incident"),
                 ("export", "--format", "html", "--out", str(demo.parent / "out.html"))):
        line = _one_line_refusal(run(*args))
        assert str(target) in line and "Move it aside" in line
    assert _snapshot(demo) == before
    assert not (demo.parent / "out.html").exists()

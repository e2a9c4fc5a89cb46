"""``roster county … --out -`` on a terminal shows every unsafe character as a sign (review
round 2 of #13 item 5): the table's bytes went to the terminal raw, escape sequences from a
team's name or a file's name included. Into a pipe the bytes stay exact."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import Run

HOSTILE = "队\x1b]0;PWN\x07\u202e"


def _bundles(run: Run, tmp_path: Path) -> Path:
    assert run("demo", "--empty").returncode == 0
    folder = tmp_path / "county"
    folder.mkdir()
    out = folder / "a.json"
    assert run("export", "--format", "json", "--out", str(out)).returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["team"]["name"] = HOSTILE
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (folder / "bad\x1b[2J.json").write_text("{", encoding="utf-8")  # listed as unreadable
    return folder


def test_the_table_on_a_terminal_is_safe(run: Run, tmp_path: Path) -> None:
    folder = _bundles(run, tmp_path)
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROSTER_")}
    env.update({"ROSTER_LANG": "en", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"})
    with subprocess.Popen([sys.executable, "-m", "roster", "county", str(folder), "--format",
                           "txt", "--out", "-"], stdout=slave, stderr=subprocess.PIPE,
                          env=env) as proc:
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=120)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8", errors="replace")
    assert proc.returncode == 1, shown  # one file could not be read
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "队␛]0;PWN␇" in shown and "bad␛[2J.json" in shown


def test_into_a_pipe_the_bytes_are_exact(run: Run, tmp_path: Path) -> None:
    folder = _bundles(run, tmp_path)
    r = run("county", str(folder), "--format", "json", "--out", "-", data_dir=None)
    assert "\x1b" not in r.stdout  # JSON writes it as an escape: lossless, and safe
    assert [t["team"] for t in json.loads(r.stdout)["teams"]] == [HOSTILE]

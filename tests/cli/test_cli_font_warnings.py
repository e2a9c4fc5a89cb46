"""``roster log report --format pdf`` says which characters its font cannot print, as
``roster export --format pdf`` does: who or which log entry, the character, how to fix it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from roster.domain.timeutil import today
from roster.exchange.bundle import read_bundle
from roster.store import Store
from tests.cli.conftest import Run
from tests.unit.dutylog.test_dutylog_fixtures import TZ, team_doc

YESTERDAY = today(TZ) - timedelta(days=1)
DAY = YESTERDAY.isoformat()


def _team(tmp_path: Path, names: dict[str, str]) -> None:
    doc = team_doc(YESTERDAY)
    for m in doc["members"]:
        m["name"] = names.get(m["id"], m["name"])
    Store(tmp_path / "data").save(read_bundle(doc, "fixture"), op="import")


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def _log(run: Run, *args: str) -> None:
    r = run("log", *args)
    assert r.returncode == 0, r.stderr


def test_the_daily_report_pdf_names_what_its_font_cannot_print(run: Run,
                                                               tmp_path: Path) -> None:
    _team(tmp_path, {"m1": "刘䶮"})
    _log(run, "check-in", "--member", "m1", "--checkpoint", "cp-n", "--at", f"{DAY}T08:00")
    _log(run, "note", "--checkpoint", "cp-n", "--category", "incident", "--member", "m1",
         "--text", "拦下车牌 𠀀A12345", "--at", f"{DAY}T09:30")
    _log(run, "note", "--checkpoint", "cp-n", "--category", "vehicle", "--count", "3",
         "--text", "过往车辆", "--at", f"{DAY}T10:00")
    status = run("log", "report", "--date", DAY, "--format", "json").returncode
    pdf = tmp_path / "daily.pdf"
    r = run("log", "report", "--date", DAY, "--format", "pdf", "--out", str(pdf))
    assert r.returncode == status, r.stderr  # a warning is not a problem of the day
    assert pdf.read_bytes()[:5] == b"%PDF-"
    printed = _pdftotext(pdf)
    assert "刘" in printed and "过往车辆" in printed
    lines = [line for line in r.stderr.splitlines() if "U+" in line]
    assert len(lines) == 2, r.stderr
    member = next(line for line in lines if "U+4DAE" in line)
    assert member.startswith("roster: member 刘䶮 (m1)") and "ROSTER_CJK_FONT=" in member
    entry = next(line for line in lines if "U+20000" in line)
    assert "log entry" in entry and "09:30" in entry and "ROSTER_CJK_FONT=" in entry
    # The same warnings with the file on standard output (to stderr, the pipe untouched).
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROSTER_")}
    env.update({"ROSTER_LANG": "en", "PYTHONIOENCODING": "utf-8"})
    raw = subprocess.run([sys.executable, "-m", "roster", "--data", str(tmp_path / "data"),
                          "log", "report", "--date", DAY, "--format", "pdf", "--out", "-"],
                         capture_output=True, env=env, timeout=120, check=False)
    assert raw.returncode == status and raw.stdout[:5] == b"%PDF-"
    assert raw.stderr.decode("utf-8").count("U+") == 2, raw.stderr.decode("utf-8")
    # In Chinese.
    r = run("log", "report", "--date", DAY, "--format", "pdf", "--out", str(pdf),
            env={"ROSTER_LANG": "zh"})
    assert "队员 刘䶮（m1）" in r.stderr and "ROSTER_CJK_FONT" in r.stderr


def test_formats_read_on_screen_and_a_font_that_prints_all_say_nothing(run: Run,
                                                                       tmp_path: Path) -> None:
    _team(tmp_path, {"m1": "刘䶮"})
    for fmt in ("txt", "html", "json"):
        r = run("log", "report", "--date", DAY, "--format", fmt, "--out",
                str(tmp_path / f"daily.{fmt}"))
        assert "U+" not in r.stderr, (fmt, r.stderr)
    _team(tmp_path, {})
    r = run("log", "report", "--date", DAY, "--format", "pdf", "--out",
            str(tmp_path / "daily.pdf"))
    assert "U+" not in r.stderr and "ROSTER_CJK_FONT" not in r.stderr, r.stderr


def test_the_roster_pdf_on_standard_output_warns_too(tmp_path: Path) -> None:
    from tests.unit.exchange.export_team import team_doc as export_doc

    doc = export_doc()
    doc["members"][1]["name"] = "刘䶮"  # type: ignore[index]
    Store(tmp_path / "data").save(read_bundle(doc, "test team"), op="import")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROSTER_")}
    env.update({"ROSTER_LANG": "en", "PYTHONIOENCODING": "utf-8"})
    raw = subprocess.run([sys.executable, "-m", "roster", "--data", str(tmp_path / "data"),
                          "export", "--format", "pdf", "--out", "-", "--start", "2026-12-01"],
                         capture_output=True, env=env, timeout=120, check=False)
    err = raw.stderr.decode("utf-8")
    assert raw.returncode == 0 and raw.stdout[:5] == b"%PDF-", err
    assert "刘䶮 (m2)" in err and "U+4DAE" in err and "ROSTER_CJK_FONT=" in err

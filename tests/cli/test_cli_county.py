"""``roster county`` as a county office runs it: a folder of teams' files in, one table out.

The fixture team is rostered yesterday (in its zone), so every shift of the period has
ended whenever the tests run, and its figures can be held against what ``roster check``
and the daily report say of the same team.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta
from pathlib import Path

from roster.domain.timeutil import today
from tests.cli.conftest import Run
from tests.unit.county.county_fixtures import county_doc, quiet_doc, write
from tests.unit.dutylog.test_dutylog_fixtures import TZ, at

YESTERDAY = today(TZ) - timedelta(days=1)
DAY = YESTERDAY.isoformat()
STAMP = at("09:00", YESTERDAY)


def _figures(run: Run, *paths: Path, extra: tuple[str, ...] = ()) -> tuple[int, dict]:
    done = run("county", *map(str, paths), "--start", DAY, "--days", "1", "--format", "json",
               *extra, data_dir=None)
    assert not done.stderr or done.returncode == 2, done.stderr
    return done.returncode, (json.loads(done.stdout) if done.stdout else {})


def test_a_teams_figures_are_those_of_its_own_check_and_daily_report(
        run: Run, tmp_path: Path) -> None:
    source = write(tmp_path / "team.json", county_doc(YESTERDAY, team_id="t-north"))
    assert run("import", str(source)).returncode == 0
    sent = tmp_path / "county" / "north.json"
    sent.parent.mkdir()
    assert run("export", "--format", "json", "--out", str(sent)).returncode == 0

    status, doc = _figures(run, sent)
    assert status == 1
    [team] = doc["teams"]
    checked = run("check", "--start", DAY, "--days", "1", "--json")
    assert checked.returncode == 1
    check = json.loads(checked.stdout)
    report = json.loads(run("log", "report", "--date", DAY, "--format", "json").stdout)

    def short(kind: str) -> int:
        return sum(g["need"] - g["have"] for g in check["gaps"] if g["kind"] == kind)

    holes = [g for g in check["gaps"] if g["kind"] == "uncovered"]
    hours = sum((at(g["end"][11:16], YESTERDAY) - at(g["start"][11:16], YESTERDAY))
                .total_seconds() / 3600 % 24 for g in holes)
    unconfirmed = [h for h in report["unconfirmed_handovers"] if h["at"].startswith(DAY)]
    expected = {
        "team_id": "t-north", "team": "北王村驻村工作队", "village": "北王村",
        "township": "城关镇", "file": str(sent), "checkpoints": 3,
        "shifts": check["summary"]["shifts"],
        "empty_places": short("understaffed"), "missing_tags": short("missing_tag"),
        "uncovered_hours": hours, "violations": len(check["violations"]),
        "absent": sum(m["absent"] for m in report["members"]),
        "late": sum(m["late"] for m in report["members"]),
        "unconfirmed_handovers": len(unconfirmed),
    }
    assert {k: team[k] for k in expected} == expected
    assert (team["absent"], team["late"], team["unconfirmed_handovers"]) == (2, 1, 1)
    assert team["problems"] == (team["empty_places"] + team["missing_tags"]
                                + team["violations"] + team["absent"] + team["late"]
                                + team["unconfirmed_handovers"] + len(holes))
    assert team["exported_at"].endswith("+08:00")
    assert doc["period"] == {"start": f"{DAY}T00:00:00+08:00",
                             "end": f"{(YESTERDAY + timedelta(days=1)).isoformat()}"
                                    "T00:00:00+08:00"}
    assert doc["superseded"] == [] and doc["errors"] == []


def test_exit_statuses(run: Run, tmp_path: Path) -> None:
    quiet = write(tmp_path / "quiet" / "a.json", quiet_doc())
    assert _figures(run, quiet.parent)[0] == 0
    broken = write(tmp_path / "mixed" / "broken.json", {"format": "checkpoint-roster",
                                                         "version": 99})
    write(tmp_path / "mixed" / "b.json", quiet_doc(name="西营村驻村工作队"))
    status, doc = _figures(run, broken.parent)
    assert status == 1 and len(doc["teams"]) == 1
    assert [e["file"] for e in doc["errors"]] == [str(broken)]
    assert "newer than this program reads" in doc["errors"][0]["error"]

    out = tmp_path / "out.json"
    done = run("county", str(broken), str(tmp_path / "gone.json"), "--format", "json",
               "--out", str(out), data_dir=None)
    assert done.returncode == 2 and not out.exists() and not done.stdout
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "broken.json" in done.stderr and "(and 1 more)" in done.stderr

    empty = tmp_path / "empty"
    empty.mkdir()
    done = run("county", str(empty), data_dir=None)
    assert done.returncode == 2 and "no bundle found" in done.stderr
    done = run("county", str(quiet), "--days", "0", data_dir=None)
    assert done.returncode == 2 and "--days" in done.stderr
    assert run("county", data_dir=None).returncode == 2


def test_duplicates_count_once_and_the_older_is_listed(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "c" / "new.json", county_doc(YESTERDAY, team_id="t", exported_at=STAMP))
    write(tmp_path / "c" / "old.json",
          county_doc(YESTERDAY, team_id="t", exported_at=STAMP - timedelta(days=1)))
    status, doc = _figures(run, tmp_path / "c")
    assert status == 1
    assert [t["file"] for t in doc["teams"]] == [str(tmp_path / "c" / "new.json")]
    assert doc["superseded"] == [{"file": str(tmp_path / "c" / "old.json"), "team_id": "t"}]


def test_a_read_only_folder_is_read_and_nothing_is_written_next_to_it(
        run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    write(folder / "a.json", county_doc(YESTERDAY, team_id="a"))
    write(folder / "sub" / "b.json", quiet_doc())
    before = sorted((p.relative_to(folder), p.stat().st_mtime_ns) for p in folder.rglob("*"))
    modes = [(p, p.stat().st_mode) for p in folder.rglob("*")] + [(folder, folder.stat().st_mode)]
    for p, mode in modes:
        os.chmod(p, mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        status, doc = _figures(run, folder)
        text = run("county", str(folder), "--start", DAY, "--format", "txt", "--out", "-",
                   data_dir=None, cwd=folder)
    finally:
        for p, mode in reversed(modes):
            os.chmod(p, mode)
    assert status == 1 and len(doc["teams"]) == 2
    assert text.returncode == 1 and "北王村驻村工作队" in text.stdout
    assert sorted((p.relative_to(folder), p.stat().st_mtime_ns)
                  for p in folder.rglob("*")) == before


def test_text_table_and_out_file(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "c" / "a.json", county_doc(YESTERDAY, team_id="a"))
    write(tmp_path / "c" / "b.json", quiet_doc(township="河口乡"))
    out = tmp_path / "county.txt"
    done = run("county", str(tmp_path / "c"), "--start", DAY, "--format", "txt",
               "--out", str(out), data_dir=None)
    assert done.returncode == 1 and not done.stdout and str(out) in done.stderr
    again = run("county", str(tmp_path / "c"), "--format", "json", "--out",
                str(tmp_path / "c" / "county.json"), data_dir=None)
    again = run("county", str(tmp_path / "c"), "--format", "json", "--out",
                str(tmp_path / "c" / "county.json"), data_dir=None)
    assert again.returncode == 1  # the table written among the bundles is not read back
    assert json.loads((tmp_path / "c" / "county.json").read_text(encoding="utf-8"))[
        "errors"] == []
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith(f"County roll-up · {DAY} (1 day(s)) · 2 team(s), 1 with problems")
    totals = next(i for i, line in enumerate(lines) if line.startswith("county "))
    teams = [line for line in lines[totals:] if "驻村工作队" in line]
    assert "北王村驻村工作队" in teams[0] and "南李村驻村工作队" in teams[1]  # problems first
    # Without --format and not in a terminal: the text table on standard output.
    zh = run("--lang", "zh", "county", str(tmp_path / "c"), "--start", DAY, data_dir=None,
             env={"ROSTER_LANG": "zh"})
    assert zh.stdout.startswith("全县汇总") and "河口乡" in zh.stdout


def test_export_for_county_keeps_only_the_leads_phone(run: Run, tmp_path: Path) -> None:
    doc = county_doc(YESTERDAY, team_id="t-north")
    doc["team"]["lead"] = "m1"
    assert run("import", str(write(tmp_path / "team.json", doc))).returncode == 0
    full, sent = tmp_path / "full.json", tmp_path / "county.json"
    assert run("export", "--format", "json", "--out", str(full)).returncode == 0
    done = run("export", "--for-county", "--out", str(sent))
    assert done.returncode == 0, done.stderr
    plain, private = (json.loads(p.read_text(encoding="utf-8")) for p in (full, sent))
    assert [(m["id"], m["phone"]) for m in private["members"]] == [
        ("m1", "13800000001"), ("m2", ""), ("m3", ""), ("m4", ""), ("m5", "")]
    for d in (plain, private):
        del d["exported_at"]
        for m in d["members"]:
            m.pop("phone")
    assert plain == private  # everything else, logs included, is sent as it is
    status, rolled = _figures(run, sent)
    assert status == 1 and rolled["teams"][0]["team_id"] == "t-north"
    for flags in (("--format", "pdf"), ("--days", "3"), ("--member", "m1")):
        done = run("export", "--for-county", *flags, "--out", str(tmp_path / "x.json"))
        assert done.returncode == 2 and done.stderr.count("\n") == 1
        assert not (tmp_path / "x.json").exists()
    done = run("export", "--out", str(tmp_path / "x.json"))
    assert done.returncode == 2 and "--format" in done.stderr

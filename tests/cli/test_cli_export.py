"""``roster export`` as a script or a lead runs it: files, defaults, exit statuses, messages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from icalendar import Calendar
from pypdf import PdfReader

from roster.domain.timeutil import today, zone
from roster.exchange.bundle import read_bundle
from roster.store import Store
from tests.cli.conftest import Run
from tests.unit.exchange.export_team import team_doc


def load(run: Run, tmp_path: Path, doc: dict[str, Any]) -> None:
    """Put the team in the data folder the ``run`` fixture uses (in-process: it is faster)."""
    del run
    Store(tmp_path / "data").save(read_bundle(doc, "test team"), op="import")


WEEK = ("--start", "2026-12-01", "--days", "7")


def test_print_then_reprint_marks_what_moved(run: Run, tmp_path: Path) -> None:
    doc = team_doc()
    load(run, tmp_path, doc)
    pdf = tmp_path / "week.pdf"
    r = run("export", "--format", "pdf", "--out", str(pdf), *WEEK)
    assert r.returncode == 0, r.stderr
    assert "Exported 2 page(s)" in r.stdout and "version" in r.stdout
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    assert "张建国" in reader.pages[0].extract_text()

    # 李秀英 leaves 2026-12-02; the reprint (in any print format) marks that one cell.
    doc["assignments"] = [a for a in doc["assignments"]
                          if not (a["member"] == "m2" and a["start"].startswith("2026-12-02"))]
    load(run, tmp_path, doc)
    page = tmp_path / "week.html"
    r = run("export", "--format", "html", "--out", str(page), *WEEK)
    assert r.returncode == 0, r.stderr
    assert "1 cell(s) changed since the last print" in r.stdout
    html = page.read_text(encoding="utf-8")
    assert html.count('class="changed"') == 1 and "★" in html


def test_a_csv_grid_and_a_members_calendar(run: Run, tmp_path: Path) -> None:
    load(run, tmp_path, team_doc())
    grid = tmp_path / "grid.csv"
    r = run("export", "--format", "csv", "--layout", "grid", "--out", str(grid), *WEEK)
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(grid.read_bytes().decode("utf-8-sig"))))
    assert rows[1][0] == "Date" and rows[2][0] == "2026-12-01"

    ics = tmp_path / "m2.ics"
    r = run("export", "--format", "ics", "--member", "m2", "--out", str(ics), *WEEK)
    assert r.returncode == 0, r.stderr
    assert len(Calendar.from_ical(ics.read_bytes()).walk("VEVENT")) == 6


def test_the_period_defaults_to_the_week_from_today_but_json_exports_all(
        run: Run, tmp_path: Path) -> None:
    start = today(zone("Asia/Shanghai"))
    load(run, tmp_path, team_doc(days=14, first=start))
    out = tmp_path / "week.csv"
    r = run("export", "--format", "csv", "--out", str(out))
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))[1:]
    days = sorted({row[0] for row in rows})
    assert days[0] == start.isoformat() and len(days) == 7
    bundle = tmp_path / "all.json"
    assert run("export", "--format", "json", "--out", str(bundle)).returncode == 0
    assert len(json.loads(bundle.read_text(encoding="utf-8"))["assignments"]) == len(
        team_doc(days=14, first=start)["assignments"])


def test_nothing_to_export_exits_1_and_writes_nothing(run: Run, tmp_path: Path) -> None:
    # (The other empty selections, a checkpoint or a period with nothing in it, give the
    # same exit through the same function: tests/unit/test_export_job.py.)
    load(run, tmp_path, team_doc())
    out = tmp_path / "out.pdf"
    r = run("export", "--format", "pdf", "--out", str(out), "--member", "m5", *WEEK)
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert r.stderr.strip() == ("roster: 赵六 (m5) has no shifts in 2026-12-01 to 2026-12-07; "
                                "no file written")
    assert not out.exists()


def test_bad_flags_exit_2_naming_the_flag(run: Run, tmp_path: Path) -> None:
    load(run, tmp_path, team_doc())
    out = tmp_path / "out.ics"
    cases = [
        (("--format", "ics", *WEEK), "--member / --checkpoint"),
        (("--format", "pdf", "--layout", "grid", *WEEK), "--layout grid"),
    ]
    for flags, message in cases:
        r = run("export", "--out", str(out), *flags)
        assert r.returncode == 2, (flags, r.stdout, r.stderr)
        assert message in r.stderr and "Traceback" not in r.stderr
        assert not out.exists()

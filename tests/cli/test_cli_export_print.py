"""``roster export`` of the printed formats, read back as a printer's user would."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from roster.exchange.bundle import read_bundle
from roster.exchange.exporters.fonts import cjk_font
from roster.exchange.exporters.glyphs import glyphs_of
from roster.store import Store
from tests.cli.conftest import Run
from tests.unit.exchange.crowded_team import crowded_doc
from tests.unit.exchange.export_team import team_doc

WEEK = ("--start", "2026-12-01", "--days", "7")


def load(tmp_path: Path, doc: dict[str, object]) -> None:
    Store(tmp_path / "data").save(read_bundle(doc, "test team"), op="import")


def _text(pdf: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_every_character_on_the_sheet_prints_something(run: Run, tmp_path: Path) -> None:
    load(tmp_path, crowded_doc())  # the location says 体温≥37.3℃
    pdf = tmp_path / "week.pdf"
    r = run("export", "--format", "pdf", "--out", str(pdf), *WEEK)
    assert r.returncode == 0, r.stderr
    text = _text(pdf)
    assert "37.3°C" in text
    glyphs = glyphs_of(cjk_font({}))
    assert [c for c in text if not glyphs.has(c)] == []
    assert r.stderr == ""


def test_a_name_character_the_font_lacks_is_named_on_stderr(run: Run, tmp_path: Path) -> None:
    doc = team_doc()
    doc["members"][1]["name"] = "刘䶮"  # type: ignore[index]
    load(tmp_path, doc)
    pdf = tmp_path / "week.pdf"
    r = run("export", "--format", "pdf", "--out", str(pdf), *WEEK)
    assert r.returncode == 0, r.stderr
    assert pdf.is_file()
    lines = [line for line in r.stderr.splitlines() if "䶮" in line]
    assert len(lines) == 1, r.stderr
    assert "刘䶮 (m2)" in lines[0] and "U+4DAE" in lines[0] and "ROSTER_CJK_FONT=" in lines[0]
    # In Chinese too.
    r = run("export", "--format", "pdf", "--out", str(pdf), *WEEK, env={"ROSTER_LANG": "zh"})
    assert "队员 刘䶮（m2）" in r.stderr and "ROSTER_CJK_FONT" in r.stderr


def _calendar(path: Path) -> list[Any]:
    data = path.read_bytes()
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_a_shift_taken_from_a_member_is_cancelled_in_their_calendar(run: Run,
                                                                     tmp_path: Path) -> None:
    doc = team_doc()
    load(tmp_path, doc)
    ics = tmp_path / "m2.ics"
    r = run("export", "--format", "ics", "--member", "m2", "--out", str(ics), *WEEK)
    assert r.returncode == 0, r.stderr
    first = {str(e["UID"]): e for e in _calendar(ics)}
    assert len(first) == 6  # 李秀英: the day shift every day but 2026-12-05

    # The next week's calendar: the first week's events are still on the roster.
    r = run("export", "--format", "ics", "--member", "m2", "--out", str(ics),
            "--start", "2026-12-08", "--days", "7")
    assert r.returncode == 0, r.stderr
    assert all("STATUS" not in e for e in _calendar(ics))

    # 李秀英 no longer works 2026-12-02: the updated calendar cancels that event.
    doc["assignments"] = [a for a in doc["assignments"]  # type: ignore[union-attr]
                          if not (a["member"] == "m2" and a["start"].startswith("2026-12-02"))]
    load(tmp_path, doc)
    r = run("export", "--format", "ics", "--member", "m2", "--out", str(ics), *WEEK)
    assert r.returncode == 0, r.stderr
    events = _calendar(ics)
    cancelled = [e for e in events if str(e.get("STATUS", "")) == "CANCELLED"]
    assert len(cancelled) == 1 and len(events) == 6
    gone = cancelled[0]
    old = first[str(gone["UID"])]
    assert gone.decoded("DTSTART") == old.decoded("DTSTART")
    assert int(gone["SEQUENCE"]) > int(old["SEQUENCE"])
    assert gone.decoded("DTSTART").date().isoformat() == "2026-12-02"
    # Exported again, the cancellation is sent again (a phone that missed it catches up).
    r = run("export", "--format", "ics", "--member", "m2", "--out", str(ics), *WEEK)
    again = [e for e in _calendar(ics) if str(e.get("STATUS", "")) == "CANCELLED"]
    assert [str(e["UID"]) for e in again] == [str(gone["UID"])]
    assert int(again[0]["SEQUENCE"]) > int(gone["SEQUENCE"])


def test_a_checkpoints_calendar_reminds_an_hour_before(run: Run, tmp_path: Path) -> None:
    load(tmp_path, team_doc())
    ics = tmp_path / "cp.ics"
    r = run("export", "--format", "ics", "--checkpoint", "cp-n", "--out", str(ics), *WEEK)
    assert r.returncode == 0, r.stderr
    events = _calendar(ics)
    assert events
    for e in events:
        alarms = e.walk("VALARM")
        assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") == -timedelta(hours=1)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_the_versions_the_command_names_are_those_on_the_sheets(run: Run,
                                                                 tmp_path: Path) -> None:
    load(tmp_path, team_doc())
    pdf = tmp_path / "week.pdf"
    r = run("export", "--format", "pdf", "--out", str(pdf), *WEEK)
    assert r.returncode == 0, r.stderr
    named = re.findall(r"\b[0-9a-f]{8}\b", r.stdout)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == 2 and len(named) == 2, r.stdout
    for stamp, page in zip(named, pages, strict=True):  # in page order
        assert f"版本 {stamp}" in page or f"Version {stamp}" in page

    for fmt, extra in (("html", ()), ("xlsx", ()), ("txt", ()), ("csv", ("--layout", "grid"))):
        out = tmp_path / f"week.{fmt}"
        r = run("export", "--format", fmt, "--out", str(out), *WEEK, *extra)
        assert r.returncode == 0, r.stderr
        named = re.findall(r"\b[0-9a-f]{8}\b", r.stdout)
        assert named, r.stdout
        if fmt == "xlsx":
            with zipfile.ZipFile(out) as book:
                content = b"".join(book.read(n) for n in book.namelist()).decode("utf-8")
        else:
            content = out.read_bytes().decode("utf-8-sig")
        for stamp in named:
            assert stamp in content, (fmt, stamp)

    # A file that prints no version is not given one.
    rows = tmp_path / "rows.csv"
    r = run("export", "--format", "csv", "--out", str(rows), *WEEK)
    assert r.returncode == 0 and "(version" not in r.stdout, r.stdout


def test_the_page_count_said_is_the_pages_printed(run: Run, tmp_path: Path) -> None:
    load(tmp_path, crowded_doc(standby=12))  # a contact list that needs a second page
    pdf, html = tmp_path / "week.pdf", tmp_path / "week.html"
    r = run("export", "--format", "pdf", "--out", str(pdf), *WEEK)
    assert r.returncode == 0, r.stderr
    pages = len(PdfReader(pdf).pages)
    assert pages == 2 and f"Exported {pages} page(s)" in r.stdout, r.stdout
    r = run("export", "--format", "html", "--out", str(html), *WEEK)
    sections = html.read_text(encoding="utf-8").count('<section class="page')
    assert f"Exported {sections} page(s)" in r.stdout, (sections, r.stdout)

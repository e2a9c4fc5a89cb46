"""The daily report's PDF read back as a printer's user reads it (pdftotext / pypdf)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from roster.dutylog.report import day_report
from roster.exchange.exporters.grid import build
from roster.reports.daily_report import REPORT_FORMATS, blocks, render_html
from tests.unit.dutylog.test_dutylog_fixtures import DAY, at, cin, cout, note, team

pypdf = pytest.importorskip("pypdf")
B = team()


def _report(notes: int):  # type: ignore[no-untyped-def]
    entries = [cin("m1", at("07:55")), cin("m2", at("08:25"))]
    entries += [note("vehicle", at("09:00") + timedelta(minutes=i), count=i + 1,
                     text="过往车辆登记" * (1 + i % 3), member="m2" if i % 2 else None)
                for i in range(notes)]
    entries.append(note("person", at("10:30"), count=3, member="m3",
                        text="外来人员登记，体温正常，已告知居家观察事项并留下联系方式" * 2))
    entries += [cout("m1", at("16:05")), cin("m3", at("15:58")), cout("m3", at("24:00"))]
    return day_report(B, entries, DAY, at("09:00", DAY + timedelta(days=1)))


def _pages(data: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_the_evening_shift_is_labelled_as_the_roster_labels_it() -> None:
    report = _report(1)
    roster_rows = [r.label() for g in build(B, _selection()).grids
                   if g.checkpoint.id == "cp-n" for r in g.rows]
    assert "16:00–00:00" in roster_rows
    text = "\n".join(b.text for b in blocks(report, "zh"))
    assert "16:00–00:00" in text and "24:00" not in text
    assert "16:00–00:00" in render_html(report, "zh")


def _selection():  # type: ignore[no-untyped-def]
    from roster.exchange.exporters.selection import Selection

    return Selection(B.period(DAY, 1))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_names_in_the_who_column_stay_on_one_line(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(REPORT_FORMATS["pdf"].render(_report(6), "zh"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    # Each name is printed whole on its lines (a name wrapped a character a line would
    # leave no line with the whole name in the entries tables).
    for name in ("张建国", "李海燕", "王志刚"):
        assert name in text
    assert re.search(r"08:25\s+李海燕\s+签到", text), text
    assert re.search(r"15:58\s+王志刚\s+签到", text), text
    assert re.search(r"10:30\s+王志刚\s+人员登记", text), text


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page() -> None:
    headings = {b.text for b in blocks(_report(1), "zh") if b.kind in ("heading", "subheading")}
    assert any("北口卡点" in h for h in headings)
    alone = []
    for notes in range(22, 60, 4):
        pages = _pages(REPORT_FORMATS["pdf"].render(_report(notes), "zh"))
        for page in pages[:-1]:
            last = [line for line in page.splitlines() if line.strip()][-1]
            if any(last.replace(" ", "") == h.replace(" ", "") for h in headings):
                alone.append((notes, last))
    assert not alone

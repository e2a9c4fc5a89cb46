"""The county roll-up printed (HTML) and as a workbook, read back: A4 landscape pages whose
boxes add up, one row per team under its township's subtotal, a sheet per township."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from roster.county import RollUp, find_bundles, roll_up
from roster.reports.county_print import (
    COLUMN_MM,
    PAGE_MM,
    ROWS_PER_PAGE,
    page_height_mm,
    render_html,
)
from roster.reports.county_report import COLUMNS
from roster.reports.county_xlsx import HEADER_ROW, render_xlsx
from roster.samples.county import write_county
from tests.unit.county.county_fixtures import county_doc, quiet_doc, write
from tests.unit.dutylog.test_dutylog_fixtures import DAY, at

LATER = at("12:00", DAY + timedelta(days=2))
TRICKY = "=<b>西营村</b>工作队"


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> RollUp:
    folder = tmp_path_factory.mktemp("county")
    write_county(folder, 60, day=DAY, now=LATER, per_township=12)
    write(folder / "tricky.json", county_doc(name=TRICKY, team_id="tricky", township="城关镇"))
    write(folder / "quiet.json", quiet_doc(township=""))
    (folder / "broken.json").write_text("{", encoding="utf-8")
    return roll_up(find_bundles([folder]), DAY, 1, LATER, workers=1)


class _Pages(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.pages: list[list[tuple[str, list[str]]]] = []
        self.style = ""
        self._tag = ""
        self._row: tuple[str, list[str]] | None = None
        self._body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag = tag
        self._body = self._body or tag == "tbody"
        if tag == "section":
            self.pages.append([])
        elif tag == "tr" and self._body:
            self._row = (dict(attrs).get("class") or "team", [])
        elif tag == "td" and self._row is not None:
            self._row[1].append("")

    def handle_endtag(self, tag: str) -> None:
        self._body = self._body and tag != "tbody"
        if tag == "tr" and self._row is not None:
            self.pages[-1].append(self._row)
            self._row = None
        self._tag = ""

    def handle_data(self, data: str) -> None:
        if self._tag == "style":
            self.style += data
        elif self._row is not None and self._row[1]:
            self._row[1][-1] += data


def _parsed(rollup: RollUp, lang: str = "zh") -> _Pages:
    pages = _Pages()
    pages.feed(render_html(rollup, lang).decode("utf-8"))
    pages.close()
    return pages


def test_the_boxes_of_a_page_fit_a4_landscape() -> None:
    assert page_height_mm() <= PAGE_MM[1] and sum(COLUMN_MM) <= PAGE_MM[0]
    assert len(COLUMN_MM) == 3 + len(COLUMNS) + 1


def test_html_pages_a_row_per_team_under_its_township(county: RollUp) -> None:
    doc = _parsed(county)
    assert "size: A4 landscape" in doc.style and "page-break-after: always" in doc.style
    assert f"height: {PAGE_MM[1]}mm" in doc.style
    assert len(doc.pages) > 2 and all(len(p) <= ROWS_PER_PAGE for p in doc.pages)
    rows = [r for p in doc.pages for r in p]
    teams = [cells for kind, cells in rows if kind == "team"]
    assert sorted(c[2] for c in teams) == sorted(t.team for t in county.teams)
    assert TRICKY in [c[2] for c in teams]  # escaped in the file, read back as text
    first = rows[0][1]
    assert rows[0][0] == "county" and first[0] == "全县"
    assert first[3:3 + len(COLUMNS)] == [str(v) for v in
                                         (county.total.checkpoints, county.total.shifts,
                                          county.total.empty_places, county.total.missing_tags,
                                          int(county.total.uncovered_hours),
                                          county.total.violations, county.total.absent,
                                          county.total.late,
                                          county.total.unconfirmed_handovers,
                                          county.total.problems)]
    # Each township's teams follow its subtotal row, and no subtotal ends a page.
    township = None
    for page in doc.pages:
        assert page[-1][0] != "sum" and page[0][1] != [""]
        for kind, cells in page:
            if kind == "sum":
                township = cells[0]
            elif kind == "team":
                assert cells[0] == township
    notes = " ".join(cells[0] for kind, cells in rows if kind == "note" and cells)
    assert "broken.json" in notes and "（未填乡镇）" in {c[0] for c in teams}


def test_html_escapes_what_files_say(county: RollUp) -> None:
    html = render_html(county, "en").decode("utf-8")
    assert "<b>西营村" not in html and "&lt;b&gt;西营村" in html
    assert not re.search(r"<script", html)


def test_xlsx_a_sheet_per_township_with_its_subtotal(county: RollUp) -> None:
    wb = load_workbook(io.BytesIO(render_xlsx(county, "zh")))
    townships = county.townships()
    assert wb.sheetnames == ["全县", *[name or "（未填乡镇）" for name, _ in townships]]
    summary = wb["全县"]
    assert [summary.cell(HEADER_ROW + 1, c).value for c in (1, 2, 2 + len(COLUMNS))] == [
        "全县", county.total.teams, county.total.problems]
    for (name, sums), ws in zip(townships, wb.worksheets[1:], strict=True):
        teams = [t for t in county.teams if t.township == name]
        rows = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
        assert [r[1] for r in rows[:-1]] == [t.team for t in teams]
        assert list(rows[-1][2:2 + len(COLUMNS)]) == [
            sums.checkpoints, sums.shifts, sums.empty_places, sums.missing_tags,
            sums.uncovered_hours, sums.violations, sums.absent, sums.late,
            sums.unconfirmed_handovers, sums.problems]
        assert all(isinstance(v, int | float) for r in rows for v in r[2:2 + len(COLUMNS)])
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.page_setup.fitToWidth == 1 and ws.freeze_panes == f"A{HEADER_ROW + 1}"
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    cell = next(c for row in wb["城关镇"].iter_rows() for c in row if c.value == TRICKY)
    assert cell.data_type == "s"  # a name that looks like a formula stays a name


def test_cli_writes_html_and_xlsx(tmp_path: Path) -> None:
    from roster.cli.main import main

    write(tmp_path / "c" / "a.json", county_doc(team_id="a"))
    for fmt in ("html", "xlsx"):
        out = tmp_path / f"county.{fmt}"
        assert main(["--lang", "en", "county", str(tmp_path / "c"), "--start",
                     DAY.isoformat(), "--format", fmt, "--out", str(out)]) == 1
        assert out.stat().st_size > 1000
    assert main(["county", str(tmp_path / "c"), "--format", "xlsx"]) == 2  # needs --out

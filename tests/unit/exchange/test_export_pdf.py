"""The printed PDF, read back with pypdf: pages, Chinese text, embedded fonts, change marks."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from roster.exchange.exporters import EXPORTERS
from roster.exchange.exporters.fonts import ENV_VAR, FontMissing, cjk_font
from roster.exchange.exporters.grid import build
from roster.exchange.exporters.pdfkit import PdfDocument
from roster.exchange.exporters.print_memory import (
    memory_keys,
    memory_records,
    previous_from,
)
from tests.unit.exchange.export_team import FORMULA_NAME, period_selection, team

MADE = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)  # 09:30 in Asia/Shanghai


def text_of(page: Any) -> str:
    """A page's text with all white space taken out (line breaks fall anywhere)."""
    return "".join(page.extract_text().split())


@pytest.fixture(scope="module")
def portrait() -> PdfDocument:
    """One document for the drawing-kit tests (loading the font is the slow part)."""
    return PdfDocument(landscape=False, title="值班日报")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    b = team()
    return EXPORTERS["pdf"].render(b, period_selection(b, 14, made_at=MADE), "zh")


def test_one_page_per_checkpoint_week_with_the_names(pdf: bytes) -> None:
    b = team()
    reader = PdfReader(io.BytesIO(pdf))
    layout = build(b, period_selection(b, 14), block_days=7)
    assert len(reader.pages) == len(layout.grids) == 4
    for page, grid in zip(reader.pages, layout.grids, strict=True):
        text = text_of(page)
        assert "东王村驻村工作队" in text and grid.checkpoint.name in text
        assert "带班领导签字" in text
        assert "制表时间2026-12-0109:30" in text
        assert f"版本{grid.stamp}" in text
        assert "张建国" in text  # the lead, in the contact list of every page
    first = text_of(reader.pages[0])
    assert "李秀英" in first and "13800000002" in first
    assert "北口&桥头<东>" in first  # the location, as typed
    assert "2026-12-01至2026-12-07" in first
    assert "缺1人" in first and "夜班" in first and "节假日" in first
    assert "".join(FORMULA_NAME.split()) in first  # printed as text, nothing to evaluate
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points


def _fonts(reader: PdfReader) -> list[Any]:
    fonts = []
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            fonts.append(font.get_object())
    return fonts


def test_every_font_is_embedded(pdf: bytes, tmp_path: Path) -> None:
    fonts = _fonts(PdfReader(io.BytesIO(pdf)))
    assert fonts
    for font in fonts:
        descriptor_of = font
        if font["/Subtype"] == "/Type0":
            descriptor_of = font["/DescendantFonts"][0].get_object()
        descriptor = descriptor_of["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
        assert "+" in str(font["/BaseFont"])  # a subset, not the whole 8 MB font
    if shutil.which("pdffonts"):
        path = tmp_path / "roster.pdf"
        path.write_bytes(pdf)
        lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                               check=True, timeout=30).stdout.splitlines()[2:]
        assert lines and all(line.split()[-5] == "yes" for line in lines), lines


def test_small_enough_for_a_chat(pdf: bytes) -> None:
    assert len(pdf) < 400_000


def test_changed_cells_are_starred_with_a_legend() -> None:
    b = team()
    sel = period_selection(b, 7, checkpoint="cp-n", made_at=MADE)
    keys = memory_keys(b, sel)
    previous = previous_from(memory_records(build(b, sel, block_days=7)), keys)
    moved = replace(b, assignments=tuple(a for a in b.assignments
                                         if not (a.member == "m2" and a.start.day == 2)))
    data = EXPORTERS["pdf"].render(moved, replace(sel, previous=previous), "en")
    text = text_of(PdfReader(io.BytesIO(data)).pages[0])
    assert "★" in text and "changedsincethisperiodwaslastprinted" in text
    assert "Team lead's signature" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_wrap_never_splits_a_name_and_breaks_long_chinese(portrait: PdfDocument) -> None:
    doc = portrait
    width = doc.text_width("张建国 李秀英", 10) + 0.5
    assert doc.wrap("张建国 李秀英 王五", width, 10) == ["张建国 李秀英", "王五"]
    long = "今天早上八点到十点共检查车辆二十三台登记外来人员五人体温均正常"
    lines = doc.wrap(long, 40, 10)
    assert len(lines) > 1 and "".join(lines) == long
    assert all(doc.text_width(line, 10) <= 40 for line in lines)
    assert doc.wrap("第一行\n第二行", 100, 10) == ["第一行", "第二行"]


def test_table_flows_over_pages_repeating_its_header(portrait: PdfDocument) -> None:
    doc = portrait
    doc.add_page()
    rows = [["时间", "人员", "记录"]] + [[f"{i:02d}:00", "张建国", "检查车辆 3 台"]
                                           for i in range(80)]
    y = doc.table(doc.left, doc.top, [30, 30, doc.content_width - 60], rows)
    assert doc.page_count > 1 and y > doc.top
    reader = PdfReader(io.BytesIO(doc.output()))
    assert len(reader.pages) == doc.page_count
    assert text_of(reader.pages[1]).startswith("时间人员记录")


def test_the_font_comes_from_the_packages_or_the_override(tmp_path: Path) -> None:
    packaged = cjk_font({})
    assert packaged.path.is_file() and packaged.path.suffix in (".ttf", ".ttc")
    assert cjk_font({ENV_VAR: str(packaged.path)}).path == packaged.path
    with pytest.raises(FontMissing, match=ENV_VAR):
        cjk_font({ENV_VAR: str(tmp_path / "missing.ttf")})

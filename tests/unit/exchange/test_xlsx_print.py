"""A checkpoint's month in Excel, as it prints: every page says which checkpoint and when.

Read back with openpyxl (page header, repeated title rows, fit to width); when LibreOffice
is installed the workbook is also printed to PDF and every page read with pdftotext.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from roster.exchange.bundle import read_bundle
from roster.exchange.exporters import EXPORTERS
from roster.exchange.exporters.selection import Selection
from tests.unit.exchange.export_team import team_doc

MONTH = date(2026, 12, 1)


def month_book() -> bytes:
    doc = team_doc(31)
    doc["checkpoints"][0]["name"] = "北口 & 桥头卡点"  # an & in a page header
    b = read_bundle(doc, "month")
    return EXPORTERS["xlsx"].render(b, Selection(b.period(MONTH, 31)), "zh")


def test_each_printed_page_names_the_checkpoint_and_the_period() -> None:
    book = load_workbook(io.BytesIO(month_book()))
    ws = book["北口 & 桥头卡点"]
    assert ws.print_title_rows == "$1:$3"  # title, period and the header row on every page
    header = ws.oddHeader
    assert header.left.text == "东王村驻村工作队 · 北口 && 桥头卡点 值班表"
    assert "2026-12-01 至 2026-12-31" in header.right.text
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice and pdftotext")
def test_libreoffice_prints_the_checkpoint_on_every_page(tmp_path: Path) -> None:
    book = tmp_path / "month.xlsx"
    book.write_bytes(month_book())
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
                   capture_output=True, timeout=180, check=True)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "month.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    north = [p for p in pages if "北口 & 桥头卡点" in p]
    assert len(north) >= 2  # a month of the north gate runs over two pages...
    for page in north:  # ...and each says whose and when, with the header row
        assert "2026-12-01 至 2026-12-31" in page and "日期" in page

"""The printed HTML as a browser prints it: page box arithmetic, whole names, every phone.

The arithmetic reads the numbers out of the CSS and the table's style, as a browser would;
when Chromium is installed the page is also printed to PDF and read back with pdftotext.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from roster.dutylog.report import day_report
from roster.exchange.exporters import EXPORTERS
from roster.exchange.exporters.grid import build
from roster.reports.daily_report import render_html as daily_html
from tests.unit.dutylog.test_dutylog_fixtures import DAY, at, cin, team
from tests.unit.exchange.crowded_team import LONG_NAME, crowded, week

A4 = {"A4": (210.0, 297.0)}


def _mm(value: str) -> float:
    number = re.fullmatch(r"\s*([\d.]+)mm\s*", value)
    assert number, f"not a length in mm: {value!r}"
    return float(number.group(1))


def _rule(css: str, selector: str) -> dict[str, str]:
    """The first rule for ``selector`` (outside @media), as property -> value."""
    body = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert body, selector
    return {k.strip(): v.strip() for k, _, v in
            (d.partition(":") for d in body.group(1).split(";") if ":" in d)}


def _page_box(css: str) -> tuple[float, float]:
    """The printable box of ``@page``: its size less the margins (mm)."""
    page = _rule(css, "@page")
    words = page["size"].split()
    short, long = A4[words[0]]
    width, height = (long, short) if "landscape" in words else (short, long)
    margin = _mm(page["margin"])
    return width - 2 * margin, height - 2 * margin


def crowded_html() -> str:
    b = crowded()
    return EXPORTERS["html"].render(b, week(b), "zh").decode("utf-8")


def test_the_table_and_its_border_fit_the_page_box() -> None:
    html = crowded_html()
    css = html[html.index("<style>"):html.index("</style>")]
    box_w, box_h = _page_box(css)
    page = _rule(css, ".page")
    assert page.get("overflow", "visible") != "hidden"
    assert _mm(page["width"]) <= box_w and _mm(page["min-height"]) <= box_h
    assert "height" not in page  # a fuller page grows onto the next sheet, never overlaps it
    border = _mm(_rule(css, "table.grid th, table.grid td")["border"].split()[0])
    for width in re.findall(r'<table class="grid" style="width: ([^"]+)"', html):
        # A collapsed table's outer border lies half outside its width: it must fit too.
        assert _mm(width) + border <= _mm(page["width"])


def test_names_stay_whole_and_a_long_one_breaks_in_its_own_cell() -> None:
    html = crowded_html()
    css = html[html.index("<style>"):html.index("</style>")]
    assert _rule(css, ".name")["white-space"] == "nowrap"
    assert '<span class="name">朱</span> <span class="name">志刚</span>' in html
    assert f'<span class="name long">{LONG_NAME}</span>' in html
    assert _rule(css, ".name.long")["overflow-wrap"] == "anywhere"


def test_every_member_on_the_sheet_has_a_phone_line() -> None:
    b = crowded()
    html = crowded_html()
    contacts = build(b, week(b), block_days=7).grids[0].contacts
    assert len(contacts) > 70
    for c in contacts:
        assert f"{c.name}</span> {c.phone}</li>" in html
    assert "另有" not in html


def test_the_daily_report_prints_on_a4() -> None:
    report = day_report(team(), [cin("m1", at("07:55"))], DAY, at("09:00", DAY))
    css = daily_html(report, "zh")
    size = _rule(css, "@page")["size"]
    assert size.split()[0] == "A4"


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None or shutil.which("pdftotext") is None,
                    reason="needs chromium and pdftotext")
def test_chromium_prints_every_phone_and_whole_names(tmp_path: Path) -> None:
    html = tmp_path / "roster.html"
    pdf = tmp_path / "roster.pdf"
    html.write_text(crowded_html(), encoding="utf-8")
    subprocess.run([str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--user-data-dir={tmp_path / 'profile'}",
                    f"--print-to-pdf={pdf}", html.as_uri()],
                   capture_output=True, timeout=120, check=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\n", info), info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    b = crowded()
    for c in build(b, week(b), block_days=7).grids[0].contacts:
        assert c.phone in text
    # 志刚 is never split over two lines.
    assert text.count("志") == text.count("志刚") > 0


def test_a_list_too_long_for_the_page_goes_on_to_a_continuation_page() -> None:
    from dataclasses import replace

    from roster.exchange.exporters.html_print import contact_pages

    b = crowded()
    grid = build(b, week(b), block_days=7).grids[0]
    many = replace(grid, contacts=grid.contacts * 6)
    pages = contact_pages(many, "zh")
    assert len(pages) >= 2 and sum(len(p) for p in pages) == len(many.contacts)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_the_pdf_continues_a_long_contact_list_on_another_page(tmp_path: Path) -> None:
    b = crowded(standby=12)
    pdf = tmp_path / "week.pdf"
    pdf.write_bytes(EXPORTERS["pdf"].render(b, week(b), "zh"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    contacts = build(b, week(b), block_days=7).grids[0].contacts
    assert len(contacts) > 150
    for c in contacts:
        assert c.phone in text, c
    assert "另有" not in text
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) == 2 and "第 2/2 页" in pages[1] and "村口卡点" in pages[1]

"""The Excel workbook, opened with openpyxl: sheets, cells, widths, print setup, no formulas."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from rich.cells import cell_len

from roster.exchange.exporters import EXPORTERS
from tests.unit.exchange.export_team import FORMULA_NAME, period_selection, team


@pytest.fixture(scope="module")
def data() -> bytes:
    b = team()
    return EXPORTERS["xlsx"].render(b, period_selection(b, 14), "zh")


@pytest.fixture(scope="module")
def book(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def test_a_sheet_per_checkpoint_and_one_of_totals(book: Workbook) -> None:
    assert book.sheetnames == ["北口卡点", "南口卡点", "人员统计"]


def test_the_grid_has_dates_down_and_shifts_across(book: Workbook) -> None:
    ws = book["北口卡点"]
    assert "东王村驻村工作队" in str(ws["A1"].value)
    assert [c.value for c in ws[3]] == ["日期", "星期", "08:00–20:00", "20:00–08:00\n夜班"]
    assert ws["A4"].value == datetime(2026, 12, 1)
    assert ws["C4"].value == "张建国◆ 李秀英"
    assert ws["D4"].value == f"{FORMULA_NAME}\n备班：<b>王五</b>"
    assert ws["B6"].value == "周四 节假日"
    assert ws["C8"].value == "张建国\n缺1人"
    assert ws.max_row == 3 + 14
    south = book["南口卡点"]
    assert south["C14"].value == "不值守"  # 2026-12-11: closed


def test_columns_are_as_wide_as_their_chinese_text(book: Workbook) -> None:
    ws = book["北口卡点"]
    width = ws.column_dimensions["C"].width
    assert width >= cell_len("张建国◆ 李秀英") >= 2 * len("张建国李秀英")
    assert ws.column_dimensions["D"].width >= cell_len(FORMULA_NAME)


def test_header_frozen_and_a4_landscape_one_page_wide(book: Workbook) -> None:
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    grid = book["北口卡点"]
    assert grid.freeze_panes == "C4" and grid.print_title_rows == "$1:$3"
    assert book["人员统计"].freeze_panes == "B2"


def test_member_totals(book: Workbook) -> None:
    ws = book["人员统计"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    assert rows["张建国"][3:7] == (14, 0, 168, 0)
    assert rows[FORMULA_NAME][3:5] == (14, 14)
    assert rows["<b>王五</b>"][6] == 14
    assert rows["赵六"][3] == 0


def test_no_text_becomes_a_formula(book: Workbook, data: bytes) -> None:
    ws = book["人员统计"]
    cell = next(c for c in ws["A"] if c.value == FORMULA_NAME)
    assert cell.data_type == "s"
    phone = ws.cell(row=cell.row, column=3)
    unit = ws.cell(row=cell.row, column=2)
    assert (phone.value, phone.data_type) == ("+8613800000003", "s")
    assert (unit.value, unit.data_type) == ("@县局", "s")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)

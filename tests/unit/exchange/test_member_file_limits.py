"""A member list past sane sizes, or damaged, is refused with one line (#13 items 9, 10):
never minutes, gigabytes or a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from roster.domain.errors import UserError
from roster.exchange.member_files import MAX_CELL_CHARS, MAX_ROWS
from roster.exchange.members_import import read_file
from roster.i18n import render

HEADER = "姓名,手机号码\n"


def _refusal(path: Path) -> str:
    with pytest.raises(UserError) as caught:
        read_file(path)
    line = render(caught.value, "en")
    assert "\n" not in line and str(path) in line
    return line


def _workbook(path: Path, rows: int = 3) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "手机号码"])
    for i in range(rows):
        ws.append([f"人员{i}", f"138{i:08d}"])
    wb.save(path)
    return path


def _replace_sheet(path: Path, xml: bytes) -> Path:
    """The workbook with its first sheet's XML replaced by ``xml``."""
    out = path.with_name("hostile.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, xml if info.filename == "xl/worksheets/sheet1.xml" else data)
    return out


def test_too_many_rows(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "".join(f"人{i},138{i:08d}\n" for i in range(MAX_ROWS + 5)),
                    encoding="utf-8")
    assert f"more than {MAX_ROWS} rows" in _refusal(path)


def test_a_field_past_the_csv_modules_limit(tmp_path: Path) -> None:
    path = tmp_path / "field.csv"
    path.write_text(HEADER + '"' + "x" * 140_000 + '",13800000000\n', encoding="utf-8")
    assert "row 2" in _refusal(path)


def test_a_cell_past_the_cell_limit(tmp_path: Path) -> None:
    path = tmp_path / "cell.csv"
    path.write_text(HEADER + "x" * (MAX_CELL_CHARS + 1) + ",13800000000\n", encoding="utf-8")
    assert f"longer than {MAX_CELL_CHARS} characters" in _refusal(path)


def test_a_workbook_that_unpacks_to_hundreds_of_megabytes(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "ok.xlsx")
    rows = b"<row><c t='inlineStr'><is><t>x</t></is></c></row>" * 1_400_000  # ~70 MB
    xml = (b"<?xml version='1.0'?><worksheet xmlns='http://schemas.openxmlformats.org/"
           b"spreadsheetml/2006/main'><sheetData>" + rows + b"</sheetData></worksheet>")
    bomb = _replace_sheet(book, xml)
    assert bomb.stat().st_size < 2_000_000
    assert "unpacks to more than" in _refusal(bomb)


@pytest.mark.parametrize("xml", [
    b"<?xml version='1.0'?><worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/"
    b"2006/main'><sheetData><row><c t='inlineStr'><is><t>trunc",
    b"<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
    + b"".join(b"<!ENTITY lol%d '%s'>" % (i + 1, b"&lol%d;" % i * 10 if i else b"&lol;" * 10)
               for i in range(9))
    + b"]><worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
      b"<sheetData><row><c t='inlineStr'><is><t>&lol9;</t></is></c></row></sheetData>"
      b"</worksheet>",
], ids=["truncated", "entity-bomb"])
def test_a_damaged_or_hostile_sheet(tmp_path: Path, xml: bytes) -> None:
    bad = _replace_sheet(_workbook(tmp_path / "ok.xlsx"), xml)
    assert "not a readable .xlsx workbook" in _refusal(bad)


def test_a_good_workbook_still_reads(tmp_path: Path) -> None:
    result = read_file(_workbook(tmp_path / "ok.xlsx", rows=40))
    assert len(result.rows) == 40 and not result.problems

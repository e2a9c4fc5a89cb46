"""``roster export`` of the printed formats, read back as a printer's user would."""

from __future__ import annotations

from pathlib import Path

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

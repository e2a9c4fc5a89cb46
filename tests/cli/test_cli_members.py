"""``roster import-members``: the preview, bad rows by row number, --skip-bad, no duplicates."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from roster.exchange.bundle import read_bundle
from roster.store import Store
from tests.cli.conftest import Run
from tests.unit.exchange.export_team import team_doc

LIST = """姓名,手机号码,派出单位,政治面貌
张建国,13800000001,县民政局,中共党员
新人甲,13912345678,县教育局,群众
,13800000009,无名,是
坏电话,12345,县财政局,否
"""


def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "data")
    if s.is_empty():
        s.save(read_bundle(team_doc(), "test team"), op="import")
    return s


def test_bad_rows_block_the_import_until_skipped(run: Run, tmp_path: Path) -> None:
    s = store(tmp_path)
    path = tmp_path / "list.csv"
    path.write_bytes(LIST.encode("gbk"))  # as WPS saves it on a Chinese Windows
    r = run("import-members", str(path))
    assert r.returncode == 2, r.stdout + r.stderr
    assert "row 4: the name is missing" in r.stderr
    assert "row 5: the phone '12345' is malformed" in r.stderr
    assert "2 bad row(s) (4, 5); nothing imported" in r.stderr
    assert "新人甲" in r.stdout and "present m1" in r.stdout  # the preview
    assert len(s.load().members) == 6 and len(s.history()) == 1

    r = run("import-members", str(path), "--skip-bad")
    assert r.returncode == 0, r.stderr
    assert "added 1, updated 0, skipped 2 bad row(s)" in r.stdout
    members = s.load().members
    assert [(m.id, m.name, m.phone) for m in members[6:]] == [("m7", "新人甲", "13912345678")]
    assert sum(m.name == "张建国" for m in members) == 1
    assert s.history()[0].op == "import-members"


def test_an_excel_list_imports_once(run: Run, tmp_path: Path) -> None:
    s = store(tmp_path)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["name", "phone", "unit", "party", "tags"])
    ws.append(["Wang Wu", 13700000001, "County office", "yes", "driver"])
    ws.append(["李秀英", 13800000002, "镇政府", "no", "medic"])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    r = run("import-members", str(path))
    assert r.returncode == 0, r.stderr
    assert "added 1, updated 1" in r.stdout
    by_name = {m.name: m for m in s.load().members}
    assert by_name["Wang Wu"].tags == ("party", "driver")
    assert by_name["李秀英"].tags == ("medic",)

    r = run("import-members", str(path))
    assert r.returncode == 0, r.stderr
    assert "Nothing new to import" in r.stdout
    assert len(s.history()) == 2  # the second run recorded no change

"""Reading a county's member list (CSV or Excel) and merging it into the team."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook

from roster.domain.errors import UserError
from roster.domain.model import Member
from roster.exchange.members_import import (
    apply_import,
    normalise_phone,
    plan_import,
    read_csv_bytes,
    read_file,
    read_rows,
)
from roster.i18n import render
from tests.unit.exchange.export_team import team

COUNTY_CSV = """东王村驻村工作队人员名单（2026年12月）
序号,姓名,手机号码（必填）,派出单位,政治面貌,资质,备注
1,张建国,138-0000-0001,县民政局,中共党员,带班,老队员
2,新人甲,+86 139 1234 5678,县教育局,群众,司机 医护,
3,新人乙,,县卫健局,党员,,
4,,13800000009,无名,是,,
5,坏电话,12345,县财政局,否,,
6,新人丙,13912345678,县教育局,否,,
7,科学计数,1.38E+10,县财政局,否,,
8,新人乙,,镇政府,否,,
9,党员不明,13700000000,镇政府,也许,,
"""


def test_chinese_headers_below_a_title_row_and_every_bad_row_named() -> None:
    result = read_csv_bytes(COUNTY_CSV.encode("utf-8-sig"), "county.csv")
    assert result.header_row == 2
    assert result.columns == {"name": "姓名", "phone": "手机号码（必填）", "unit": "派出单位",
                              "party": "政治面貌", "tags": "资质"}
    assert result.ignored == ("序号", "备注")
    assert [(r.row, r.name, r.phone, r.unit, r.tags) for r in result.rows] == [
        (3, "张建国", "13800000001", "县民政局", ("party", "lead")),
        (4, "新人甲", "13912345678", "县教育局", ("driver", "medic")),
        (5, "新人乙", "", "县卫健局", ("party",)),
    ]
    problems = {p.row: render(p.words, "en") for p in result.problems}
    assert problems == {
        6: "row 6: the name is missing",
        7: "row 7: the phone '12345' is malformed (expected an 11-digit mobile or a landline "
           "with its area code)",
        8: "row 8: duplicate of row 4 (same phone)",
        9: "row 9: the phone '1.38E+10' was turned into a number by Excel; format the column "
           "as text and type it again",
        10: "row 10: duplicate of row 5 (same name, and without a phone they cannot be told "
            "apart)",
        11: "row 11: the party column says '也许' (expected yes/no)",
    }
    assert render(result.problems[0].words, "zh") == "第 6 行：缺少姓名"


def test_gbk_csv_and_english_headers() -> None:
    text = "Name,Phone,Unit,Party,Tags\n王五,13800000004,County office,yes,driver\n"
    result = read_csv_bytes(text.encode("gbk"), "list.csv")
    assert [(r.name, r.unit, r.tags) for r in result.rows] == [
        ("王五", "County office", ("party", "driver"))]
    chinese = "姓名,电话\n王五,13800000004\n".encode("gbk")
    assert read_csv_bytes(chinese, "gbk.csv").rows[0].name == "王五"


def test_excel_with_numbers_for_phones(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "电话", "单位", "是否党员"])
    ws.append(["王五", 13800000004, "县局", "是"])
    ws.append(["赵六", 13800000005.0, "县局", None])
    ws.append([None, None, None, None])  # a blank line is skipped
    ws.append(["钱七", "0311-87654321", "县局", "否"])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    result = read_file(path)
    assert [(r.row, r.name, r.phone, r.tags) for r in result.rows] == [
        (2, "王五", "13800000004", ("party",)), (3, "赵六", "13800000005", ()),
        (5, "钱七", "0311-87654321", ())]
    assert result.problems == ()


def test_unreadable_files_are_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no header row with a name column"):
        read_rows([["a", "b"], ["1", "2"]], "x.csv")
    old = tmp_path / "list.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UserError, match=r"save it as \.xlsx"):
        read_file(old)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(UserError, match=r"not a readable \.xlsx"):
        read_file(broken)
    with pytest.raises(UserError, match="no such file"):
        read_file(tmp_path / "missing.csv")


def test_phones() -> None:
    assert normalise_phone("138 0000 0001") == "13800000001"
    assert normalise_phone("+86-138-0000-0001") == "13800000001"
    assert normalise_phone("8613800000001") == "13800000001"
    assert normalise_phone("(0311)87654321") == "0311-87654321"
    assert normalise_phone("010-12345678") == "010-12345678"
    assert normalise_phone("") == ""
    assert normalise_phone("12345") is None and normalise_phone("23800000001") is None


def test_merge_matches_by_phone_then_name_and_never_duplicates() -> None:
    b = team()
    result = read_csv_bytes(COUNTY_CSV.encode("utf-8"), "county.csv")
    plan = plan_import(b, result.rows)
    assert [(i.row.name, i.action, i.member_id, i.matched_by, i.changes) for i in plan.items] == [
        ("张建国", "same", "m1", "phone", ()),
        ("新人甲", "add", "m7", None, ()),
        ("新人乙", "add", "m8", None, ()),
    ]
    assert plan.problems == ()
    assert [m.id for m in plan.bundle.members][-2:] == ["m7", "m8"]
    # Importing the same list again changes nothing and adds nobody.
    again = plan_import(plan.bundle, result.rows)
    assert not again.changes_anything and len(again.bundle.members) == len(plan.bundle.members)
    # The same file on the same team always gives the same ids.
    assert [i.member_id for i in plan_import(b, result.rows).items] == ["m1", "m7", "m8"]


def test_a_match_is_updated_but_never_loses_a_tag() -> None:
    b = team()
    rows = read_rows([["姓名", "电话", "单位", "标签"],
                      ["李秀英", "13900000002", "县司法局", "司机"],   # by name: new phone
                      ["Someone", "13800000001", "", ""]], "x.csv").rows  # by phone
    plan = plan_import(b, rows)
    li, lead = plan.items
    assert (li.action, li.matched_by, li.changes) == ("update", "name", ("phone", "unit", "tags"))
    updated = {m.id: m for m in plan.bundle.members}
    assert (updated["m2"].phone, updated["m2"].unit, updated["m2"].tags) == (
        "13900000002", "县司法局", ("driver",))
    assert (lead.action, lead.matched_by) == ("same", "phone")
    assert updated["m1"].tags == ("party", "lead") and updated["m1"].name == "张建国"


def test_an_ambiguous_name_is_a_problem_not_a_guess() -> None:
    b = team()
    twins = replace(b, members=(*b.members, Member("m9", "李秀英", "13900000099")))
    rows = read_rows([["姓名"], ["李秀英"], ["新人"]], "x.csv").rows
    new_bundle, plan = apply_import(twins, rows)
    assert [p.row for p in plan.problems] == [2]
    assert [(i.row.name, i.action, i.member_id) for i in plan.items] == [("新人", "add", "m10")]
    assert len(new_bundle.members) == len(twins.members) + 1


def test_a_county_forms_footer_is_skipped_with_a_note_and_padded_names_are_whole() -> None:
    """#13 item 24: the line under the table (填表人：… 联系电话：…) is not a member, and a
    two-character name padded to line up (孙 伟) is imported without the space."""
    data = ("姓名,手机号码,派出单位\n"
            "孙 伟,13800000001,县委办\n"
            "欧阳 小明,13800000002,县委办\n"
            "John Smith,13800000003,县医院\n"
            "填表人：李四,联系电话：13900000000,\n"
            "合计：3 人,,\n").encode()
    result = read_csv_bytes(data, "list.csv")
    assert [r.name for r in result.rows] == ["孙伟", "欧阳小明", "John Smith"]
    assert not result.problems
    assert [n.row for n in result.skipped] == [5, 6]
    assert "footer" in str(result.skipped[0].words)


def test_tag_names_of_two_words_are_one_tag() -> None:
    """``party member, team lead`` is party and lead, not four tags; the forms and the
    command line read tags by the same rule (roster.i18n.tag_ids)."""
    text = "name,phone,tags\nWang Wei,13800000001,\"Party Member, team lead; medic\"\n"
    result = read_csv_bytes(text.encode(), "en.csv")
    assert [r.tags for r in result.rows] == [("party", "lead", "medic")]

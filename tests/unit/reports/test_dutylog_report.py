"""The daily report (值班日报): what it says about each shift, in each format."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from rich.cells import cell_len

from roster.dutylog.entries import (
    confirm_entry,
    handover_entry,
)
from roster.dutylog.report import DayReport, day_report
from roster.reports.daily_report import REPORT_FORMATS, render_html, render_json, render_text
from tests.unit.dutylog.test_dutylog_fixtures import DAY, TZ, at, cin, cout, note, team

B = team()


@pytest.fixture(scope="module")
def report() -> DayReport:
    h = handover_entry("cp-n", "m1", at("16:03"), at("16:03"), TZ, text="一切正常",
                       equipment="测温枪 2 把", new_items=["路灯坏了"])
    evening = handover_entry("cp-n", "m3", at("23:58"), at("23:58"), TZ, text="夜里无事")
    entries = [
        cin("m1", at("07:55")), cin("m2", at("08:25")),
        note("vehicle", at("09:00"), count=12, text="过往车辆"),
        note("vehicle", at("11:00"), count=30),
        note("person", at("10:00"), count=4, text="外来人员登记"),
        note("incident", at("13:00"), text="有人<script>强行闯卡</script>"),
        cout("m2", at("15:00")), cout("m1", at("16:05")), h,
        cin("m3", at("15:58")), confirm_entry(h, h.id, "m3", at("16:06"), at("16:06")),
        cout("m3", at("24:00")), evening,
        cin("m5", at("10:00"), "cp-s"), cout("m5", at("11:00"), "cp-s"),
    ]
    return day_report(B, entries, DAY, at("09:00", DAY + timedelta(days=1)))


def test_each_shift_says_who_came_when_and_what_went_wrong(report: DayReport) -> None:
    north = report.checkpoints[0]
    assert north.checkpoint.id == "cp-n"
    day, evening, night = sorted(north.shifts, key=lambda s: s.shift.start)[1:] + \
        sorted(north.shifts, key=lambda s: s.shift.start)[:1]
    by_member = {a.member: a for a in day.attendance}
    assert by_member["m1"].status == "on_time" and by_member["m1"].arrived == at("07:55")
    assert by_member["m2"].status == "late" and by_member["m2"].late_minutes == 25
    assert by_member["m2"].left_early
    assert day.totals == {"vehicle": 42, "person": 4, "incident": 1}
    assert [e.text for e in day.incidents] == ["有人<script>强行闯卡</script>"]
    # the handover written at 16:03 by the day shift belongs to the day shift
    assert [(h.entry.member, h.confirmed_by) for h in day.handovers] == [("m1", "m3")]
    assert [i.text for i in day.open_at_end] == ["路灯坏了"]
    assert [i.text for i in evening.carried_in] == ["路灯坏了"]
    assert {a.member: a.status for a in evening.attendance} == {
        "m3": "on_time", "m4": "absent", "m5": "standby"}
    assert [(h.entry.member, h.confirmed) for h in evening.handovers] == [("m3", False)]
    assert [g.have for g in evening.gaps] == [1]  # one of two all evening
    assert night.shift.night and night.attendance[0].status == "absent"
    south = report.checkpoints[1]
    assert [u.member for s in south.shifts for u in s.unrostered] == ["m5"]
    assert [h.entry.text for h in report.unconfirmed] == ["夜里无事"]
    assert report.problem_count >= 6


def test_json_has_every_shift_and_the_problems(report: DayReport) -> None:
    doc = json.loads(render_json(report, "zh"))
    assert doc["date"] == "2026-12-01" and doc["team"] == "北王村驻村工作队"
    north = doc["checkpoints"][0]
    assert north["totals"] == {"vehicle": 42, "person": 4, "incident": 1}
    day = next(s for s in north["shifts"] if s["start"] == "2026-12-01T08:00:00+08:00")
    assert {a["member_name"]: a["status"] for a in day["attendance"]} == {
        "张建国": "on_time", "李海燕": "late"}
    assert day["handovers"][0]["confirmed_by_name"] == "王志刚"
    assert doc["unconfirmed_handovers"][0]["text"] == "夜里无事"
    assert doc["problems"] == report.problem_count


def test_text_is_aligned_by_display_width(report: DayReport) -> None:
    text = render_text(report, "zh")
    assert "值班日报 · 北王村驻村工作队 · 2026-12-01 周二" in text
    assert "李海燕：迟到 25 分钟" in text and "交接未确认" in text
    lines = text.splitlines()
    row_at = next(i for i, line in enumerate(lines) if "张建国" in line and "准时" in line)
    header = lines[row_at - 2]
    assert header.strip().startswith("排班") and set(lines[row_at - 1].strip()) <= {"─", " "}
    # the status and arrival columns start at the same display column on header and row
    for title, value in (("状态", "准时"), ("到岗", "07:55")):
        column = cell_len(header[:header.index(title)])
        assert cell_len(lines[row_at][:lines[row_at].index(value)]) == column
    english = render_text(report, "en")
    assert "李海燕: late 25 min" in english


def test_html_escapes_what_people_typed(report: DayReport) -> None:
    page = render_html(report, "en")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and 'lang="en"' in page


def test_pdf_embeds_the_chinese_font(report: DayReport) -> None:
    pypdf = pytest.importorskip("pypdf")
    import io

    data = REPORT_FORMATS["pdf"].render(report, "zh")
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    assert "值班日报" in text and "李海燕" in text

"""Crews on the exports (bundle v2): the crew's name on its rotated shifts in the print,
the crews' members in the contact block, the crew on calendar events, and a member's
notice listing their crew's next turns."""

from __future__ import annotations

from datetime import date

from roster.exchange.bundle import read_bundle
from roster.exchange.exporters import html_print, ics_calendar, pdf_print, txt_table
from roster.exchange.exporters.grid import build
from roster.exchange.exporters.selection import Selection
from tests.unit.checker.checker_fixtures import cp, on, person, tpl


def crew_bundle():  # type: ignore[no-untyped-def]
    gate = cp("cp-r", tpl("08:00", "08:00"), name="北口卡点")
    gate["shifts"][0]["rotation"] = {"crews": ["g1", "g2"], "from": "2026-11-28"}
    members = [{**person("m1", name="张建国"), "phone": "13800000001"},
               {**person("m2", name="李秀英"), "phone": "13800000002"}, person("m3")]
    doc = {"format": "checkpoint-roster", "version": 2,
           "team": {"name": "测试工作队", "timezone": "Asia/Shanghai"}, "rules": {},
           "members": members, "checkpoints": [gate],
           "crews": [{"id": "g1", "name": "第一组", "members": ["m1"]},
                     {"id": "g2", "name": "第二组", "members": ["m2"]}],
           "assignments": [on("cp-r", d, "08:00", "08:00", "m1" if d % 2 else "m2")
                           for d in range(7)], "logs": []}
    return read_bundle(doc, "t")


def _selection(bundle, member=None):  # type: ignore[no-untyped-def]
    return Selection(period=bundle.period(date(2026, 12, 1), 7), member=member)


def test_rotated_cells_carry_their_crew_and_the_grid_lists_the_crews() -> None:
    b = crew_bundle()
    (grid,) = build(b, _selection(b)).grids
    # From 2026-11-28: g1, g2, g1, g2 (12-01), g1 (12-02) ...
    assert grid.cell(date(2026, 12, 1), 0).crew == "第二组"  # type: ignore[union-attr]
    assert grid.cell(date(2026, 12, 2), 0).crew == "第一组"  # type: ignore[union-attr]
    assert grid.cell(date(2026, 12, 1), 0).lines("zh")[0] == "【第二组】"  # type: ignore[union-attr]
    assert [c.text("zh") for c in grid.crews] == ["第二组：李秀英 13800000002",
                                                  "第一组：张建国 13800000001"]


def test_html_and_pdf_print_show_crews() -> None:
    b = crew_bundle()
    html = html_print.render(b, _selection(b), "zh").decode("utf-8")
    assert "【第一组】" in html and "第一组：张建国 13800000001" in html
    pdf = pdf_print.render(b, _selection(b), "en")
    assert pdf.startswith(b"%PDF")


def test_calendar_events_carry_the_crew() -> None:
    b = crew_bundle()
    text = ics_calendar.render(b, _selection(b, "m1"), "en").decode("utf-8")
    assert "[第一组]" in text and "Crew: 第一组" in text


def test_a_members_notice_lists_their_crews_next_turns() -> None:
    b = crew_bundle()
    text = txt_table.render(b, _selection(b, "m1"), "en").decode("utf-8")
    assert "Your crew 第一组 is on:" in text
    assert text.count("08:00 北口卡点") >= 8

"""Running totals: a member's shifts, nights and weekend or holiday shifts in the period and
in the four weeks before it, duty only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from roster.checker.totals import RECENT_DAYS, Tally, running_totals
from roster.domain.model import Assignment, Member, shifts_in
from roster.editing.setup import add_new_member, checkpoint_from_pattern, new_team

MONDAY = date(2026, 12, 7)


def test_totals_split_the_recent_weeks_from_the_period() -> None:
    b = replace(new_team("t"), checkpoints=(checkpoint_from_pattern("cp", "北口", "2x12"),))
    b = add_new_member(add_new_member(b, Member("", "甲")), Member("", "乙"))
    b = replace(b, rules=replace(b.rules, holidays=(MONDAY + timedelta(days=1),)))
    period = b.period(MONDAY, 7)
    shifts = shifts_in(b, MONDAY - timedelta(days=RECENT_DAYS + 3), RECENT_DAYS + 3 + 7)
    picked = [s for s in shifts if s.day >= MONDAY - timedelta(days=RECENT_DAYS + 3)]
    assignments = [Assignment(s.checkpoint, s.start, s.end, "m01") for s in picked]
    assignments.append(Assignment(picked[-1].checkpoint, picked[-1].start, picked[-1].end, "m02",
                                  role="standby"))
    b = replace(b, assignments=tuple(assignments))
    totals = running_totals(b, period)
    # 28 days of two shifts (one a night) before; the 3 days before those do not count.
    assert totals["m01"].recent == Tally(56, 28, 16)  # 4 weekends × 2 days × 2 shifts
    # The period: 7 days × 2, Tuesday a holiday, Saturday and Sunday the weekend.
    assert totals["m01"].period == Tally(14, 7, 6)
    assert totals["m02"].period == Tally() and totals["m02"].recent == Tally()  # standby only


def test_the_generate_report_lists_the_most_loaded_first(monkeypatch: object) -> None:
    from rich.console import Console

    from roster.generator import generate
    from roster.reports import generate_report

    b = replace(new_team("t"), checkpoints=(checkpoint_from_pattern("cp", "北口", "24h"),))
    for name in ("甲", "乙", "丙", "丁"):
        b = add_new_member(b, Member("", name))
    result = generate(b, b.period(MONDAY, 3))
    monkeypatch.setattr(generate_report, "TOTALS_SHOWN", 2)  # type: ignore[attr-defined]
    table = generate_report.totals_table(result, {m.id: m.name for m in b.members}, "en")
    console = Console(width=100, record=True)
    console.print(table)
    text = console.export_text()
    assert table.row_count == 2 and "the 2 with the most shifts of 4 members" in text
    assert "1 · 0 · 0" in text  # three 24-hour shifts went to three people

"""A team's row of the county roll-up is the team's own check and duty log, counted."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from roster.checker import check
from roster.county import period_for, team_figures
from roster.dutylog.report import day_report
from roster.exchange.bundle import read_bundle
from tests.unit.county.county_fixtures import county_doc, quiet_doc
from tests.unit.dutylog.test_dutylog_fixtures import DAY, at

LATER = at("12:00", DAY + timedelta(days=2))


def test_figures_count_what_check_and_the_daily_report_find() -> None:
    bundle = read_bundle(county_doc(), "fixture")
    period = bundle.period(DAY, 1)
    f = team_figures(bundle, period, LATER, "north.json")
    # What the fixture holds, counted by hand (see county_fixtures).
    assert (f.checkpoints, f.absent, f.late, f.unconfirmed_handovers) == (3, 2, 1, 1)
    assert (f.missing_tags, f.uncovered_hours, f.uncovered_gaps) == (1, 12.0, 2)
    # ... and what roster check reports, the same numbers.
    doc = check(bundle, period).to_json(bundle.tz)
    gaps = doc["gaps"]
    assert f.shifts == doc["summary"]["shifts"]
    assert f.empty_places == sum(g["need"] - g["have"] for g in gaps
                                 if g["kind"] == "understaffed") == 3
    assert f.violations == len(doc["violations"]) == 2
    # ... and what the daily report says of the day.
    report = day_report(bundle, bundle.logs, DAY, LATER)
    assert f.absent == sum(m.absent for m in report.members)
    assert f.late == sum(m.late for m in report.members)
    assert f.unconfirmed_handovers == len(report.unconfirmed)
    assert f.problems == 3 + 1 + 2 + 2 + 1 + 1 + 2
    assert (f.team, f.village, f.township, f.file) == ("北王村驻村工作队", "北王村", "城关镇",
                                                       "north.json")


def test_a_shift_not_yet_over_has_nobody_absent_or_late_yet() -> None:
    bundle = read_bundle(county_doc(), "fixture")
    period = bundle.period(DAY, 1)
    f = team_figures(bundle, period, at("12:00", DAY))  # the day shift runs, m2 came late
    assert (f.absent, f.late) == (1, 0)  # only the night shift 00-08 is over: 王志刚 absent


def test_handovers_outside_the_period_are_not_counted() -> None:
    bundle = read_bundle(county_doc(), "fixture")
    f = team_figures(bundle, bundle.period(DAY + timedelta(days=1), 1), LATER)
    assert f.unconfirmed_handovers == 0


def test_the_period_is_each_teams_today_without_a_start() -> None:
    bundle = read_bundle(county_doc(), "fixture")
    # 23:30 UTC on Dec 1 is already Dec 2 in Shanghai.
    period = period_for(bundle, None, 1, datetime(2026, 12, 1, 23, 30, tzinfo=UTC))
    assert period.first_day == DAY + timedelta(days=1)
    assert period_for(bundle, DAY, 3, LATER).days == 3


def test_a_quiet_team_has_no_problems() -> None:
    bundle = read_bundle(quiet_doc(), "fixture")
    f = team_figures(bundle, bundle.period(DAY, 1), LATER)
    assert f.problems == 0 and f.shifts == 0 and f.team_id


def test_the_strip_marks_each_hour_with_its_worst_gap() -> None:
    bundle = read_bundle(county_doc(), "fixture")
    f = team_figures(bundle, bundle.period(DAY, 1), LATER)
    # The east gate runs 08-20 only (uncovered at night); the south gate has nobody (short
    # all day, under the uncovered nights); the north gate's evening lacks a party member.
    assert f.strip == "x" * 8 + "!" * 12 + "x" * 4
    quiet = read_bundle(quiet_doc(), "fixture")
    assert team_figures(quiet, quiet.period(DAY, 2), LATER).strip == "." * 48


def test_the_log_is_read_as_the_teams_app_reads_it_around_the_period() -> None:
    from roster.county.figures import log_window
    from roster.dutylog.entries import check_in_entry

    bundle = read_bundle(county_doc(), "fixture")
    far = [check_in_entry("cp-n", "m1", at("08:00", DAY + timedelta(days=d)),
                          at("08:00", DAY + timedelta(days=d))) for d in (-2, -1, 1, 2)]
    longer = replace(bundle, logs=(*bundle.logs, *far))
    window = log_window(longer, longer.period(DAY, 1))
    assert [e for e in window if e in far] == far[1:3]  # the day before and the day after
    assert len(window) == len(bundle.logs) + 2
    period = bundle.period(DAY, 1)
    before = team_figures(bundle, period, LATER)
    assert team_figures(longer, period, LATER) == before

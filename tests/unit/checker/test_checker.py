"""The checker at the edges of every gap and violation kind the spec names.

Each test builds the smallest team that puts one rule on its edge (a rest of exactly
``min_rest_hours`` and one minute less, a night run crossing the period start, a
shift reaching into the period from the day before...) because those edges are
where a checker and a generator that each "know" the rules would disagree.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from typing import Any

import pytest

from roster.checker import (
    MISSING_STANDBY,
    MISSING_TAG,
    UNCOVERED,
    UNDERSTAFFED,
    Gap,
    Report,
    Violation,
    check,
    fill_candidates,
)
from roster.domain.model import Bundle
from roster.domain.timeutil import format_instant, parse_instant
from roster.rules import (
    CONSECUTIVE_NIGHTS,
    HOURS_PER_WEEK,
    INVALID_ASSIGNMENT,
    NO_NIGHTS,
    OVERLAP,
    REST,
    SHIFTS_PER_DAY,
    UNAVAILABLE,
)
from tests.unit.checker.checker_fixtures import (
    FIRST,
    at,
    cp,
    day,
    on,
    person,
    round_the_clock,
    team,
    tpl,
    week,
)


def violations(report: Report, kind: str | None = None) -> list[Violation]:
    return [v for v in report.violations if kind is None or v.kind == kind]


def gaps(report: Report, kind: str | None = None) -> list[Gap]:
    return [g for g in report.gaps if kind is None or g.kind == kind]


def local(b: Bundle, value: Any) -> str:
    return format_instant(value, b.tz)


def starts(b: Bundle, v: Violation) -> list[str]:
    return [local(b, a.start) for a in v.assignments]


MEMBERS = [person(f"m{i}") for i in range(1, 7)]


# --- coverage gaps ---------------------------------------------------------------------------


def test_empty_roster_has_one_understaffed_gap_per_shift_and_no_violations() -> None:
    b = team(checkpoints=[round_the_clock(need=2)], members=MEMBERS)
    report = check(b, week(b))
    assert report.violations == ()
    assert [g.kind for g in report.gaps] == [UNDERSTAFFED] * 21
    assert all((g.need, g.have) == (2, 0) for g in report.gaps)
    assert report.shifts == 21 and not report.ok


def test_a_shift_belongs_to_the_period_it_starts_in_but_covers_what_it_reaches() -> None:
    """#13 item 25, bundle.md "What roster check reports": places short concern the shifts
    that *start* in the period; last evening's 22:00-06:00 belongs to the period before,
    yet its hours count as cover (no ``uncovered`` 00:00-06:00)."""
    evening = check(b := team(checkpoints=[round_the_clock()]), week(b))
    assert local(b, evening.gaps[0].start) == "2026-12-01T00:00:00+08:00"
    assert len(evening.gaps) == 21

    b = team(checkpoints=[cp("cp-x", tpl("06:00", "14:00"), tpl("14:00", "22:00"),
                             tpl("22:00", "06:00"))])
    report = check(b, week(b))
    assert len(gaps(report, UNDERSTAFFED)) == 21
    first = report.gaps[0]
    assert (local(b, first.start), local(b, first.end)) == (
        "2026-12-01T06:00:00+08:00", "2026-12-01T14:00:00+08:00")
    assert gaps(report, UNCOVERED) == []


def test_assignment_on_the_shift_reaching_into_the_period_fills_it() -> None:
    b = team(checkpoints=[cp("cp-x", tpl("06:00", "14:00"), tpl("14:00", "22:00"),
                             tpl("22:00", "06:00"))],
             members=MEMBERS, assignments=[on("cp-x", -1, "22:00", "06:00", "m1")])
    report = check(b, week(b))
    assert local(b, report.gaps[0].start) == "2026-12-01T06:00:00+08:00"


def test_uncovered_stretches_where_templates_leave_a_hole() -> None:
    b = team(checkpoints=[cp("cp-h", tpl("08:00", "16:00"), tpl("16:00", "23:00"))])
    holes = [(local(b, g.start), local(b, g.end)) for g in gaps(check(b, week(b)), UNCOVERED)]
    assert holes[0] == ("2026-12-01T00:00:00+08:00", "2026-12-01T08:00:00+08:00")
    assert holes[1] == ("2026-12-01T23:00:00+08:00", "2026-12-02T08:00:00+08:00")
    assert holes[-1] == ("2026-12-07T23:00:00+08:00", "2026-12-08T00:00:00+08:00")
    assert len(holes) == 8


def test_checkpoint_from_to_is_active_only_on_its_days() -> None:
    """Open days 2-4: its shifts only; the hours before its first shift are a hole."""
    b = team(checkpoints=[cp("cp-x", tpl("06:00", "14:00"), tpl("14:00", "22:00"),
                             tpl("22:00", "06:00"), opens=2, closes=4)])
    report = check(b, week(b))
    assert len(gaps(report, UNDERSTAFFED)) == 9
    assert {g.start.astimezone(b.tz).date() for g in gaps(report, UNDERSTAFFED)} == {
        day(2), day(3), day(4)}
    holes = [(local(b, g.start), local(b, g.end)) for g in gaps(report, UNCOVERED)]
    assert holes == [("2026-12-03T00:00:00+08:00", "2026-12-03T06:00:00+08:00")]


def test_checkpoint_closed_all_period_reports_nothing() -> None:
    b = team(checkpoints=[round_the_clock(opens=10)])
    assert check(b, week(b)).ok


def test_24_hour_shift_covers_the_clock_and_neighbours_have_no_rest() -> None:
    b = team(checkpoints=[cp("cp-24", tpl("08:00", "08:00"))], members=MEMBERS,
             assignments=[on("cp-24", 0, "08:00", "08:00", "m1"),
                          on("cp-24", 1, "08:00", "08:00", "m1")],
             rules={"max_hours_per_week": 100})
    report = check(b, week(b))
    assert gaps(report, UNCOVERED) == []
    # The 7 shifts that start in the week, 2 of them held; day -1's, which reaches in until
    # 08:00, belongs to the week before (it still covers those hours).
    assert len(gaps(report, UNDERSTAFFED)) == 7 - 2
    (rest,) = violations(report)
    assert rest.kind == REST and rest.detail["rest_hours"] == 0
    assert local(b, rest.move.start) == "2026-12-02T08:00:00+08:00"  # type: ignore[union-attr]


def test_member_twice_on_a_shift_counts_once_and_is_not_an_overlap() -> None:
    b = team(checkpoints=[round_the_clock(need=2)], members=MEMBERS,
             assignments=[on("cp-n", 0, "08:00", "16:00", "m1"),
                          on("cp-n", 0, "08:00", "16:00", "m1")])
    report = check(b, week(b))
    assert report.violations == ()
    g = report.gaps_by_checkpoint()["cp-n"][1]
    assert (local(b, g.start), g.need, g.have) == ("2026-12-01T08:00:00+08:00", 2, 1)


def test_invalid_assignments_count_toward_nothing() -> None:
    b = team(checkpoints=[round_the_clock(need=2)], members=MEMBERS,
             assignments=[
                 on("cp-n", 0, "08:00", "16:00", "ghost"),
                 on("cp-n", 0, "08:00", "15:00", "m1"),  # not a shift of cp-n
                 on("cp-z", 0, "08:00", "16:00", "m2"),  # no such checkpoint
                 on("cp-n", 0, "12:00", "20:00", "m2"),  # not a shift, would overlap m2
                 on("cp-n", 0, "16:00", "00:00", "m2"),
                 on("cp-n", -1, "08:00", "16:00", "ghost"),  # before the period: not ours
             ])
    report = check(b, week(b))
    invalid = violations(report, INVALID_ASSIGNMENT)
    assert [v.detail["reasons"] for v in invalid] == [
        ["unknown_member"], ["not_a_shift"], ["unknown_checkpoint"], ["not_a_shift"]]
    assert [v.kind for v in report.violations] == [INVALID_ASSIGNMENT] * 4
    assert all(v.move == v.assignments[0] for v in invalid)
    morning = [g for g in gaps(report) if local(b, g.start) == "2026-12-01T08:00:00+08:00"]
    assert [(g.kind, g.have) for g in morning] == [(UNDERSTAFFED, 0)]


def test_fractional_second_is_not_a_shift_start() -> None:
    b = team(checkpoints=[round_the_clock()], members=MEMBERS,
             assignments=[on("cp-n", 0, "08:00", "16:00", "m1")])
    a = b.assignments[0]
    odd = replace(a, start=a.start.replace(microsecond=500_000))
    report = check(replace(b, assignments=(odd,)), week(b))
    assert [v.detail["reasons"] for v in violations(report)] == [["not_a_shift"]]


def test_assignment_breaking_a_rule_still_fills_its_shift() -> None:
    b = team(checkpoints=[round_the_clock()],
             members=[person("m1", leave=[(at(0, "00:00"), at(1, "00:00"))])],
             assignments=[on("cp-n", 0, "08:00", "16:00", "m1")])
    report = check(b, week(b))
    assert [v.kind for v in report.violations] == [UNAVAILABLE]
    assert all(local(b, g.start) != "2026-12-01T08:00:00+08:00" for g in report.gaps)


def test_missing_tag_counts_duty_members_with_the_tag_only() -> None:
    shifts = cp("cp-t", tpl("08:00", "08:00", need=2, tags={"party": 1}, standby=1))
    people = [person("m1"), person("m2"), person("m3", tags=["party"])]
    b = team(checkpoints=[shifts], members=people,
             assignments=[on("cp-t", 0, "08:00", "08:00", "m1"),
                          on("cp-t", 0, "08:00", "08:00", "m2"),
                          on("cp-t", 0, "08:00", "08:00", "m3", role="standby")])
    report = check(b, week(b, 0, 1))
    today = [g for g in report.gaps if g.start.astimezone(b.tz).date() == FIRST]
    assert [(g.kind, g.tag, g.need, g.have) for g in today] == [(MISSING_TAG, "party", 1, 0)]

    b = team(checkpoints=[shifts], members=people,
             assignments=[on("cp-t", 0, "08:00", "08:00", "m1"),
                          on("cp-t", 0, "08:00", "08:00", "m3")])
    report = check(b, week(b, 0, 1))
    today = [g for g in report.gaps if g.start.astimezone(b.tz).date() == FIRST]
    assert [(g.kind, g.need, g.have) for g in today] == [(MISSING_STANDBY, 1, 0)]


# --- violations ------------------------------------------------------------------------------

REST_TEAM = [cp("cp-a", tpl("08:00", "16:00")), cp("cp-b", tpl("04:00", "08:00")),
             cp("cp-c", tpl("03:59", "07:59"))]


def test_rest_of_exactly_min_rest_is_allowed_one_minute_less_is_not() -> None:
    b = team(checkpoints=REST_TEAM, members=MEMBERS,
             assignments=[on("cp-a", 0, "08:00", "16:00", "m1"),
                          on("cp-b", 1, "04:00", "08:00", "m1"),
                          on("cp-a", 0, "08:00", "16:00", "m2"),
                          on("cp-c", 1, "03:59", "07:59", "m2")])
    (rest,) = violations(check(b, week(b)))
    assert (rest.kind, rest.member) == (REST, "m2")
    assert rest.detail == {"rest_hours": 11.98, "min_rest_hours": 12.0}
    assert starts(b, rest) == ["2026-12-01T08:00:00+08:00", "2026-12-02T03:59:00+08:00"]
    assert rest.move is rest.assignments[1]


def test_fractional_min_rest_hours() -> None:
    b = team(checkpoints=REST_TEAM, members=MEMBERS, rules={"min_rest_hours": 11.99},
             assignments=[on("cp-a", 0, "08:00", "16:00", "m2"),
                          on("cp-c", 1, "03:59", "07:59", "m2")])
    assert [v.kind for v in violations(check(b, week(b)))] == [REST]
    b = team(checkpoints=REST_TEAM, members=MEMBERS, rules={"min_rest_hours": 11.98},
             assignments=[on("cp-a", 0, "08:00", "16:00", "m2"),
                          on("cp-c", 1, "03:59", "07:59", "m2")])
    assert violations(check(b, week(b))) == []


def test_overlap_is_not_also_a_rest_and_moves_the_later_unless_locked() -> None:
    shifts = [cp("cp-a", tpl("08:00", "16:00")), cp("cp-d", tpl("12:00", "20:00"))]
    for locked, moved in ((False, "cp-d"), (True, "cp-a")):
        b = team(checkpoints=shifts, members=MEMBERS, rules={"max_shifts_per_day": 2},
                 assignments=[on("cp-a", 0, "08:00", "16:00", "m1"),
                              on("cp-d", 0, "12:00", "20:00", "m1", locked=locked)])
        (overlap,) = violations(check(b, week(b)))
        assert overlap.kind == OVERLAP and overlap.detail == {"overlap_hours": 4.0}
        assert overlap.move is not None and overlap.move.checkpoint == moved


def test_rest_with_neighbours_outside_the_period() -> None:
    b = team(checkpoints=[round_the_clock()], members=MEMBERS,
             assignments=[
                 on("cp-n", -3, "16:00", "00:00", "m1"),  # both outside: not ours
                 on("cp-n", -2, "08:00", "16:00", "m1"),
                 on("cp-n", -1, "16:00", "00:00", "m2"),  # before, neighbours day 0
                 on("cp-n", 0, "08:00", "16:00", "m2"),
                 on("cp-n", 6, "16:00", "00:00", "m3"),  # last day, neighbours day 7
                 on("cp-n", 7, "08:00", "16:00", "m3"),
             ])
    rests = violations(check(b, week(b)))
    assert [(v.kind, v.member) for v in rests] == [(REST, "m2"), (REST, "m3")]
    assert starts(b, rests[0]) == ["2026-11-30T16:00:00+08:00", "2026-12-01T08:00:00+08:00"]
    assert rests[0].detail["rest_hours"] == 8


def test_shifts_per_day_counts_shifts_starting_on_the_day() -> None:
    shifts = [cp("cp-e", tpl("00:00", "04:00")), cp("cp-f", tpl("20:00", "00:00"))]
    b = team(checkpoints=shifts, members=MEMBERS, rules={"min_rest_hours": 0},
             assignments=[on("cp-e", 0, "00:00", "04:00", "m1"),
                          on("cp-f", 0, "20:00", "00:00", "m1"),
                          on("cp-f", 1, "20:00", "00:00", "m2"),  # ends on day 2: fine
                          on("cp-e", 2, "00:00", "04:00", "m2")])
    report = check(b, week(b))
    (per_day,) = violations(report)
    assert (per_day.kind, per_day.member) == (SHIFTS_PER_DAY, "m1")
    assert per_day.detail == {"day": "2026-12-01", "shifts": 2, "max": 1}
    assert per_day.move is per_day.assignments[1]


def test_night_run_crossing_the_period_start() -> None:
    night = cp("cp-x", tpl("22:00", "06:00"))
    b = team(checkpoints=[night], members=MEMBERS,
             assignments=[on("cp-x", d, "22:00", "06:00", "m1") for d in (-2, -1, 0, 1)]
             + [on("cp-x", d, "22:00", "06:00", "m2") for d in (-4, -3, -2, -1)]
             + [on("cp-x", d, "22:00", "06:00", "m3") for d in (2, 3, 4)])
    report = check(b, week(b))
    (run,) = violations(report)
    assert (run.kind, run.member) == (CONSECUTIVE_NIGHTS, "m1")
    assert run.detail == {"nights": 4, "max": 3, "first_day": "2026-11-29",
                          "last_day": "2026-12-02"}
    assert starts(b, run)[0] == "2026-11-29T22:00:00+08:00"
    assert run.move is run.assignments[3]


def test_night_run_reaching_far_before_the_period_is_counted_whole() -> None:
    b = team(checkpoints=[cp("cp-x", tpl("22:00", "06:00"))], members=MEMBERS,
             assignments=[on("cp-x", d, "22:00", "06:00", "m1") for d in range(-25, 1)])
    (run,) = violations(check(b, week(b)))
    assert run.kind == CONSECUTIVE_NIGHTS and run.detail["nights"] == 26
    assert len(run.assignments) == 26
    assert run.move is run.assignments[-1]  # the only night in the period


def test_no_nights_by_the_night_window_and_by_the_template() -> None:
    shifts = [round_the_clock(), cp("cp-f", tpl("08:00", "16:00", night=True))]
    b = team(checkpoints=shifts, members=[person("m1", no_nights=True)],
             assignments=[on("cp-n", 0, "16:00", "00:00", "m1"),  # 2 of 8 hours at night
                          on("cp-n", 2, "00:00", "08:00", "m1"),
                          on("cp-f", 4, "08:00", "16:00", "m1")])
    report = check(b, week(b))
    assert [(v.kind, local(b, v.assignments[0].start)) for v in violations(report)] == [
        (NO_NIGHTS, "2026-12-03T00:00:00+08:00"), (NO_NIGHTS, "2026-12-05T08:00:00+08:00")]


def test_unavailable_spans_are_half_open() -> None:
    b = team(checkpoints=[round_the_clock()],
             members=[person("m1", leave=[(at(0, "16:00"), at(1, "08:00"))])],
             assignments=[on("cp-n", 0, "08:00", "16:00", "m1"),
                          on("cp-n", 1, "08:00", "16:00", "m1"),
                          on("cp-n", 2, "16:00", "00:00", "m1", role="standby"),
                          on("cp-n", 0, "16:00", "00:00", "m1", role="standby")])
    (leave,) = violations(check(b, week(b)))
    assert leave.kind == UNAVAILABLE and leave.move is leave.assignments[0]
    assert leave.detail == {"role": "standby", "from": "2026-12-01T16:00:00+08:00",
                            "to": "2026-12-02T08:00:00+08:00", "reason": "病假"}


def test_weekly_cap_personal_overrides_team() -> None:
    days = range(0, 6)  # Tue..Sun of ISO week 49: six 8-hour shifts, 48 hours
    b = team(checkpoints=[round_the_clock()],
             members=[person("m1"), person("m2", cap=50), person("m3", cap=30)],
             rules={"max_hours_per_week": 40},
             assignments=[on("cp-n", d, "08:00", "16:00", "m1") for d in days]
             + [on("cp-n", d, "16:00", "00:00", "m2") for d in days]
             + [on("cp-n", d, "00:00", "08:00", "m3") for d in range(0, 4)])
    report = check(b, week(b))
    hours = violations(report, HOURS_PER_WEEK)
    assert [(v.member, v.detail) for v in hours] == [
        ("m3", {"week": "2026-W49", "hours": 32.0, "max_hours": 30.0}),
        ("m1", {"week": "2026-W49", "hours": 48.0, "max_hours": 40.0}),
    ]
    assert hours[1].move is hours[1].assignments[-1]
    assert [v.kind for v in violations(report, CONSECUTIVE_NIGHTS)] == [CONSECUTIVE_NIGHTS]


def test_iso_week_hours_count_shifts_before_the_period() -> None:
    """The period starts on Thursday; Monday to Wednesday count toward the same week."""
    b = team(checkpoints=[round_the_clock()], members=MEMBERS,
             rules={"max_hours_per_week": 20},
             assignments=[on("cp-n", d, "08:00", "16:00", "m1") for d in range(-1, 5)]
             + [on("cp-n", d, "08:00", "16:00", "m2") for d in range(-8, -3)]  # week 48
             + [on("cp-n", d, "16:00", "00:00", "m3") for d in range(-1, 2)])
    report = check(b, week(b, 2))  # Thursday 2026-12-03 .. Wednesday 12-09
    hours = violations(report, HOURS_PER_WEEK)
    assert [v.member for v in hours] == ["m1"]  # m3's 24 hours are all before the period
    assert len(hours[0].assignments) == 6 and hours[0].detail["hours"] == 48
    assert local(b, hours[0].assignments[0].start) == "2026-11-30T08:00:00+08:00"
    assert local(b, hours[0].move.start) == "2026-12-05T08:00:00+08:00"  # type: ignore[union-attr]


def test_standby_rules() -> None:
    """Standby: no rest, nights or hours rules; overlap with own duty; leave."""
    shifts = cp("cp-s", tpl("08:00", "16:00", standby=1), tpl("16:00", "00:00", standby=1),
                tpl("00:00", "08:00", standby=1))
    b = team(checkpoints=[shifts], members=[person("m1", no_nights=True), person("m2")],
             assignments=[
                 on("cp-s", 0, "08:00", "16:00", "m1"),
                 on("cp-s", 0, "16:00", "00:00", "m1", role="standby"),  # no rest: fine
                 on("cp-s", 1, "00:00", "08:00", "m1", role="standby"),  # night: fine
                 on("cp-s", 2, "08:00", "16:00", "m2"),
                 on("cp-s", 2, "08:00", "16:00", "m2", role="standby"),  # same shift
             ])
    report = check(b, week(b))
    (overlap,) = violations(report)
    assert overlap.kind == OVERLAP and overlap.member == "m2"
    assert [a.role for a in overlap.assignments] == ["duty", "standby"]
    assert overlap.move is overlap.assignments[1]
    assert overlap.detail["roles"] == ["duty", "standby"]
    # Coverage ignores member rules: m2 fills both the duty and the standby place.
    day2 = [g for g in report.gaps if local(b, g.start) == "2026-12-03T08:00:00+08:00"]
    assert day2 == []


def test_dst_day_24_hour_shift_is_25_hours() -> None:
    berlin = "Europe/Berlin"
    b = team(checkpoints=[cp("cp-24", tpl("08:00", "08:00"))], members=MEMBERS, tz=berlin,
             rules={"max_hours_per_week": 48, "min_rest_hours": 0},
             assignments=[on("cp-24", day(-38), "08:00", "08:00", "m1", tz=berlin),
                          on("cp-24", day(-37), "08:00", "08:00", "m1", tz=berlin)])
    first = day(-38)  # 2026-10-24, the Saturday before clocks go back
    report = check(b, b.period(first, 2))
    assert gaps(report, UNCOVERED) == []
    (hours,) = violations(report)
    assert hours.kind == HOURS_PER_WEEK and hours.detail["hours"] == 49


# --- suggestions -----------------------------------------------------------------------------


def _candidates_team() -> Bundle:
    people = [person("m1"), person("m2", leave=[(at(0, "00:00"), at(1, "00:00"))]),
              person("m3"), person("m4", tags=["party"]), person("m5", tags=["party"]),
              person("m6", tags=["party"])]
    return team(checkpoints=[cp("cp-t", tpl("08:00", "16:00", need=2, tags={"party": 1}))],
                members=people,
                assignments=[on("cp-t", 0, "08:00", "16:00", "m1"),
                             on("cp-t", -1, "08:00", "16:00", "m3"),  # rest ok, day ok
                             on("cp-t", 1, "08:00", "16:00", "m3"),
                             on("cp-t", 3, "08:00", "16:00", "m5"),
                             on("cp-t", 4, "08:00", "16:00", "m5"),
                             on("cp-t", 3, "08:00", "16:00", "m6")])


def test_candidates_break_no_rule_and_come_fewest_shifts_first() -> None:
    """m1 is on the shift, m2 on leave; loads in the period: m4 0, m3 1, m6 1, m5 2."""
    b = _candidates_team()
    report = check(b, week(b))
    understaffed, missing = [g for g in report.gaps if g.kind != UNCOVERED][:2]
    assert (understaffed.kind, missing.kind) == (UNDERSTAFFED, MISSING_TAG)
    assert local(b, understaffed.start) == "2026-12-01T08:00:00+08:00"
    assert understaffed.searched and understaffed.candidates == ("m4", "m3", "m6", "m5")
    assert missing.candidates == ("m4", "m6", "m5")
    assert fill_candidates(b, week(b), missing, limit=1) == ("m4",)


def test_candidates_respect_rest_and_standby() -> None:
    b = _candidates_team()
    extra = team(checkpoints=[cp("cp-t", tpl("08:00", "16:00")),
                              cp("cp-u", tpl("20:00", "04:00"))],
                 members=[person("m4", tags=["party"])],
                 assignments=[on("cp-u", -1, "20:00", "04:00", "m4"),
                              on("cp-t", 0, "08:00", "16:00", "m6", role="standby")])
    b = replace(b, checkpoints=b.checkpoints + extra.checkpoints[1:],
                assignments=b.assignments + extra.assignments)
    report = check(b, week(b))
    # m4 rests only 4 hours after cp-u's night; m6 is on standby for this very shift.
    first = next(g for g in report.gaps if g.kind == UNDERSTAFFED)
    assert local(b, first.start) == "2026-12-01T08:00:00+08:00"
    assert first.candidates == ("m3", "m5")


def test_suggestions_can_be_turned_off_or_capped() -> None:
    b = team(checkpoints=[round_the_clock()], members=MEMBERS)
    off = check(b, week(b), suggest=False)
    assert not any(g.searched for g in off.gaps)
    assert all("candidates" not in g for g in off.to_json(b.tz)["gaps"])
    capped = check(b, week(b), suggest_gaps=2)
    assert [g.searched for g in capped.gaps[:3]] == [True, True, False]
    assert capped.gaps[0].candidates == ("m1", "m2", "m3", "m4", "m5")


# --- the report ------------------------------------------------------------------------------


def _mixed_team() -> Bundle:
    return team(
        checkpoints=[cp("cp-n", tpl("08:00", "16:00", need=2, tags={"party": 1}),
                        tpl("16:00", "00:00")),
                     cp("cp-s", tpl("08:00", "16:00"), name="南口卡点")],
        members=[person("m1"), person("m2", tags=["party"]), person("m3", name="张建国")],
        assignments=[on("cp-n", 0, "08:00", "16:00", "m1"),
                     on("cp-n", 0, "16:00", "00:00", "m3"),
                     on("cp-s", 1, "08:00", "16:00", "m1"),
                     on("cp-n", 1, "08:00", "16:00", "m3"),
                     on("cp-n", 1, "08:00", "16:00", "m2")])


def test_to_json_has_the_spec_shape() -> None:
    b = _mixed_team()
    doc = check(b, week(b, 0, 2)).to_json(b.tz)
    json.dumps(doc, ensure_ascii=False)
    assert doc["period"] == {"start": "2026-12-01T00:00:00+08:00",
                             "end": "2026-12-03T00:00:00+08:00"}
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for g in doc["gaps"]:
        by_kind.setdefault(g["kind"], []).append(g)
    for g in by_kind["understaffed"]:
        assert {"kind", "checkpoint", "start", "end", "need", "have"} <= g.keys()
        assert "tag" not in g
    (tag,) = by_kind["missing_tag"]
    assert tag == {"kind": "missing_tag", "checkpoint": "cp-n",
                   "start": "2026-12-01T08:00:00+08:00", "end": "2026-12-01T16:00:00+08:00",
                   "tag": "party", "need": 1, "have": 0, "checkpoint_name": "cp-n卡点",
                   "candidates": ["m2"]}
    (uncovered,) = [g for g in doc["gaps"] if g["kind"] == "uncovered" and
                    g["checkpoint"] == "cp-s"][:1]
    assert set(uncovered) == {"kind", "checkpoint", "start", "end", "checkpoint_name"}
    assert uncovered["checkpoint_name"] == "南口卡点"
    (rest,) = doc["violations"]
    assert rest["kind"] == "rest" and rest["member"] == "m3"
    assert rest["member_name"] == "张建国"
    assert rest["assignments"] == [
        {"checkpoint": "cp-n", "start": "2026-12-01T16:00:00+08:00",
         "end": "2026-12-02T00:00:00+08:00"},
        {"checkpoint": "cp-n", "start": "2026-12-02T08:00:00+08:00",
         "end": "2026-12-02T16:00:00+08:00"},
    ]
    assert rest["move"] == rest["assignments"][1]
    assert rest["detail"] == {"rest_hours": 8.0, "min_rest_hours": 12.0}
    assert doc["ok"] is False
    assert doc["summary"]["violations"] == 1


def test_report_order_does_not_depend_on_assignment_order() -> None:
    b = _mixed_team()
    expected = check(b, week(b, 0, 3)).to_json(b.tz)
    rng = random.Random(4)
    for _ in range(5):
        shuffled = list(b.assignments)
        rng.shuffle(shuffled)
        assert check(replace(b, assignments=tuple(shuffled)), week(b, 0, 3)).to_json(
            b.tz) == expected


def test_report_helpers() -> None:
    b = _mixed_team()
    report = check(b, week(b, 0, 2))
    (rest,) = report.violations
    assert report.involving(b.assignments[3]) == [rest]
    assert report.involving(b.assignments[2]) == []
    assert report.violations_by_member() == {"m3": [rest]}
    assert set(report.gaps_by_checkpoint()) == {"cp-n", "cp-s"}
    assert report.counts()["rest"] == 1 and next(iter(report.counts())) == UNCOVERED
    assert report.assignments == 5


def test_clean_roster_is_ok() -> None:
    b = team(checkpoints=[cp("cp-a", tpl("08:00", "08:00"))],
             members=[person(f"m{i}") for i in range(3)],
             assignments=[on("cp-a", d, "08:00", "08:00", f"m{d % 3}") for d in range(-3, 4)],
             rules={"max_hours_per_week": 72})
    report = check(b, week(b, 0, 3))
    assert report.ok, report
    assert report.to_json(b.tz)["gaps"] == [] and report.to_json(b.tz)["ok"] is True


@pytest.mark.parametrize("tz", ["Asia/Shanghai", "UTC", "America/New_York"])
def test_instants_are_written_in_the_team_zone(tz: str) -> None:
    b = team(checkpoints=[round_the_clock()], tz=tz)
    doc = check(b, week(b, 0, 1)).to_json(b.tz)
    first = parse_instant(doc["gaps"][0]["start"], b.tz)
    assert local(b, first) == doc["gaps"][0]["start"]
    assert doc["gaps"][0]["start"].startswith("2026-12-01T00:00:00")

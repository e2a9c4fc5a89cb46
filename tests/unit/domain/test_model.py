"""Model semantics from bundle.md: materialised shifts, the night rule, ISO weeks, DST days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from roster.domain.model import (
    Checkpoint,
    Rules,
    ShiftTemplate,
    is_night,
    iso_week,
    make_period,
    materialise,
    shift_times,
    templates_overlap,
)
from roster.domain.timeutil import (
    TimeError,
    TimeOfDay,
    format_instant,
    instant_at,
    parse_date,
    parse_instant,
    parse_time_of_day,
    zone,
)

SH = zone("Asia/Shanghai")
NY = zone("America/New_York")


def tod(text: str) -> TimeOfDay:
    return parse_time_of_day(text, allow_24=True)


def tpl(start: str, end: str, **kw: object) -> ShiftTemplate:
    return ShiftTemplate(tod(start), tod(end), **kw)  # type: ignore[arg-type]


def hours(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 3600


def test_day_shift_stays_on_its_date() -> None:
    start, end = shift_times(date(2026, 12, 1), tpl("08:00", "16:00"), SH)
    assert format_instant(start, SH) == "2026-12-01T08:00:00+08:00"
    assert format_instant(end, SH) == "2026-12-01T16:00:00+08:00"


def test_shift_crossing_midnight_ends_next_day() -> None:
    start, end = shift_times(date(2026, 12, 31), tpl("22:00", "06:00"), SH)
    assert format_instant(start, SH) == "2026-12-31T22:00:00+08:00"
    assert format_instant(end, SH) == "2027-01-01T06:00:00+08:00"


def test_end_at_midnight_written_00_00_or_24_00_is_the_same_instant() -> None:
    a = shift_times(date(2026, 12, 1), tpl("16:00", "00:00"), SH)
    b = shift_times(date(2026, 12, 1), tpl("16:00", "24:00"), SH)
    assert a == b
    assert hours(*a) == 8


def test_end_equal_to_start_is_a_24_hour_shift() -> None:
    start, end = shift_times(date(2026, 12, 1), tpl("08:00", "08:00"), SH)
    assert hours(start, end) == 24


def test_24_hour_shift_on_spring_forward_day_lasts_23_hours() -> None:
    start, end = shift_times(date(2026, 3, 8), tpl("00:00", "00:00"), NY)
    assert hours(start, end) == 23


def test_24_hour_shift_on_fall_back_day_lasts_25_hours() -> None:
    start, end = shift_times(date(2026, 11, 1), tpl("00:00", "00:00"), NY)
    assert hours(start, end) == 25


def test_wall_time_skipped_by_spring_forward_is_the_instant_after_the_jump() -> None:
    # 02:30 does not exist in New York on 2026-03-08: clocks go 01:59:59 → 03:00.
    start = instant_at(date(2026, 3, 8), tod("02:30"), NY)
    assert start == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT


def test_period_on_a_dst_day_has_real_length() -> None:
    period = make_period(date(2026, 3, 8), 1, NY)
    assert hours(period.start, period.end) == 23
    assert list(period.dates()) == [date(2026, 3, 8)]


@pytest.mark.parametrize(
    ("start", "end", "night"),
    [
        ("22:00", "06:00", True),   # entirely inside the window
        ("00:00", "08:00", True),   # 6 of 8 hours
        ("18:00", "02:00", True),   # exactly half: 4 of 8 hours counts as night
        ("17:00", "01:00", False),  # 3 of 8 hours
        ("16:00", "00:00", False),  # 2 of 8 hours
        ("02:00", "10:00", True),   # 4 of 8
        ("03:00", "11:00", False),  # 3 of 8
        ("08:00", "08:00", False),  # 24 h: 8 of 24
    ],
)
def test_night_rule_at_its_edges(start: str, end: str, night: bool) -> None:
    template = tpl(start, end)
    s, e = shift_times(date(2026, 12, 1), template, SH)
    assert is_night(s, e, template, Rules(), SH) is night


def test_template_can_force_night_or_day() -> None:
    s, e = shift_times(date(2026, 12, 1), tpl("08:00", "16:00"), SH)
    assert is_night(s, e, tpl("08:00", "16:00", night=True), Rules(), SH)
    s, e = shift_times(date(2026, 12, 1), tpl("22:00", "06:00"), SH)
    assert not is_night(s, e, tpl("22:00", "06:00", night=False), Rules(), SH)


def test_night_window_that_does_not_cross_midnight() -> None:
    rules = Rules(night_window=(tod("00:00"), tod("06:00")))
    template = tpl("22:00", "06:00")
    s, e = shift_times(date(2026, 12, 1), template, SH)
    assert is_night(s, e, template, rules, SH)  # 6 of 8 hours
    template = tpl("20:00", "04:00")  # 4 of 8 hours: exactly half is night
    s, e = shift_times(date(2026, 12, 1), template, SH)
    assert is_night(s, e, template, rules, SH)
    template = tpl("19:00", "03:00")  # 3 of 8 hours
    s, e = shift_times(date(2026, 12, 1), template, SH)
    assert not is_night(s, e, template, rules, SH)


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2026, 12, 28), (2026, 53)),
        (date(2027, 1, 3), (2026, 53)),   # a Sunday still in ISO week 53 of 2026
        (date(2027, 1, 4), (2027, 1)),    # Monday starts week 1
        (date(2024, 12, 30), (2025, 1)),  # a December Monday in next year's week 1
    ],
)
def test_iso_weeks_at_year_boundaries(day: date, week: tuple[int, int]) -> None:
    assert iso_week(day) == week


def test_materialise_respects_checkpoint_from_and_to() -> None:
    cp = Checkpoint("cp", "北口", (tpl("08:00", "20:00"), tpl("20:00", "08:00")),
                    open_from=date(2026, 12, 2), open_to=date(2026, 12, 3))
    days = [date(2026, 12, 1) + timedelta(days=i) for i in range(4)]
    shifts = materialise(cp, days, Rules(), SH)
    assert [s.day for s in shifts] == [date(2026, 12, 2)] * 2 + [date(2026, 12, 3)] * 2
    assert [s.night for s in shifts] == [False, True, False, True]


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        (("08:00", "16:00"), ("16:00", "00:00"), False),  # half-open: touching is fine
        (("08:00", "16:00"), ("15:00", "23:00"), True),
        (("22:00", "06:00"), ("05:00", "13:00"), True),   # night spills into next morning
        (("22:00", "06:00"), ("06:00", "14:00"), False),
        (("08:00", "08:00"), ("12:00", "13:00"), True),   # a 24 h template clashes with all
    ],
)
def test_templates_overlap(a: tuple[str, str], b: tuple[str, str], clash: bool) -> None:
    assert templates_overlap(tpl(*a), tpl(*b)) is clash
    assert templates_overlap(tpl(*b), tpl(*a)) is clash


@pytest.mark.parametrize("bad", ["25:00", "24:30", "8:00", "08:60", "", "noon", 800])
def test_bad_times_of_day_are_refused(bad: object) -> None:
    with pytest.raises(TimeError):
        parse_time_of_day(bad)


def test_24_00_only_as_an_end() -> None:
    with pytest.raises(TimeError):
        parse_time_of_day("24:00")
    assert parse_time_of_day("24:00", allow_24=True).minutes == 1440


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-13-01", "2026-1-1", "tomorrow"])
def test_dates_that_do_not_exist_are_refused(bad: str) -> None:
    with pytest.raises(TimeError):
        parse_date(bad)


def test_instant_without_offset_is_read_in_the_team_zone() -> None:
    assert parse_instant("2026-12-01T08:00:00", SH) == datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    assert parse_instant("2026-12-01T08:00:00+09:00", SH) == datetime(2026, 11, 30, 23, 0,
                                                                      tzinfo=UTC)


def test_unknown_time_zone_is_refused() -> None:
    with pytest.raises(TimeError, match="Mars/Olympus"):
        zone("Mars/Olympus")

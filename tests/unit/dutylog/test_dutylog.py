"""The duty log's core: statuses, presence, gaps, hours, corrections, handovers, refusals.

Pure functions over the fixture team (tests/unit/test_dutylog_fixtures.py): no disk, no
terminal. Each status of planned versus actual has its own test, with its boundary.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from roster.domain.model import Assignment
from roster.dutylog.checks import (
    check_check_in,
    check_check_out,
    check_close,
    check_confirm,
    check_note,
    check_toggle,
)
from roster.dutylog.compare import ABSENT, EXPECTED, LATE, ON_TIME, STANDBY, compare
from roster.dutylog.desk import desk_view, match_members
from roster.dutylog.entries import (
    close_entry,
    confirm_entry,
    correction_entry,
    handover_entry,
    new_id,
    parse_when,
    resolve,
    ulid_time,
    void_entry,
)
from roster.dutylog.handovers import open_items
from roster.dutylog.presence import sessions
from tests.unit.dutylog.test_dutylog_fixtures import DAY, TZ, at, cin, cout, note, team

B = team()
PERIOD = B.period(DAY, 1)
LATE_NIGHT = at("09:00", DAY + timedelta(days=1))


def attendance(entries: list, now=LATE_NIGHT) -> dict[tuple[str, str], object]:
    result = compare(B, entries, PERIOD, now)
    return {(a.member, a.assignment.start.astimezone(TZ).strftime("%H:%M")): a
            for a in result.attendance}


# --- statuses ------------------------------------------------------------------------------


def test_on_time_at_the_grace_boundary_and_late_one_second_after() -> None:
    got = attendance([cin("m1", at("08:10")), cin("m2", at("08:10", seconds=1))])
    assert got[("m1", "08:00")].status == ON_TIME
    assert got[("m2", "08:00")].status == LATE
    assert got[("m2", "08:00")].late_minutes == 10
    early = attendance([cin("m1", at("07:15"))])  # within the hour before: counts
    assert early[("m1", "08:00")].status == ON_TIME


def test_absent_once_the_shift_is_over_late_while_it_runs_expected_before() -> None:
    assert attendance([], at("15:00"))[("m3", "16:00")].status == EXPECTED
    assert attendance([], at("16:10"))[("m3", "16:00")].status == EXPECTED  # within grace
    running = attendance([], at("16:30"))[("m3", "16:00")]
    assert running.status == LATE and running.arrived is None
    assert attendance([])[("m3", "16:00")].status == ABSENT
    assert attendance([])[("m5", "16:00")].status == STANDBY  # never absent


def test_left_early_beyond_the_grace_period_only() -> None:
    got = attendance([cin("m1", at("08:00")), cout("m1", at("15:49")),
                      cin("m2", at("08:00")), cout("m2", at("15:50"))])
    assert got[("m1", "08:00")].left_early and got[("m1", "08:00")].early_minutes == 11
    assert not got[("m2", "08:00")].left_early
    assert got[("m2", "08:00")].present_minutes == 7 * 60 + 50


def test_presence_nobody_rostered_is_reported() -> None:
    result = compare(B, [cin("m5", at("10:00"), "cp-s"), cout("m5", at("12:00"), "cp-s"),
                         cin("m1", at("07:30")), cout("m1", at("16:05"))],
                     PERIOD, LATE_NIGHT)
    assert [(u.member, u.checkpoint) for u in result.unrostered] == [("m5", "cp-s")]
    totals = {m.member: m for m in result.members}
    assert totals["m5"].unrostered == 1 and totals["m5"].actual_hours == 2


def test_a_check_in_without_check_out_counts_to_its_shift_end_and_stops_blocking() -> None:
    entries = [cin("m1", at("08:00"))]
    got = attendance(entries)[("m1", "08:00")]
    assert got.no_check_out and got.present_minutes == 8 * 60
    # the next morning a new check-in is not a "second check-in"
    nxt = at("07:55", DAY + timedelta(days=1))
    assert check_check_in(B, entries, "m1", "cp-n", nxt, nxt) is None
    # while the shift runs, it is one
    refusal = check_check_in(B, entries, "m1", "cp-n", at("12:00"), at("12:00"))
    assert refusal is not None and refusal.warning


def test_actual_coverage_gaps_ignore_stretches_shorter_than_the_grace() -> None:
    entries = [cin("m1", at("08:00")), cout("m1", at("16:00")),
               cin("m2", at("09:00")), cout("m2", at("13:00")),
               cin("m2", at("13:05")), cout("m2", at("16:00"))]
    gaps = [g for g in compare(B, entries, PERIOD, LATE_NIGHT).gaps
            if g.checkpoint == "cp-n" and g.shift_start == at("08:00")]
    assert [(g.start, g.end, g.have, g.need) for g in gaps] == [
        (at("08:00"), at("09:00"), 1, 2)]


def test_hours_and_nights_per_member() -> None:
    entries = [cin("m3", at("23:50", DAY - timedelta(days=1))), cout("m3", at("08:02")),
               cin("m3", at("15:58")), cout("m3", at("24:00"))]
    result = compare(B, entries, PERIOD, LATE_NIGHT)
    m3 = next(m for m in result.members if m.member == "m3")
    assert m3.nights == 1 and m3.planned_nights == 1
    assert m3.shifts == 2 and m3.on_time == 2
    # actual hours inside the day: 00:00–08:02 and 15:58–24:00
    assert m3.actual_hours == pytest.approx(8 + 2 / 60 + 8 + 2 / 60, abs=0.01)
    assert m3.planned_hours == 16


# --- corrections -----------------------------------------------------------------------------


def test_a_correction_replaces_the_entry_and_keeps_its_history() -> None:
    wrong = note("vehicle", at("09:00"), count=12, text="过往车辆")
    fixed = correction_entry(wrong, at("09:05"), count=21)
    again = correction_entry(fixed, at("09:10"), text="过往车辆（含货车）")
    versions = resolve([again, wrong, fixed])
    assert len(versions) == 1
    v = versions[0]
    assert v.root == wrong.id and v.corrected
    assert [e.id for e in v.history] == [wrong.id, fixed.id, again.id]
    assert v.entry.count == 21 and v.entry.text == "过往车辆（含货车）"


def test_a_withdrawn_check_in_no_longer_counts() -> None:
    mistaken = cin("m2", at("08:01"))  # pressed 2 instead of 1
    entries = [mistaken, void_entry(mistaken, at("08:02"), "按错了"), cin("m1", at("08:02"))]
    got = attendance(entries)
    assert got[("m2", "08:00")].status == ABSENT
    assert got[("m1", "08:00")].status == ON_TIME
    assert [v.void for v in resolve(entries)] == [True, False]


def test_a_correction_of_an_entry_outside_the_window_stands_for_itself() -> None:
    original = cin("m1", at("08:00"))
    moved = correction_entry(original, at("08:30"), at=at("08:03"))
    [v] = resolve([moved])
    assert v.root == original.id and v.entry.at == at("08:03")


def test_a_corrected_check_in_time_changes_the_status() -> None:
    late = cin("m1", at("08:40"))
    fixed = correction_entry(late, at("09:00"), at=at("08:05"))
    assert attendance([late])[("m1", "08:00")].status == LATE
    assert attendance([late, fixed])[("m1", "08:00")].status == ON_TIME


# --- handovers and open items ------------------------------------------------------------------


def test_open_items_carry_forward_until_closed() -> None:
    h1 = handover_entry("cp-n", "m1", at("15:55"), at("15:55"), TZ, text="一切正常",
                        new_items=["路灯坏了", "测温枪没电"])
    entries = [h1]
    evening = open_items(resolve(entries), "cp-n", at("17:00"))
    assert [i.text for i in evening] == ["路灯坏了", "测温枪没电"]
    close = close_entry("cp-n", [evening[1].id], at("18:00"), at("18:00"), text="已充电")
    entries.append(close)
    # the evening's handover re-lists what is still open, with its original id
    still = open_items(resolve(entries), "cp-n", at("23:55"))
    h2 = handover_entry("cp-n", "m3", at("23:55"), at("23:55"), TZ, text="夜里注意",
                        new_items=["北边有施工"], carried=still)
    entries.append(h2)
    night = open_items(resolve(entries), "cp-n", at("02:00", DAY + timedelta(days=1)))
    assert [i.text for i in night] == ["路灯坏了", "北边有施工"]
    assert night[0].id == evening[0].id and night[0].raised == evening[0].raised
    assert open_items(resolve(entries), "cp-s", at("23:59")) == []
    assert check_close(B, entries, "cp-n", [evening[1].id], at("23:58"), at("23:58")) \
        is not None  # closed already


def test_a_handover_is_confirmed_by_the_incoming_member_once() -> None:
    h = handover_entry("cp-n", "m1", at("15:55"), at("15:55"), TZ, text="交班")
    own = check_confirm(B, [h], h.id, "m1", at("16:00"), at("16:00"))
    assert own is not None and own.code == "own_handover"
    assert check_confirm(B, [h], h.id, "m3", at("16:00"), at("16:00")) is None
    c = confirm_entry(h, h.id, "m3", at("16:01"), at("16:01"))
    again = check_confirm(B, [h, c], h.id, "m4", at("16:02"), at("16:02"))
    assert again is not None and again.warning and again.code == "already_confirmed"
    view = desk_view(B, [h], "cp-n", at("16:05"))
    assert [x.id for x in view.unconfirmed] == [h.id]
    assert desk_view(B, [h, c], "cp-n", at("16:05")).unconfirmed == ()


# --- refusals (the CLI and the desk say the same) ---------------------------------------------


@pytest.mark.parametrize(("member", "checkpoint", "when", "code"), [
    ("m9", "cp-n", "09:00", "unknown_member"),
    ("m1", "cp-x", "09:00", "unknown_checkpoint"),
    ("m1", "cp-n", "09:06", "in_future"),  # beyond five minutes of clock skew
])
def test_check_in_refusals(member: str, checkpoint: str, when: str, code: str) -> None:
    refusal = check_check_in(B, [], member, checkpoint, at(when), at("09:00"))
    assert refusal is not None and refusal.code == code and not refusal.warning
    assert check_check_in(B, [], "m1", "cp-n", at("09:04"), at("09:00")) is None  # skew


def test_before_the_checkpoint_opened() -> None:
    when = at("09:00", DAY.replace(month=11, day=15))
    refusal = check_check_in(B, [], "m1", "cp-s", when, at("09:00"))
    assert refusal is not None and refusal.code == "before_open"
    assert "2026-11-16" in str(refusal.message)


def test_check_out_without_check_in_and_twice() -> None:
    refusal = check_check_out(B, [], "m1", "cp-n", at("10:00"), at("10:00"))
    assert refusal is not None and refusal.code == "not_checked_in"
    entries = [cin("m1", at("08:00")), cout("m1", at("16:00"))]
    late_typed = check_check_out(B, entries, "m1", "cp-n", at("12:00"), at("17:00"))
    assert late_typed is not None and late_typed.code == "later_check_out"
    duplicate = check_check_in(B, entries, "m1", "cp-n", at("09:00"), at("17:00"))
    assert duplicate is not None and duplicate.warning and "08:00" in str(duplicate.message)


def test_one_checkpoint_at_a_time() -> None:
    """Checked in at 北口, a member is not checked in at 南口 too until they check out there
    (review round 2 of #13 item 4: both were accepted, and they counted as on site twice)."""
    entries = [cin("m1", at("08:00"))]
    refusal = check_check_in(B, entries, "m1", "cp-s", at("09:00"), at("09:00"))
    assert refusal is not None and refusal.code == "checked_in_elsewhere"
    assert not refusal.warning and "08:00" in str(refusal.message)
    kind, refusal = check_toggle(B, entries, "m1", "cp-s", at("09:00"), at("09:00"))
    assert kind == "check_in"
    assert refusal is not None and refusal.code == "checked_in_elsewhere"
    moved = [*entries, cout("m1", at("08:55"))]
    assert check_check_in(B, moved, "m1", "cp-s", at("09:00"), at("09:00")) is None
    # a check-in left open past its shift stops counting, and blocks nothing the next day
    nxt = at("08:00", DAY + timedelta(days=1))
    assert check_check_in(B, entries, "m1", "cp-s", nxt, nxt) is None


def test_a_note_needs_a_text_or_a_count_and_a_known_category() -> None:
    now = at("10:00")
    assert check_note(B, "cp-n", "vehicle", now, now, count=3) is None
    for kwargs, code in (({}, "empty_note"), ({"count": -1}, "bad_count")):
        refusal = check_note(B, "cp-n", "vehicle", now, now, **kwargs)
        assert refusal is not None and refusal.code == code
    refusal = check_note(B, "cp-n", "parking", now, now, text="x")
    assert refusal is not None and refusal.code == "bad_category"


# --- finding people, times and ids ------------------------------------------------------------


def test_match_by_phone_digits_or_part_of_a_name_rostered_first() -> None:
    assert match_members(B, "01") == ["m1"]
    assert match_members(B, "建国") == ["m1"]
    assert match_members(B, "0003") == ["m3"]
    assert match_members(B, "9") == []
    assert match_members(B, "1") == ["m1", "m5"]
    assert match_members(B, "1", candidates=["m1", "m3"]) == ["m1"]  # the rostered first
    assert match_members(B, "11", candidates=["m1", "m3"]) == ["m5"]  # else the whole team
    assert match_members(B, "  ") == []


def test_late_typing_hh_mm_means_the_latest_such_time() -> None:
    now = at("00:30", DAY + timedelta(days=1))
    assert parse_when("23:50", TZ, now) == at("23:50")
    assert parse_when("00:10", TZ, now) == at("00:10", DAY + timedelta(days=1))
    assert parse_when("2026-12-01T08:00", TZ, now) == at("08:00")


def test_ids_are_unique_and_sort_by_time() -> None:
    first, second = new_id(at("08:00")), new_id(at("08:00", seconds=1))
    assert len(first) == 26 and first < second and new_id(at("08:00")) != first
    assert ulid_time(first) == at("08:00")
    assert ulid_time("hand-made") is None


def test_sessions_report_a_second_check_in_and_a_lone_check_out() -> None:
    entries = [cin("m1", at("08:00")), cin("m1", at("08:01")), cout("m2", at("09:00"))]
    ss, strays = sessions(B, resolve(entries), at("10:00"))
    assert [(s.member, s.end) for s in ss] == [("m1", None)]
    assert sorted(x.reason for x in strays) == ["check_out_without_check_in",
                                                "duplicate_check_in"]


def test_the_desk_lists_the_shift_then_the_next_one_arriving() -> None:
    entries = [cin("m1", at("08:00")), cin("m2", at("08:20")), cin("m3", at("15:30"))]
    view = desk_view(B, entries, "cp-n", at("15:30"))
    assert [(r.member, r.role, r.checked_in) for r in view.rows] == [
        ("m1", "duty", True), ("m2", "duty", True), ("m3", "next", True),
        ("m4", "next", False)]
    assert view.rows[1].attendance is not None and view.rows[1].attendance.status == LATE
    morning = desk_view(B, [], "cp-n", at("09:00"))
    assert [r.member for r in morning.rows] == ["m1", "m2"]
    assert morning.gaps and morning.gaps[0].have == 0


def test_too_few_on_site_goes_once_both_are_here() -> None:
    """#13 item 17: 08:00-08:20 with one of two is history (the daily report has it); the
    desk's alert is for a shortfall going on now."""
    entries = [cin("m1", at("08:00")), cin("m2", at("08:20"))]
    assert desk_view(B, entries, "cp-n", at("08:15")).gaps  # one of two, right now
    assert desk_view(B, entries, "cp-n", at("12:00")).gaps == ()
    # the desk redraws the moment the second one checks in: gone then, not a poll later
    assert desk_view(B, entries, "cp-n", at("08:20")).gaps == ()
    late = [cin("m1", at("08:00")), cin("m2", at("08:20")), cout("m2", at("11:00"))]
    (gap,) = desk_view(B, late, "cp-n", at("12:00")).gaps  # m2 left: short again since 11:00
    assert (gap.have, gap.need) == (1, 2)


def test_standby_is_listed_and_can_check_in() -> None:
    view = desk_view(B, [cin("m5", at("16:00"))], "cp-n", at("17:00"))
    assert [(r.member, r.role) for r in view.rows] == [("m3", "duty"), ("m4", "duty"),
                                                       ("m5", "standby")]
    assert view.rows[2].checked_in
    assert isinstance(B.assignments[0], Assignment)


def test_the_desk_key_checks_in_then_out_with_the_same_refusals() -> None:
    assert check_toggle(B, [], "m1", "cp-n", at("08:00"), at("08:00")) == ("check_in", None)
    entries = [cin("m1", at("08:00"))]
    assert check_toggle(B, entries, "m1", "cp-n", at("16:00"), at("16:00")) == (
        "check_out", None)
    entries.append(cout("m1", at("16:00")))
    kind, refusal = check_toggle(B, entries, "m1", "cp-n", at("12:00"), at("17:00"))
    assert kind == "check_out" and refusal is not None and refusal.code == "later_check_out"
    _, unknown = check_toggle(B, [], "m9", "cp-n", at("08:00"), at("08:00"))
    assert unknown is not None and unknown.code == "unknown_member"


def test_a_wall_time_the_clocks_skipped_is_refused_not_moved() -> None:
    """Review round 2 (class 10): --at 2026-03-08T02:30 in New York was filed as 03:30
    without a word. A time that never showed on a clock is a slip, said as such."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from roster.domain.timeutil import TimeError
    from roster.dutylog.entries import parse_when

    ny = ZoneInfo("America/New_York")
    now = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
    for typed in ("2026-03-08T02:30", "02:30"):
        with pytest.raises(TimeError, match="did not exist"):
            parse_when(typed, ny, now)
    assert parse_when("2026-03-08T03:30", ny, now) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert parse_when("2026-03-08T02:30-05:00", ny, now) == datetime(2026, 3, 8, 7, 30,
                                                                      tzinfo=UTC)
    assert parse_when("2026-11-01T01:30", ny, now).hour == 5  # repeated: its first pass

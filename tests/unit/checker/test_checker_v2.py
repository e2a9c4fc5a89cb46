"""The checker on bundle version 2: the three new rules at their edges, shifts by weekday and
by dated change (closures never a hole, a surge short until filled), and what check reports
besides problems (wishes, substitutes)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from roster.checker import MISSING_TAG, UNCOVERED, UNDERSTAFFED, Report, Violation, check
from roster.domain.model import Bundle
from roster.exchange.bundle import read_bundle
from roster.rules import CONSECUTIVE_DAYS, DAYS_OFF_AFTER_NIGHTS, WRONG_CHECKPOINT
from tests.unit.checker.checker_fixtures import FIRST, at, cp, day, on, person, tpl, week

Doc = dict[str, Any]
MEMBERS = [person(f"m{i}") for i in range(1, 7)]


def team2(*, checkpoints: Iterable[Doc], members: Iterable[Doc] = MEMBERS,
          assignments: Iterable[Doc] = (), rules: Mapping[str, Any] | None = None,
          crews: Iterable[Doc] = ()) -> Bundle:
    return read_bundle({
        "format": "checkpoint-roster", "version": 2,
        "team": {"name": "测试工作队", "timezone": "Asia/Shanghai"},
        "rules": dict(rules or {}), "members": list(members),
        "checkpoints": list(checkpoints), "assignments": list(assignments),
        "crews": list(crews), "logs": []}, "fixture")


def kinds(report: Report, kind: str) -> list[Violation]:
    return [v for v in report.violations if v.kind == kind]


DAYCP = cp("cp-d", tpl("08:00", "16:00"))


# --- consecutive_days --------------------------------------------------------------------------


def test_a_run_of_exactly_max_consecutive_days_is_allowed_one_more_is_not() -> None:
    exact = team2(checkpoints=[DAYCP], rules={"max_consecutive_days": 4},
                  assignments=[on("cp-d", d, "08:00", "16:00", "m1") for d in range(4)])
    assert not check(exact, week(exact)).violations
    over = team2(checkpoints=[DAYCP], rules={"max_consecutive_days": 4},
                 assignments=[on("cp-d", d, "08:00", "16:00", "m1") for d in range(5)])
    (v,) = kinds(check(over, week(over)), CONSECUTIVE_DAYS)
    assert v.member == "m1" and v.detail["days"] == 5 and v.detail["max"] == 4
    assert v.move is not None and v.move.start.date() == day(4)


def test_a_day_run_crossing_the_period_start_counts_days_before_it() -> None:
    b = team2(checkpoints=[DAYCP], rules={"max_consecutive_days": 3},
              assignments=[on("cp-d", d, "08:00", "16:00", "m1") for d in range(-3, 1)])
    (v,) = kinds(check(b, week(b)), CONSECUTIVE_DAYS)
    assert v.detail == {"days": 4, "max": 3, "first_day": "2026-11-28",
                        "last_day": "2026-12-01"}
    assert v.move is not None and v.move.start.date() == FIRST
    # A run wholly before the period is not this period's problem.
    before = team2(checkpoints=[DAYCP], rules={"max_consecutive_days": 3},
                   assignments=[on("cp-d", d, "08:00", "16:00", "m1") for d in range(-6, -1)])
    assert not check(before, week(before)).violations


def test_a_long_run_reaching_far_before_the_period_is_counted_whole() -> None:
    b = team2(checkpoints=[DAYCP], rules={"max_consecutive_days": 6},
              assignments=[on("cp-d", d, "08:00", "16:00", "m1") for d in range(-20, 1)])
    (v,) = kinds(check(b, week(b)), CONSECUTIVE_DAYS)
    assert v.detail["days"] == 21


def test_no_limit_by_default() -> None:
    b = team2(checkpoints=[DAYCP],
              assignments=[on("cp-d", d, "08:00", "16:00", "m1") for d in range(7)])
    assert not kinds(check(b, week(b)), CONSECUTIVE_DAYS)


# --- days_off_after_nights --------------------------------------------------------------------

NIGHTS = cp("cp-n", tpl("08:00", "16:00"), tpl("22:00", "06:00"))


def test_days_off_after_nights_at_the_edge() -> None:
    nights = [on("cp-n", d, "22:00", "06:00", "m1") for d in (0, 1)]
    # Run ends on day 1; days 2 and 3 are off; day 4 is allowed again.
    ok = team2(checkpoints=[NIGHTS], rules={"days_off_after_nights": 2},
               assignments=[*nights, on("cp-n", 4, "08:00", "16:00", "m1")])
    assert not check(ok, week(ok)).violations
    bad = team2(checkpoints=[NIGHTS], rules={"days_off_after_nights": 2},
                assignments=[*nights, on("cp-n", 3, "08:00", "16:00", "m1")])
    (v,) = kinds(check(bad, week(bad)), DAYS_OFF_AFTER_NIGHTS)
    assert v.detail == {"night_day": "2026-12-02", "day": "2026-12-04", "days_off": 2}
    assert v.move is not None and v.move.start.date() == day(3)


def test_a_night_the_next_day_continues_the_run_rather_than_breaking_the_days_off() -> None:
    b = team2(checkpoints=[NIGHTS], rules={"days_off_after_nights": 1},
              assignments=[on("cp-n", d, "22:00", "06:00", "m1") for d in (0, 1, 2)])
    assert not check(b, week(b)).violations
    # A new night run started inside the days off is not allowed.
    again = team2(checkpoints=[NIGHTS], rules={"days_off_after_nights": 2},
                  assignments=[on("cp-n", d, "22:00", "06:00", "m1") for d in (0, 2)])
    assert len(kinds(check(again, week(again)), DAYS_OFF_AFTER_NIGHTS)) == 1


def test_a_night_run_crossing_the_period_start_still_wants_its_days_off() -> None:
    b = team2(checkpoints=[NIGHTS], rules={"days_off_after_nights": 1},
              assignments=[on("cp-n", -2, "22:00", "06:00", "m1"),
                           on("cp-n", -1, "22:00", "06:00", "m1"),
                           on("cp-n", 0, "08:00", "16:00", "m1")])
    (v,) = kinds(check(b, week(b)), DAYS_OFF_AFTER_NIGHTS)
    assert v.detail["night_day"] == "2026-11-30" and v.detail["day"] == "2026-12-01"


# --- wrong_checkpoint --------------------------------------------------------------------------


def test_only_checkpoints_holds_duty_and_standby() -> None:
    members = [{**person("m1"), "only_checkpoints": ["cp-a"]}, person("m2")]
    cps = [cp("cp-a", tpl("08:00", "16:00", standby=1)),
           cp("cp-b", tpl("08:00", "16:00", standby=1))]
    b = team2(checkpoints=cps, members=members,
              assignments=[on("cp-a", 0, "08:00", "16:00", "m1"),
                           on("cp-b", 1, "08:00", "16:00", "m1"),
                           on("cp-b", 2, "08:00", "16:00", "m1", role="standby")])
    found = kinds(check(b, week(b)), WRONG_CHECKPOINT)
    assert [(v.assignments[0].checkpoint, v.detail["role"]) for v in found] == [
        ("cp-b", "duty"), ("cp-b", "standby")]


# --- weekdays and changes -------------------------------------------------------------------


def test_a_weekday_template_and_a_closure_are_never_uncovered() -> None:
    market = cp("cp-m", tpl("00:00", "00:00"), tpl("08:00", "14:00"))
    market["shifts"] = [{**tpl("00:00", "12:00"), "weekdays": [7]},
                        {**tpl("12:00", "00:00")}]
    bridge = cp("cp-b", tpl("08:00", "20:00"), tpl("20:00", "08:00"))
    bridge["changes"] = [{"from": day(2).isoformat(), "to": day(3).isoformat(),
                          "closed": True, "reason": "修桥"}]
    b = team2(checkpoints=[market, bridge])
    report = check(b, week(b))
    assert not [g for g in report.gaps if g.kind == UNCOVERED]
    short = [g for g in report.gaps if g.kind == UNDERSTAFFED]
    # cp-m: one Sunday morning (2026-12-06) + 7 afternoons; cp-b: 5 open days x 2 (the
    # night of the day before, which reaches in, belongs to the period before).
    assert sum(1 for g in short if g.checkpoint == "cp-m") == 8
    assert sum(1 for g in short if g.checkpoint == "cp-b") == 10
    assert not [g for g in short if g.checkpoint == "cp-b"
                and g.start.date() in (day(2), day(3))]


def test_a_hole_in_the_pattern_is_still_uncovered() -> None:
    gappy = cp("cp-g", tpl("08:00", "16:00"))
    gappy["shifts"][0]["weekdays"] = [1, 2, 3, 4, 5]
    b = team2(checkpoints=[gappy])
    holes = [g for g in check(b, week(b)).gaps if g.kind == UNCOVERED]
    assert holes and all(g.start.astimezone(b.tz).hour in (0, 16) for g in holes)


def test_a_surge_is_understaffed_until_filled() -> None:
    gate = cp("cp-n", tpl("08:00", "20:00", need=1), tpl("20:00", "08:00"))
    gate["changes"] = [{"from": day(1).isoformat(), "to": day(1).isoformat(), "template": 0,
                        "need": 3, "need_tags": {"party": 1}, "reason": "春节"}]
    members = [person("m1", tags=["party"]), person("m2"), person("m3")]
    base = [on("cp-n", d, "08:00", "20:00", "m2") for d in range(7)] + \
        [on("cp-n", d, "20:00", "08:00", "m3") for d in range(-1, 7)]
    rules = {"max_hours_per_week": 168, "max_consecutive_nights": 10}
    b = team2(checkpoints=[gate], members=members, assignments=base, rules=rules)
    report = check(b, week(b))
    assert [(g.kind, g.need, g.have, g.start.date()) for g in report.gaps] == [
        (UNDERSTAFFED, 3, 1, day(1)), (MISSING_TAG, 1, 0, day(1))]
    filled = team2(checkpoints=[gate], members=[*members, person("m4")], rules=rules, assignments=[
        *base, on("cp-n", 1, "08:00", "20:00", "m1"), on("cp-n", 1, "08:00", "20:00", "m4")])
    assert not check(filled, week(filled)).violations


def test_an_assignment_on_a_closed_day_is_invalid() -> None:
    gate = cp("cp-n", tpl("08:00", "20:00"))
    gate["changes"] = [{"from": day(1).isoformat(), "to": day(1).isoformat(), "closed": True}]
    b = team2(checkpoints=[gate], assignments=[on("cp-n", 1, "08:00", "20:00", "m1")])
    (v,) = check(b, week(b)).violations
    assert v.kind == "invalid_assignment"


# --- wishes and substitutes ------------------------------------------------------------------


def test_wishes_and_substitutes_are_reported_but_not_problems() -> None:
    members = [person("m1"), person("m2"), person("m3"),
               {**person("m4"), "wishes": [
                   {"from": at(0, "00:00"), "to": at(1, "00:00"), "want": "off", "weight": 2},
                   {"from": at(3, "00:00"), "to": at(4, "00:00"), "want": "off", "weight": 1},
                   {"from": at(2, "00:00"), "to": at(3, "00:00"), "want": "on", "weight": 3},
                   {"from": at(20, "00:00"), "to": at(21, "00:00"), "want": "on"}]}]
    gate = cp("cp-r", tpl("08:00", "08:00"))
    gate["shifts"][0]["rotation"] = {"crews": ["g1", "g2"], "from": day(-3).isoformat()}
    crews = [{"id": "g1", "name": "一组", "members": ["m1"]},
             {"id": "g2", "name": "二组", "members": ["m2", "m4"]}]
    # From day -3: g1, g2, g1, g2 (day 0), g1 (day 1), g2, g1 ...
    holders = {0: "m4", 1: "m3", 2: "m2", 3: "m1", 4: "m2", 5: "m1", 6: "m4"}
    b = team2(checkpoints=[gate], members=members, crews=crews,
              assignments=[on("cp-r", d, "08:00", "08:00", m) for d, m in holders.items()]
              + [on("cp-r", -1, "08:00", "08:00", "m3")])
    report = check(b, week(b))
    assert report.ok
    w = report.wishes
    assert (w.met, w.unmet, w.met_weight, w.unmet_weight) == (1, 2, 1, 5)
    assert [(u.member, u.wish.weight) for u in w.unmet_list] == [("m4", 2), ("m4", 3)]
    assert [(x.start.date(), x.crew, x.member) for x in report.substitutes] == [
        (day(1), "g1", "m3")]
    doc = report.to_json(b.tz)
    assert doc["wishes"]["unmet"] == 2 and doc["wishes"]["unmet_weight"] == 5
    assert doc["wishes"]["unmet_list"][0] == {
        "member": "m4", "from": "2026-12-01T00:00:00+08:00", "to": "2026-12-02T00:00:00+08:00",
        "want": "off", "weight": 2, "reason": ""}
    assert doc["substitutes"] == [{"checkpoint": "cp-r", "start": "2026-12-02T08:00:00+08:00",
                                   "end": "2026-12-03T08:00:00+08:00", "crew": "g1",
                                   "member": "m3"}]
    assert doc["ok"] is True and doc["summary"]["gaps"] == 0

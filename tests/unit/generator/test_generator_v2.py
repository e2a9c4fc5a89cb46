"""The generator on bundle version 2: crews hold their turns (across periods, with one
substitute for a member on leave), wishes are met where the rules allow and explained where
not, only_checkpoints and the two day rules are obeyed, closures and weekdays are kept."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from roster.checker import check
from roster.domain.model import Bundle, Leave, Rules
from roster.domain.rotation import crew_on
from roster.domain.timeutil import TimeOfDay, instant_at
from roster.exchange.bundle import read_bundle
from roster.generator import generate
from tests.unit.checker.checker_fixtures import at, cp, day, person, tpl

FIRST = date(2026, 12, 1)


def _team(members: list[dict[str, object]], checkpoints: list[dict[str, object]],
          crews: list[dict[str, object]] | None = None,
          rules: dict[str, object] | None = None) -> Bundle:
    return read_bundle({
        "format": "checkpoint-roster", "version": 2,
        "team": {"name": "测试工作队", "timezone": "Asia/Shanghai"},
        "rules": rules or {}, "members": members, "checkpoints": checkpoints,
        "crews": crews or [], "assignments": [], "logs": []}, "t")


def crew_team(rotation_from: date = date(2026, 11, 20)) -> Bundle:
    """Four crews of two in a 24-hour rotation at the gate, six others for the road."""
    members = [person(f"c{i}") for i in range(8)] + [person(f"o{i}") for i in range(6)]
    gate = cp("cp-g", tpl("08:00", "08:00", need=2))
    gate["shifts"][0]["rotation"] = {"crews": ["g1", "g2", "g3", "g4"],
                                     "from": rotation_from.isoformat()}
    road = cp("cp-r", tpl("08:00", "20:00"), tpl("20:00", "08:00"))
    crews = [{"id": f"g{n + 1}", "name": f"第{n + 1}组", "members": [f"c{2 * n}", f"c{2 * n + 1}"]}
             for n in range(4)]
    return _team(members, [gate, road], crews, {"min_rest_hours": 12})


def _on(bundle: Bundle, checkpoint: str) -> dict[date, set[str]]:
    out: dict[date, set[str]] = {}
    for a in bundle.assignments:
        if a.checkpoint == checkpoint and a.role == "duty":
            out.setdefault(a.start.astimezone(bundle.tz).date(), set()).add(a.member)
    return out


def test_crews_hold_their_turns_and_the_rotation_continues_from_its_start() -> None:
    b = crew_team()
    for first in (FIRST, FIRST + timedelta(days=7)):  # two periods, told nothing
        result = generate(b, b.period(first, 7))
        assert not check(result.bundle, result.period).violations
        gate = _on(result.bundle, "cp-g")
        crews = {c.id: set(c.members) for c in b.crews}
        for d in (first + timedelta(days=n) for n in range(7)):
            turn = crew_on(b.checkpoints[0], 0, d)
            assert turn == f"g{(d - date(2026, 11, 20)).days % 4 + 1}"
            assert gate[d] == crews[turn]
        assert result.crew_held == result.crew_places == 14
        # Off their turns the crews rest: the road is staffed by the others.
        road = _on(result.bundle, "cp-r")
        assert all(not m.startswith("c") for ms in road.values() for m in ms)


def test_a_crew_member_on_leave_gets_one_substitute_not_a_reshuffle() -> None:
    b = crew_team()
    period = b.period(FIRST, 7)
    before = generate(b, period)
    turn = crew_on(b.checkpoints[0], 0, day(2))
    away = next(c for c in b.crews if c.id == turn).members[0]
    start = instant_at(day(2), TimeOfDay(0), b.tz)
    members = tuple(replace(m, unavailable=(Leave(start, start + timedelta(days=1)),))
                    if m.id == away else m for m in b.members)
    after = generate(replace(b, members=members), period)
    gate_before, gate_after = _on(before.bundle, "cp-g"), _on(after.bundle, "cp-g")
    changed = [d for d in gate_before if gate_before[d] != gate_after[d]]
    assert changed == [day(2)]
    assert len(gate_after[day(2)] - gate_before[day(2)]) == 1
    report = check(after.bundle, period)
    assert not report.violations
    assert [(x.start.astimezone(b.tz).date(), x.crew) for x in report.substitutes] == [
        (day(2), turn)]
    assert after.crew_held == 13


def test_off_wishes_are_met_where_someone_else_can_take_the_shift() -> None:
    members = [person(f"m{i}") for i in range(4)]
    members[0]["wishes"] = [{"from": at(2, "00:00"), "to": at(4, "00:00"), "want": "off",
                             "weight": 3, "reason": "孩子考试"}]
    members[1]["wishes"] = [{"from": at(1, "00:00"), "to": at(2, "00:00"), "want": "on"}]
    b = _team(members, [cp("cp-n", tpl("08:00", "20:00"), tpl("20:00", "08:00"))])
    result = generate(b, b.period(FIRST, 7))
    assert result.wish_weight_met == result.wish_weight_total == 4
    assert result.unmet_wishes == ()
    assert not check(result.bundle, result.period).wishes.unmet


def test_an_unmet_wish_is_explained() -> None:
    # Only m0 is a party member and the shift needs one: the wish cannot be met.
    members = [person("m0", tags=["party"]), person("m1"), person("m2")]
    members[0]["wishes"] = [{"from": at(1, "00:00"), "to": at(2, "00:00"), "want": "off",
                             "weight": 2}]
    b = _team(members, [cp("cp-n", tpl("08:00", "16:00", need=1, tags={"party": 1}))])
    result = generate(b, b.period(FIRST, 3))
    (u,) = result.unmet_wishes
    assert (u.member, u.want, u.weight) == ("m0", "off", 2)
    assert u.shifts and u.shifts[0][0] == "cp-n"
    assert dict(u.reasons) == {"lacks_tag": ("m1", "m2")}
    assert result.wish_weight_met == 0 and result.tags_unmet == 0


def test_only_checkpoints_and_the_day_rules_are_obeyed() -> None:
    members = [person(f"m{i}") for i in range(9)]
    members[0]["only_checkpoints"] = ["cp-a"]
    members[1]["only_checkpoints"] = ["cp-b"]
    cps = [cp("cp-a", tpl("08:00", "20:00"), tpl("20:00", "08:00")),
           cp("cp-b", tpl("08:00", "20:00"), tpl("20:00", "08:00"))]
    b = _team(members, cps, rules={"max_consecutive_days": 3, "days_off_after_nights": 2,
                                   "max_hours_per_week": 84})
    result = generate(b, b.period(FIRST, 14))
    report = check(result.bundle, result.period)
    assert not report.violations
    assert result.filled == result.total
    where = Counter((a.member, a.checkpoint) for a in result.bundle.assignments)
    assert where[("m0", "cp-b")] == 0 and where[("m1", "cp-a")] == 0
    assert where[("m0", "cp-a")] > 0 and where[("m1", "cp-b")] > 0


def test_closures_and_weekdays_are_kept_and_a_surge_is_filled() -> None:
    market = cp("cp-m", tpl("08:00", "20:00"), tpl("20:00", "08:00"))
    market["changes"] = [
        {"from": day(1).isoformat(), "to": day(2).isoformat(), "closed": True, "reason": "修桥"},
        {"from": day(5).isoformat(), "to": day(5).isoformat(), "template": 0, "need": 3}]
    sunday = cp("cp-s", {**tpl("06:00", "12:00"), "weekdays": [7]})
    b = _team([person(f"m{i}") for i in range(10)], [market, sunday])
    result = generate(b, b.period(FIRST, 7))
    assert result.filled == result.total
    report = check(result.bundle, result.period)
    assert not report.violations
    # Only the pattern's own holes at the Sunday checkpoint, and last night's shift.
    assert {(g.kind, g.checkpoint) for g in report.gaps
            if result.period.contains(g.start)} == {("uncovered", "cp-s")}
    days = Counter(a.start.astimezone(b.tz).date() for a in result.bundle.assignments
                   if a.checkpoint == "cp-m")
    assert days[day(1)] == days[day(2)] == 0 and days[day(5)] == 4
    assert {a.start.astimezone(b.tz).date() for a in result.bundle.assignments
            if a.checkpoint == "cp-s"} == {date(2026, 12, 6)}


def test_v1_rules_are_unchanged_by_defaults() -> None:
    assert Rules().max_consecutive_days is None and Rules().days_off_after_nights == 0


def test_repair_after_a_crew_member_falls_sick_changes_one_place() -> None:
    b = crew_team()
    period = b.period(FIRST, 7)
    first = generate(b, period).bundle
    turn = crew_on(b.checkpoints[0], 0, day(3))
    away = next(c for c in b.crews if c.id == turn).members[1]
    start = instant_at(day(3), TimeOfDay(0), b.tz)
    sick = Leave(start, start + timedelta(days=1))
    members = tuple(replace(m, unavailable=(sick,)) if m.id == away else m
                    for m in first.members)
    kept = tuple(a for a in first.assignments
                 if not (a.member == away and sick.overlaps(a.start, a.end)))
    result = generate(replace(first, members=members, assignments=kept), period, repair=True)
    assert [(c.kind, c.old_member) for c in result.changes] == [("added", None)]
    assert result.filled == result.total and result.crew_held == result.crew_places - 1
    assert not check(result.bundle, period).violations


def test_standby_places_respect_only_checkpoints() -> None:
    members = [{**person(f"m{i}"), "only_checkpoints": ["cp-a"]} for i in range(4)]
    cps = [cp("cp-a", tpl("08:00", "20:00", standby=1)),
           cp("cp-b", tpl("08:00", "20:00", standby=1))]
    b = _team([person("x0"), *members], cps)
    result = generate(b, b.period(FIRST, 3))
    assert not check(result.bundle, result.period).violations
    on_b = {a.member for a in result.bundle.assignments if a.checkpoint == "cp-b"}
    assert on_b <= {"x0"}

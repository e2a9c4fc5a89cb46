"""The generator on hand-made teams: each test pins one promise of ``roster generate``.

The property tests (``test_generator_props.py``) say what holds for every random team;
these show the individual behaviours on teams small enough to reason about by hand, and
on the shipped demo team, with the checker as the judge of every roster.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from roster.checker import check
from roster.domain.model import Assignment, Bundle, Leave, Period
from roster.domain.timeutil import zone
from roster.exchange.bundle import load_bundle_file, read_bundle
from roster.generator import GenerateResult, fairness_classes, generate
from roster.reports.generate_report import render_result
from roster.rules import REST, SHIFTS_PER_DAY, UNAVAILABLE
from roster.rules.kinds import Reason

DEMO = Path(__file__).resolve().parents[3] / "data" / "demo.json"
TZ = "Asia/Shanghai"
FIRST = date(2026, 12, 1)  # a Tuesday

Doc = dict[str, Any]


# --- small builders ---------------------------------------------------------------------------


def at(offset: int, hhmm: str) -> str:
    d = FIRST + timedelta(days=offset)
    hours, minutes = (int(x) for x in hhmm.split(":"))
    naive = datetime(d.year, d.month, d.day) + timedelta(hours=hours, minutes=minutes)
    return naive.replace(tzinfo=zone(TZ)).isoformat(timespec="seconds")


def tpl(start: str, end: str, need: int = 1, tags: dict[str, int] | None = None,
        standby: int = 0) -> Doc:
    return {"start": start, "end": end, "need": need, "need_tags": tags or {},
            "standby": standby}


def three_shifts(ident: str = "cp", need: int = 1, **kwargs: Any) -> Doc:
    return {"id": ident, "name": f"{ident}卡点",
            "shifts": [tpl("08:00", "16:00", need, **kwargs), tpl("16:00", "00:00", need, **kwargs),
                       tpl("00:00", "08:00", need, **kwargs)]}


def person(ident: str, tags: tuple[str, ...] = (), leave: tuple[tuple[str, str], ...] = (),
           **kwargs: Any) -> Doc:
    return {"id": ident, "name": f"队员{ident}", "tags": list(tags),
            "unavailable": [{"from": f, "to": t, "reason": "病假"} for f, t in leave], **kwargs}


def on(checkpoint: str, offset: int, start: str, end: str, member: str, *,
       role: str = "duty", locked: bool = False) -> Doc:
    end_offset = offset + 1 if end <= start else offset
    return {"checkpoint": checkpoint, "start": at(offset, start), "end": at(end_offset, end),
            "member": member, "role": role, "locked": locked}


def team(checkpoints: list[Doc], members: list[Doc], assignments: list[Doc] | None = None,
         rules: dict[str, Any] | None = None) -> Bundle:
    return read_bundle({"format": "checkpoint-roster", "version": 1,
                        "team": {"name": "测试队", "timezone": TZ}, "rules": rules or {},
                        "members": members, "checkpoints": checkpoints,
                        "assignments": assignments or [], "logs": []}, "test")


def period(bundle: Bundle, days: int = 7, first: int = 0) -> Period:
    return bundle.period(FIRST + timedelta(days=first), days)


def assert_clean(result: GenerateResult) -> None:
    report = check(result.bundle, result.period, suggest=False)
    assert report.violations == (), report.violations


def in_period(result: GenerateResult) -> list[Assignment]:
    return [a for a in result.bundle.assignments if result.period.contains(a.start)]


@pytest.fixture(scope="module")
def demo() -> Bundle:
    return load_bundle_file(DEMO)


@pytest.fixture(scope="module")
def demo_week(demo: Bundle) -> GenerateResult:
    anchor = date.fromisoformat(demo.extra["demo_anchor"])
    return generate(demo, demo.period(anchor, 7), seed=0)


# --- the demo team ----------------------------------------------------------------------------


def test_demo_week_is_full_and_clean(demo_week: GenerateResult) -> None:
    assert demo_week.filled == demo_week.total == 84
    assert demo_week.tags_unmet == 0
    assert demo_week.standby_filled == demo_week.standby_total == 7
    assert demo_week.unfilled == ()
    assert demo_week.complete and demo_week.fill_proven
    report = check(demo_week.bundle, demo_week.period)
    assert report.ok, report.counts()


def test_demo_week_is_fast(demo: Bundle) -> None:
    anchor = date.fromisoformat(demo.extra["demo_anchor"])
    generate(demo, demo.period(anchor, 7), seed=1)  # warm caches (zones, materialising)
    began = time.perf_counter()
    generate(demo, demo.period(anchor, 7), seed=2)
    # The budget is 0.2 s; leave room for a loaded test machine.
    assert time.perf_counter() - began < 1.0


def test_demo_week_is_fair_within_each_class(demo_week: GenerateResult) -> None:
    stats = {s.member: s for s in demo_week.stats}
    for ids in fairness_classes(demo_week.bundle, demo_week.period).values():
        shifts = [stats[i].shifts for i in ids]
        nights = [stats[i].nights for i in ids]
        assert max(shifts) - min(shifts) <= 1, ids
        assert max(nights) - min(nights) <= 1, ids


def test_demo_second_week_with_leave_builds_on_the_first(demo_week: GenerateResult) -> None:
    bundle = demo_week.bundle
    anchor = date.fromisoformat(bundle.extra["demo_anchor"])
    second = generate(bundle, bundle.period(anchor + timedelta(days=7), 7), seed=0)
    assert second.filled == second.total and second.tags_unmet == 0
    assert check(second.bundle, second.period).ok
    # The first week is history now: untouched, and counted toward fairness.
    first_week = set(demo_week.bundle.assignments)
    assert first_week <= set(second.bundle.assignments)
    assert all(s.history_shifts > 0 for s in second.stats)
    both = check(second.bundle, bundle.period(anchor, 14), suggest=False)
    assert both.violations == ()
    # Leave carries proportionally less: m12 is away five days of seven.
    stats = {s.member: s for s in second.stats}
    assert stats["m12"].shifts < stats["m13"].shifts
    assert stats["m12"].availability == pytest.approx(2 / 7, abs=1e-3)


def test_no_nights_member_carries_the_same_load_in_day_shifts(demo_week: GenerateResult) -> None:
    stats = {s.member: s for s in demo_week.stats}
    plain = [stats[m].shifts for m in ("m13", "m16", "m17", "m18", "m19", "m20")]
    assert stats["m14"].nights == 0
    assert min(plain) - 1 <= stats["m14"].shifts <= max(plain) + 1


def test_weekend_and_holiday_shifts_are_spread() -> None:
    b = team([three_shifts()], [person(f"m{i}") for i in range(7)],
             rules={"holidays": ["2026-12-02"]})  # a Wednesday, counted like a weekend
    result = generate(b, period(b, 14), seed=0)
    assert_clean(result)
    weekend = [s.weekend for s in result.stats]
    # 14 days from a Tuesday: four weekend days and the holiday, three shifts each.
    assert sum(weekend) == 5 * 3
    assert max(weekend) - min(weekend) <= 1


# --- determinism ------------------------------------------------------------------------------


def test_same_seed_same_roster_other_seed_other_roster(demo: Bundle) -> None:
    anchor = date.fromisoformat(demo.extra["demo_anchor"])
    week = demo.period(anchor, 7)
    a = generate(demo, week, seed=7)
    b = generate(demo, week, seed=7)
    c = generate(demo, week, seed=8)
    assert a.bundle.assignments == b.bundle.assignments
    assert set(a.bundle.assignments) != set(c.bundle.assignments)
    # ... and just as good.
    assert c.filled == a.filled and c.tags_unmet == a.tags_unmet
    assert_clean(c)
    for ids in fairness_classes(demo, week).values():
        stats = {s.member: s for s in c.stats}
        assert max(stats[i].shifts for i in ids) - min(stats[i].shifts for i in ids) <= 1


def test_progress_is_reported_up_to_one(demo: Bundle) -> None:
    seen: list[float] = []
    anchor = date.fromisoformat(demo.extra["demo_anchor"])
    generate(demo, demo.period(anchor, 3), progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)


# --- what is kept -------------------------------------------------------------------------


def test_locked_assignments_are_never_moved_even_when_they_break_a_rule() -> None:
    locked = [on("cp", 0, "08:00", "16:00", "a", locked=True),
              on("cp", 0, "16:00", "00:00", "a", locked=True)]  # no rest between them
    b = team([three_shifts()], [person("a"), person("b"), person("c"), person("d")], locked)
    result = generate(b, period(b, 2))
    kept = [a for a in result.bundle.assignments if a.locked]
    assert kept == list(b.assignments)
    assert result.filled == result.total
    report = check(result.bundle, result.period, suggest=False)
    # The only breaches are those that came in locked.
    assert {v.kind for v in report.violations} == {REST, SHIFTS_PER_DAY}
    assert all(set(v.assignments) <= set(kept) for v in report.violations)


def test_unlocked_assignments_in_the_period_are_rebuilt_outside_kept() -> None:
    before = on("cp", -1, "16:00", "00:00", "a")  # outside, unlocked
    inside = on("cp", 0, "08:00", "16:00", "b")  # inside, unlocked
    b = team([three_shifts()], [person(x) for x in "abcd"], [before, inside])
    result = generate(b, period(b, 1), seed=3)
    assert b.assignments[0] in result.bundle.assignments
    assert_clean(result)


def test_the_night_before_the_period_limits_rest() -> None:
    # "a" works until midnight just before the period; the 00:00 shift must go to "b".
    b = team([{"id": "cp", "name": "卡点", "shifts": [tpl("16:00", "00:00"),
                                                   tpl("00:00", "08:00")]}],
             [person("a"), person("b")], [on("cp", -1, "16:00", "00:00", "a")])
    result = generate(b, period(b, 1), seed=0)
    night = [a for a in in_period(result) if a.start.astimezone(zone(TZ)).hour == 0]
    assert [a.member for a in night] == ["b"]
    assert_clean(result)


# --- what cannot be filled, and why ---------------------------------------------------------


def test_an_unfillable_shift_is_explained() -> None:
    b = team([{"id": "cp", "name": "卡点", "shifts": [tpl("08:00", "16:00", need=3)]}],
             [person("a"), person("b"), person("c", leave=((at(0, "00:00"), at(1, "00:00")),))])
    result = generate(b, period(b, 1))
    assert (result.filled, result.total) == (2, 3)
    assert result.fill_proven
    (gap,) = result.unfilled
    assert gap.missing == 1 and gap.role == "duty"
    assert gap.counts == {Reason.ASSIGNED: 2, UNAVAILABLE: 1}
    assert dict(gap.reasons)[UNAVAILABLE] == ("c",)


def test_a_missing_tag_is_explained() -> None:
    b = team([{"id": "cp", "name": "卡点",
               "shifts": [tpl("08:00", "16:00", need=2, tags={"party": 1})]}],
             [person("a"), person("b"), person("c", tags=("party",),
                                               leave=((at(0, "06:00"), at(0, "12:00")),))])
    result = generate(b, period(b, 1))
    assert result.filled == 2 and result.tags_unmet == 1
    (gap,) = result.unfilled
    assert gap.tags_missing == (("party", 1),)
    assert gap.counts == {Reason.ASSIGNED: 2, UNAVAILABLE: 1}


def test_a_tag_holder_is_found_when_one_exists() -> None:
    b = team([{"id": "cp", "name": "卡点",
               "shifts": [tpl("08:00", "16:00", need=2, tags={"party": 1})]}],
             [person("a"), person("b"), person("c", tags=("party",))])
    result = generate(b, period(b, 3))
    assert result.tags_unmet == 0 and result.filled == result.total
    assert all(any(a.member == "c" for a in in_period(result) if a.start == s)
               for s in {a.start for a in in_period(result)})


def test_lacks_tag_reason_when_places_are_full() -> None:
    b = team([{"id": "cp", "name": "卡点",
               "shifts": [tpl("08:00", "16:00", need=1, tags={"medic": 1})]}],
             [person("a"), person("b")])
    result = generate(b, period(b, 1))
    assert result.filled == 1 and result.tags_unmet == 1
    (gap,) = result.unfilled
    assert gap.counts == {Reason.ASSIGNED: 1, Reason.LACKS_TAG: 1}


# --- standby ----------------------------------------------------------------------------


def test_standby_is_filled_fairly_and_never_clashes() -> None:
    b = team([three_shifts(standby=1)], [person(x) for x in "abcdefg"])
    result = generate(b, period(b, 7), seed=1)
    assert result.standby_filled == result.standby_total == 21
    report = check(result.bundle, result.period, suggest=False)
    assert report.ok, report.counts()
    for a in result.bundle.assignments:
        if a.role == "standby":  # not on duty at the same time
            assert not any(o.member == a.member and o.role == "duty" and o.start < a.end
                           and a.start < o.end for o in result.bundle.assignments)
    counts = [s.standby for s in result.stats]
    assert max(counts) - min(counts) <= 1


# --- repair -----------------------------------------------------------------------------


def _sick(bundle: Bundle, member: str, start: datetime, end: datetime) -> Bundle:
    members = tuple(replace(m, unavailable=(*m.unavailable, Leave(start, end, "病假")))
                    if m.id == member else m for m in bundle.members)
    return replace(bundle, members=members)


def test_repair_of_a_valid_roster_changes_nothing(demo_week: GenerateResult) -> None:
    again = generate(demo_week.bundle, demo_week.period, seed=99, repair=True)
    assert again.changes == ()
    assert set(again.bundle.assignments) == set(demo_week.bundle.assignments)


def _night_with_standby(result: GenerateResult, party: bool) -> tuple[Assignment, Assignment]:
    """A duty assignment on a shift that has a standby, its member with(out) the party tag."""
    bundle = result.bundle
    for standby in (a for a in bundle.assignments if a.role == "standby"):
        for duty in in_period(result):
            member = bundle.member(duty.member)
            if (duty.role == "duty" and duty.shift_key == standby.shift_key
                    and member is not None and ("party" in member.tags) == party):
                return duty, standby
    raise AssertionError("no such shift in the demo week")


def gaps_as_reported(result: GenerateResult) -> None:
    """No violations, and every duty/standby/tag gap the checker sees was reported."""
    report = check(result.bundle, result.period, suggest=False)
    assert report.violations == ()
    seen = {(g.checkpoint, g.start) for g in report.gaps if g.kind != "uncovered"}
    assert seen == {(u.checkpoint, u.start) for u in result.unfilled}


def test_repair_after_new_leave_promotes_the_standby_first(demo_week: GenerateResult) -> None:
    bundle = demo_week.bundle
    duty, standby = _night_with_standby(demo_week, party=False)
    result = generate(_sick(bundle, duty.member, duty.start, duty.end), demo_week.period,
                      seed=0, repair=True)
    assert check(result.bundle, result.period).ok
    moved = [(c.kind, c.role, c.old_member, c.new_member, c.reason) for c in result.changes]
    assert moved[0] == ("promoted", "duty", duty.member, standby.member, UNAVAILABLE)
    # The standby place is filled again by someone new; nothing else changes.
    assert [m[:3] for m in moved[1:]] == [("added", "standby", None)]
    assert set(bundle.assignments) - {duty, standby} <= set(result.bundle.assignments)


def test_repair_after_new_leave_keeps_the_tag_and_stays_local(
        demo_week: GenerateResult) -> None:
    bundle = demo_week.bundle
    duty, _ = _night_with_standby(demo_week, party=True)
    result = generate(_sick(bundle, duty.member, duty.start, duty.end), demo_week.period,
                      seed=0, repair=True)
    gaps_as_reported(result)
    assert result.filled == result.total
    assert result.changes[0].old_member == duty.member
    # Whatever else moved to keep a party member on the shift lies within a day of it.
    for c in result.changes:
        assert abs((c.start - duty.start).total_seconds()) <= 86400
    kept = set(bundle.assignments) & set(result.bundle.assignments)
    assert len(kept) >= len(bundle.assignments) - 2 * len(result.changes)


def test_repair_with_a_standby_who_can_step_in() -> None:
    b = team([{"id": "cp", "name": "卡点", "shifts": [tpl("08:00", "16:00", standby=1)]}],
             [person("a"), person("b"), person("c")])
    first = generate(b, period(b, 1), seed=0)
    duty = next(a for a in first.bundle.assignments if a.role == "duty")
    standby = next(a for a in first.bundle.assignments if a.role == "standby")
    result = generate(_sick(first.bundle, duty.member, duty.start, duty.end), first.period,
                      repair=True)
    kinds = [(c.kind, c.role, c.old_member, c.new_member) for c in result.changes]
    assert kinds[0] == ("promoted", "duty", duty.member, standby.member)
    assert result.filled == 1 and result.standby_filled == 1
    gaps_as_reported(result)


def test_repair_after_a_member_leaves_the_team(demo_week: GenerateResult) -> None:
    bundle = demo_week.bundle
    gone = "m16"
    lost = [a for a in in_period(demo_week) if a.member == gone]
    smaller = replace(bundle, members=tuple(m for m in bundle.members if m.id != gone))
    result = generate(smaller, demo_week.period, seed=0, repair=True)
    assert result.filled == result.total and result.tags_unmet == 0
    assert check(result.bundle, result.period).ok
    replaced = [c for c in result.changes if c.old_member == gone]
    assert len(replaced) == len(lost)
    assert all(c.reason == Reason.UNKNOWN_MEMBER and c.new_member for c in replaced)
    assert not any(a.member == gone for a in in_period(result))


def test_repair_keeps_locked_even_when_invalid(demo_week: GenerateResult) -> None:
    bundle = demo_week.bundle
    target = next(a for a in in_period(demo_week) if a.role == "duty")
    locked = replace(target, locked=True)
    assignments = tuple(locked if a is target else a for a in bundle.assignments)
    sick = _sick(replace(bundle, assignments=assignments), target.member, target.start,
                 target.end)
    result = generate(sick, demo_week.period, repair=True)
    assert locked in result.bundle.assignments
    assert not any(c.old_member == target.member and c.start == target.start
                   for c in result.changes)


# --- history ----------------------------------------------------------------------------


def test_many_nights_last_week_means_fewer_this_week() -> None:
    members = [person(x) for x in "abcdef"]
    nights = [on("cp", d, "00:00", "08:00", "a") for d in range(-7, 0, 2)]
    days = [on("cp", d, "08:00", "16:00", x) for d, x in zip(range(-7, 0), "bcdefbc",
                                                              strict=True)]
    b = team([three_shifts()], members, nights + days)
    result = generate(b, period(b, 7), seed=0)
    stats = {s.member: s for s in result.stats}
    assert stats["a"].history_nights == 4
    assert stats["a"].nights < min(stats[x].nights for x in "bcdef")
    assert_clean(result)


# --- the report ---------------------------------------------------------------------------


def test_render_result_in_both_languages() -> None:
    from rich.console import Console

    b = team([{"id": "cp", "name": "北口卡点", "shifts": [tpl("08:00", "16:00", need=3)]}],
             [person("a"), person("b"), person("c", leave=((at(0, "00:00"), at(1, "00:00")),))])
    result = generate(b, period(b, 1))
    for lang, words in (("zh", ["已排", "1 人请假", "北口卡点"]),
                        ("en", ["filled", "1 on leave", "北口卡点"])):
        console = Console(width=120, record=True, color_system=None)
        console.print(render_result(result, b, lang))
        text = console.export_text()
        for word in words:
            assert word in text, (lang, word, text)


def test_render_repair_changes() -> None:
    from rich.console import Console

    b = team([{"id": "cp", "name": "北口卡点", "shifts": [tpl("08:00", "16:00")]}],
             [person("a"), person("b")])
    first = generate(b, period(b, 1))
    duty = next(a for a in first.bundle.assignments if a.role == "duty")
    result = generate(_sick(first.bundle, duty.member, duty.start, duty.end), first.period,
                      repair=True)
    console = Console(width=120, record=True, color_system=None)
    console.print(render_result(result, result.bundle, "zh"))
    text = console.export_text()
    assert "12-01 08:00–16:00 北口卡点" in text
    assert "→" in text

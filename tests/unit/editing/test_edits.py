"""The pure roster edits: what each hand edit does, what it refuses and how it names the field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from roster.checker import check
from roster.domain.errors import UserError
from roster.domain.model import Bundle, ShiftKey, shifts_in
from roster.domain.timeutil import TimeOfDay, instant_at
from roster.editing import edits
from roster.i18n import render
from roster.samples.demo import demo_bundle

DAY = date(2026, 12, 1)


@pytest.fixture
def team() -> Bundle:
    return demo_bundle(DAY)


def key(bundle: Bundle, checkpoint: str = "cp-n", template: int = 0, day: date = DAY
        ) -> ShiftKey:
    return next(s.key for s in shifts_in(bundle, day, 1)
                if s.checkpoint == checkpoint and s.template == template)


def on(bundle: Bundle, k: ShiftKey, role: str = "duty") -> list[str]:
    return sorted(a.member for a in bundle.assignments if a.shift_key == k and a.role == role)


def fields(exc: pytest.ExceptionInfo[UserError]) -> set[str]:
    return {edits.field_of(p) for p in exc.value.problems}


def test_assign_and_unassign(team: Bundle) -> None:
    k = key(team)
    b = edits.assign(team, k, "m01")
    b = edits.assign(b, k, "m02", "standby")
    assert on(b, k) == ["m01"] and on(b, k, "standby") == ["m02"]
    b = edits.unassign(b, k, "m01")
    assert on(b, k) == [] and on(b, k, "standby") == ["m02"]
    assert team.assignments == ()  # the input is never changed


def test_assign_refuses_twice_unknown_member_and_a_time_that_is_no_shift(team: Bundle) -> None:
    k = key(team)
    b = edits.assign(team, k, "m01")
    with pytest.raises(UserError, match="already on duty"):
        edits.assign(b, k, "m01")
    with pytest.raises(UserError) as exc:
        edits.assign(team, k, "nobody")
    assert fields(exc) == {"member"}
    wrong = (k[0], k[1] + timedelta(hours=1), k[2])
    with pytest.raises(UserError, match="no shift at that time"):
        edits.assign(team, wrong, "m01")
    with pytest.raises(UserError) as twice:
        edits.assign(b, k, "m01")
    assert "已在此班在岗" in render(twice.value, "zh")
    assert "is already on duty" in render(twice.value, "en")


def test_replace_keeps_the_role(team: Bundle) -> None:
    k = key(team)
    b = edits.assign(team, k, "m01", "standby")
    b = edits.replace_member(b, k, "m01", "m03", "standby")
    assert on(b, k, "standby") == ["m03"]


def test_lock_protects_from_unassign_and_swap(team: Bundle) -> None:
    k1, k2 = key(team, template=0), key(team, template=1)
    b = edits.assign(edits.assign(team, k1, "m01"), k2, "m02")
    b = edits.set_locked(b, k1, True)
    assert all(a.locked for a in b.assignments if a.shift_key == k1)
    with pytest.raises(UserError, match="locked"):
        edits.unassign(b, k1, "m01")
    with pytest.raises(UserError, match="locked"):
        edits.swap(b, (k1, None), (k2, None))
    b = edits.set_locked(b, k1, False)
    assert on(edits.unassign(b, k1, "m01"), k1) == []
    with pytest.raises(UserError, match="nobody"):
        edits.set_locked(team, k1, True)


def test_swap_people_and_crews(team: Bundle) -> None:
    k1, k2 = key(team, template=0), key(team, "cp-s", 1)
    b = edits.assign(edits.assign(team, k1, "m01"), k1, "m02")
    b = edits.assign(b, k2, "m03")
    one = edits.swap(b, (k1, "m02"), (k2, "m03"))
    assert on(one, k1) == ["m01", "m03"] and on(one, k2) == ["m02"]
    crews = edits.swap(b, (k1, None), (k2, None))
    assert on(crews, k1) == ["m03"] and on(crews, k2) == ["m01", "m02"]
    with pytest.raises(UserError, match="same shift"):
        edits.swap(b, (k1, None), (k1, None))
    with pytest.raises(UserError, match="one person on each side"):
        edits.swap(b, (k1, "m01"), (k2, None))
    clash = edits.assign(b, k2, "m01")
    with pytest.raises(UserError, match="already on the other shift"):
        edits.swap(clash, (k1, "m01"), (k2, "m03"))


def test_members_add_update_remove(team: Bundle) -> None:
    new_id = edits.new_member_id(team)
    assert new_id == "m21"
    member = edits.parse_member({"name": "新同志", "tags": "party，driver", "max_hours": "40"},
                                replace(team.members[0], id=new_id, unavailable=()))
    b = edits.add_member(team, member)
    assert b.member(new_id) is not None and b.member(new_id).tags == ("party", "driver")
    with pytest.raises(UserError):
        edits.add_member(b, member)
    b = edits.assign(b, key(b), new_id)
    b = edits.update_member(b, replace(member, phone="139"))
    assert b.member(new_id).phone == "139"
    gone = edits.remove_member(b, new_id)
    assert gone.member(new_id) is None
    assert all(a.member != new_id for a in gone.assignments)
    lead_gone = edits.remove_member(team, "m01")
    assert lead_gone.team.lead is None


def test_member_form_names_every_bad_field(team: Bundle) -> None:
    with pytest.raises(UserError) as exc:
        edits.parse_member({"name": " ", "phone": "abc", "max_hours": "-3"}, team.members[0])
    assert fields(exc) == {"name", "phone", "max_hours"}
    with pytest.raises(UserError) as empty:
        edits.parse_member({"name": ""}, team.members[0])
    assert "name: 不能为空" in render(empty.value, "zh")


def test_leave_and_sick(team: Bundle) -> None:
    tz = team.tz
    k = key(team)
    b = edits.assign(team, k, "m05")
    b = edits.assign(b, key(team, "cp-s", 1, DAY + timedelta(days=3)), "m05")
    leave = edits.parse_leave({"from": "2026-12-01", "to": "2026-12-02", "reason": "病假"}, tz)
    assert leave.start == instant_at(DAY, TimeOfDay(0), tz)
    assert leave.end == instant_at(DAY + timedelta(days=2), TimeOfDay(0), tz)
    plain = edits.add_leave(b, "m05", leave)
    assert plain.member("m05").unavailable == (leave,)
    assert on(plain, k) == ["m05"]  # plain leave keeps the shift: the checker flags it
    sick = edits.mark_sick(b, "m05", leave)
    assert on(sick, k) == [] and len([a for a in sick.assignments if a.member == "m05"]) == 1
    period = team.period(DAY, 7)
    assert any(g.key == k for g in check(sick, period).gaps)
    assert edits.remove_leave(plain, "m05", 0).member("m05").unavailable == ()
    with pytest.raises(UserError) as exc:
        edits.parse_leave({"from": "2026-12-05", "to": "2026-12-01"}, tz)
    assert fields(exc) == {"to"}
    with pytest.raises(UserError) as exc:
        edits.parse_leave({"from": "12/01", "to": ""}, tz)
    assert fields(exc) == {"from", "to"}


def test_templates_and_checkpoints(team: Bundle) -> None:
    cp = team.checkpoint("cp-n")
    assert cp is not None
    k = key(team)
    b = edits.assign(team, k, "m01")
    moved = edits.parse_template({"start": "09:00", "end": "16:00", "need": "3",
                                  "need_tags": "party:1 medic:1", "standby": "1"})
    assert moved.need_tags == {"party": 1, "medic": 1} and moved.standby == 1
    b2 = edits.set_template(b, "cp-n", 0, moved)
    assert b2.checkpoint("cp-n").shifts[0].need == 3
    assert on(b2, k) == []  # the old 08:00 shift is gone, and its assignment with it
    with pytest.raises(UserError) as exc:
        edits.set_template(b, "cp-n", None, edits.parse_template({"start": "12:00",
                                                                  "end": "13:00",
                                                                  "need": "1"}))
    assert fields(exc) == {"start"}
    with pytest.raises(UserError) as exc:
        edits.parse_template({"start": "25:00", "end": "08:00", "need": "0",
                              "need_tags": "party:3"})
    assert fields(exc) == {"start", "need", "need_tags"}
    renamed = edits.update_checkpoint(b, edits.parse_checkpoint(
        {"name": "北口", "from": "2026-11-01", "to": ""}, cp))
    assert renamed.checkpoint("cp-n").name == "北口" and on(renamed, k) == ["m01"]
    with pytest.raises(UserError) as exc:
        edits.parse_checkpoint({"name": "", "from": "2026-12-05", "to": "2026-12-01"}, cp)
    assert fields(exc) == {"name", "to"}
    one = edits.remove_template(b, "cp-s", 2)
    assert len(one.checkpoint("cp-s").shifts) == 2
    assert edits.remove_checkpoint(b, "cp-n").checkpoint("cp-n") is None


def test_rules_form(team: Bundle) -> None:
    rules = edits.parse_rules({"min_rest_hours": "10", "max_shifts_per_day": "1",
                               "max_consecutive_nights": "2", "max_hours_per_week": "48",
                               "late_grace_minutes": "5", "night_start": "22:00",
                               "night_end": "06:00", "holidays": "2026-12-25"}, team.rules)
    assert rules.min_rest_hours == 10 and rules.holidays == (date(2026, 12, 25),)
    assert edits.update_rules(team, rules).rules == rules
    with pytest.raises(UserError) as exc:
        edits.parse_rules({"min_rest_hours": "x", "max_shifts_per_day": "0",
                           "max_hours_per_week": "0", "night_start": "22:00",
                           "night_end": "22:00", "holidays": "soon"}, team.rules)
    assert fields(exc) == {"min_rest_hours", "max_shifts_per_day", "max_hours_per_week",
                           "night_end", "holidays"}


def test_patch_undoes_and_replays_onto_a_newer_roster(team: Bundle) -> None:
    k1, k2 = key(team, template=0), key(team, template=1)
    before = edits.assign(team, k1, "m01")
    after = edits.set_locked(edits.assign(before, k2, "m02"), k1, True)
    after = edits.update_member(after, replace(after.member("m03"), phone="1"))
    patch = edits.diff(before, after)
    assert not patch.empty and set(patch.touched) == {k1, k2}
    assert edits.apply_patch(after, patch.inverse()) == before
    # Someone else added an assignment in between: undo keeps it.
    elsewhere = edits.assign(after, key(team, "cp-s", 0), "m04")
    undone = edits.apply_patch(elsewhere, patch.inverse())
    assert on(undone, key(team, "cp-s", 0)) == ["m04"]
    assert undone.member("m03").phone == team.member("m03").phone
    assert edits.apply_patch(undone, patch).member("m03").phone == "1"
    assert edits.diff(team, team).empty

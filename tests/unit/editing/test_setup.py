"""Starting a team from nothing: presets cover the day, custom times, refusals name the field."""

from __future__ import annotations

import pytest

from roster.domain.errors import UserError
from roster.domain.model import Member
from roster.domain.timeutil import TimeOfDay
from roster.editing.checks import field_of
from roster.editing.setup import (
    add_new_member,
    checkpoint_from_pattern,
    new_team,
    parse_need_tags,
    pattern_spans,
)


def _labels(pattern: str, first: int = 8 * 60) -> list[str]:
    return [f"{s}-{e}" for s, e in pattern_spans(pattern, TimeOfDay(first))]


def test_presets_cover_the_whole_day_from_the_first_start() -> None:
    assert _labels("3x8") == ["08:00-16:00", "16:00-00:00", "00:00-08:00"]
    assert _labels("2x12", 7 * 60 + 30) == ["07:30-19:30", "19:30-07:30"]
    assert _labels("24h") == ["08:00-08:00"]  # end == start: one 24-hour shift
    cp = checkpoint_from_pattern("cp", "北口", "3x8")
    assert sum(t.nominal_minutes() for t in cp.shifts) == 24 * 60


def test_custom_times_and_their_refusals() -> None:
    assert _labels("07:00-19:00, 19:00-07:00") == ["07:00-19:00", "19:00-07:00"]
    for bad in ("4x6", "07:00", "7-19", "07:00-25:00"):
        with pytest.raises(UserError) as err:
            pattern_spans(bad)
        assert field_of(err.value.problems[0]) == "pattern"
    with pytest.raises(UserError) as err:
        checkpoint_from_pattern("cp", "x", "08:00-20:00,19:00-08:00")
    assert field_of(err.value.problems[0]) == "pattern"
    assert "overlap" in str(err.value.problems[0].message)


def test_every_template_gets_need_tags_and_standby() -> None:
    cp = checkpoint_from_pattern("cp", "北口", "2x12", need=2, need_tags={"party": 1},
                                 standby=1, location="村北")
    assert [(t.need, dict(t.need_tags), t.standby) for t in cp.shifts] == [(2, {"party": 1}, 1)] * 2
    assert cp.location == "村北"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"need": 0}, "need"),
    ({"standby": -1}, "standby"),
    ({"need": 1, "need_tags": {"party": 2}}, "tags"),
])
def test_bad_numbers_name_their_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(UserError) as err:
        checkpoint_from_pattern("cp", "北口", "3x8", **kwargs)  # type: ignore[arg-type]
    assert field_of(err.value.problems[0]) == field


def test_need_tags() -> None:
    assert parse_need_tags("party=1, medic:2，driver") == {"party": 1, "medic": 2, "driver": 1}
    assert parse_need_tags("") == {}
    for bad in ("party=0", "=1", "party=x"):
        with pytest.raises(UserError):
            parse_need_tags(bad)


def test_a_new_team_is_empty_and_valid() -> None:
    b = new_team(" 北王村驻村工作队 ", village="北王村", township="王镇")
    assert (b.team.name, b.team.village, b.team.township, b.team.timezone) == (
        "北王村驻村工作队", "北王村", "王镇", "Asia/Shanghai")
    assert b.team.id and not b.members and not b.checkpoints
    with pytest.raises(UserError) as err:
        new_team("x", timezone="Mars/Olympus")
    assert field_of(err.value.problems[0]) == "timezone"
    with pytest.raises(UserError) as err:
        new_team("  ")
    assert field_of(err.value.problems[0]) == "team"


def test_members_get_the_next_free_id_and_a_lead() -> None:
    b = add_new_member(new_team("t"), Member("", "张"), lead=True)
    b = add_new_member(b, Member("", "李"))
    assert [m.id for m in b.members] == ["m01", "m02"]
    assert b.team.lead == "m01"
    with pytest.raises(UserError) as err:
        add_new_member(b, Member("m02", "王"))
    assert field_of(err.value.problems[0]) == "id"

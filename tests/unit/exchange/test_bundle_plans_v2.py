"""Bundle version 2's plans: rules, wishes, only_checkpoints, crews, weekdays, rotations and
changes are read, refused with the record and key named, written, and survive a round trip."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roster.exchange.bundle import parse_bundle, read_bundle, to_doc
from tests.unit.exchange.test_bundle import small_doc


def v2_doc() -> dict[str, Any]:
    doc = small_doc()
    doc["version"] = 2
    doc["rules"].update(max_consecutive_days=5, days_off_after_nights=1)
    doc["members"][0]["only_checkpoints"] = ["cp-n"]
    doc["members"][1]["wishes"] = [
        {"from": "2026-12-05T00:00:00+08:00", "to": "2026-12-06T00:00:00+08:00",
         "want": "off", "weight": 2, "reason": "孩子考试"},
        {"from": "2026-12-07T00:00:00+08:00", "to": "2026-12-08T00:00:00+08:00",
         "want": "on"},
    ]
    doc["crews"] = [{"id": "g1", "name": "第一组", "members": ["m1"]},
                    {"id": "g2", "name": "第二组", "members": ["m2"]}]
    shifts = doc["checkpoints"][0]["shifts"]
    shifts[1]["rotation"] = {"crews": ["g1", "g2"], "from": "2026-11-01"}
    doc["checkpoints"].append({"id": "cp-m", "name": "集市卡点", "shifts": [
        {"start": "06:00", "end": "12:00", "weekdays": [7, 3]}]})
    doc["checkpoints"][0]["changes"] = [
        {"from": "2027-01-28", "to": "2027-02-03", "template": 0, "need": 3,
         "need_tags": {"party": 2}, "reason": "春节"},
        {"from": "2026-12-10", "to": "2026-12-11", "closed": True, "reason": "修桥"},
    ]
    return doc


def test_every_v2_key_is_read() -> None:
    b = read_bundle(v2_doc(), "t")
    assert (b.rules.max_consecutive_days, b.rules.days_off_after_nights) == (5, 1)
    m1, m2 = b.members
    assert m1.only_checkpoints == ("cp-n",) and m2.only_checkpoints is None
    assert [(w.want, w.weight, w.reason) for w in m2.wishes] == [("off", 2, "孩子考试"),
                                                                ("on", 1, "")]
    assert [(c.id, c.members) for c in b.crews] == [("g1", ("m1",)), ("g2", ("m2",))]
    rot = b.checkpoints[0].shifts[1].rotation
    assert rot is not None and rot.crews == ("g1", "g2") and rot.start == date(2026, 11, 1)
    assert b.checkpoints[1].shifts[0].weekdays == (3, 7)
    surge, closure = b.checkpoints[0].changes
    assert (surge.template, surge.need, dict(surge.need_tags or {}), surge.closed) == \
        (0, 3, {"party": 2}, None)
    assert (closure.template, closure.closed, closure.reason) == (None, True, "修桥")


def test_v2_keys_survive_import_export() -> None:
    first = to_doc(read_bundle(v2_doc(), "t"))
    second = to_doc(read_bundle(json.loads(json.dumps(first)), "t"))
    assert first == second
    assert first["crews"][0] == {"id": "g1", "name": "第一组", "members": ["m1"]}
    assert first["checkpoints"][0]["changes"][1] == {
        "from": "2026-12-10", "to": "2026-12-11", "template": None, "closed": True,
        "reason": "修桥"}
    assert first["members"][1]["wishes"][0]["weight"] == 2


def test_a_version_1_file_gets_the_v2_defaults() -> None:
    b = read_bundle(small_doc(), "t")
    assert b.rules.max_consecutive_days is None and b.rules.days_off_after_nights == 0
    assert b.crews == () and b.members[0].wishes == () and b.members[0].only_checkpoints is None
    t = b.checkpoints[0].shifts[0]
    assert t.weekdays is None and t.rotation is None and b.checkpoints[0].changes == ()


def test_unknown_keys_inside_v2_records_are_kept() -> None:
    doc = v2_doc()
    doc["crews"][0]["colour"] = "red"
    doc["members"][1]["wishes"][0]["approved"] = True
    doc["checkpoints"][0]["changes"][0]["notice"] = "县里通知"
    doc["checkpoints"][0]["shifts"][1]["rotation"]["cycle"] = "24/72"
    out = to_doc(read_bundle(doc, "t"))
    assert out["crews"][0]["colour"] == "red"
    assert out["members"][1]["wishes"][0]["approved"] is True
    assert out["checkpoints"][0]["changes"][0]["notice"] == "县里通知"
    assert out["checkpoints"][0]["shifts"][1]["rotation"]["cycle"] == "24/72"


def _problems(doc: Any) -> list[str]:
    bundle, problems = parse_bundle(doc)
    assert bundle is None
    return [str(p) for p in problems]


@pytest.mark.parametrize(("mutate", "expected"), [
    (lambda d: d["members"][1]["wishes"][0].update(want="maybe"),
     "members[1].wishes[0].want: must be \"off\" or \"on\", got 'maybe'"),
    (lambda d: d["members"][1]["wishes"][0].update(weight=5),
     "members[1].wishes[0].weight: must be 1, 2 or 3, got 5"),
    (lambda d: d["members"][1]["wishes"][0].update(to="2026-12-05T00:00:00+08:00"),
     "members[1] (m2).wishes[0].to: the wish's span is empty"),
    (lambda d: d["checkpoints"][0]["shifts"][1]["rotation"].update(crews=["g1", "g9"]),
     "checkpoints[0] (cp-n).shifts[1].rotation: names crew 'g9', which does not exist"),
    (lambda d: d["crews"][1]["members"].append("m1"),
     "crews[1] (g2).members: 'm1' is already in crew 'g1'"),
    (lambda d: d["crews"][1]["members"].append("m7"),
     "crews[1] (g2).members: names 'm7', who is not a member"),
    (lambda d: d["crews"].append({"id": "g1", "members": []}),
     "crews[2] (g1).id: duplicate crew id 'g1'"),
    (lambda d: d["checkpoints"][1]["shifts"][0].update(weekdays=[0, 3]),
     "checkpoints[1].shifts[0].weekdays: weekday 0 is not a whole number from 1"),
    (lambda d: d["checkpoints"][1]["shifts"][0].update(weekdays=[8]),
     "checkpoints[1].shifts[0].weekdays: weekday 8"),
    (lambda d: d["checkpoints"][0]["changes"][0].update(to="2027-01-01"),
     "checkpoints[0] (cp-n).changes[0].to: last day 2027-01-01 is before first day 2027-01-28"),
    (lambda d: d["checkpoints"][0]["changes"][0].update(template=2),
     "checkpoints[0] (cp-n).changes[0].template: names template 2, but the checkpoint has 2"),
    (lambda d: d["members"][0].update(only_checkpoints=["cp-x"]),
     "members[0] (m1).only_checkpoints: names checkpoint 'cp-x', which does not exist"),
    (lambda d: d["rules"].update(max_consecutive_days=0),
     "rules.max_consecutive_days: must be at least 1"),
    (lambda d: d["rules"].update(days_off_after_nights=-1),
     "rules.days_off_after_nights: must not be negative"),
    (lambda d: d["checkpoints"][0]["changes"][1].update(closed="yes"),
     "checkpoints[0].changes[1].closed: expected true or false"),
])
def test_bad_v2_keys_are_refused_naming_record_and_key(mutate: Any, expected: str) -> None:
    doc = copy.deepcopy(v2_doc())
    mutate(doc)
    found = _problems(doc)
    assert any(p.startswith(expected) for p in found), found


_instant = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0).isoformat() + "+08:00")
_day = st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def _wish(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(_instant)
    hours = draw(st.integers(1, 96))
    end = (datetime.fromisoformat(start) + timedelta(hours=hours)).isoformat()
    return {"from": start, "to": end, "want": draw(st.sampled_from(["off", "on"])),
            "weight": draw(st.sampled_from([1, 2, 3])), "reason": draw(st.text(max_size=5))}


@st.composite
def _change(draw: st.DrawFn) -> dict[str, Any]:
    first = draw(_day)
    last = first + timedelta(days=draw(st.integers(0, 9)))
    doc: dict[str, Any] = {"from": first.isoformat(), "to": last.isoformat(),
                           "template": draw(st.sampled_from([None, 0, 1])),
                           "reason": draw(st.text(max_size=4))}
    for key, values in (("need", st.integers(2, 4)), ("standby", st.integers(0, 2)),
                        ("closed", st.booleans()),
                        ("need_tags", st.just({"party": 1}))):
        if draw(st.booleans()):
            doc[key] = draw(values)
    return doc


@settings(max_examples=60, deadline=None)
@given(wishes=st.lists(_wish(), max_size=4), changes=st.lists(_change(), max_size=4),
       weekdays=st.one_of(st.none(), st.lists(st.integers(1, 7), min_size=1, max_size=7,
                                               unique=True).map(sorted)),
       only=st.one_of(st.none(), st.just(["cp-n"]), st.just(["cp-n", "cp-m"])),
       crew_split=st.integers(0, 2), start=_day,
       rules=st.tuples(st.one_of(st.none(), st.integers(1, 9)), st.integers(0, 3)))
def test_any_v2_plan_survives_a_round_trip(wishes: list[dict[str, Any]],
                                           changes: list[dict[str, Any]],
                                           weekdays: list[int] | None, only: list[str] | None,
                                           crew_split: int, start: date,
                                           rules: tuple[int | None, int]) -> None:
    doc = v2_doc()
    doc["rules"].update(max_consecutive_days=rules[0], days_off_after_nights=rules[1])
    doc["members"][0]["wishes"] = wishes
    doc["members"][1]["only_checkpoints"] = only
    doc["crews"] = [{"id": "g1", "name": "一", "members": ["m1", "m2"][:crew_split]},
                    {"id": "g2", "name": "二", "members": ["m1", "m2"][crew_split:]}]
    doc["checkpoints"][0]["changes"] = changes
    doc["checkpoints"][0]["shifts"][1]["rotation"] = {"crews": ["g2", "g1"],
                                                      "from": start.isoformat()}
    doc["checkpoints"][1]["shifts"][0]["weekdays"] = weekdays
    first = read_bundle(doc, "t")
    out = to_doc(first)
    again = read_bundle(json.loads(json.dumps(out)), "t")
    assert again == first
    assert to_doc(again) == out
    assert len(out["members"][0]["wishes"]) == len(wishes)
    assert out["checkpoints"][0]["changes"] == [
        {"template": None, **c} for c in changes]

"""The bundle format at the edge: round trips, unknown keys, and every problem reported."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from roster.domain.errors import BundleError
from roster.exchange.bundle import VERSION, load_bundle_file, parse_bundle, read_bundle, to_doc
from roster.samples.demo import demo_bundle, demo_document


def small_doc() -> dict[str, Any]:
    return {
        "format": "checkpoint-roster",
        "version": 1,
        "team": {"name": "北王村驻村工作队", "village": "北王村", "timezone": "Asia/Shanghai",
                 "lead": "m1"},
        "rules": {"min_rest_hours": 11.5, "holidays": ["2027-01-01"]},
        "members": [
            {"id": "m1", "name": "张建国", "phone": "13800000001", "tags": ["party", "lead"],
             "unavailable": [{"from": "2026-12-03T00:00:00+08:00",
                              "to": "2026-12-05T00:00:00+08:00", "reason": "病假"}]},
            {"id": "m2", "name": "李秀英", "no_nights": True, "max_hours_per_week": 40},
        ],
        "checkpoints": [
            {"id": "cp-n", "name": "北口卡点", "shifts": [
                {"start": "08:00", "end": "20:00", "need": 2, "need_tags": {"party": 1}},
                {"start": "20:00", "end": "08:00", "standby": 1},
            ]},
        ],
        "assignments": [
            {"checkpoint": "cp-n", "start": "2026-12-01T08:00:00+08:00",
             "end": "2026-12-01T20:00:00+08:00", "member": "m1", "locked": True},
        ],
        "logs": [
            {"id": "l1", "at": "2026-12-01T08:03:00+08:00",
             "recorded_at": "2026-12-01T08:03:10+08:00", "checkpoint": "cp-n", "member": "m1",
             "kind": "check_in", "category": "", "count": None, "text": ""},
        ],
    }


def test_missing_optional_keys_take_the_spec_defaults() -> None:
    b = read_bundle(small_doc(), "t")
    assert b.rules.max_shifts_per_day == 1
    assert b.rules.max_consecutive_nights == 3
    assert b.rules.max_hours_per_week == 56
    assert str(b.rules.night_window[0]) == "22:00"
    assert b.rules.late_grace_minutes == 10
    assert b.members[1].phone == "" and b.members[1].tags == ()
    assert b.checkpoints[0].shifts[1].need == 1
    assert b.assignments[0].role == "duty"


def test_export_import_export_gives_the_same_document() -> None:
    first = to_doc(read_bundle(small_doc(), "t"))
    second = to_doc(read_bundle(json.loads(json.dumps(first)), "t"))
    assert first == second


def test_unknown_keys_survive_a_round_trip() -> None:
    doc = small_doc()
    doc["county"] = "沧县"
    doc["team"]["wechat_group"] = "北王村防控群"
    doc["members"][0]["id_card_checked"] = True
    doc["members"][0]["unavailable"][0]["approved_by"] = "王书记"
    doc["checkpoints"][0]["shifts"][0]["color"] = "red"
    doc["assignments"][0]["note"] = "换班"
    out = to_doc(read_bundle(doc, "t"))
    assert out["county"] == "沧县"
    assert out["team"]["wechat_group"] == "北王村防控群"
    assert out["members"][0]["id_card_checked"] is True
    assert out["members"][0]["unavailable"][0]["approved_by"] == "王书记"
    assert out["checkpoints"][0]["shifts"][0]["color"] == "red"
    assert out["assignments"][0]["note"] == "换班"


def test_instants_are_written_with_the_team_offset() -> None:
    doc = small_doc()
    doc["assignments"][0]["start"] = "2026-12-01T00:00:00Z"
    doc["assignments"][0]["end"] = "2026-12-01T12:00:00+00:00"
    out = to_doc(read_bundle(doc, "t"))
    assert out["assignments"][0]["start"] == "2026-12-01T08:00:00+08:00"
    assert out["assignments"][0]["end"] == "2026-12-01T20:00:00+08:00"


def test_demo_team_round_trips_and_is_valid() -> None:
    doc = demo_document()
    first = to_doc(read_bundle(doc, "demo"))
    assert to_doc(read_bundle(first, "demo")) == first


def test_demo_team_is_moved_to_the_current_week() -> None:
    from datetime import date

    b = demo_bundle(date(2027, 3, 18))  # a Thursday
    assert b.extra["demo_anchor"] == "2027-03-15"
    leave = [s.start.astimezone(b.tz).date() for m in b.members for s in m.unavailable]
    assert leave and all(date(2027, 3, 22) <= d < date(2027, 3, 29) for d in leave)


def problems_of(doc: Any) -> list[str]:
    bundle, problems = parse_bundle(doc)
    assert bundle is None
    return [str(p) for p in problems]


def test_every_problem_is_reported_with_record_and_field() -> None:
    doc = small_doc()
    doc["team"]["timezone"] = "Asia/Beijing"
    doc["members"][0]["unavailable"][0]["to"] = "2026-12-02T00:00:00+08:00"
    doc["members"].append({"id": "m1", "name": "王五"})
    doc["checkpoints"][0]["shifts"][0]["start"] = "25:00"
    doc["checkpoints"].append({"id": "cp-s", "name": "南口", "shifts": [
        {"start": "08:00", "end": "16:00", "need": 0},
        {"start": "15:00", "end": "23:00"}]})
    doc["assignments"][0]["start"] = "2026-12-01 08:00"
    msgs = problems_of(doc)
    joined = "\n".join(msgs)
    assert "team.timezone: 'Asia/Beijing' is not a known time zone" in joined
    assert "checkpoints[0].shifts[0].start: '25:00' is not a time of day" in joined
    assert "members[0] (m1).unavailable[0]: ends before it starts" in joined
    assert "members[2] (m1).id: duplicate member id 'm1'" in joined
    assert "checkpoints[1] (cp-s).shifts[0] (08:00–16:00).need: must be at least 1" in joined
    assert ("checkpoints[1] (cp-s).shifts: templates [0] 08:00–16:00 and [1] 15:00–23:00 "
            "overlap") in joined
    assert len(msgs) >= 6


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(format="something-else"), "format: expected \"checkpoint-roster\""),
        (lambda d: d.update(version=VERSION + 1), "newer than this program reads"),
        (lambda d: d.update(version="1"), "version: expected a whole number"),
        (lambda d: d.pop("team"), "team: is required"),
        (lambda d: d["members"][0].pop("name"), "members[0].name: is required"),
        (lambda d: d["checkpoints"][0].update(shifts=[]), "needs at least one shift template"),
        (lambda d: d["checkpoints"][0].pop("shifts"), "checkpoints[0].shifts: is required"),
        (lambda d: d["members"][1].update(no_nights="yes"), "no_nights: expected true or false"),
        (lambda d: d["team"].update(lead="m9"), "team.lead: names 'm9', who is not a member"),
        (lambda d: d["assignments"][0].update(role="boss"), "role: must be one of duty, standby"),
        (lambda d: d["rules"].update(max_shifts_per_day=0), "rules.max_shifts_per_day"),
        (lambda d: d["rules"].update(holidays=["2026-02-30"]), "is not a date that exists"),
        (lambda d: d["checkpoints"][0]["shifts"][0].update(need_tags={"party": 3}),
         "asks for 3 but the shift needs only 2"),
        (lambda d: d["logs"].append(dict(d["logs"][0])), "duplicate log id 'l1'"),
    ],
)
def test_single_problems_name_their_place(mutate: Any, expected: str) -> None:
    doc = copy.deepcopy(small_doc())
    mutate(doc)
    assert any(expected in m for m in problems_of(doc)), problems_of(doc)


def test_top_level_must_be_an_object() -> None:
    assert problems_of([1, 2]) == ["expected a JSON object at the top, got a list"]


def test_malformed_json_file_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "checkpoint-roster",\n "version": 1,,}', encoding="utf-8")
    with pytest.raises(BundleError) as info:
        load_bundle_file(path)
    assert str(info.value).startswith(f"{path}: line 2 column")


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="no such file"):
        load_bundle_file(tmp_path / "nope.json")
    bad = tmp_path / "gbk.json"
    bad.write_bytes("北王村".encode("gbk"))
    with pytest.raises(BundleError, match="is not UTF-8"):
        load_bundle_file(bad)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(small_doc(), ensure_ascii=False).encode())
    assert load_bundle_file(path).team.name == "北王村驻村工作队"

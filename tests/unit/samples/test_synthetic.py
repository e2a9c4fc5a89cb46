"""The synthetic team generator and the shipped demo bundle.

Benchmarks and other tests trust both files blindly, so the shape of what
they hold is checked here against the bundle spec rather than by eye.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from roster.samples.synthetic import main, make_team

DEMO = Path(__file__).resolve().parents[3] / "data" / "demo.json"
TOP_KEYS = {"format", "version", "team", "rules", "members", "checkpoints", "assignments", "logs"}


def _materialised(checkpoint: dict[str, Any], start: date, days: int) -> set[tuple[str, str]]:
    """(start, end) instants of every shift of `checkpoint` in the period, built from the spec."""
    shifts = set()
    for offset in range(days):
        day = start + timedelta(days=offset)
        for template in checkpoint["shifts"]:
            begin = datetime.fromisoformat(f"{day.isoformat()}T{template['start']}:00+08:00")
            end = datetime.fromisoformat(f"{day.isoformat()}T{template['end']}:00+08:00")
            if end <= begin:
                end += timedelta(days=1)
            shifts.add((begin.isoformat(), end.isoformat()))
    return shifts


@pytest.fixture(scope="module")
def small() -> dict[str, Any]:
    return make_team(checkpoints=7, members=120, days=31, seed=3, assignments=True)


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    return json.loads(DEMO.read_text(encoding="utf-8"))


# --- make_team ------------------------------------------------------------


def test_same_seed_gives_identical_documents() -> None:
    first = make_team(checkpoints=5, members=60, seed=11, assignments=True)
    second = make_team(checkpoints=5, members=60, seed=11, assignments=True)
    assert json.dumps(first, ensure_ascii=False) == json.dumps(second, ensure_ascii=False)


def test_different_seeds_differ() -> None:
    first = make_team(checkpoints=5, members=60, seed=1)
    second = make_team(checkpoints=5, members=60, seed=2)
    assert first["members"] != second["members"]


def test_document_has_the_bundle_shape(small: dict[str, Any]) -> None:
    assert set(small) == TOP_KEYS
    assert small["format"] == "checkpoint-roster"
    assert small["version"] == 1
    assert small["team"]["timezone"] == "Asia/Shanghai"
    assert small["logs"] == []
    assert small["rules"]["max_hours_per_week"] == 56
    assert json.loads(json.dumps(small, ensure_ascii=False)) == small


def test_counts(small: dict[str, Any]) -> None:
    assert len(small["members"]) == 120
    assert len(small["checkpoints"]) == 7
    assert sum("party" in m["tags"] for m in small["members"]) == round(120 * 0.4)
    assert sum(bool(m["unavailable"]) for m in small["members"]) == round(120 * 0.05)
    # 7 checkpoints x 31 days x 3 shifts x need 2
    assert len(small["assignments"]) == 7 * 31 * 3 * 2


def test_checkpoint_templates(small: dict[str, Any]) -> None:
    for checkpoint in small["checkpoints"]:
        assert checkpoint["from"] is None and checkpoint["to"] is None
        assert [(t["start"], t["end"]) for t in checkpoint["shifts"]] == [
            ("08:00", "16:00"),
            ("16:00", "00:00"),
            ("00:00", "08:00"),
        ]
        for template in checkpoint["shifts"]:
            assert template["need"] == 2
            assert template["need_tags"] == {"party": 1}


def test_ids_and_phones_unique(small: dict[str, Any]) -> None:
    member_ids = [m["id"] for m in small["members"]]
    assert len(set(member_ids)) == len(member_ids)
    assert member_ids[0] == "m0001"
    checkpoint_ids = [c["id"] for c in small["checkpoints"]]
    assert len(set(checkpoint_ids)) == len(checkpoint_ids)
    phones = [m["phone"] for m in small["members"]]
    assert len(set(phones)) == len(phones)
    assert all(len(p) == 11 and p.isdigit() and p.startswith("1") for p in phones)


def test_phones_unique_at_scale() -> None:
    team = make_team(checkpoints=1, members=5000, seed=9)
    phones = [m["phone"] for m in team["members"]]
    assert len(set(phones)) == len(phones)


def test_lead_is_a_party_member(small: dict[str, Any]) -> None:
    members = {m["id"]: m for m in small["members"]}
    lead = members[small["team"]["lead"]]
    assert {"lead", "party"} <= set(lead["tags"])
    assert all("party" in m["tags"] for m in members.values() if "lead" in m["tags"])


def test_leave_spans_inside_period_and_well_ordered(small: dict[str, Any]) -> None:
    period_start = datetime.fromisoformat("2026-12-01T00:00:00+08:00")
    period_end = period_start + timedelta(days=31)
    spans = [u for m in small["members"] for u in m["unavailable"]]
    assert spans
    for span in spans:
        begin = datetime.fromisoformat(span["from"])
        end = datetime.fromisoformat(span["to"])
        assert span["from"].endswith("T00:00:00+08:00")
        assert period_start <= begin < end <= period_end
        assert timedelta(days=2) <= end - begin <= timedelta(days=5)
        assert span["reason"]


def test_leave_fits_a_short_period() -> None:
    team = make_team(checkpoints=1, members=10, days=1, leave_fraction=1.0, seed=4)
    for member in team["members"]:
        (span,) = member["unavailable"]
        assert span == {
            "from": "2026-12-01T00:00:00+08:00",
            "to": "2026-12-02T00:00:00+08:00",
            "reason": span["reason"],
        }


def test_every_assignment_is_a_real_shift(small: dict[str, Any]) -> None:
    shifts = {c["id"]: _materialised(c, date(2026, 12, 1), 31) for c in small["checkpoints"]}
    member_ids = {m["id"] for m in small["members"]}
    for assignment in small["assignments"]:
        assert (assignment["start"], assignment["end"]) in shifts[assignment["checkpoint"]]
        assert assignment["member"] in member_ids
        assert assignment["role"] == "duty"
        assert len(assignment["start"]) == len("2026-12-01T08:00:00+08:00")


def test_every_slot_filled_once_by_distinct_people(small: dict[str, Any]) -> None:
    per_shift = Counter((a["checkpoint"], a["start"]) for a in small["assignments"])
    assert set(per_shift.values()) == {2}
    people = {(a["checkpoint"], a["start"], a["member"]) for a in small["assignments"]}
    assert len(people) == len(small["assignments"])


def test_assignments_in_export_order(small: dict[str, Any]) -> None:
    def key(a: dict[str, Any]) -> tuple[str, ...]:
        return (a["start"], a["checkpoint"], a["end"], a["role"], a["member"])

    assert small["assignments"] == sorted(small["assignments"], key=key)


def test_night_shift_ends_next_day(small: dict[str, Any]) -> None:
    evening = [a for a in small["assignments"] if a["start"].endswith("T16:00:00+08:00")]
    assert evening[0]["start"] == "2026-12-01T16:00:00+08:00"
    assert evening[0]["end"] == "2026-12-02T00:00:00+08:00"


def test_no_assignments_unless_asked() -> None:
    assert make_team(checkpoints=2, members=10)["assignments"] == []


def test_tiny_teams_do_not_break() -> None:
    assert make_team(checkpoints=0, members=0, assignments=True)["members"] == []
    lone = make_team(checkpoints=1, members=1, days=2, assignments=True)
    assert len(lone["assignments"]) == 2 * 3  # one person per slot available


@pytest.mark.parametrize(
    "kwargs",
    [{"members": -1}, {"checkpoints": -1}, {"days": 0}, {"leave_fraction": 1.5}],
)
def test_bad_arguments_are_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        make_team(**kwargs)


def test_main_writes_the_same_document(tmp_path: Path) -> None:
    out = tmp_path / "team.json"
    argv = [
        "--checkpoints",
        "3",
        "--members",
        "40",
        "--days",
        "7",
        "--start",
        "2027-01-04",
        "--seed",
        "5",
        "--assignments",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    text = out.read_text(encoding="utf-8")
    assert "\\u" not in text  # ensure_ascii=False: Chinese written as is
    expected = make_team(
        checkpoints=3, members=40, days=7, start=date(2027, 1, 4), seed=5, assignments=True
    )
    assert json.loads(text) == expected


# --- data/demo.json -------------------------------------------------------


def test_demo_has_the_bundle_shape(demo: dict[str, Any]) -> None:
    assert set(demo) >= TOP_KEYS
    assert demo["format"] == "checkpoint-roster"
    assert demo["version"] == 1
    assert demo["assignments"] == [] and demo["logs"] == []
    assert demo["team"]["timezone"] == "Asia/Shanghai"
    assert demo["rules"]["holidays"] == []


def test_demo_anchor_is_a_monday(demo: dict[str, Any]) -> None:
    assert date.fromisoformat(demo["demo_anchor"]).isoweekday() == 1


def test_demo_ids_unique(demo: dict[str, Any]) -> None:
    for key in ("members", "checkpoints"):
        ids = [item["id"] for item in demo[key]]
        assert len(set(ids)) == len(ids)
    phones = [m["phone"] for m in demo["members"]]
    assert len(set(phones)) == len(phones)
    assert all(len(p) == 11 and p.isdigit() for p in phones)


def test_demo_tags(demo: dict[str, Any]) -> None:
    members = demo["members"]
    leads = [m for m in members if "lead" in m["tags"]]
    assert len(leads) == 2
    assert all("party" in m["tags"] for m in leads)
    assert demo["team"]["lead"] in {m["id"] for m in leads}
    assert sum(m.get("no_nights", False) for m in members) == 1
    assert sum(m.get("max_hours_per_week") is not None for m in members) == 1
    assert sum("medic" in m["tags"] for m in members) == 1
    assert sum("driver" in m["tags"] for m in members) >= 2


def test_demo_checkpoints(demo: dict[str, Any]) -> None:
    checkpoints = demo["checkpoints"]
    assert any(c.get("from") is None and c.get("to") is None for c in checkpoints)
    assert sum(t.get("standby", 0) for c in checkpoints for t in c["shifts"]) == 1
    for checkpoint in checkpoints:
        assert {(t["start"], t["end"]) for t in checkpoint["shifts"]} == {
            ("08:00", "16:00"),
            ("16:00", "00:00"),
            ("00:00", "08:00"),
        }


def test_demo_leave_is_next_week_in_whole_days(demo: dict[str, Any]) -> None:
    next_monday = date.fromisoformat(demo["demo_anchor"]) + timedelta(days=7)
    week_start = datetime.fromisoformat(f"{next_monday.isoformat()}T00:00:00+08:00")
    week_end = week_start + timedelta(days=7)
    spans = [u for m in demo["members"] for u in m.get("unavailable", [])]
    assert sum(bool(m.get("unavailable")) for m in demo["members"]) == 2
    for span in spans:
        assert span["from"].endswith("T00:00:00+08:00") and span["to"].endswith("T00:00:00+08:00")
        assert week_start <= datetime.fromisoformat(span["from"])
        assert datetime.fromisoformat(span["from"]) < datetime.fromisoformat(span["to"])
        assert datetime.fromisoformat(span["to"]) <= week_end


def test_demo_has_room_every_day_of_the_two_weeks(demo: dict[str, Any]) -> None:
    """Each member works at most one shift a day, so a day needs that many free people."""
    anchor = date.fromisoformat(demo["demo_anchor"])
    for offset in range(14):
        day = anchor + timedelta(days=offset)
        day_start = datetime.fromisoformat(f"{day.isoformat()}T00:00:00+08:00")
        day_end = day_start + timedelta(days=1)
        open_points = [
            c
            for c in demo["checkpoints"]
            if (c.get("from") is None or date.fromisoformat(c["from"]) <= day)
            and (c.get("to") is None or day <= date.fromisoformat(c["to"]))
        ]
        slots = sum(t["need"] for c in open_points for t in c["shifts"])
        party_slots = sum(t["need_tags"].get("party", 0) for c in open_points for t in c["shifts"])
        free = [
            m
            for m in demo["members"]
            if not any(
                datetime.fromisoformat(u["from"]) < day_end
                and day_start < datetime.fromisoformat(u["to"])
                for u in m.get("unavailable", [])
            )
        ]
        assert len(free) >= slots + 4, day
        assert sum("party" in m["tags"] for m in free) >= party_slots + 1, day


def test_v2_data_is_a_valid_version_2_team() -> None:
    from roster.exchange.bundle import read_bundle as _read
    from roster.samples.synthetic import make_team as _make

    doc = _make(checkpoints=20, members=200, days=14, v2=True)
    bundle = _read(doc, "synthetic-v2")
    assert doc["version"] == 2
    assert sum(1 for m in bundle.members if m.wishes) == 10
    rotated = [c for c in bundle.checkpoints if c.shifts[0].rotation is not None]
    assert len(rotated) == 5 and len(bundle.crews) == 20
    assert all(len(c.members) == 2 for c in bundle.crews)
    assert sum(1 for c in bundle.checkpoints if c.changes) == 12
    assert _make(checkpoints=20, members=200, days=14, v2=True) == doc

"""Bundle version 2's team keys: a stable team id, the township, and when a file was written."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from roster.domain.model import team_id_from_name
from roster.exchange.bundle import VERSION, parse_bundle, read_bundle, to_doc
from tests.unit.exchange.test_bundle import small_doc


def problems_of(doc: Any) -> list[str]:
    bundle, problems = parse_bundle(doc)
    assert bundle is None
    return [f"{p.where}: {p.message}" for p in problems]


def test_a_version_1_file_is_read_and_written_as_version_2() -> None:
    b = read_bundle(small_doc(), "t")
    doc = to_doc(b)
    assert VERSION == 2 and doc["version"] == 2
    assert doc["team"]["township"] == ""
    assert doc["team"]["id"] == b.team.id != ""


def test_a_team_without_id_gets_the_same_id_from_every_file_of_it() -> None:
    first, second = read_bundle(small_doc(), "a"), read_bundle(small_doc(), "b")
    assert first.team.id == second.team.id == team_id_from_name("北王村驻村工作队")
    other = small_doc()
    other["team"]["name"] = "南李村驻村工作队"
    assert read_bundle(other, "c").team.id != first.team.id


def test_the_id_is_kept_when_the_team_is_renamed() -> None:
    b = read_bundle(small_doc(), "t")
    renamed = replace(b, team=replace(b.team, name="北王村工作队（新）"))
    again = read_bundle(json.loads(json.dumps(to_doc(renamed))), "t")
    assert again.team.id == b.team.id
    assert again.team.name == "北王村工作队（新）"


def test_id_and_township_round_trip() -> None:
    doc = small_doc()
    doc["version"] = 2
    doc["team"].update(id="bw-2026", township="城关镇")
    b = read_bundle(doc, "t")
    assert (b.team.id, b.team.township) == ("bw-2026", "城关镇")
    assert to_doc(b)["team"]["id"] == "bw-2026" and to_doc(b)["team"]["township"] == "城关镇"


def test_ids_from_names_are_plain_and_stable() -> None:
    assert team_id_from_name("North Gate team") .startswith("north-gate-team-")
    assert team_id_from_name("北王村").startswith("team-")
    assert team_id_from_name("北王村") == team_id_from_name("北王村")


def test_exported_at_is_written_only_when_exporting_and_read_back() -> None:
    b = read_bundle(small_doc(), "t")
    assert "exported_at" not in to_doc(b)
    when = datetime(2026, 12, 2, 1, 30, tzinfo=UTC)
    doc = to_doc(b, exported_at=when)
    assert doc["exported_at"] == "2026-12-02T09:30:00+08:00"
    assert read_bundle(doc, "t").exported_at == when


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("id", "", "team.id: must not be empty"),
    ("id", 7, "team.id: expected text, got a number"),
    ("id", "a\x1b[2Jb", "team.id: must be at most 100 printable characters"),
    ("township", ["x"], "team.township: expected text, got a list"),
])
def test_bad_team_keys_are_named(key: str, value: Any, expected: str) -> None:
    doc = small_doc()
    doc["team"][key] = value
    assert problems_of(doc) == [expected]


def test_bad_exported_at_and_newer_version_are_refused() -> None:
    doc = small_doc()
    doc["exported_at"] = "yesterday"
    assert problems_of(doc)[0].startswith("exported_at: ")
    doc = small_doc()
    doc["version"] = 3
    assert problems_of(doc)[0].startswith("version: version 3 is newer")

"""A store file that parses but holds a bad record is damage: never written over (#13.3).

Every write that would rewrite it (a log entry for that day; an import, undo or restore
over the roster) is refused naming the file and the record, and leaves every file of the
data folder as it was, backups included."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from roster.domain.errors import StoreError
from roster.store import Store
from tests.unit.store.store_worker import log_entry, make_bundle


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def _damage_member(team: Path) -> None:
    tables = json.loads(team.read_text(encoding="utf-8"))
    tables["members"]["2"]["max_hours_per_week"] = "很多"
    team.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def damaged_roster(tmp_path: Path) -> Store:
    store = Store(tmp_path)
    store.save(make_bundle(2), op="import")
    store.save(make_bundle(3), op="import")
    _damage_member(tmp_path / "team.json")
    return store


WRITES: dict[str, Callable[[Store], object]] = {
    "import --replace": lambda s: s.save(make_bundle(1), op="import"),
    "import with log entries": lambda s: s.save(replace(make_bundle(1), logs=(log_entry("x1"),)),
                                                op="import"),
    "undo": lambda s: s.undo(),
    "restore": lambda s: s.restore(2),
    "an edit": lambda s: s.update(lambda b: b, op="edit"),
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_a_damaged_roster_is_never_written_over(damaged_roster: Store, write: str) -> None:
    folder = damaged_roster.data_dir
    before = _snapshot(folder)
    with pytest.raises(StoreError) as info:
        WRITES[write](damaged_roster)
    text = str(info.value)
    assert "team.json: members[1].max_hours_per_week" in text
    assert "nothing is written to it" in text and "\n" not in text
    assert _snapshot(folder) == before  # no backup, no log shard, no history record


def test_a_shard_with_a_bad_record_is_never_rewritten(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_bundle(1), op="import")
    store.append_log(log_entry("e1"))
    shard = tmp_path / "logs" / "2026-12-01.json"
    tables = json.loads(shard.read_text(encoding="utf-8"))
    next(iter(tables["logs"].values()))["kind"] = "shout"
    shard.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    before = shard.read_bytes()
    with pytest.raises(StoreError, match=r"2026-12-01\.json: logs\[0\]\.kind") as info:
        store.append_log(log_entry("e2"))
    assert "nothing is written to it" in str(info.value)
    with pytest.raises(StoreError):
        store.save(replace(make_bundle(1), logs=(log_entry("e3"),)), op="import")
    assert shard.read_bytes() == before

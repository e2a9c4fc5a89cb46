"""Backup numbers: only the store's own files count, and none is written over (#13.1, .3)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roster.domain.errors import StoreError
from roster.store import Store, backups
from tests.unit.store.store_worker import make_bundle


def _touch(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text("{}", encoding="utf-8")


def test_numbers_count_only_near_the_history(tmp_path: Path) -> None:
    _touch(tmp_path, "000003.json", "000004.json", "000060.json", "000500.json",
           "1234567.json", "20261203.json", "00005.json", "000007.json.bak")
    (tmp_path / "000008.json").mkdir()
    assert backups.numbers(tmp_path) == [3, 4, 60, 500]
    assert backups.newest(tmp_path, 10, 50) == 60  # 500 is 440 past: not ours
    assert backups.newest(tmp_path, 0, 50) == 4  # no history: from the lowest backup up
    assert backups.newest(tmp_path / "none", 7, 50) == 7


def test_prune_leaves_numbers_above_the_newest_and_strays(tmp_path: Path) -> None:
    _touch(tmp_path, "000001.json", "000002.json", "000009.json", "999999.json",
           "20261203.json")
    backups.prune(tmp_path, newest=5, keep=3)  # keeps 3, 4, 5
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "000009.json", "20261203.json", "999999.json"]


def test_a_lost_team_file_continues_after_the_backups(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for n in (1, 2, 3):
        store.save(make_bundle(n), op="edit")
    (tmp_path / "team.json").unlink()
    assert store.save(make_bundle(1), op="import").seq == 4


def test_a_backup_is_never_written_over(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_bundle(1), op="edit")
    store.save(make_bundle(2), op="edit")
    shutil.copy(tmp_path / "backups" / "000002.json", tmp_path / "backups" / "000003.json")
    # A hand-made 000003 past the history's end would be counted as ours: the number moves on.
    assert store.save(make_bundle(3), op="edit").seq == 4
    team = (tmp_path / "team.json").read_bytes()
    (tmp_path / "backups" / "000005.json").mkdir()  # not a file: not counted, not written over
    with pytest.raises(StoreError, match=r"000005\.json: a backup with this number"):
        store.save(make_bundle(1), op="edit")
    assert (tmp_path / "team.json").read_bytes() == team

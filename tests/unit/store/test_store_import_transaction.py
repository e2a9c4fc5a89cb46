"""An import that carries log entries is one transaction: all of it or none (#13.2).

Refused after its entries reached the shards, killed between the shards and the roster,
or killed after the roster but before its note was removed: the next writer (or the next
program that opens the folder) finds the folder as after the whole import or as before."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from roster.domain.errors import StoreError
from roster.store import Store, backups
from tests.unit.store.store_worker import log_entry, make_bundle

ROOT = Path(__file__).resolve().parents[3]


def _old_team(folder: Path) -> Store:
    store = Store(folder)
    store.save(replace(make_bundle(1), logs=(log_entry("old1"),)), op="import")
    return store


def _ids(store: Store) -> list[str]:
    return sorted(e.id for e in store.logs())


def test_a_refused_import_takes_its_entries_back(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store = _old_team(tmp_path)
    before = store.load()

    def disk_full(*_: object) -> None:
        raise StoreError("backups: could not be saved (No space left on device)")

    monkeypatch.setattr(backups, "write", disk_full)
    new = replace(make_bundle(2), logs=(log_entry("new1"), log_entry("new2")))
    with pytest.raises(StoreError, match="No space left"):
        store.save(new, op="import")
    assert _ids(store) == ["old1"]
    assert store.load() == before
    assert not (tmp_path / "pending.json").exists()


_KILLED = """
import os, sys
from dataclasses import replace
sys.path.insert(0, {root!r})
import roster.store as s
from roster.store import journal
from tests.unit.store.store_worker import log_entry, make_bundle
if {where!r} == "before roster":
    s.Store._commit = lambda *a, **k: os._exit(9)
else:
    journal.finish = lambda *a, **k: os._exit(9)
store = s.Store({folder!r})
store.save(replace(make_bundle(2), logs=(log_entry("new1"), log_entry("new2"))), op="import")
"""


def _kill_during_import(folder: Path, where: str) -> None:
    script = textwrap.dedent(_KILLED).format(root=str(ROOT), where=where, folder=str(folder))
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    assert (folder / "pending.json").exists()


def test_an_import_killed_before_the_roster_leaves_the_old_team_whole(tmp_path: Path) -> None:
    before = _old_team(tmp_path).load()
    _kill_during_import(tmp_path, "before roster")
    store = Store(tmp_path)  # the next program to open the folder finishes the story
    assert not (tmp_path / "pending.json").exists()
    assert _ids(store) == ["old1"]
    assert store.load() == before


def test_an_import_killed_after_the_roster_keeps_all_of_it(tmp_path: Path) -> None:
    _old_team(tmp_path)
    _kill_during_import(tmp_path, "after roster")
    store = Store(tmp_path)
    assert not (tmp_path / "pending.json").exists()
    assert _ids(store) == ["new1", "new2", "old1"]
    assert store.load() == make_bundle(2)


def test_a_program_already_running_settles_the_note_on_its_next_read(tmp_path: Path) -> None:
    store = _old_team(tmp_path)  # opened before the kill: its own start saw no note
    _kill_during_import(tmp_path, "before roster")
    assert _ids(store) == ["old1"]
    assert not (tmp_path / "pending.json").exists()


def test_a_writer_settles_the_note_before_it_writes(tmp_path: Path) -> None:
    store = _old_team(tmp_path)
    _kill_during_import(tmp_path, "before roster")
    store.append_log(log_entry("later"))
    assert not (tmp_path / "pending.json").exists()
    assert _ids(store) == ["later", "old1"]

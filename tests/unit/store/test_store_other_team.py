"""Another team's roster does not take over this team's duty log (#13.2, second round).

The old log is moved whole to ``backups/logs-before-NNNNNN/`` in the import's transaction:
a refused or killed import puts it back; a landed one leaves it there, never deleted."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from roster.domain.errors import StoreError
from roster.domain.model import Bundle
from roster.store import Store, backups
from tests.unit.store.store_worker import log_entry, make_bundle

ROOT = Path(__file__).resolve().parents[3]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _other(n: int = 2) -> Bundle:
    b = make_bundle(n)
    return replace(b, team=replace(b.team, id="team-other"),
                   logs=(log_entry("new1"), log_entry("new2")))


def _old_team(folder: Path) -> tuple[Store, dict[str, bytes]]:
    store = Store(folder)
    store.save(replace(make_bundle(1), logs=(log_entry("old1"), log_entry("old2"))),
               op="import")
    return store, _files(folder / "logs")


def test_the_old_log_goes_aside_and_the_bundles_is_the_log(tmp_path: Path) -> None:
    store, old_log = _old_team(tmp_path)
    change = store.save(_other(), op="import")
    assert sorted(e.id for e in store.logs()) == ["new1", "new2"]
    assert _files(tmp_path / "backups" / f"logs-before-{change.seq:06d}") == old_log
    assert not (tmp_path / "pending.json").exists()


def test_the_same_team_merges_as_before(tmp_path: Path) -> None:
    store, _ = _old_team(tmp_path)
    store.save(replace(make_bundle(2), logs=(log_entry("new1"),)), op="import")
    assert sorted(e.id for e in store.logs()) == ["new1", "old1", "old2"]
    assert not [p for p in (tmp_path / "backups").iterdir() if p.is_dir()]


def test_a_refused_import_puts_the_old_log_back(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    store, old_log = _old_team(tmp_path)

    def disk_full(*_: object) -> None:
        raise StoreError("backups: could not be saved (No space left on device)")

    monkeypatch.setattr(backups, "write", disk_full)
    with pytest.raises(StoreError, match="No space left"):
        store.save(_other(), op="import")
    assert _files(tmp_path / "logs") == old_log
    assert not [p for p in (tmp_path / "backups").iterdir() if p.is_dir()]
    assert not (tmp_path / "pending.json").exists()


_KILLED = """
import os, sys
from dataclasses import replace
sys.path.insert(0, {root!r})
import roster.store as s
from roster.store import journal
from tests.unit.store.test_store_other_team import _other
if {where!r} == "before roster":
    s.Store._commit = lambda *a, **k: os._exit(9)
elif {where!r} == "after the move":
    s.LogShards.merge = lambda *a, **k: os._exit(9)
else:
    journal.finish = lambda *a, **k: os._exit(9)
s.Store({folder!r}).save(_other(), op="import")
"""


@pytest.mark.parametrize("where", ["after the move", "before roster", "after roster"])
def test_a_killed_import_is_finished_or_undone_whole(tmp_path: Path, where: str) -> None:
    _, old_log = _old_team(tmp_path)
    script = textwrap.dedent(_KILLED).format(root=str(ROOT), where=where, folder=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    assert (tmp_path / "pending.json").exists()
    ids = sorted(e.id for e in Store(tmp_path).logs())  # the next program settles it
    assert not (tmp_path / "pending.json").exists()
    aside = tmp_path / "backups" / "logs-before-000002"
    if where == "after roster":
        assert ids == ["new1", "new2"] and _files(aside) == old_log
    else:
        assert ids == ["old1", "old2"] and not aside.exists()
        assert _files(tmp_path / "logs") == old_log


def test_undo_and_redo_bring_each_teams_log_back_with_its_roster(tmp_path: Path) -> None:
    store, old_log = _old_team(tmp_path)
    store.save(_other(), op="import")  # change 2
    new_log = _files(tmp_path / "logs")
    undo = store.undo()  # change 3: the old team, and its log, are back
    assert store.load().team.id == make_bundle(1).team.id
    assert _files(tmp_path / "logs") == old_log
    assert _files(tmp_path / "backups" / "logs-before-000003") == new_log
    assert not (tmp_path / "backups" / "logs-before-000002").exists()
    store.restore(undo.seq)  # change 4: the state before the undo, the other team's log
    assert store.load().team.id == "team-other"
    assert _files(tmp_path / "logs") == new_log
    assert _files(tmp_path / "backups" / "logs-before-000004") == old_log


def test_a_refused_undo_leaves_both_logs_where_they_were(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = _old_team(tmp_path)
    store.save(_other(), op="import")
    before = _files(tmp_path)

    def disk_full(*_: object) -> None:
        raise StoreError("backups: could not be saved (No space left on device)")

    monkeypatch.setattr(backups, "write", disk_full)
    with pytest.raises(StoreError, match="No space left"):
        store.undo()
    assert _files(tmp_path) == before
    assert not (tmp_path / "pending.json").exists()

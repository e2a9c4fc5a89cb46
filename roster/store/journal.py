"""The write-ahead note that makes "log entries + roster" one transaction (#13.2).

An import (or any roster save carrying duty-log entries) writes to several files: the
day shards of the log, then ``team.json``. A kill, a power cut or a refusal between the
two would leave the new team's entries in the old team's log. So before the first shard
is touched, the store writes ``pending.json``: the roster generation the change starts
from and, per day, the ids of the entries it is about to add. After ``team.json`` is
replaced, the note is removed. Whoever takes the lock next and finds a note finishes the
story: if ``team.json``'s generation moved on, the change landed and the note goes; if
not, the entries it lists are taken out of their shards again and the note goes. Either
way the folder is as after the whole change or as before it.

Replacing the roster by another team's (a different ``team.id``) must not mix two teams'
logs: the old ``logs/`` folder is moved whole to ``backups/logs-before-NNNNNN/`` (NNNNNN:
the import's change number), never deleted, and the bundle's entries start a new
``logs/``. The note names that folder first, so a change that does not land moves it back.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from roster.domain.errors import StoreError
from roster.domain.messages import msg
from roster.domain.model import Bundle
from roster.store.files import (
    BACKUPS_DIR,
    JOURNAL_FILE,
    AtomicJSONStorage,
    Tables,
    _fsync_dir,
    check_meta,
    corrupt,
    make_private_dir,
)
from roster.store.logs import LogShards

JOURNAL = "journal"
_ASIDE_RE = re.compile(rf"^{BACKUPS_DIR}/logs-before-\d{{6}}$")


def aside_name(seq: int) -> str:
    """Where the duty log of a team replaced by change ``seq`` is kept (data-folder relative)."""
    return f"{BACKUPS_DIR}/logs-before-{seq:06d}"


def path_of(data_dir: Path) -> Path:
    return data_dir / JOURNAL_FILE


def pending(data_dir: Path) -> dict[str, Any] | None:
    """The note of an unfinished change, or None. A damaged note is reported by name."""
    if not path_of(data_dir).exists():
        return None
    tables = AtomicJSONStorage(path_of(data_dir)).read() or {}
    records = list(tables.get(JOURNAL, {}).values())
    note = dict(records[0]) if records else {"generation": 0, "days": {}}
    if not _is_note(note):
        raise corrupt(path_of(data_dir), msg("not the note of an unfinished change"))
    return note


def _is_note(note: dict[str, Any]) -> bool:
    """Whether ``note`` is shaped as :func:`begin` writes it (checked before it is obeyed)."""
    generation, days = note.get("generation", 0), note.get("days") or {}
    if isinstance(generation, bool) or not isinstance(generation, int) or generation < 0:
        return False
    if not isinstance(days, dict):
        return False
    if not all(isinstance(ids, list) and all(isinstance(i, str) for i in ids)
               for ids in days.values()):
        return False
    return all(isinstance(note.get(key, ""), str) for key in ("aside", "back"))


def begin(data_dir: Path, generation: int, days: dict[date, list[str]],
          aside: str | None = None, back: str | None = None) -> None:
    """Note, durably, that entries ``days`` are about to be added from ``generation``
    (after the log was moved to ``aside``, if given)."""
    record: dict[str, Any] = {"generation": generation,
                              "days": {d.isoformat(): ids for d, ids in sorted(days.items())}}
    if aside:
        record["aside"] = aside
    if back:
        record["back"] = back
    AtomicJSONStorage(path_of(data_dir)).write({JOURNAL: {"1": record}})


def finish(data_dir: Path) -> None:
    """The change is complete (or undone): the note goes."""
    with suppress(FileNotFoundError):
        os.unlink(path_of(data_dir))
        _fsync_dir(data_dir)


def days_of(note: dict[str, Any]) -> dict[date, set[str]]:
    """The note's entry ids per day (days that are not dates are skipped)."""
    out: dict[date, set[str]] = {}
    for day, ids in dict(note.get("days") or {}).items():
        try:
            out[date.fromisoformat(str(day))] = {str(i) for i in ids}
        except (TypeError, ValueError):
            continue
    return out


def merge_noted(data_dir: Path, shards: LogShards, tables: Tables | None, team_path: Path,
                bundle: Bundle, aside: str | None = None) -> None:
    """Add ``bundle.logs`` to the shards, after noting which entries are new and the
    generation of ``team.json`` (``tables``) the change starts from. With ``aside``, the
    log there is first moved there (another team's roster replaces this one)."""
    meta = check_meta(tables, team_path) if tables is not None else {}
    generation = int(meta.get("generation", 0))
    if aside is not None and shards.folder.exists():
        target = data_dir / aside
        if os.path.lexists(target):
            raise StoreError(msg("{path}: is already there; nothing was written. Move it aside "
                                 "to go on", path=target))
        make_private_dir(target.parent)
        begin(data_dir, generation, {}, aside)
        os.rename(shards.folder, target)
        _fsync_dir(data_dir)
        _fsync_dir(target.parent)
    else:
        aside = None
    new = shards.new_ids(bundle.logs, bundle.tz)
    if not new:
        return
    begin(data_dir, generation, new, aside)
    shards.merge(bundle.logs, bundle.tz)


def swap_noted(data_dir: Path, shards: LogShards, tables: Tables | None, team_path: Path,
               aside: str, back: str) -> None:
    """Move the log to ``aside`` and the log kept at ``back`` (if any) into its place,
    noted first (an undo or a restore that brings back another team's roster)."""
    meta = check_meta(tables, team_path) if tables is not None else {}
    target = data_dir / aside
    if os.path.lexists(target):
        raise StoreError(msg("{path}: is already there; nothing was written. Move it aside "
                             "to go on", path=target))
    kept = data_dir / back
    begin(data_dir, int(meta.get("generation", 0)), {}, aside,
          back if kept.is_dir() else None)
    if shards.folder.exists():
        make_private_dir(target.parent)
        os.rename(shards.folder, target)
    if kept.is_dir():
        os.rename(kept, shards.folder)
    _fsync_dir(data_dir)
    _fsync_dir(target.parent)


def settle(data_dir: Path, shards: LogShards, team: AtomicJSONStorage) -> None:
    """Under the lock: finish the change a note describes. If ``team.json`` moved past the
    note's generation the change landed; otherwise its entries are taken back out."""
    note = pending(data_dir)
    if note is None:
        return
    tables = team.read()
    meta = check_meta(tables, team.path) if tables is not None else {}
    if int(meta.get("generation", 0)) <= int(note.get("generation", 0)):
        for day, ids in days_of(note).items():
            shards.take_back(day, ids)
        _return_kept(data_dir, shards, note.get("back"))
        _move_back(data_dir, shards, note.get("aside"))
    finish(data_dir)


def _return_kept(data_dir: Path, shards: LogShards, back: Any) -> None:
    """Put a kept log a change brought into ``logs/`` back where it was kept."""
    if not isinstance(back, str) or not _ASIDE_RE.match(back):
        return
    kept = data_dir / back
    if shards.folder.is_dir() and not os.path.lexists(kept):
        os.rename(shards.folder, kept)


def _move_back(data_dir: Path, shards: LogShards, aside: Any) -> None:
    """Put the log a change moved aside back in place (the change did not land)."""
    if not isinstance(aside, str) or not _ASIDE_RE.match(aside):
        return
    source = data_dir / aside
    if not source.is_dir():
        return  # not moved yet
    if shards.folder.exists():
        try:
            os.rmdir(shards.folder)  # the change's own entries were taken back: empty
        except OSError:
            raise StoreError(msg("{logs}: holds entries an unfinished import did not write; the "
                                 "log it replaced is in {aside}. Move one of them aside to "
                                 "go on", logs=shards.folder, aside=source)) from None
    os.rename(source, shards.folder)
    _fsync_dir(data_dir)


def settle_pending(data_dir: Path, shards: LogShards, team: Callable[[], AtomicJSONStorage],
                   lock: FileLock | None) -> None:
    """:func:`settle` if a change is pending. With ``lock`` (the caller does not hold
    it), only if it can be taken at once: a writer at work, or a read-only folder, is left
    alone."""
    if not path_of(data_dir).exists():
        return
    if lock is None:
        settle(data_dir, shards, team())
        return
    try:
        lock.acquire(blocking=False)
    except (Timeout, OSError):
        return
    try:
        settle(data_dir, shards, team())
    finally:
        lock.release()

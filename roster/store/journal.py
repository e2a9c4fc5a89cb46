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
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from roster.domain.model import Bundle
from roster.store.files import JOURNAL_FILE, AtomicJSONStorage, Tables, _fsync_dir, check_meta
from roster.store.logs import LogShards

JOURNAL = "journal"


def path_of(data_dir: Path) -> Path:
    return data_dir / JOURNAL_FILE


def pending(data_dir: Path) -> dict[str, Any] | None:
    """The note of an unfinished change, or None. A damaged note is reported by name."""
    if not path_of(data_dir).exists():
        return None
    tables = AtomicJSONStorage(path_of(data_dir)).read() or {}
    records = list(tables.get(JOURNAL, {}).values())
    return dict(records[0]) if records else {"generation": 0, "days": {}}


def begin(data_dir: Path, generation: int, days: dict[date, list[str]]) -> None:
    """Note, durably, that entries ``days`` are about to be added from ``generation``."""
    record = {"generation": generation,
              "days": {d.isoformat(): ids for d, ids in sorted(days.items())}}
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
                bundle: Bundle) -> None:
    """Add ``bundle.logs`` to the shards, after noting which entries are new and the
    generation of ``team.json`` (``tables``) the change starts from."""
    new = shards.new_ids(bundle.logs, bundle.tz)
    if not new:
        return
    meta = check_meta(tables, team_path) if tables is not None else {}
    begin(data_dir, int(meta.get("generation", 0)), new)
    shards.merge(bundle.logs, bundle.tz)


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
    finish(data_dir)


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

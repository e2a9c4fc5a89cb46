"""``backups/``: the copy of ``team.json`` kept before each roster change, numbered by change.

A number is never used twice (the next one continues after both the history's last
number and the newest backup here), and only the newest ``keep`` are kept. Only files
named exactly as the store names them (``NNNNNN.json``) and numbered near the history
count: a stray ``20261203.json`` or ``999999.json`` neither moves the numbering on nor
makes real backups look old enough to prune (#13.1, .3).
"""

from __future__ import annotations

import os
from datetime import tzinfo
from pathlib import Path

from roster.domain.errors import StoreError
from roster.domain.messages import msg
from roster.domain.timeutil import format_instant
from roster.store.files import BACKUP, BACKUP_RE, AtomicJSONStorage, Tables, make_private_dir
from roster.store.history import Change


def path_of(folder: Path, seq: int) -> Path:
    """The copy of ``team.json`` as it was before change ``seq``."""
    return folder / f"{seq:06d}.json"


def write(folder: Path, change: Change, current: Tables, tz: tzinfo) -> None:
    make_private_dir(folder)
    path = path_of(folder, change.seq)
    if os.path.lexists(path):
        # Never written over: the numbering went wrong (a hand-made file, a lost team.json).
        raise StoreError(msg("{path}: a backup with this number is already there; nothing was "
                             "written. Move it aside to go on", path=path))
    record = {"seq": change.seq, "at": format_instant(change.at, tz), "op": change.op,
              "operator": change.operator, "summary": change.summary}
    AtomicJSONStorage(path).write({**current, BACKUP: {"1": record}})


def numbers(folder: Path) -> list[int]:
    """The numbers of the files in ``folder`` named and made as backups are, in order."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for entry in entries:
        m = BACKUP_RE.match(entry.name)
        if m and entry.is_file(follow_symlinks=False):
            found.append(int(m.group(1)))
    return sorted(found)


def prune(folder: Path, newest: int, keep: int) -> None:
    """Keep the backups of the last ``keep`` changes up to ``newest`` (and any numbered
    above it, which are not this history's to judge)."""
    oldest = newest - keep
    for seq in numbers(folder):
        if seq > oldest:
            break
        try:
            os.unlink(path_of(folder, seq))
        except OSError:
            # The change is saved; an old backup that cannot go now goes next time.
            continue


def newest(folder: Path, last_seq: int, window: int) -> int:
    """The highest backup number that belongs to a history ending at ``last_seq`` (0: no
    history): numbers follow each other at most ``window`` apart, as the store leaves
    them, from ``last_seq`` (or, with no history, from the lowest backup) upwards. A file
    far beyond is not one of ours and does not count."""
    found = numbers(folder)
    current = last_seq if last_seq else (found[0] if found else 0)
    for seq in found:
        if seq <= current:
            continue
        if seq - current > window:
            break
        current = seq
    return current

"""``backups/``: the copy of ``team.json`` kept before each roster change, numbered by change.

A number is never used twice (the next one continues after both the history's last
number and the newest file here), and only the newest ``keep`` are kept.
"""

from __future__ import annotations

import os
from datetime import tzinfo
from pathlib import Path

from roster.domain.timeutil import format_instant
from roster.store.files import BACKUP, BACKUP_RE, AtomicJSONStorage, Tables, make_private_dir
from roster.store.history import Change


def path_of(folder: Path, seq: int) -> Path:
    """The copy of ``team.json`` as it was before change ``seq``."""
    return folder / f"{seq:06d}.json"


def write(folder: Path, change: Change, current: Tables, tz: tzinfo) -> None:
    make_private_dir(folder)
    record = {"seq": change.seq, "at": format_instant(change.at, tz), "op": change.op,
              "operator": change.operator, "summary": change.summary}
    AtomicJSONStorage(path_of(folder, change.seq)).write({**current, BACKUP: {"1": record}})


def prune(folder: Path, newest: int, keep: int) -> None:
    """Keep the backups of the last ``keep`` changes up to ``newest``."""
    oldest = newest - keep
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return
    for entry in entries:
        m = BACKUP_RE.match(entry.name)
        if m and int(m.group(1)) <= oldest:
            try:
                os.unlink(entry.path)
            except OSError:
                # The change is saved; an old backup that cannot go now goes next time.
                continue


def newest(folder: Path) -> int:
    """The highest backup number in ``folder`` (0: none)."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return 0
    except NotADirectoryError:
        return 0
    return max((int(m.group(1)) for n in names if (m := BACKUP_RE.match(n))), default=0)

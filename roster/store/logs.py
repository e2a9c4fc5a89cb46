"""The duty log on disk: one shard per local calendar day (``logs/YYYY-MM-DD.json``).

The log only grows, so sharding by day keeps an append as cheap after a year as on day
one: an append reads and rewrites its own day's shard only. Entries are added by id and
never removed; a shard that cannot be read is reported by name and never written over.
The caller (:class:`roster.store.Store`) holds the inter-process lock around writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import Any

from roster import __version__
from roster.domain.errors import BundleError, StoreError
from roster.domain.messages import msg
from roster.domain.model import LogEntry
from roster.domain.timeutil import local_date
from roster.exchange.bundle import log_to_doc, read_logs
from roster.store.files import (
    LOGS,
    META,
    SCHEMA,
    SHARD_RE,
    AtomicJSONStorage,
    check_meta,
    damaged,
    make_private_dir,
    open_db,
)


class LogShards:
    """The ``logs/`` folder of a data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, day: date) -> Path:
        """The log file of one local calendar day."""
        return self.folder / f"{day.isoformat()}.json"

    def day(self, day: date, tz: tzinfo) -> list[LogEntry]:
        """The entries filed in one day's shard, as stored (no neighbouring day, no filter)."""
        path = self.path(day)
        storage = AtomicJSONStorage(path)
        with storage.batch():
            tables = storage.read()
            if tables is None:
                return []
            check_meta(tables, path)
            docs = open_db(storage).table(LOGS).all()
        return read_log_docs(docs, tz, path)

    def read(self, first_day: date | None, last_day: date | None,
             tz: tzinfo) -> list[LogEntry]:
        """Entries whose ``at`` falls on ``[first_day, last_day]`` (local days), in order.

        Only the shards of those days (and one either side, in case the team's zone
        changed since an entry was filed) are read.
        """
        lo = first_day - timedelta(days=1) if first_day else None
        hi = last_day + timedelta(days=1) if last_day else None
        out: list[LogEntry] = []
        for day in self.days(lo, hi):
            entries = self.day(day, tz)
            if first_day or last_day:
                entries = [e for e in entries
                           if _between(local_date(e.at, tz), first_day, last_day)]
            out.extend(entries)
        out.sort(key=lambda e: (e.at, e.recorded_at, e.id))
        return out

    def days(self, lo: date | None = None, hi: date | None = None) -> list[date]:
        """The days that have a shard, within ``[lo, hi]`` where given, in order."""
        try:
            names = sorted(os.listdir(self.folder))
        except FileNotFoundError:
            return []
        found = (_shard_day(name) for name in names)
        return [day for day in found if day is not None and _between(day, lo, hi)]

    def merge(self, entries: tuple[LogEntry, ...] | list[LogEntry], tz: tzinfo) -> int:
        """Add the entries not yet in their day's shard; returns how many were added."""
        if not entries:
            return 0
        by_day: dict[date, list[dict[str, Any]]] = {}
        filed = self._filed_around({local_date(e.at, tz) for e in entries}, tz)
        for e in entries:
            if e.id in filed:
                continue  # filed already, maybe under another day (the zone changed since)
            by_day.setdefault(local_date(e.at, tz), []).append(log_to_doc(e, tz))
        # Entries made in code have not been through the reader: check them all before the
        # first shard is written, so a bad one cannot make a shard unreadable later.
        check_log_docs([d for docs in by_day.values() for d in docs], tz, "the log entries")
        return sum(self.add(day, docs, tz) for day, docs in sorted(by_day.items()))

    def new_ids(self, entries: tuple[LogEntry, ...] | list[LogEntry],
                tz: tzinfo) -> dict[date, list[str]]:
        """Per day, the ids of ``entries`` its shard lacks: what :meth:`merge` would add.

        An entry whose id is filed with other content is refused (StoreError), not skipped:
        an import must not report entries it did not add."""
        by_day: dict[date, list[LogEntry]] = {}
        for e in entries:
            by_day.setdefault(local_date(e.at, tz), []).append(e)
        out: dict[date, list[str]] = {}
        have = self._filed_around(by_day, tz)
        for day, todo in sorted(by_day.items()):
            for e in todo:
                if e.id in have and log_to_doc(have[e.id], tz) != log_to_doc(e, tz):
                    raise StoreError(msg("log entry {id}: {path} holds another entry with this "
                                         "id; nothing was written. Give one of them a new id "
                                         "to go on", id=e.id, path=self.path(day)))
            fresh = list(dict.fromkeys(e.id for e in todo if e.id not in have))
            if fresh:
                out[day] = fresh
        return out

    def _filed_around(self, days: Iterable[date], tz: tzinfo) -> dict[str, LogEntry]:
        """The entries filed under ``days`` and the two days either side of each, every
        shard read once: an entry filed when the team kept another time zone sits under a
        neighbouring day, and an import after a zone change must find it there, not file it
        twice (an export then failed with "duplicate log id")."""
        wanted = {d + timedelta(days=k) for d in days for k in range(-2, 3)}
        out: dict[str, LogEntry] = {}
        if wanted:
            for day in self.days(min(wanted), max(wanted)):
                if day in wanted:
                    for e in self.day(day, tz):
                        out.setdefault(e.id, e)
        return out

    def take_back(self, day: date, ids: set[str]) -> None:
        """Remove the entries ``ids`` from one day's shard (an unfinished change's own
        entries, per its journal); a shard left with no entry is removed."""
        path = self.path(day)
        storage = AtomicJSONStorage(path)
        with storage.batch():
            tables = storage.read()
            if tables is None:
                return
            check_meta(tables, path)
            logs = tables.get(LOGS, {})
            keep = {k: d for k, d in logs.items() if d.get("id") not in ids}
            if len(keep) == len(logs):
                return
            if not keep:
                os.unlink(path)
                return
            storage.write({**tables, LOGS: keep})

    def append(self, entry: LogEntry, tz: tzinfo) -> bool:
        """File one entry; False, and nothing written, if its id is already there."""
        doc = log_to_doc(entry, tz)
        check_log_docs([doc], tz, f"log entry {entry.id!r}")
        return self.add(local_date(entry.at, tz), [doc], tz) == 1

    def add(self, day: date, docs: list[dict[str, Any]], tz: tzinfo) -> int:
        """Insert ``docs`` whose ids the shard lacks, in one atomic write.

        A shard holding an entry that cannot be read is refused, not rewritten with it: a
        damaged file is never written over (the error says how to go on)."""
        make_private_dir(self.folder)
        path = self.path(day)
        storage = AtomicJSONStorage(path)
        with storage.batch():
            db = open_db(storage)
            tables = storage.read()
            if tables is not None:
                check_meta(tables, path)
                read_log_docs(list(tables.get(LOGS, {}).values()), tz, path)
            # The ids straight from the storage's tables: TinyDB's query or all() would
            # build a Document per entry, the biggest cost of an append after JSON and fsync.
            seen = {d.get("id") for d in (tables or {}).get(LOGS, {}).values()}
            new = []
            for d in docs:
                if d["id"] not in seen:
                    seen.add(d["id"])
                    new.append(d)
            if new:
                db.table(LOGS).insert_multiple(new)
                if tables is None:
                    db.table(META).insert({"schema": SCHEMA, "app": __version__})
        return len(new)


def _shard_day(name: str) -> date | None:
    """The day a shard file holds, or None for a file the store did not write (a stray
    name, or one shaped like a day that does not exist, such as 2026-13-45.json)."""
    m = SHARD_RE.match(name)
    if m is None:
        return None
    try:
        return date.fromisoformat(m.group(1))
    except ValueError:
        return None


def _between(day: date, first: date | None, last: date | None) -> bool:
    return (first is None or day >= first) and (last is None or day <= last)


def check_log_docs(docs: list[dict[str, Any]], tz: tzinfo, source: str) -> None:
    _, problems = read_logs(docs, tz)
    if problems:
        raise BundleError(source, problems)


def read_log_docs(docs: list[Any], tz: tzinfo, path: Path) -> list[LogEntry]:
    entries, problems = read_logs(docs, tz)
    if problems:
        raise damaged(path, problems)
    return entries

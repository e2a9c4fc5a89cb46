"""The duty log over the store: the one facade the ``roster log`` commands and the desk use.

Every write here reads the log around the entry, checks it (:mod:`roster.dutylog.checks`)
and appends it, all under the store's inter-process lock: the lead's board and a desk
terminal can both press "check in" for the same person at once, and only one entry is
written. :meth:`Store.append_log` writes one day's shard atomically with fsync, so a
kill -9 loses at most the entry being written. Nothing here knows about a terminal.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from roster.domain.bounds import entry_bounds
from roster.domain.errors import StoreError, UserError
from roster.domain.messages import msg
from roster.domain.model import Bundle, LogEntry
from roster.domain.timeutil import local_date, now_utc
from roster.dutylog.checks import (
    Refusal,
    check_check_in,
    check_check_out,
    check_close,
    check_confirm,
    check_correction,
    check_handover,
    check_note,
    check_toggle,
)
from roster.dutylog.compare import Comparison, compare
from roster.dutylog.desk import DeskView, desk_view
from roster.dutylog.entries import (
    KEY_BY,
    check_in_entry,
    check_out_entry,
    close_entry,
    confirm_entry,
    correction_entry,
    handover_entry,
    note_entry,
    resolve,
    void_entry,
)
from roster.dutylog.handovers import open_items
from roster.dutylog.report import DayReport, day_report
from roster.store import Store

__all__ = ["CARRY_DAYS", "DutyLog", "DutyRefused"]

#: How many days back a desk or a report looks for the newest handover (open items, and
#: handovers nobody confirmed). A handover every shift keeps the list current.
CARRY_DAYS = 7

Clock = Callable[[], datetime]

#: Parsed shards kept by one DutyLog (a month and a bit of desk or report windows).
_KEEP_SHARDS = 40


def _stat_key(path: Path) -> tuple[int, int, int] | None:
    """The identity of a file's content: every store write replaces the file (new inode)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class DutyRefused(UserError):
    """An entry that was not written, and why (``refusal.warning``: harmless, e.g. twice)."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal

    @property
    def warning(self) -> bool:
        return self.refusal.warning


@dataclass(frozen=True, slots=True)
class _Cached:
    key: tuple[int, int, int]
    bundle: Bundle


class DutyLog:
    """A team's duty log: write entries (checked, under the lock) and ask what they mean.

    ``clock`` gives "now" (UTC); tests and the desk's Pilot tests pass a fixed one.
    ``operator`` is written into each entry as ``"by"`` when given (who typed it).
    """

    def __init__(self, store: Store, *, clock: Clock = now_utc, operator: str = "") -> None:
        self.store = store
        self.clock = clock
        self.operator = operator
        self._cached: _Cached | None = None
        self._shards: dict[date, tuple[tuple[int, int, int], list[LogEntry]]] = {}

    # --- reading ---

    def token(self) -> tuple[Any, ...]:
        """Changes whenever anything in the data folder was written (roster or log)."""
        return self.store.token()

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    def bundle(self) -> Bundle:
        """The roster (no logs), read again only when ``team.json`` changed."""
        key = _stat_key(self.store.team_path)
        if self._cached is None or self._cached.key != key:
            self._cached = _Cached(key or (0, 0, 0), self.store.load())
        return self._cached.bundle

    def entries(self, first: date, last: date) -> list[LogEntry]:
        """The entries filed in the shards of ``[first, last]``, day by day in file order.

        Each shard is parsed once and again only when its file changed (every write
        replaces the file), so a desk that refreshes every second rereads only the day
        somebody wrote to. (Every consumer orders entries itself, by :func:`resolve`.)
        """
        out: list[LogEntry] = []
        day = first
        while day <= last:
            out.extend(self._shard(day))
            day += timedelta(days=1)
        return out

    def around(self, first: date, last: date) -> list[LogEntry]:
        """What a view of ``[first, last]`` needs: a day either side, and back as far as
        the newest handover of every checkpoint before ``first`` (at most CARRY_DAYS)."""
        bundle = self.bundle()
        entries = self.entries(first - timedelta(days=1), last + timedelta(days=1))
        start = bundle.period(first, 1).start
        back = 1
        while back < CARRY_DAYS:
            handed = {e.checkpoint for e in entries
                      if e.at < start and e.kind == "note" and e.category == "handover"}
            if all(cp.id in handed for cp in bundle.checkpoints):
                break
            back += 1
            entries = self._shard(first - timedelta(days=back)) + entries
        return entries

    def today(self) -> date:
        return local_date(self.now(), self.bundle().tz)

    def desk(self, checkpoint: str) -> DeskView:
        bundle = self.bundle()
        now = self.now()
        day = local_date(now, bundle.tz)
        return desk_view(bundle, self.around(day, day), checkpoint, now)

    def day_report(self, day: date) -> DayReport:
        return day_report(self.bundle(), self.around(day, day), day, self.now())

    def compare(self, first_day: date, days: int) -> Comparison:
        bundle = self.bundle()
        entries = self.entries(first_day - timedelta(days=1), first_day + timedelta(days=days))
        return compare(bundle, entries, bundle.period(first_day, days), self.now())

    def _shard(self, day: date) -> list[LogEntry]:
        key = _stat_key(self.store.shard_path(day))
        if key is None:
            self._shards.pop(day, None)
            return []
        cached = self._shards.get(day)
        if cached is not None and cached[0] == key:
            return cached[1]
        entries = self.store.shard_logs(day)
        self._remember(day, key, entries)
        return entries

    def _remember(self, day: date, key: tuple[int, int, int], entries: list[LogEntry]) -> None:
        self._shards.pop(day, None)
        self._shards[day] = (key, entries)
        while len(self._shards) > _KEEP_SHARDS:
            self._shards.pop(next(iter(self._shards)))

    # --- writing ---

    def check_in(self, member: str, checkpoint: str, at: datetime | None = None) -> LogEntry:
        def build(b: Bundle, entries: list[LogEntry], now: datetime, at: datetime) -> LogEntry:
            self._refuse(check_check_in(b, entries, member, checkpoint, at, now))
            return check_in_entry(checkpoint, member, at, now, **self._by())

        return self._append(build, at)

    def check_out(self, member: str, checkpoint: str, at: datetime | None = None) -> LogEntry:
        def build(b: Bundle, entries: list[LogEntry], now: datetime, at: datetime) -> LogEntry:
            self._refuse(check_check_out(b, entries, member, checkpoint, at, now))
            return check_out_entry(checkpoint, member, at, now, **self._by())

        return self._append(build, at)

    def toggle(self, member: str, checkpoint: str, at: datetime | None = None) -> LogEntry:
        """Check ``member`` out when checked in there, else in: the desk's one key."""
        def build(b: Bundle, entries: list[LogEntry], now: datetime, at: datetime) -> LogEntry:
            kind, refusal = check_toggle(b, entries, member, checkpoint, at, now)
            self._refuse(refusal)
            make = check_out_entry if kind == "check_out" else check_in_entry
            return make(checkpoint, member, at, now, **self._by())

        return self._append(build, at)

    def note(self, checkpoint: str, category: str, *, text: str = "", count: int | None = None,
             member: str | None = None, at: datetime | None = None) -> LogEntry:
        def build(b: Bundle, entries: list[LogEntry], now: datetime, at: datetime) -> LogEntry:
            self._refuse(check_note(b, checkpoint, category, at, now, member=member,
                                    count=count, text=text))
            return note_entry(checkpoint, category, at, now, member=member, count=count,
                              text=text.strip(), **self._by())

        return self._append(build, at, back=None)

    def handover(self, checkpoint: str, member: str, *, text: str, equipment: str = "",
                 new_items: Sequence[str] = (), at: datetime | None = None) -> LogEntry:
        """The outgoing member's handover; every item still open is carried into it."""
        def build(b: Bundle, entries: list[LogEntry], now: datetime, at: datetime) -> LogEntry:
            self._refuse(check_handover(b, checkpoint, member, at, now, text=text,
                                        new_items=new_items))
            carried = open_items(resolve(entries), checkpoint, at)
            return handover_entry(checkpoint, member, at, now, b.tz, text=text.strip(),
                                  equipment=equipment.strip(), new_items=new_items,
                                  carried=carried, **self._by())

        return self._append(build, at, back=CARRY_DAYS)

    def confirm(self, handover_id: str, member: str, *, text: str = "",
                at: datetime | None = None) -> LogEntry:
        """The incoming member confirms a handover."""
        def build(b: Bundle, entries: list[LogEntry], now: datetime, at: datetime) -> LogEntry:
            self._refuse(check_confirm(b, entries, handover_id, member, at, now))
            target = next(v for v in resolve(entries)
                          if handover_id == v.root or handover_id in {e.id for e in v.history})
            return confirm_entry(target.entry, target.root, member, at, now, text.strip(),
                                 **self._by())

        return self._append(build, at, back=CARRY_DAYS)

    def close_items(self, checkpoint: str, item_ids: Sequence[str], *,
                    member: str | None = None, text: str = "",
                    at: datetime | None = None) -> LogEntry:
        def build(b: Bundle, entries: list[LogEntry], now: datetime, at: datetime) -> LogEntry:
            self._refuse(check_close(b, entries, checkpoint, item_ids, at, now, member=member))
            return close_entry(checkpoint, item_ids, at, now, member=member,
                               text=text.strip(), **self._by())

        return self._append(build, at, back=CARRY_DAYS)

    def correct(self, target: LogEntry, **changes: Any) -> LogEntry:
        """A new version of ``target`` (the version in force) with ``changes`` applied."""
        def build(b: Bundle, entries: list[LogEntry], now: datetime, at: datetime) -> LogEntry:
            extra = dict(changes.pop("extra", {}))
            if self.operator:
                extra[KEY_BY] = self.operator
            new = correction_entry(target, now, extra=extra, **changes)
            self._refuse(check_correction(b, entries, target.id, new, now))
            return new

        return self._append(build, target.at)

    def void(self, target: LogEntry, reason: str = "") -> LogEntry:
        """Withdraw ``target``: a correction marked void (the entry stays in the history)."""
        def build(b: Bundle, entries: list[LogEntry], now: datetime, at: datetime) -> LogEntry:
            self._refuse(check_correction(b, entries, target.id, None, now))
            return void_entry(target, now, reason, **self._by())

        return self._append(build, target.at)

    # --- internals ---

    def _by(self) -> dict[str, str]:
        return {KEY_BY: self.operator} if self.operator else {}

    @staticmethod
    def _refuse(refusal: Refusal | None) -> None:
        if refusal is not None:
            raise DutyRefused(refusal)

    def _append(self, build: Callable[[Bundle, list[LogEntry], datetime, datetime], LogEntry],
                at: datetime | None, *, back: int | None = 2) -> LogEntry:
        """Read the log around ``at``, check and build the entry, append it: one locked step.

        ``back``: days of log before ``at``'s the check needs (None: none, a note). The lock
        is held for a note too: it is what lets the parsed shard be kept current below.
        """
        bundle = self.bundle()
        now = self.now()
        when = (at or now).replace(microsecond=0)
        day = local_date(when, bundle.tz)
        with self.store.locked():
            entries: list[LogEntry] = []
            if back is not None:
                entries = self.entries(day - timedelta(days=back), day + timedelta(days=1))
            entry = build(bundle, entries, now, when)
            # what the bundle reader would refuse (a note over 10,000 characters) is never
            # written: an export of the log must always import again
            for problem in entry_bounds(entry)[:1]:
                raise DutyRefused(Refusal("out_of_bounds", msg(
                    "{field}: {why}", field=problem.where, why=problem.message)))
            filed = local_date(entry.at, bundle.tz)
            before = self._shards.get(filed)
            fresh = before is not None and before[0] == _stat_key(self.store.shard_path(filed))
            if not self.store.append_log(entry):
                raise StoreError(msg("log entry {id} is already there; nothing written",
                                     id=entry.id))
            # Still under the lock, nobody else wrote: the shard is what we had plus this.
            key = _stat_key(self.store.shard_path(filed))
            if fresh and before is not None and key is not None:
                self._remember(filed, key, [*before[1], entry])
        return entry

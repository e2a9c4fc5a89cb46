"""The data folder: where a team's roster, duty log and backups live between runs.

TinyDB 4.9 as it comes rewrites its file in place (a crash leaves half a file), loses
updates when two processes write at once, and its caching drops writes on a crash; the
lead's TUI and a duty desk do write at once, and the log is evidence. So it is wrapped:

* :class:`AtomicJSONStorage` never writes in place: each write goes to a temporary file
  in the same folder that is flushed and fsync'ed, then atomically renamed over the old
  one (and the folder is fsync'ed), so a kill -9 at any instant leaves the old or the new
  state. A file that cannot be parsed is reported, naming it, and is never written over.
  Inside :meth:`AtomicJSONStorage.batch` TinyDB's many reads and writes of one operation
  become one read and one write, which is also what makes a whole-roster replacement a
  single atomic step.
* Every read-modify-write runs under one inter-process lock (``.lock``, :mod:`filelock`),
  so nothing is lost when two processes write at once.
* The whole roster (team, rules, members, checkpoints, assignments) is one file,
  ``team.json``, replaced in one write by an import, a generate or an edit. The duty log,
  which only grows, is sharded into one file per local calendar day (``logs/``), so an
  append costs the same after a year of logs as on day one.
* Before every roster change the previous ``team.json`` is kept in ``backups/``
  (``backups.py``), and the change is recorded in a history for ``undo`` and ``restore``.
* A change that writes log entries and the roster (an import) is one transaction
  (``journal.py``); a file that cannot be read is never written over.
* Files are 0600 and folders 0700: they hold names and phone numbers.

``files.py`` has the file names and the atomic storage, ``logs.py`` the day shards,
``history.py`` the change records; :class:`Store` here puts them together.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import replace
from datetime import UTC, date, tzinfo
from pathlib import Path
from typing import Any, cast

from filelock import FileLock, Timeout
from tinydb import TinyDB, where

from roster import __version__
from roster.domain.errors import BundleError, StoreError
from roster.domain.messages import Message, Said, msg
from roster.domain.model import Bundle, LogEntry
from roster.domain.timeutil import TimeError, now_utc, zone
from roster.domain.validate import validate
from roster.exchange.bundle import FORMAT, VERSION, read_bundle
from roster.store import backups, journal
from roster.store import side_files as side
from roster.store.files import (
    ASSIGNMENTS,
    BACKUPS_DIR,
    BUNDLE_EXTRA,
    CHANGES,
    CHECKPOINTS,
    FILE_MODE,
    KEEP_BACKUPS,
    LOCK_FILE,
    LOCK_TIMEOUT,
    LOGS_DIR,
    MEMBERS,
    META,
    RULES,
    SCHEMA,
    TEAM,
    TEAM_FILE,
    AtomicJSONStorage,
    Tables,
    clean_temp_files,
    damaged,
    default_data_dir,
    is_temp,
    locked_out,
    open_db,
    prepare_folder,
    shard_tables,
)
from roster.store.history import Change, change_to_doc
from roster.store.logs import LogShards
from roster.store.state import TeamState, read_state, roster_docs

__all__ = [
    "KEEP_BACKUPS",
    "SCHEMA",
    "AtomicJSONStorage",
    "Change",
    "Store",
    "default_data_dir",
    "shard_tables",
]


class Store:
    """A team's data folder: plain model objects in and out, TinyDB files on disk."""

    def __init__(self, data_dir: Path, *, keep_backups: int = KEEP_BACKUPS,
                 lock_timeout: float = LOCK_TIMEOUT) -> None:
        if keep_backups < 1:
            raise ValueError("keep_backups must be at least 1")
        self.data_dir = Path(data_dir)
        self.team_path = self.data_dir / TEAM_FILE
        self.logs_dir = self.data_dir / LOGS_DIR
        self.backups_dir = self.data_dir / BACKUPS_DIR
        self.shards = LogShards(self.logs_dir)
        self.keep_backups = keep_backups
        prepare_folder(self.data_dir)
        self._lock = FileLock(str(self.data_dir / LOCK_FILE), timeout=lock_timeout,
                              mode=FILE_MODE, poll_interval=0.005)
        self._tz_cache: tuple[tuple[int, int, int], tzinfo] | None = None
        # No read here: every read checks the schema, and a large roster costs ~0.15 s to parse.
        clean_temp_files(self._lock, (self.data_dir, self.logs_dir, self.backups_dir))
        self._finish_pending(blocking=False)

    # --- reading ---

    def is_empty(self) -> bool:
        """No team saved yet (or the only one was undone)."""
        return not self._state().has_team

    def load(self, *, logs: bool = False) -> Bundle:
        """The saved team; with ``logs``, every duty-log entry in time order too."""
        storage = self._team_storage()
        with storage.batch():
            bundle = self._roster(open_db(storage))
        if logs:
            self._finish_pending(blocking=False)
            bundle = replace(bundle, logs=tuple(self.shards.read(None, None, bundle.tz)))
        return bundle

    def logs(self, first_day: date | None = None, last_day: date | None = None) -> list[LogEntry]:
        """Log entries whose ``at`` falls on ``[first_day, last_day]`` (local days), in order.

        Only the shards of those days (and one either side, in case the team's zone
        changed since an entry was filed) are read.
        """
        self._finish_pending(blocking=False)
        return self.shards.read(first_day, last_day, self._tz())

    def shard_logs(self, day: date) -> list[LogEntry]:
        """The entries filed in one day's shard, as stored (no neighbouring day, no filter).

        For a reader that keeps shards it has parsed and rereads only a shard whose file
        changed (the duty desk, keyed on :meth:`shard_path`'s stat).
        """
        self._finish_pending(blocking=False)
        return self.shards.day(day, self._tz())

    def history(self) -> list[Change]:
        """The recorded roster changes, newest first (the last ``keep_backups`` of them)."""
        storage = self._team_storage()
        with storage.batch():
            return self._history(open_db(storage))

    def token(self) -> tuple[Any, ...]:
        """A cheap value that changes whenever the store changes (compare within one process).

        Every write replaces a file by a new one (a new inode) and touches its folder, so the
        token is the identity of ``team.json`` plus the folder time and the (name, inode)
        list of the log shards; no file is read. A change can only be missed if two writes
        fall in the same file-system clock tick *and* the second reuses the very inode the
        first freed, and then the next write shows up anyway.
        """
        parts: list[Any] = [self.roster_token()]
        try:
            parts.append(os.stat(self.logs_dir).st_mtime_ns)
            with os.scandir(self.logs_dir) as entries:
                parts.append(tuple(sorted((e.name, e.inode()) for e in entries
                                          if not is_temp(e.name))))
        except FileNotFoundError:
            parts.append(None)
        return tuple(parts)

    def roster_token(self) -> tuple[Any, ...] | None:
        """Like :meth:`token`, for the roster alone (``team.json``): duty-log writes, which
        a duty desk makes all shift long, leave it as it is."""
        try:
            st = os.stat(self.team_path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def shard_path(self, day: date) -> Path:
        """The log file of one local calendar day."""
        return self.shards.path(day)

    def backup_path(self, seq: int) -> Path:
        """The copy of ``team.json`` as it was before change ``seq``."""
        return backups.path_of(self.backups_dir, seq)

    # --- files beside the roster: settings (e.g. the operator's name), the last prints ---

    def setting(self, key: str, default: str = "") -> str:
        """A value remembered in this data folder (``settings.json``), else ``default``."""
        return side.read_setting(self.data_dir, key, default)

    def set_setting(self, key: str, value: str) -> None:
        """Remember ``value`` under ``key`` in this data folder (atomic, under the lock)."""
        with self._locked():
            side.write_setting(self.data_dir, key, value)

    def print_memory(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The record of the last print under each of ``keys`` that has one."""
        return side.read_prints(self.data_dir, keys)

    def remember_prints(self, records: Mapping[str, Mapping[str, Any]]) -> None:
        """Keep each record as the last print under its key (atomic, under the lock)."""
        if records:
            with self._locked():
                side.write_prints(self.data_dir, records)

    # --- writing ---

    def save(self, bundle: Bundle, *, op: str, operator: str = "", summary: Said = "") -> Change:
        """Replace the roster in one atomic write, backing up the previous one first.

        ``bundle.logs`` are merged into the duty log by id; no log entry is ever removed.
        A roster of another team (another ``team.id``) does not take over this team's log:
        that log is moved whole to ``backups/logs-before-NNNNNN/`` and ``bundle.logs``
        start the log anew, in the same transaction.
        """
        _check(bundle, "the roster to save")
        with self._locked(), self._transaction():
            storage = self._team_storage()
            with storage.batch():
                db = open_db(storage)
                # A damaged or newer team.json stops us before any write (the log included).
                tables = storage.read()
                state = read_state(tables, self.team_path)
                old = self._roster(db) if state.has_team else None
                other = old is not None and bool(old.team.id) and bool(bundle.team.id) \
                    and old.team.id != bundle.team.id
                self._merge_logs(tables, bundle,
                                 journal.aside_name(self._next_seq(state)) if other else None)
                change = self._commit(db, bundle, op=op, operator=operator, summary=summary,
                                      current_read=True)
            backups.prune(self.backups_dir, change.seq, self.keep_backups)
        return change

    def update(self, change: Callable[[Bundle], Bundle], *, op: str, operator: str = "",
               summary: Said = "") -> Bundle:
        """Read the roster, apply ``change`` and save the result, all under the lock.

        ``change`` receives the roster without logs; log entries it adds are merged.
        An exception from ``change`` leaves everything as it was.
        """
        with self._locked(), self._transaction():
            storage = self._team_storage()
            with storage.batch():
                db = open_db(storage)
                new = change(self._roster(db))
                _check(new, "the changed roster")
                self._merge_logs(storage.read(), new)
                record = self._commit(db, new, op=op, operator=operator, summary=summary,
                                      current_read=True)
            backups.prune(self.backups_dir, record.seq, self.keep_backups)
        return new

    def append_log(self, entry: LogEntry) -> bool:
        """File one duty-log entry; False, and nothing written, if its id is already there."""
        tz = self._tz()
        with self._locked():
            return self.shards.append(entry, tz)

    def restore(self, seq: int, *, operator: str = "") -> Change:
        """Bring back the roster as it was before change ``seq``; recorded as a change itself."""
        with self._locked():
            return self._restore(seq, op="restore", operator=operator)

    def undo(self, *, operator: str = "") -> Change:
        """Undo the newest change that is not an undo and not undone yet; repeat to go back."""
        with self._locked():
            changes = self.history()
            undone = {c.restores for c in changes if c.op == "undo"}
            for c in changes:
                if c.op != "undo" and c.seq not in undone:
                    return self._restore(c.seq, op="undo", operator=operator)
            raise StoreError(msg("nothing to undo in {data_dir} (the history keeps the last "
                                 "{keep_backups} changes)",
                                 data_dir=self.data_dir, keep_backups=self.keep_backups))

    # --- internals: team.json ---

    def _team_storage(self) -> AtomicJSONStorage:
        return AtomicJSONStorage(self.team_path)

    def _state(self) -> TeamState:
        """team.json's meta record and history, checked; no file yet is no team."""
        return read_state(self._team_storage().read(), self.team_path)

    def _merge_logs(self, tables: Tables | None, bundle: Bundle, aside: str | None = None) -> None:
        """Add ``bundle.logs`` as the first half of a roster change, noted first (after the
        log is moved to ``aside``, when given)."""
        journal.merge_noted(self.data_dir, self.shards, tables, self.team_path, bundle, aside)

    def _next_seq(self, state: TeamState) -> int:
        """The number of the next change: never one used before (see backups.py)."""
        return backups.newest(self.backups_dir, state.last_seq, self.keep_backups) + 1

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Log entries and roster as one change: on success the journal's note goes; on any
        failure (a refusal, a full disk) the entries it noted are taken back at once."""
        try:
            yield
        except BaseException:
            with suppress(StoreError, OSError):
                self._finish_pending()
            raise
        journal.finish(self.data_dir)

    def _finish_pending(self, *, blocking: bool = True) -> None:
        """Finish a change a killed or refused writer left half done (see journal.py)."""
        journal.settle_pending(self.data_dir, self.shards, self._team_storage,
                               None if blocking else self._lock)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self._lock.acquire()
        except (Timeout, OSError) as exc:  # a writer too long at work, or a lock unusable
            raise locked_out(self.data_dir, exc) from None
        try:
            if self._lock.lock_counter == 1:
                self._finish_pending()
            yield
        finally:
            self._lock.release()

    def locked(self) -> AbstractContextManager[None]:
        """The inter-process lock, held across several calls (re-entrant in this process).

        The duty desk reads the log, checks an entry against it and appends it as one step,
        so that two terminals cannot both pass the check and then both write.
        """
        return self._locked()

    def _roster(self, db: TinyDB, path: Path | None = None) -> Bundle:
        """The roster in ``db`` (one storage read inside a batch) as a validated Bundle."""
        path = path or self.team_path
        tables = db.storage.read()
        if not read_state(tables, path).has_team:
            raise self._no_team()

        def one(name: str) -> dict[str, Any]:
            docs = db.table(name).all()
            return dict(docs[0]) if docs else {}

        doc: dict[str, Any] = {
            **one(BUNDLE_EXTRA),
            "format": FORMAT,
            "version": VERSION,
            "team": one(TEAM),
            "rules": one(RULES),
            "members": db.table(MEMBERS).all(),
            "checkpoints": db.table(CHECKPOINTS).all(),
            "assignments": db.table(ASSIGNMENTS).all(),
            "logs": [],
        }
        try:
            return read_bundle(doc, str(path))
        except BundleError as exc:
            raise damaged(path, exc.problems) from None

    def _history(self, db: TinyDB) -> list[Change]:
        return list(read_state(db.storage.read(), self.team_path).changes)

    def _commit(self, db: TinyDB, bundle: Bundle | None, *, op: str, operator: str,
                summary: Said, restores: int | None = None,
                current_read: bool = False) -> Change:
        """Back up the current team.json, then write ``bundle`` (None: no team) into ``db``.

        Runs under the lock inside a batch of ``db``'s storage, which the caller ends, so
        the roster, its history record and the meta record reach the disk in one write.
        """
        storage = cast(AtomicJSONStorage, db.storage)
        current = storage.read()
        # History and meta are checked before anything is written (the backup included).
        state = read_state(current, self.team_path)
        meta, had_team = state.meta, state.has_team
        if had_team and not current_read:
            # A roster that cannot be read is damage: never written over, not even by an
            # import --replace, an undo or a restore (its backup would hide the damage).
            self._roster(db)
        tz = bundle.tz if bundle is not None else self._tz_of(current)
        # A number is never used twice, even when team.json was lost and started again.
        change = Change(seq=self._next_seq(state),
                        at=now_utc().replace(microsecond=0), op=op, operator=operator,
                        summary=str(summary), restores=restores, had_team=had_team,
                        words=summary if isinstance(summary, Message) else None)
        if had_team and current is not None:
            backups.write(self.backups_dir, change, current, tz)

        for name, rows in roster_docs(bundle).items():
            table = db.table(name)
            table.truncate()
            table.insert_multiple(rows)

        history = db.table(CHANGES)
        history.insert(change_to_doc(change, tz))
        oldest = change.seq - self.keep_backups
        history.remove(where("seq") <= oldest)

        meta_table = db.table(META)
        meta_table.truncate()
        meta_table.insert({**meta, "schema": SCHEMA, "app": __version__,
                           "generation": int(meta.get("generation", 0)) + 1,
                           "last_seq": change.seq})
        return change

    def _restore(self, seq: int, *, op: str, operator: str) -> Change:
        storage = self._team_storage()
        with self._transaction(), storage.batch():
            db = open_db(storage)
            target = next((c for c in self._history(db) if c.seq == seq), None)
            if target is None:
                raise StoreError(msg("there is no change {seq} in the history of {data_dir} (it "
                                     "keeps the last {keep_backups})",
                                     seq=seq, data_dir=self.data_dir,
                                     keep_backups=self.keep_backups))
            bundle: Bundle | None = None
            if target.had_team:
                bundle = self._read_backup(seq)
            said = target.said or target.op
            by = msg(" by {operator}", operator=target.operator) if target.operator else ""
            what = (msg("undid #{seq}{by}: {summary}", seq=seq, by=by, summary=said)
                    if op == "undo" else
                    msg("restored the roster from before #{seq}{by}: {summary}", seq=seq, by=by,
                        summary=said))
            self._swap_logs(db, bundle, seq)
            change = self._commit(db, bundle, op=op, operator=operator, summary=what,
                                  restores=seq)
        backups.prune(self.backups_dir, change.seq, self.keep_backups)
        return change

    def _swap_logs(self, db: TinyDB, bundle: Bundle | None, seq: int) -> None:
        """Bringing back another team's roster brings back its log: the log kept aside when
        change ``seq`` replaced that team, if there is one; this team's log goes aside."""
        tables = db.storage.read()
        state = read_state(tables, self.team_path)
        if bundle is None or not state.has_team:
            return
        now = self._roster(db).team.id
        if now and bundle.team.id and now != bundle.team.id:
            journal.swap_noted(self.data_dir, self.shards, tables, self.team_path,
                               journal.aside_name(self._next_seq(state)), journal.aside_name(seq))

    def _read_backup(self, seq: int) -> Bundle:
        path = self.backup_path(seq)
        storage = AtomicJSONStorage(path)
        with storage.batch():
            tables = storage.read()
            if tables is None:
                raise StoreError(msg("{path}: the backup of the roster before change {seq} is "
                                     "missing",
                                     path=path, seq=seq))
            return self._roster(open_db(storage), path)

    def _tz_of(self, tables: Tables | None) -> tzinfo:
        docs = list((tables or {}).get(TEAM, {}).values())
        name = docs[0].get("timezone", "Asia/Shanghai") if docs else "UTC"
        try:
            return zone(name or "Asia/Shanghai")
        except TimeError:
            return UTC

    def _no_team(self) -> StoreError:
        return StoreError(msg("no team in {data_dir}; start one: `roster init --team NAME` "
                              "(or `roster demo`, `roster import FILE`)", data_dir=self.data_dir))

    def team_zone(self) -> tzinfo:
        """The team's time zone without loading the roster (StoreError when there is no team)."""
        return self._tz()

    def _tz(self) -> tzinfo:
        """The team's zone (which log shard an entry belongs to), cached per team.json."""
        try:
            st = os.stat(self.team_path)
        except FileNotFoundError:
            st = None
        key = (st.st_ino, st.st_mtime_ns, st.st_size) if st else (0, 0, 0)
        if self._tz_cache is not None and self._tz_cache[0] == key:
            return self._tz_cache[1]
        tables = self._team_storage().read()
        if not read_state(tables, self.team_path).has_team:
            raise self._no_team()
        tz = self._tz_of(tables)
        self._tz_cache = (key, tz)
        return tz


def _check(bundle: Bundle, source: str) -> None:
    """Refuse to save a roster that could not be loaded back."""
    problems = validate(bundle)
    if problems:
        raise BundleError(source, problems)

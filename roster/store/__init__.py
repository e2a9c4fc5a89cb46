"""The data folder: where a team's roster, duty log and backups live between runs.

Measured on this machine, TinyDB 4.9 as it comes is not safe to keep a team in: its
JSON storage rewrites the file in place (a crash mid-write leaves half a file), two
processes writing at once lose updates and can leave the file unreadable, and its
caching middleware drops buffered writes on a crash. The team lead's TUI and a duty-desk
terminal do write at once, and the duty log is evidence, so TinyDB is kept as the
document store but wrapped:

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
* Before every roster change the previous ``team.json`` is kept in ``backups/`` (the
  newest 50), and the change is recorded in a history that ``undo`` and ``restore`` use.
* Files are 0600 and folders 0700: they hold names and phone numbers.

Documents have the bundle's shapes and are converted by :mod:`roster.exchange.bundle` only, so a
hand-damaged store is refused with the same words as a bad import file.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, cast

from filelock import FileLock, Timeout
from tinydb import TinyDB, where
from tinydb.storages import Storage

from roster import __version__
from roster.domain.errors import BundleError, StoreError
from roster.domain.model import Bundle, LogEntry
from roster.domain.timeutil import TimeError, format_instant, local_date, now_utc, zone
from roster.domain.validate import validate
from roster.exchange.bundle import FORMAT, VERSION, log_to_doc, read_bundle, read_logs, to_doc

__all__ = [
    "KEEP_BACKUPS",
    "SCHEMA",
    "AtomicJSONStorage",
    "Change",
    "Store",
    "default_data_dir",
    "shard_tables",
]

#: The layout version of the data folder; a store written with a higher one is refused.
SCHEMA = 1
#: How many backups (and history records) are kept.
KEEP_BACKUPS = 50

APP_NAME = "checkpoint-roster"
ENV_VAR = "ROSTER_DATA"
TEAM_FILE = "team.json"
LOGS_DIR = "logs"
BACKUPS_DIR = "backups"
LOCK_FILE = ".lock"
#: What the last printed sheets of each checkpoint and period showed (export pdf/html).
PRINTS_FILE = "prints.json"
SETTINGS_FILE = "settings.json"

# Tables of team.json. The roster tables hold bundle-shaped documents.
META = "meta"
CHANGES = "changes"
TEAM = "team"
RULES = "rules"
MEMBERS = "members"
CHECKPOINTS = "checkpoints"
ASSIGNMENTS = "assignments"
BUNDLE_EXTRA = "bundle_extra"
ROSTER_TABLES = (TEAM, RULES, MEMBERS, CHECKPOINTS, ASSIGNMENTS, BUNDLE_EXTRA)
# Tables of a log shard and of a backup file.
LOGS = "logs"
BACKUP = "backup"
# The one table of prints.json, and how many (checkpoint, period) records it keeps.
PRINTS = "prints"
KEEP_PRINTS = 500
# The one table of settings.json.
SETTINGS = "settings"

_SHARD_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")
_BACKUP_RE = re.compile(r"^(\d{6,})\.json$")
_TMP_SUFFIX = ".tmp"
_FILE_MODE = 0o600
_DIR_MODE = 0o700
_LOCK_TIMEOUT = 30.0

Tables = dict[str, dict[str, Any]]


def default_data_dir(cli_value: str | None) -> Path:
    """``--data DIR``, else ``$ROSTER_DATA``, else the platform's user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_VAR, "")
    if env:
        return Path(env).expanduser()
    import platformdirs  # only needed when neither is given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


# --- files -----------------------------------------------------------------------------------


def _make_private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents as 0700; an existing folder keeps its mode."""
    missing: list[Path] = []
    p = path
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=_DIR_MODE)
        except FileExistsError:
            continue  # another process made it first
        except OSError as exc:
            raise StoreError(f"{folder}: cannot create the data folder ({exc.strerror})") \
                from None
        if os.name == "posix":
            os.chmod(folder, _DIR_MODE)  # mkdir's mode is filtered by the umask
    if not path.is_dir():
        raise StoreError(f"{path}: is not a folder")


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows cannot open a folder)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some file systems (certain network mounts) cannot sync a folder; the rename
        # itself has happened, so there is nothing better to do there.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(fd)


def _replace(source: str, target: Path) -> None:
    """``os.replace``, retried briefly on Windows, where a reader's open handle blocks it."""
    for attempt in range(20):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 19:
                raise
            time.sleep(0.05)


def _corrupt(path: Path, reason: str) -> StoreError:
    return StoreError(f"{path}: is corrupt or unreadable ({reason}); it was left untouched")


def _is_temp(name: str) -> bool:
    return name.startswith(".") and name.endswith(_TMP_SUFFIX)


class AtomicJSONStorage(Storage):
    """A TinyDB storage that replaces its file atomically and never writes over a bad one.

    TinyDB reads the whole file before every operation and writes it all after every
    change; TinyDB's own JSON storage also creates the file when opened. This one does
    neither at open: it reads only when asked, creates the file only on the first write,
    and inside :meth:`batch` serves TinyDB's reads from the first one and keeps its writes
    in memory until the batch ends, when they reach the disk as one atomic replacement.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)
        self._batch_depth = 0
        self._cache: Tables | None = None
        self._cached = False
        self._dirty = False
        self._corrupt = False

    # TinyDB's interface

    def read(self) -> Tables | None:
        if self._batch_depth and self._cached:
            return self._cache
        data = self._read_file()
        if self._batch_depth:
            self._cache, self._cached = data, True
        return data

    def write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        if self._corrupt:
            raise _corrupt(self.path, "it could not be read, so it is not written either")
        if self._batch_depth:
            self._cache, self._cached, self._dirty = cast(Tables, data), True, True
            return
        self._write_file(data)

    # batching

    @contextmanager
    def batch(self) -> Iterator[AtomicJSONStorage]:
        """One read and at most one atomic write for everything done inside the block.

        An exception inside the block discards the changes: the file stays as it was.
        """
        self._batch_depth += 1
        try:
            yield self
            if self._batch_depth == 1 and self._dirty and self._cache is not None:
                self._write_file(self._cache)
        finally:
            self._batch_depth -= 1
            if not self._batch_depth:
                self._cache, self._cached, self._dirty = None, False, False

    # the file

    def _read_file(self) -> Tables | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            self._corrupt = True
            raise _corrupt(self.path, "it is a folder, not a file") from None
        except OSError as exc:
            self._corrupt = True
            raise _corrupt(self.path, exc.strerror or str(exc)) from None
        if not raw:
            return None
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            self._corrupt = True
            raise _corrupt(self.path, f"not UTF-8 text at byte {exc.start}") from None
        except json.JSONDecodeError as exc:
            self._corrupt = True
            raise _corrupt(self.path, f"malformed JSON at line {exc.lineno} column "
                                      f"{exc.colno}: {exc.msg}") from None
        reason = _shape_problem(data)
        if reason:
            self._corrupt = True
            raise _corrupt(self.path, reason)
        return cast(Tables, data)

    def _write_file(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        folder = self.path.parent
        if not folder.is_dir():
            _make_private_dir(folder)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=_TMP_SUFFIX,
                                   dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            _replace(tmp, self.path)
        except OSError as exc:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
            raise StoreError(f"{self.path}: could not be saved ({exc.strerror or exc}); "
                             "the previous version was kept") from None
        _fsync_dir(folder)


def _open(storage: AtomicJSONStorage) -> TinyDB:
    """A TinyDB over an existing storage object (TinyDB itself only takes a factory)."""
    return TinyDB(storage=lambda: storage)


def shard_tables(docs: list[dict[str, Any]]) -> Tables:
    """The content of a log shard holding ``docs`` (log entries in bundle shape).

    For tools that fill a shard in one write (the benchmark); the store itself adds
    entries through TinyDB.
    """
    return {META: {"1": {"schema": SCHEMA, "app": __version__}},
            LOGS: {str(i): d for i, d in enumerate(docs, start=1)}}


def _shape_problem(data: Any) -> str:
    """Why ``data`` is not a TinyDB document set (tables of documents), or ``""``."""
    if not isinstance(data, dict):
        return "expected an object of tables at the top"
    if data.get("format") == FORMAT:
        return "this is a bundle file, not a store file; use `roster import` to load it"
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            return f"table {name!r} is not a set of documents"
    return ""


# --- history ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One change of the roster: what was done, by whom, and what it brought back if anything.

    ``restores`` is set on ``undo`` and ``restore`` changes: the roster became what it was
    before change ``restores``.
    """

    seq: int
    at: datetime
    op: str
    operator: str = ""
    summary: str = ""
    restores: int | None = None
    had_team: bool = True  # whether there was a roster before this change

    def describe(self) -> str:
        who = f" by {self.operator}" if self.operator else ""
        what = f": {self.summary}" if self.summary else ""
        return f"#{self.seq} {self.op}{who}{what}"


def _change_to_doc(change: Change, tz: tzinfo) -> dict[str, Any]:
    return {"seq": change.seq, "at": format_instant(change.at, tz), "op": change.op,
            "operator": change.operator, "summary": change.summary,
            "restores": change.restores, "had_team": change.had_team}


def _read_change(doc: Mapping[str, Any], path: Path) -> Change:
    try:
        at = datetime.fromisoformat(doc["at"])
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        restores = doc.get("restores")
        return Change(seq=int(doc["seq"]), at=at.astimezone(UTC), op=str(doc["op"]),
                      operator=str(doc.get("operator", "")), summary=str(doc.get("summary", "")),
                      restores=None if restores is None else int(restores),
                      had_team=bool(doc.get("had_team", True)))
    except (KeyError, TypeError, ValueError) as exc:
        raise _corrupt(path, f"a history record is damaged ({exc!r})") from None


# --- the store -------------------------------------------------------------------------------


class Store:
    """A team's data folder: plain model objects in and out, TinyDB files on disk."""

    def __init__(self, data_dir: Path, *, keep_backups: int = KEEP_BACKUPS,
                 lock_timeout: float = _LOCK_TIMEOUT) -> None:
        if keep_backups < 1:
            raise ValueError("keep_backups must be at least 1")
        self.data_dir = Path(data_dir)
        self.team_path = self.data_dir / TEAM_FILE
        self.logs_dir = self.data_dir / LOGS_DIR
        self.backups_dir = self.data_dir / BACKUPS_DIR
        self.keep_backups = keep_backups
        _make_private_dir(self.data_dir)
        self._lock = FileLock(str(self.data_dir / LOCK_FILE), timeout=lock_timeout,
                              mode=_FILE_MODE, poll_interval=0.005)
        self._tz_cache: tuple[tuple[int, int, int], tzinfo] | None = None
        # No read here: every read checks the schema, and a large roster costs ~0.15 s to parse.
        self._clean_temp_files()

    # --- reading ---

    def is_empty(self) -> bool:
        """No team saved yet (or the only one was undone)."""
        tables = self._read_team()
        return tables is None or not tables.get(TEAM)

    def load(self, *, logs: bool = False) -> Bundle:
        """The saved team; with ``logs``, every duty-log entry in time order too."""
        storage = self._team_storage()
        with storage.batch():
            bundle = self._roster(_open(storage))
        if logs:
            bundle = replace(bundle, logs=tuple(self._read_logs(None, None, bundle.tz)))
        return bundle

    def logs(self, first_day: date | None = None, last_day: date | None = None) -> list[LogEntry]:
        """Log entries whose ``at`` falls on ``[first_day, last_day]`` (local days), in order.

        Only the shards of those days (and one either side, in case the team's zone
        changed since an entry was filed) are read.
        """
        return self._read_logs(first_day, last_day, self._tz())

    def shard_logs(self, day: date) -> list[LogEntry]:
        """The entries filed in one day's shard, as stored (no neighbouring day, no filter).

        For a reader that keeps shards it has parsed and rereads only a shard whose file
        changed (the duty desk, keyed on :meth:`shard_path`'s stat).
        """
        path = self.shard_path(day)
        storage = AtomicJSONStorage(path)
        with storage.batch():
            tables = storage.read()
            if tables is None:
                return []
            self._check_meta(tables, path)
            docs = _open(storage).table(LOGS).all()
        return _read_log_docs(docs, self._tz(), path)

    def history(self) -> list[Change]:
        """The recorded roster changes, newest first (the last ``keep_backups`` of them)."""
        storage = self._team_storage()
        with storage.batch():
            return self._history(_open(storage))

    def token(self) -> tuple[Any, ...]:
        """A cheap value that changes whenever the store changes (compare within one process).

        Every write replaces a file by a new one (a new inode) and touches its folder, so the
        token is the identity of ``team.json`` plus the folder time and the (name, inode)
        list of the log shards; no file is read. A change can only be missed if two writes
        fall in the same file-system clock tick *and* the second reuses the very inode the
        first freed, and then the next write shows up anyway.
        """
        parts: list[Any] = []
        try:
            st = os.stat(self.team_path)
            parts.append((st.st_ino, st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            parts.append(None)
        try:
            parts.append(os.stat(self.logs_dir).st_mtime_ns)
            with os.scandir(self.logs_dir) as entries:
                parts.append(tuple(sorted((e.name, e.inode()) for e in entries
                                          if not _is_temp(e.name))))
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
        return self.logs_dir / f"{day.isoformat()}.json"

    def backup_path(self, seq: int) -> Path:
        """The copy of ``team.json`` as it was before change ``seq``."""
        return self.backups_dir / f"{seq:06d}.json"

    # --- small settings of this data folder (e.g. the operator's name) ---

    def setting(self, key: str, default: str = "") -> str:
        """A value remembered in this data folder (``settings.json``), else ``default``."""
        tables = AtomicJSONStorage(self.data_dir / SETTINGS_FILE).read() or {}
        value = tables.get(SETTINGS, {}).get("1", {}).get(key, default)
        return value if isinstance(value, str) else default

    def set_setting(self, key: str, value: str) -> None:
        """Remember ``value`` under ``key`` in this data folder (atomic, under the lock)."""
        storage = AtomicJSONStorage(self.data_dir / SETTINGS_FILE)
        with self._locked():
            tables = storage.read() or {}
            values = dict(tables.get(SETTINGS, {}).get("1", {}))
            values[key] = value
            storage.write({**tables, SETTINGS: {"1": values}})

    # --- what the last printed sheets showed (roster.exchange.exporters.grid) ---

    def print_memory(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The record of the last print under each of ``keys`` that has one.

        Kept in ``prints.json``, apart from the roster: it is no change of the roster,
        has no history and is never undone.
        """
        wanted = set(keys)
        if not wanted:
            return {}
        tables = AtomicJSONStorage(self.data_dir / PRINTS_FILE).read() or {}
        return {d["key"]: d for d in tables.get(PRINTS, {}).values()
                if isinstance(d, dict) and d.get("key") in wanted}

    def remember_prints(self, records: Mapping[str, Mapping[str, Any]]) -> None:
        """Keep each record as the last print under its key (atomic, under the lock).

        The newest :data:`KEEP_PRINTS` keys are kept.
        """
        if not records:
            return
        storage = AtomicJSONStorage(self.data_dir / PRINTS_FILE)
        with self._locked():
            tables = storage.read() or {}
            kept = [d for d in tables.get(PRINTS, {}).values()
                    if isinstance(d, dict) and d.get("key") not in records]
            docs = [*kept, *({**dict(v), "key": k} for k, v in records.items())]
            storage.write({PRINTS: {str(i): d
                                    for i, d in enumerate(docs[-KEEP_PRINTS:], start=1)}})

    # --- writing ---

    def save(self, bundle: Bundle, *, op: str, operator: str = "", summary: str = "") -> Change:
        """Replace the roster in one atomic write, backing up the previous one first.

        ``bundle.logs`` are merged into the duty log by id; no log entry is ever removed.
        """
        _check(bundle, "the roster to save")
        with self._locked():
            storage = self._team_storage()
            with storage.batch():
                db = _open(storage)
                storage.read()  # a damaged or newer team.json stops us before any write
                self._merge_logs(bundle.logs, bundle.tz)
                change = self._commit(db, bundle, op=op, operator=operator, summary=summary)
            self._prune_backups(change.seq)
        return change

    def update(self, change: Callable[[Bundle], Bundle], *, op: str, operator: str = "",
               summary: str = "") -> Bundle:
        """Read the roster, apply ``change`` and save the result, all under the lock.

        ``change`` receives the roster without logs; log entries it adds are merged.
        An exception from ``change`` leaves everything as it was.
        """
        with self._locked():
            storage = self._team_storage()
            with storage.batch():
                db = _open(storage)
                new = change(self._roster(db))
                _check(new, "the changed roster")
                self._merge_logs(new.logs, new.tz)
                record = self._commit(db, new, op=op, operator=operator, summary=summary)
            self._prune_backups(record.seq)
        return new

    def append_log(self, entry: LogEntry) -> bool:
        """File one duty-log entry; False, and nothing written, if its id is already there."""
        tz = self._tz()
        doc = log_to_doc(entry, tz)
        _check_log_docs([doc], tz, f"log entry {entry.id!r}")
        with self._locked():
            return self._add_to_shard(local_date(entry.at, tz), [doc]) == 1

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
            raise StoreError(f"nothing to undo in {self.data_dir} (the history keeps the "
                             f"last {self.keep_backups} changes)")

    # --- internals: team.json ---

    def _team_storage(self) -> AtomicJSONStorage:
        return AtomicJSONStorage(self.team_path)

    def _read_team(self) -> Tables | None:
        """team.json's tables, checked for a newer schema; None when there is none yet."""
        tables = self._team_storage().read()
        if tables is not None:
            self._check_meta(tables, self.team_path)
        return tables

    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            with self._lock:
                yield
        except Timeout:
            raise StoreError(f"{self.data_dir}: another roster program has been writing for "
                             "too long; try again") from None

    def locked(self) -> AbstractContextManager[None]:
        """The inter-process lock, held across several calls (re-entrant in this process).

        The duty desk reads the log, checks an entry against it and appends it as one step,
        so that two terminals cannot both pass the check and then both write.
        """
        return self._locked()

    def _check_meta(self, tables: Tables, path: Path) -> dict[str, Any]:
        metas = list(tables.get(META, {}).values())
        if not metas:
            raise _corrupt(path, "no meta record; not a checkpoint-roster store file")
        meta = cast(dict[str, Any], metas[0])
        schema = meta.get("schema")
        if isinstance(schema, bool) or not isinstance(schema, int):
            raise _corrupt(path, f"meta.schema is {schema!r}, expected a whole number")
        if schema > SCHEMA:
            raise StoreError(f"{path}: was written by a newer checkpoint-roster "
                             f"({meta.get('app', '?')}, store schema {schema}; this version "
                             f"reads up to {SCHEMA}); update checkpoint-roster. The file was "
                             "left untouched")
        return meta

    def _roster(self, db: TinyDB, path: Path | None = None) -> Bundle:
        """The roster in ``db`` (one storage read inside a batch) as a validated Bundle."""
        path = path or self.team_path
        tables = db.storage.read()
        if tables is None or not tables.get(TEAM):
            raise StoreError(f"no team in {self.data_dir}; run `roster demo` or "
                             "`roster import FILE`")
        self._check_meta(tables, path)

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
            raise StoreError(f"{exc.message}; it was left untouched", exc.problems) from None

    def _history(self, db: TinyDB) -> list[Change]:
        tables = db.storage.read()
        if tables is None:
            return []
        self._check_meta(tables, self.team_path)
        changes = [_read_change(d, self.team_path) for d in db.table(CHANGES).all()]
        return sorted(changes, key=lambda c: c.seq, reverse=True)

    def _commit(self, db: TinyDB, bundle: Bundle | None, *, op: str, operator: str,
                summary: str, restores: int | None = None) -> Change:
        """Back up the current team.json, then write ``bundle`` (None: no team) into ``db``.

        Runs under the lock inside a batch of ``db``'s storage, which the caller ends, so
        the roster, its history record and the meta record reach the disk in one write.
        """
        storage = cast(AtomicJSONStorage, db.storage)
        current = storage.read()
        meta: dict[str, Any] = {"generation": 0, "last_seq": 0}
        if current is not None:
            meta = dict(self._check_meta(current, self.team_path))
        had_team = current is not None and bool(current.get(TEAM))
        tz = bundle.tz if bundle is not None else self._tz_of(current)
        change = Change(seq=int(meta.get("last_seq", 0)) + 1,
                        at=now_utc().replace(microsecond=0), op=op, operator=operator,
                        summary=summary, restores=restores, had_team=had_team)
        if had_team and current is not None:
            self._write_backup(change, current, tz)

        if bundle is None:
            docs: dict[str, list[dict[str, Any]]] = {name: [] for name in ROSTER_TABLES}
        else:
            doc = to_doc(replace(bundle, logs=()))
            extra = {k: v for k, v in doc.items() if k not in _BUNDLE_KEYS}
            docs = {TEAM: [doc["team"]], RULES: [doc["rules"]], MEMBERS: doc["members"],
                    CHECKPOINTS: doc["checkpoints"], ASSIGNMENTS: doc["assignments"],
                    BUNDLE_EXTRA: [extra] if extra else []}
        for name, rows in docs.items():
            table = db.table(name)
            table.truncate()
            table.insert_multiple(rows)

        history = db.table(CHANGES)
        history.insert(_change_to_doc(change, tz))
        oldest = change.seq - self.keep_backups
        history.remove(where("seq") <= oldest)

        meta_table = db.table(META)
        meta_table.truncate()
        meta_table.insert({**meta, "schema": SCHEMA, "app": __version__,
                           "generation": int(meta.get("generation", 0)) + 1,
                           "last_seq": change.seq})
        return change

    def _write_backup(self, change: Change, current: Tables, tz: tzinfo) -> None:
        _make_private_dir(self.backups_dir)
        record = {"seq": change.seq, "at": format_instant(change.at, tz), "op": change.op,
                  "operator": change.operator, "summary": change.summary}
        AtomicJSONStorage(self.backup_path(change.seq)).write(
            {**current, BACKUP: {"1": record}})

    def _prune_backups(self, newest: int) -> None:
        """Keep the backups of the last ``keep_backups`` changes up to ``newest``."""
        oldest = newest - self.keep_backups
        try:
            entries = list(os.scandir(self.backups_dir))
        except FileNotFoundError:
            return
        for entry in entries:
            m = _BACKUP_RE.match(entry.name)
            if m and int(m.group(1)) <= oldest:
                try:
                    os.unlink(entry.path)
                except OSError:
                    # The change is saved; an old backup that cannot go now goes next time.
                    continue

    def _restore(self, seq: int, *, op: str, operator: str) -> Change:
        storage = self._team_storage()
        with storage.batch():
            db = _open(storage)
            target = next((c for c in self._history(db) if c.seq == seq), None)
            if target is None:
                raise StoreError(f"there is no change {seq} in the history of {self.data_dir} "
                                 f"(it keeps the last {self.keep_backups})")
            bundle: Bundle | None = None
            if target.had_team:
                bundle = self._read_backup(seq)
            verb = "undid" if op == "undo" else "restored the roster from before"
            change = self._commit(db, bundle, op=op, operator=operator,
                                  summary=f"{verb} {target.describe()}", restores=seq)
        self._prune_backups(change.seq)
        return change

    def _read_backup(self, seq: int) -> Bundle:
        path = self.backup_path(seq)
        storage = AtomicJSONStorage(path)
        with storage.batch():
            tables = storage.read()
            if tables is None:
                raise StoreError(f"{path}: the backup of the roster before change {seq} is "
                                 "missing")
            return self._roster(_open(storage), path)

    def _tz_of(self, tables: Tables | None) -> tzinfo:
        docs = list((tables or {}).get(TEAM, {}).values())
        name = docs[0].get("timezone", "Asia/Shanghai") if docs else "UTC"
        try:
            return zone(name or "Asia/Shanghai")
        except TimeError:
            return UTC

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
        tables = self._read_team()
        if tables is None or not tables.get(TEAM):
            raise StoreError(f"no team in {self.data_dir}; run `roster demo` or "
                             "`roster import FILE`")
        tz = self._tz_of(tables)
        self._tz_cache = (key, tz)
        return tz

    # --- internals: the duty log ---

    def _merge_logs(self, entries: tuple[LogEntry, ...] | list[LogEntry], tz: tzinfo) -> int:
        """Add the entries not yet in their day's shard; returns how many were added."""
        if not entries:
            return 0
        by_day: dict[date, list[dict[str, Any]]] = {}
        for e in entries:
            by_day.setdefault(local_date(e.at, tz), []).append(log_to_doc(e, tz))
        # Entries made in code have not been through the reader: check them all before the
        # first shard is written, so a bad one cannot make a shard unreadable later.
        _check_log_docs([d for docs in by_day.values() for d in docs], tz, "the log entries")
        return sum(self._add_to_shard(day, docs) for day, docs in sorted(by_day.items()))

    def _add_to_shard(self, day: date, docs: list[dict[str, Any]]) -> int:
        """Under the lock: insert ``docs`` whose ids the shard lacks, in one atomic write."""
        _make_private_dir(self.logs_dir)
        path = self.shard_path(day)
        storage = AtomicJSONStorage(path)
        with storage.batch():
            db = _open(storage)
            tables = storage.read()
            if tables is not None:
                self._check_meta(tables, path)
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

    def _read_logs(self, first_day: date | None, last_day: date | None,
                   tz: tzinfo) -> list[LogEntry]:
        lo = first_day - timedelta(days=1) if first_day else None
        hi = last_day + timedelta(days=1) if last_day else None
        try:
            names = sorted(os.listdir(self.logs_dir))
        except FileNotFoundError:
            return []
        out: list[LogEntry] = []
        for name in names:
            m = _SHARD_RE.match(name)
            if not m:
                continue
            day = date.fromisoformat(m.group(1))
            if (lo and day < lo) or (hi and day > hi):
                continue
            path = self.logs_dir / name
            storage = AtomicJSONStorage(path)
            with storage.batch():
                tables = storage.read()
                if tables is None:
                    continue
                self._check_meta(tables, path)
                docs = _open(storage).table(LOGS).all()
            entries = _read_log_docs(docs, tz, path)
            if first_day or last_day:
                entries = [e for e in entries
                           if (not first_day or local_date(e.at, tz) >= first_day)
                           and (not last_day or local_date(e.at, tz) <= last_day)]
            out.extend(entries)
        out.sort(key=lambda e: (e.at, e.recorded_at, e.id))
        return out

    def _clean_temp_files(self) -> None:
        """Remove temp files a killed writer left; only when nobody holds the lock."""
        try:
            self._lock.acquire(blocking=False)
        except Timeout:
            return  # someone is writing: their temp file is not stray
        except OSError:
            return  # a read-only folder: nothing can be cleaned, reading still works
        try:
            for folder in (self.data_dir, self.logs_dir, self.backups_dir):
                try:
                    entries = list(os.scandir(folder))
                except FileNotFoundError:
                    continue
                for entry in entries:
                    if _is_temp(entry.name) and entry.is_file(follow_symlinks=False):
                        try:
                            os.unlink(entry.path)
                        except FileNotFoundError:
                            continue
        finally:
            self._lock.release()


_BUNDLE_KEYS = frozenset(("format", "version", "team", "rules", "members", "checkpoints",
                          "assignments", "logs"))


def _check(bundle: Bundle, source: str) -> None:
    """Refuse to save a roster that could not be loaded back."""
    problems = validate(bundle)
    if problems:
        raise BundleError(source, problems)


def _check_log_docs(docs: list[dict[str, Any]], tz: tzinfo, source: str) -> None:
    _, problems = read_logs(docs, tz)
    if problems:
        raise BundleError(source, problems)


def _read_log_docs(docs: list[Any], tz: tzinfo, path: Path) -> list[LogEntry]:
    entries, problems = read_logs(docs, tz)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise StoreError(f"{path}: {first}{more}; it was left untouched", problems)
    return entries

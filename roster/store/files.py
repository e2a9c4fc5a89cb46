"""The files of a data folder: their names, and how each is read and written safely.

:class:`AtomicJSONStorage` is the TinyDB storage every file goes through (see the
package's docstring for why); everything here is about files, nothing about a roster.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, cast

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage

from roster import __version__
from roster.domain.errors import Problem, StoreError
from roster.domain.messages import Message, msg
from roster.exchange.bundle import FORMAT

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
#: The note of a change that writes the log and the roster (:mod:`roster.store.journal`).
JOURNAL_FILE = "pending.json"

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

SHARD_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")
BACKUP_RE = re.compile(r"^(\d{6})\.json$")
_TMP_SUFFIX = ".tmp"
FILE_MODE = 0o600
DIR_MODE = 0o700
LOCK_TIMEOUT = 30.0
#: The largest store file read (team.json, a log shard, a backup, pin.json, prints.json):
#: as large as a bundle may be. Past it the file is refused by name, not read.
MAX_FILE_BYTES = 64 * 1024 * 1024

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


def make_private_dir(path: Path) -> None:
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
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # another process made it first
        except OSError as exc:
            raise StoreError(msg("{folder}: cannot create the data folder ({strerror})",
                                 folder=folder, strerror=exc.strerror)) \
                from None
        if os.name == "posix":
            os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    if not path.is_dir():
        raise StoreError(msg("{path}: is not a folder", path=path))


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


def corrupt(path: Path, reason: str | Message) -> StoreError:
    """A file that cannot be read: named, left as it is, and how to go on."""
    return StoreError(msg("{path}: is corrupt or unreadable ({reason}); it was left untouched. "
                          "Move it aside (or put a good copy in its place) to go on",
                          path=path, reason=reason))


def damaged(path: Path, problems: list[Problem]) -> StoreError:
    """A store file that parses but holds a record that cannot be read: as :func:`corrupt`,
    naming the first problem (and how many more), with every problem attached."""
    first = problems[0]
    more = msg(" (and {count} more problem(s))", count=len(problems) - 1) \
        if len(problems) > 1 else ""
    return StoreError(msg("{path}: {first}{more}; it was left untouched and nothing is written "
                          "to it. Fix that record by hand, or move the file aside (or put a "
                          "good copy in its place) to go on",
                          path=path, first=first, more=more), problems)


def is_temp(name: str) -> bool:
    return name.startswith(".") and name.endswith(_TMP_SUFFIX)


def read_regular(path: Path, failed: Callable[[], None] = lambda: None) -> bytes | None:
    """The bytes of ``path`` (None: no such file), only if it is a regular file of at most
    :data:`MAX_FILE_BYTES`: a device (a symlink to ``/dev/zero``) would be read until memory
    runs out and a FIFO would wait forever, so they are refused by name before a byte is
    read (the open does not wait either: ``O_NONBLOCK``). ``failed`` is told before a
    refusal."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        failed()
        raise corrupt(path, msg("it is a folder, not a file") if isinstance(exc, IsADirectoryError)
                      else exc.strerror or str(exc)) from None
    with os.fdopen(fd, "rb") as handle:
        mode, size = os.fstat(fd).st_mode, os.fstat(fd).st_size
        reason: str | Message = ""
        if stat.S_ISDIR(mode):
            reason = msg("it is a folder, not a file")
        elif not stat.S_ISREG(mode):
            reason = msg("it is not a regular file (a device, a pipe or a socket)")
        elif size > MAX_FILE_BYTES:
            reason = _too_big(size)
        if not reason:
            try:
                raw = handle.read(MAX_FILE_BYTES + 1)
            except OSError as exc:
                reason = exc.strerror or str(exc)
            else:
                if len(raw) <= MAX_FILE_BYTES:
                    return raw
                reason = _too_big(len(raw))
    failed()
    raise corrupt(path, reason)


def _too_big(size: int) -> Message:
    return msg("it is {size} bytes; a store file may be at most {limit} MB",
               size=size, limit=MAX_FILE_BYTES // (1024 * 1024))


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
            raise corrupt(self.path, msg("it could not be read, so it is not written either"))
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
        raw = read_regular(self.path, self._fail)
        if raw is None:
            return None
        if not raw:
            # Every write renames a complete file into place, so an empty one is damage
            # (a disk that lost it), never "no data yet": reading on would start the
            # history again and let new backups overwrite the old ones.
            self._corrupt = True
            raise corrupt(self.path, msg("the file is empty"))
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            self._corrupt = True
            raise corrupt(self.path, msg("not UTF-8 text at byte {start}",
                                         start=exc.start)) from None
        except RecursionError:
            self._corrupt = True
            raise corrupt(self.path, msg("nested too deep")) from None
        except json.JSONDecodeError as exc:
            self._corrupt = True
            raise corrupt(self.path, msg("malformed JSON at line {lineno} column {colno}: {msg}",
                                         lineno=exc.lineno, colno=exc.colno, msg=exc.msg)) from None
        reason = _shape_problem(data)
        if reason:
            self._corrupt = True
            raise corrupt(self.path, reason)
        return cast(Tables, data)

    def _fail(self) -> None:
        self._corrupt = True

    def _write_file(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        # Everything that can fail on the data fails before a file is made: text no file
        # can hold (a lone surrogate) leaves neither a temp file nor a changed file.
        try:
            payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except (UnicodeEncodeError, ValueError, RecursionError) as exc:
            raise StoreError(msg("{path}: could not be saved ({reason}); the previous version was "
                                 "kept", path=self.path,
                                 reason=type(exc).__name__)) from None
        folder = self.path.parent
        try:
            if not folder.is_dir():
                make_private_dir(folder)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=_TMP_SUFFIX,
                                       dir=folder)
        except OSError as exc:
            raise StoreError(msg("{path}: could not be saved ({reason}); the previous version was "
                                 "kept", path=self.path,
                                 reason=exc.strerror or str(exc))) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            _replace(tmp, self.path)
        except BaseException as exc:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
            if not isinstance(exc, OSError):
                raise
            raise StoreError(msg("{path}: could not be saved ({reason}); the previous version was "
                                 "kept",
                                 path=self.path, reason=exc.strerror or str(exc))) from None
        _fsync_dir(folder)


def open_db(storage: AtomicJSONStorage) -> TinyDB:
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


def check_meta(tables: Tables, path: Path) -> dict[str, Any]:
    """The meta record of a store file; refuses a file of a newer schema, or none."""
    metas = list(tables.get(META, {}).values())
    if not metas:
        raise corrupt(path, msg("no meta record; not a checkpoint-roster store file"))
    meta = cast(dict[str, Any], metas[0])
    schema = meta.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise corrupt(path, msg("meta.schema is {schema!r}, expected a whole number",
                                schema=schema))
    if schema > SCHEMA:
        raise StoreError(msg("{path}: was written by a newer checkpoint-roster ({app}, store "
                             "schema {schema}; this version reads up to {newest}); update "
                             "checkpoint-roster. The file was left untouched",
                             path=path, app=meta.get('app', '?'), schema=schema, newest=SCHEMA))
    for key in ("generation", "last_seq"):
        value = meta.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise corrupt(path, msg("meta.{key} is {value!r}, expected a whole number",
                                    key=key, value=value))
    return meta


def prepare_folder(data_dir: Path) -> None:
    """Make the data folder if it is missing, and refuse one whose parts are the wrong
    kind of thing (``logs`` or ``backups`` a file, ``.lock`` a folder), naming the part,
    before anything is read or written in it."""
    make_private_dir(data_dir)
    for name, folder in ((LOGS_DIR, True), (BACKUPS_DIR, True), (LOCK_FILE, False)):
        path = data_dir / name
        if path.exists() and path.is_dir() != folder:
            raise StoreError(
                msg("{path}: the store keeps a folder here, but this is a file; nothing was read "
                    "or written. Move it aside to go on", path=path) if folder else
                msg("{path}: the store keeps a file here, but this is a folder; nothing was read "
                    "or written. Move it aside to go on", path=path))


def locked_out(data_dir: Path, exc: BaseException) -> StoreError:
    """Why the folder's lock could not be taken, as the one-line error."""
    if isinstance(exc, Timeout):
        return StoreError(msg("{data_dir}: another roster program has been writing for too "
                              "long; try again", data_dir=data_dir))
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return StoreError(msg("{path}: the lock cannot be taken ({reason}); nothing was written",
                          path=data_dir / LOCK_FILE, reason=reason))


def clean_temp_files(lock: FileLock, folders: Iterable[Path]) -> None:
    """Remove temp files a killed writer left; only when nobody holds the lock."""
    try:
        lock.acquire(blocking=False)
    except Timeout:
        return  # someone is writing: their temp file is not stray
    except OSError:
        return  # a read-only folder: nothing can be cleaned, reading still works
    try:
        for folder in folders:
            try:
                entries = list(os.scandir(folder))
            except FileNotFoundError:
                continue
            for entry in entries:
                if is_temp(entry.name) and entry.is_file(follow_symlinks=False):
                    try:
                        os.unlink(entry.path)
                    except FileNotFoundError:
                        continue
    finally:
        lock.release()

"""The lead's PIN: a salted scrypt hash in ``pin.json`` (mode 0600), and the wrong tries.

With a PIN set, every command that changes the roster, the team, its members or rules asks
for it; the duty log never does. Five wrong PINs in a row make the next try wait 30
seconds, whichever process makes it: the count and the time of the last wrong try are kept
in the same file, under the data folder's lock. A damaged ``pin.json`` is reported and
refuses every change (it never falls back to "no PIN").
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from roster.domain.errors import UserError
from roster.domain.messages import msg
from roster.domain.timeutil import now_utc
from roster.store.files import AtomicJSONStorage, corrupt

if TYPE_CHECKING:
    from roster.store import Store

PIN_FILE = "pin.json"
_TABLE = "pin"
MAX_TRIES = 5
WAIT = timedelta(seconds=30)
MIN_LENGTH, MAX_LENGTH = 4, 12
#: scrypt's cost: 16 MiB and about 50 ms a try on a laptop (RFC 7914's interactive figures).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1

Clock = Callable[[], datetime]


class PinError(UserError):
    """A missing, wrong or refused PIN (one line, nothing written)."""


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                          maxmem=256 * 1024 * 1024)


def check_new_pin(pin: str) -> str:
    """``pin`` if it can be a PIN: 4 to 12 digits."""
    pin = pin.strip()
    if not (pin.isascii() and pin.isdigit() and MIN_LENGTH <= len(pin) <= MAX_LENGTH):
        raise PinError(msg("a PIN is {low} to {high} digits", low=MIN_LENGTH, high=MAX_LENGTH))
    return pin


class PinGuard:
    """Whether a PIN is set, setting and clearing it, and checking a try (clock injectable)."""

    def __init__(self, store: Store, clock: Clock = now_utc) -> None:
        self.store = store
        self.clock = clock
        self._storage = AtomicJSONStorage(store.data_dir / PIN_FILE)

    def _record(self) -> dict[str, Any] | None:
        """The PIN record; None only when there is no ``pin.json`` (``pin clear`` removes
        it). A file without a record is damage, never "no PIN": a ``{}`` written over it
        must not open the roster to every command."""
        tables = self._storage.read()
        if tables is None:
            return None
        table = tables.get(_TABLE) if isinstance(tables, dict) else None
        record = table.get("1") if isinstance(table, dict) else None
        if isinstance(record, dict) and record.get("hash"):
            return record
        raise corrupt(self._storage.path, msg("not a PIN record"))

    def _write(self, record: dict[str, Any]) -> None:
        self._storage.write({_TABLE: {"1": record}})

    def _tries(self, record: dict[str, Any]) -> tuple[int, datetime | None]:
        try:
            last = record.get("last_failure")
            return int(record.get("failures") or 0), datetime.fromisoformat(last) if last else None
        except (TypeError, ValueError):
            raise corrupt(self._storage.path, msg("not a PIN record")) from None

    def _matches(self, record: dict[str, Any], pin: str) -> bool:
        try:
            salt = bytes.fromhex(record["salt"])
            tried = _hash(pin, salt, int(record["n"]), int(record["r"]), int(record["p"]))
            return hmac.compare_digest(tried, bytes.fromhex(record["hash"]))
        except (KeyError, TypeError, ValueError):
            raise corrupt(self._storage.path, msg("not a PIN record")) from None

    def is_set(self) -> bool:
        return self._record() is not None

    def set(self, pin: str) -> None:
        """Set (or replace) the PIN; the wrong-try count starts again."""
        pin = check_new_pin(pin)
        salt = secrets.token_bytes(16)
        record = {"scheme": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                  "salt": salt.hex(), "hash": _hash(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P).hex(),
                  "failures": 0, "last_failure": None}
        with self.store.locked():
            self._write(record)

    def clear(self) -> None:
        with self.store.locked():
            path = self._storage.path
            if path.exists():
                path.unlink()

    def check(self, pin: str | None) -> None:
        """Nothing when no PIN is set or ``pin`` is right; else a :class:`PinError`."""
        with self.store.locked():
            record = self._record()
            if record is None:
                return
            if not pin:
                raise PinError(msg("this team's roster is protected by a PIN: give --pin PIN "
                                   "(or set ROSTER_PIN)"))
            now = self.clock()
            failures, last = self._tries(record)
            if failures >= MAX_TRIES and last is not None:
                until = last + WAIT
                if now < until:
                    seconds = math.ceil((until - now).total_seconds())
                    raise PinError(msg("{failures} wrong PINs in a row: wait {seconds} s before "
                                       "the next try", failures=failures, seconds=seconds))
            if not self._matches(record, pin):
                failures += 1
                self._write({**record, "failures": failures, "last_failure": now.isoformat()})
            else:
                if failures:
                    self._write({**record, "failures": 0, "last_failure": None})
                return
        if failures >= MAX_TRIES:
            raise PinError(msg("wrong PIN; {failures} in a row, so the next try must wait "
                               "{seconds} s", failures=failures, seconds=int(WAIT.total_seconds())))
        raise PinError(msg("wrong PIN ({left} more before a {seconds} s wait)",
                           left=MAX_TRIES - failures, seconds=int(WAIT.total_seconds())))

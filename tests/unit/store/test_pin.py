"""The lead's PIN: a salted scrypt hash in a private file; five wrong tries make a 30 s wait
that holds across processes (the count is in the file) and ends by the clock (injected)."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from roster.domain.errors import StoreError
from roster.store import Store
from roster.store.pin import PIN_FILE, PinError, PinGuard


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_no_pin_means_no_question(tmp_path: Path) -> None:
    guard = PinGuard(Store(tmp_path))
    assert not guard.is_set()
    guard.check(None)
    guard.check("anything")


def test_the_pin_is_a_salted_hash_in_a_private_file(tmp_path: Path) -> None:
    guard = PinGuard(Store(tmp_path))
    guard.set("2468")
    path = tmp_path / PIN_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "2468" not in text
    record = json.loads(text)["pin"]["1"]
    assert record["scheme"] == "scrypt" and len(bytes.fromhex(record["salt"])) == 16
    PinGuard(Store(tmp_path)).set("2468")
    assert json.loads(path.read_text())["pin"]["1"]["salt"] != record["salt"]  # salted anew
    guard.check("2468")
    with pytest.raises(PinError, match="give --pin"):
        guard.check(None)


@pytest.mark.parametrize("bad", ["123", "1234567890123", "12a4", "１２３４", ""])
def test_a_pin_is_four_to_twelve_digits(tmp_path: Path, bad: str) -> None:
    with pytest.raises(PinError):
        PinGuard(Store(tmp_path)).set(bad)
    assert not (tmp_path / PIN_FILE).exists()


def test_five_wrong_tries_wait_thirty_seconds_across_processes(tmp_path: Path) -> None:
    clock = Clock()
    PinGuard(Store(tmp_path)).set("2468")
    for left in (4, 3, 2, 1):
        with pytest.raises(PinError, match=f"{left} more"):
            PinGuard(Store(tmp_path), clock).check("1111")  # a new guard: another process
        clock.now += timedelta(seconds=1)
    with pytest.raises(PinError, match="5 in a row"):
        PinGuard(Store(tmp_path), clock).check("1111")
    clock.now += timedelta(seconds=10)
    with pytest.raises(PinError, match="wait 20 s"):
        PinGuard(Store(tmp_path), clock).check("2468")  # even the right one waits
    clock.now += timedelta(seconds=20)
    with pytest.raises(PinError, match="6 in a row"):
        PinGuard(Store(tmp_path), clock).check("0000")  # still wrong: wait again
    clock.now += timedelta(seconds=30)
    PinGuard(Store(tmp_path), clock).check("2468")
    for left in (4, 3):  # the right PIN starts the count again
        with pytest.raises(PinError, match=f"{left} more"):
            PinGuard(Store(tmp_path), clock).check("1111")


def test_clear_and_a_damaged_file(tmp_path: Path) -> None:
    guard = PinGuard(Store(tmp_path))
    guard.set("2468")
    guard.clear()
    assert not guard.is_set()
    guard.check(None)
    (tmp_path / PIN_FILE).write_text('{"pin": {"1": {"hash": "zz", "salt": "q"}}}')
    with pytest.raises(StoreError, match="not a PIN record"):
        PinGuard(Store(tmp_path)).check("2468")  # damage never means "no PIN"
    (tmp_path / PIN_FILE).write_text("{")
    with pytest.raises(StoreError):
        PinGuard(Store(tmp_path)).check(None)

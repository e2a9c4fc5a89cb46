"""A damaged journal note (pending.json) is named in one line, never a traceback (#13.3, .10)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from roster.domain.errors import StoreError
from roster.store import Store
from tests.unit.store.store_worker import log_entry, make_bundle


@pytest.mark.parametrize("record", [
    {"generation": "abc", "days": {}},
    {"generation": 1, "days": {"2026-12-03": 5}},
    {"generation": 1, "days": {"2026-12-03": [1, 2]}},
    {"generation": 1, "days": "2026-12-03"},
    {"generation": True, "days": {}},
])
def test_a_damaged_note_is_named(tmp_path: Path, record: dict[str, object]) -> None:
    store = Store(tmp_path)
    store.save(replace(make_bundle(1), logs=(log_entry("old1"),)), op="import")
    note = tmp_path / "pending.json"
    note.write_text(json.dumps({"journal": {"1": record}}), encoding="utf-8")
    with pytest.raises(StoreError, match=r"pending\.json") as info:
        store.append_log(log_entry("x"))
    assert "\n" not in str(info.value)
    assert note.exists()  # left for the user to look at
    with pytest.raises(StoreError, match=r"pending\.json"):
        Store(tmp_path).logs()  # a half-done change is not read as if it were done

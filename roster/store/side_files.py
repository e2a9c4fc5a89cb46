"""Small files beside the roster: settings of the data folder, and what was last printed.

Neither is a change of the roster: they have no history and are never undone. The caller
(:class:`roster.store.Store`) holds the lock around the writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from roster.domain.errors import StoreError
from roster.store.files import (
    KEEP_PRINTS,
    PRINTS,
    PRINTS_FILE,
    SETTINGS,
    SETTINGS_FILE,
    AtomicJSONStorage,
)


def read_setting(data_dir: Path, key: str, default: str) -> str:
    """A remembered value, or ``default`` (also when settings.json cannot be read: a
    damaged file must not keep the app from opening; writing it then says why)."""
    try:
        tables = AtomicJSONStorage(data_dir / SETTINGS_FILE).read() or {}
    except StoreError:
        return default
    value = tables.get(SETTINGS, {}).get("1", {}).get(key, default)
    return value if isinstance(value, str) else default


def write_setting(data_dir: Path, key: str, value: str) -> None:
    storage = AtomicJSONStorage(data_dir / SETTINGS_FILE)
    tables = storage.read() or {}
    values = dict(tables.get(SETTINGS, {}).get("1", {}))
    values[key] = value
    storage.write({**tables, SETTINGS: {"1": values}})


def read_prints(data_dir: Path, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The record of the last print under each of ``keys`` that has one (``prints.json``)."""
    wanted = set(keys)
    if not wanted:
        return {}
    tables = AtomicJSONStorage(data_dir / PRINTS_FILE).read() or {}
    return {d["key"]: d for d in tables.get(PRINTS, {}).values()
            if isinstance(d, dict) and d.get("key") in wanted}


def write_prints(data_dir: Path, records: Mapping[str, Mapping[str, Any]]) -> None:
    """Keep each record as the last print under its key; the newest KEEP_PRINTS keys stay."""
    storage = AtomicJSONStorage(data_dir / PRINTS_FILE)
    tables = storage.read() or {}
    kept = [d for d in tables.get(PRINTS, {}).values()
            if isinstance(d, dict) and d.get("key") not in records]
    docs = [*kept, *({**dict(v), "key": k} for k, v in records.items())]
    storage.write({PRINTS: {str(i): d for i, d in enumerate(docs[-KEEP_PRINTS:], start=1)}})

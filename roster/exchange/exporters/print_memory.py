"""What the last print of each checkpoint and period showed, so a reprint marks what moved (★).

Only a whole print of a period is remembered (``prints.json`` in the data folder, through
the export service); :func:`previous_from` hands it back to the next layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from roster.domain.model import Bundle, Period
from roster.exchange.exporters.grid import Layout
from roster.exchange.exporters.selection import Selection


def memory_key(checkpoint_id: str, period: Period) -> str:
    """Where the last print of one checkpoint over one period is remembered."""
    return f"{checkpoint_id}|{period.first_day.isoformat()}|{period.days}"


def memory_keys(bundle: Bundle, selection: Selection) -> dict[str, str]:
    """Checkpoint id -> memory key, for an export whose print is worth remembering.

    Only a whole print of a period counts: a sheet for one member shows only them, and
    remembering it would mark every other name as changed on the next full print.
    """
    if selection.period is None or selection.member is not None:
        return {}
    return {cp.id: memory_key(cp.id, selection.period) for cp in bundle.checkpoints
            if selection.checkpoint in (None, cp.id)}


def memory_records(layout: Layout) -> dict[str, dict[str, Any]]:
    """Memory key -> what the printed sheets of each checkpoint showed (non-empty cells)."""
    if layout.period is None:
        return {}
    made = layout.made_at.isoformat() if layout.made_at else None
    out: dict[str, dict[str, Any]] = {}
    for grid in layout.grids:
        key = memory_key(grid.checkpoint.id, layout.period)
        record = out.setdefault(key, {"made_at": made, "stamps": [], "cells": {}})
        record["stamps"].append(grid.stamp)
        for cell in grid.cells.values():
            if not cell.is_empty:
                record["cells"][cell.key] = list(cell.memo)
    return out


def previous_from(records: Mapping[str, Mapping[str, Any]],
                  keys: Mapping[str, str]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Turn remembered records back into :attr:`Selection.previous` (skipping bad ones)."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for checkpoint_id, key in keys.items():
        record = records.get(key)
        cells = record.get("cells") if isinstance(record, Mapping) else None
        if not isinstance(cells, Mapping):
            continue
        out[checkpoint_id] = {str(k): tuple(str(n) for n in v) for k, v in cells.items()
                              if isinstance(v, list)}
    return out

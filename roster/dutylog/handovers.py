"""Handovers and open items: what one shift tells the next, and what stays open until closed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from roster.domain.model import LogEntry
from roster.dutylog.entries import (
    HANDOVER,
    KEY_CLOSES,
    KEY_CONFIRMS,
    KEY_EQUIPMENT,
    KEY_OPEN_ITEMS,
    NOTE,
    Versioned,
    entry_type,
    roots,
)


@dataclass(frozen=True, slots=True)
class OpenItem:
    id: str
    text: str
    raised: str  # the instant it was first written down (ISO, as stored)


@dataclass(frozen=True, slots=True)
class Handover:
    """A handover with what became of it."""

    id: str  # root id
    entry: LogEntry  # the version in force
    items: tuple[OpenItem, ...]  # open items as listed (carried and new)
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    confirmation: str | None = None  # root id of the confirmation

    @property
    def checkpoint(self) -> str:
        return self.entry.checkpoint

    @property
    def at(self) -> datetime:
        return self.entry.at

    @property
    def equipment(self) -> str:
        value = self.entry.extra.get(KEY_EQUIPMENT, "")
        return value if isinstance(value, str) else str(value)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_by is not None


def _items(e: LogEntry) -> tuple[OpenItem, ...]:
    raw = e.extra.get(KEY_OPEN_ITEMS, [])
    out = []
    if isinstance(raw, list):
        for n, item in enumerate(raw, start=1):
            if isinstance(item, dict):
                out.append(OpenItem(str(item.get("id") or f"{e.id}.{n}"),
                                    str(item.get("text", "")), str(item.get("raised", ""))))
            elif isinstance(item, str):  # a hand-written bundle may list plain strings
                out.append(OpenItem(f"{e.id}.{n}", item, e.at.isoformat()))
    return tuple(out)


def handovers(versions: Sequence[Versioned], checkpoint: str | None = None) -> list[Handover]:
    """Every handover among ``versions`` (from :func:`resolve`) with its first confirmation."""
    root_of = roots(versions)
    confirmations: dict[str, Versioned] = {}
    for v in versions:
        if not v.void and entry_type(v.entry) == "confirm":
            named = str(v.entry.extra[KEY_CONFIRMS])
            confirmations.setdefault(root_of.get(named, named), v)
    out = []
    for v in versions:
        if v.void or entry_type(v.entry) != HANDOVER:
            continue
        if checkpoint is not None and v.entry.checkpoint != checkpoint:
            continue
        c = confirmations.get(v.root)
        out.append(Handover(v.root, v.entry, _items(v.entry),
                            c.entry.member if c is not None else None,
                            c.entry.at if c is not None else None,
                            c.root if c is not None else None))
    return out


def _closes(e: LogEntry) -> list[str]:
    raw = e.extra.get(KEY_CLOSES, [])
    return [str(i) for i in (raw if isinstance(raw, list) else [raw])]


def open_items(versions: Sequence[Versioned], checkpoint: str, at: datetime) -> list[OpenItem]:
    """The items open at ``checkpoint`` at ``at``: the newest handover's list less closings.

    ``versions`` (from :func:`resolve`) must reach back to that handover; the service
    reads :data:`~roster.services.duty.CARRY_DAYS` days.
    """
    latest = None
    closed: set[str] = set()
    for v in versions:
        e = v.entry
        if v.void or e.checkpoint != checkpoint or e.at > at or e.kind != NOTE:
            continue
        kind = entry_type(e)
        if kind == HANDOVER:
            latest = e
        elif kind == "close":
            closed.update(_closes(e))
    if latest is None:
        return []
    return [i for i in _items(latest) if i.id not in closed]


def closed_items(versions: Sequence[Versioned], checkpoint: str, start: datetime,
                 end: datetime) -> list[tuple[str, LogEntry]]:
    """Item ids closed at ``checkpoint`` in ``[start, end)`` with the closing entry."""
    out: list[tuple[str, LogEntry]] = []
    for v in versions:
        e = v.entry
        if (not v.void and e.checkpoint == checkpoint and start <= e.at < end
                and entry_type(e) == "close"):
            out.extend((i, e) for i in _closes(e))
    return out

"""What the duty log means: presence, lateness, handovers and corrections, worked out from entries.

The duty log is evidence — who stood at which checkpoint when, and what they saw — so it
is append-only (``shared/spec/bundle.md``): nothing is edited or deleted, and everything a
desk needs beyond check-in, check-out and a note is written as a note with extra keys,
which the bundle keeps on a round trip. The conventions, once:

* **Ids** are ULIDs (26 characters, Crockford base32): unique without a counter shared
  between two terminals, and sortable by the time they were made.
* **Check-in / check-out**: ``kind`` ``check_in`` / ``check_out`` with a ``member``.
  A check-in belongs to the member's assignment at that checkpoint whose
  ``[start - early window, end)`` holds ``at`` (early window: ``rules.extra
  ["early_checkin_minutes"]``, default 60). A check-in nobody checks out stops counting
  at the end of its shift and no longer blocks a new check-in :data:`AUTO_CLOSE` later.
* **Handover** (交接班): a ``note`` with category ``handover`` written by the outgoing
  member; ``text`` holds anything unusual, extra ``"equipment"`` the equipment handed on,
  and ``"open_items"`` the list of items still open, each ``{"id", "text", "raised"}``.
  A handover re-lists every item still open when it is written (with its id), so the
  newest handover of a checkpoint is the list of what is open: that is how items carry
  forward from shift to shift.
* **Confirmation**: a ``note``, category ``handover``, by the incoming member, with extra
  ``"confirms": <handover id>``.
* **Closing items**: a ``note``, category ``handover``, with extra ``"closes": [item id,
  ...]``.
* **Corrections**: a new entry with every field as it should be and ``corrects`` naming
  the entry it replaces (any version of it). The newest version (by ``recorded_at``) wins;
  a correction with extra ``"void": true`` withdraws the entry. References (confirms,
  closes) name the first version's id, which stays the entry's identity.

Everything here is pure: a :class:`~roster.domain.model.Bundle`, a list of entries, a moment
called ``now`` in, plain dataclasses out. This module has the conventions, the ids, the
corrections and the building of entries; around it: :mod:`roster.dutylog.presence` (who
was there, check-in to check-out), :mod:`roster.dutylog.handovers` (handovers and open
items), :mod:`roster.dutylog.checks` (what the CLI and the desk both refuse to write),
:mod:`roster.dutylog.compare` (planned versus actual), :mod:`roster.dutylog.desk` (what a
desk shows), :mod:`roster.dutylog.report` (the daily report) and
:mod:`roster.services.duty` (the store, under its lock).
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from roster.domain.messages import msg
from roster.domain.model import LogEntry
from roster.domain.timeutil import (
    TimeError,
    format_instant,
    instant_at,
    local_date,
    parse_instant,
    parse_time_of_day,
)

if TYPE_CHECKING:
    from roster.dutylog.handovers import OpenItem

# --- conventions -------------------------------------------------------------------------------

CHECK_IN = "check_in"
CHECK_OUT = "check_out"
NOTE = "note"
HANDOVER = "handover"
INCIDENT = "incident"

KEY_OPEN_ITEMS = "open_items"
KEY_EQUIPMENT = "equipment"
KEY_CONFIRMS = "confirms"
KEY_CLOSES = "closes"
KEY_VOID = "void"
KEY_BY = "by"

#: What a note's count means, per category (the report sums them).
COUNTED_CATEGORIES: tuple[str, ...] = ("vehicle", "person")


#: A clock may be this much ahead of the desk's without an entry counting as "in the future".
CLOCK_SKEW = timedelta(minutes=5)
#: How early before a shift a check-in still counts toward it, unless the rules say otherwise.
DEFAULT_EARLY_MINUTES = 60
#: A check-in without a check-out stops blocking new check-ins this long after its shift ends.
AUTO_CLOSE = timedelta(hours=4)




# --- ids -----------------------------------------------------------------------------------------

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id(now: datetime | None = None, randomness: bytes | None = None) -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, 26 Crockford base32 characters."""
    ms = int(now.timestamp() * 1000) if now is not None else time.time_ns() // 1_000_000
    rand = randomness if randomness is not None else os.urandom(10)
    value = ((ms & ((1 << 48) - 1)) << 80) | int.from_bytes(rand[:10].ljust(10, b"\0"), "big")
    out = []
    for _ in range(26):
        out.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(out))


def ulid_time(ident: str) -> datetime | None:
    """When a ULID was made (UTC), or None for an id that is not one (hand-made, imported)."""
    if len(ident) != 26:
        return None
    ms = 0
    for ch in ident[:10].upper():
        digit = _CROCKFORD.find(ch)
        if digit < 0:
            return None
        ms = ms * 32 + digit
    try:
        return datetime.fromtimestamp(ms / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _second(value: datetime) -> datetime:
    """Instants are stored to the second; cut here so an entry reads back equal."""
    return value.replace(microsecond=0)


# --- corrections -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Versioned:
    """One logical entry: its first id (its identity), the version in force, its history."""

    root: str
    entry: LogEntry
    history: tuple[LogEntry, ...]  # every version, oldest first; the last is ``entry``

    @property
    def void(self) -> bool:
        return bool(self.entry.extra.get(KEY_VOID))

    @property
    def corrected(self) -> bool:
        return len(self.history) > 1


def _order(v: Versioned) -> tuple[datetime, datetime, str]:
    return (v.entry.at, v.entry.recorded_at, v.root)


def resolve(entries: Iterable[LogEntry]) -> list[Versioned]:
    """Apply corrections: one :class:`Versioned` per logical entry, in time order (voided kept).

    A correction of an entry that is not among ``entries`` stands for itself (its root is
    the id it names), so a window of days never loses a corrected entry, it only may not
    see the older versions.
    """
    by_id: dict[str, LogEntry] = {}
    corrected = False
    for e in entries:
        if e.id not in by_id:
            by_id[e.id] = e
            corrected = corrected or e.corrects is not None
    if not corrected:  # the usual day: nothing to chain
        plain = [Versioned(e.id, e, (e,)) for e in by_id.values()]
        plain.sort(key=_order)
        return plain
    root_of: dict[str, str] = {}

    def find_root(e: LogEntry) -> str:
        path: list[str] = []
        cur = e
        while True:
            if cur.id in root_of:
                root = root_of[cur.id]
                break
            path.append(cur.id)
            parent = cur.corrects
            if parent is None or parent in path:  # a loop made by hand: it stands alone
                root = cur.id
                break
            nxt = by_id.get(parent)
            if nxt is None:
                root = parent
                break
            cur = nxt
        for ident in path:
            root_of[ident] = root
        return root

    depth: dict[str, int] = {}

    def depth_of(e: LogEntry) -> int:
        """Hops from the first version: a correction of a correction comes after it even
        when both were recorded in the same second."""
        seen: list[LogEntry] = []
        cur: LogEntry | None = e
        while cur is not None and cur.id not in depth and cur not in seen:
            seen.append(cur)
            cur = by_id.get(cur.corrects) if cur.corrects is not None else None
        base = depth[cur.id] if cur is not None and cur.id in depth else -1
        for x in reversed(seen):
            base += 1
            depth[x.id] = base
        return depth[e.id]

    groups: dict[str, list[LogEntry]] = defaultdict(list)
    for e in by_id.values():
        groups[find_root(e)].append(e)
    out = []
    for root, versions in groups.items():
        versions.sort(key=lambda v: (v.recorded_at, depth_of(v), v.id))
        out.append(Versioned(root, versions[-1], tuple(versions)))
    out.sort(key=_order)
    return out


def current(entries: Iterable[LogEntry]) -> list[Versioned]:
    """The entries in force: corrections applied, withdrawn ones left out, in time order."""
    return [v for v in resolve(entries) if not v.void]


def roots(versions: Iterable[Versioned]) -> dict[str, str]:
    """Every version's id → its logical entry's id (what references name)."""
    out: dict[str, str] = {}
    for v in versions:
        for e in v.history:
            out[e.id] = v.root
        out[v.root] = v.root
    return out


def entry_type(e: LogEntry) -> str:
    """``check_in``, ``check_out``, ``note``, ``handover``, ``confirm`` or ``close``."""
    if e.kind != NOTE:
        return e.kind
    if KEY_CONFIRMS in e.extra:
        return "confirm"
    if KEY_CLOSES in e.extra:
        return "close"
    if e.category == HANDOVER:
        return HANDOVER
    return NOTE






# --- building entries --------------------------------------------------------------------------


def _entry(checkpoint: str, kind: str, at: datetime, now: datetime, *, member: str | None,
           category: str = "", count: int | None = None, text: str = "",
           corrects: str | None = None, extra: Mapping[str, Any] | None = None,
           ident: str | None = None) -> LogEntry:
    return LogEntry(id=ident or new_id(now), at=_second(at), recorded_at=_second(now),
                    checkpoint=checkpoint, kind=kind,  # type: ignore[arg-type]
                    member=member, category=category, count=count, text=text,
                    corrects=corrects, extra=dict(extra or {}))


def check_in_entry(checkpoint: str, member: str, at: datetime, now: datetime,
                   **extra: Any) -> LogEntry:
    return _entry(checkpoint, CHECK_IN, at, now, member=member, extra=extra)


def check_out_entry(checkpoint: str, member: str, at: datetime, now: datetime,
                    **extra: Any) -> LogEntry:
    return _entry(checkpoint, CHECK_OUT, at, now, member=member, extra=extra)


def note_entry(checkpoint: str, category: str, at: datetime, now: datetime, *,
               member: str | None = None, count: int | None = None, text: str = "",
               **extra: Any) -> LogEntry:
    return _entry(checkpoint, NOTE, at, now, member=member, category=category, count=count,
                  text=text, extra=extra)


def handover_entry(checkpoint: str, member: str, at: datetime, now: datetime, tz: tzinfo, *,
                   text: str, equipment: str = "", new_items: Sequence[str] = (),
                   carried: Sequence[OpenItem] = (), **extra: Any) -> LogEntry:
    """The outgoing member's handover; ``carried`` are the items still open (re-listed)."""
    ident = new_id(now)
    items: list[dict[str, str]] = [
        {"id": i.id, "text": i.text, "raised": i.raised} for i in carried]
    stamp = format_instant(_second(at), tz)
    for n, item in enumerate((t.strip() for t in new_items if t.strip()), start=1):
        items.append({"id": f"{ident}.{n}", "text": item, "raised": stamp})
    return _entry(checkpoint, NOTE, at, now, member=member, category=HANDOVER, text=text,
                  ident=ident, extra={KEY_EQUIPMENT: equipment, KEY_OPEN_ITEMS: items,
                                      **extra})


def confirm_entry(handover: LogEntry, handover_id: str, member: str, at: datetime,
                  now: datetime, text: str = "", **extra: Any) -> LogEntry:
    return _entry(handover.checkpoint, NOTE, at, now, member=member, category=HANDOVER,
                  text=text, extra={KEY_CONFIRMS: handover_id, **extra})


def close_entry(checkpoint: str, item_ids: Sequence[str], at: datetime, now: datetime, *,
                member: str | None = None, text: str = "", **extra: Any) -> LogEntry:
    return _entry(checkpoint, NOTE, at, now, member=member, category=HANDOVER, text=text,
                  extra={KEY_CLOSES: list(item_ids), **extra})


def correction_entry(target: LogEntry, now: datetime, **changes: Any) -> LogEntry:
    """A new version of ``target`` with ``changes`` (fields, or ``extra``) applied."""
    extra = dict(target.extra)
    extra.update(changes.pop("extra", {}))
    extra.pop(KEY_VOID, None)
    new = replace(target, id=new_id(now), recorded_at=_second(now), corrects=target.id,
                  extra=extra, **changes)
    return replace(new, at=_second(new.at))


def void_entry(target: LogEntry, now: datetime, reason: str = "", **extra: Any) -> LogEntry:
    """Withdraw ``target``: a correction that keeps its fields and says ``"void": true``."""
    merged = {**target.extra, **extra, KEY_VOID: True}
    if reason:
        merged["reason"] = reason
    return replace(target, id=new_id(now), recorded_at=_second(now), corrects=target.id,
                   extra=merged)


def is_clock_time(text: str) -> bool:
    """``HH:MM`` (as :func:`parse_when` reads it: the latest such time), not an instant."""
    text = text.strip()
    return len(text) <= 5 and ":" in text


def parse_when(text: str, tz: tzinfo, now: datetime) -> datetime:
    """When something happened, as typed late: an instant, or ``HH:MM`` (the latest past one).

    An instant without an offset is read in the team's zone (``tz``); ``23:50`` typed at
    00:30 is yesterday's 23:50. Raises :class:`~roster.domain.timeutil.TimeError`.
    """
    text = text.strip()
    if is_clock_time(text):
        clock = parse_time_of_day(text.zfill(5))
        day = local_date(now, tz)
        at = instant_at(day, clock, tz)
        if at > now + CLOCK_SKEW:
            at = instant_at(day - timedelta(days=1), clock, tz)
        d = local_date(at, tz)
        wall = datetime(d.year, d.month, d.day, clock.minutes // 60, clock.minutes % 60) \
            if clock.minutes < 1440 else None
    else:
        at = parse_instant(text, tz)
        typed = datetime.fromisoformat(text)
        wall = typed if typed.tzinfo is None else None
    if wall is not None and at.astimezone(tz).replace(tzinfo=None) != wall:
        # a wall time the clocks skipped (02:30 on a spring-forward night) was never seen
        # on any watch: an entry typed for it is a slip, not the minute after the jump
        raise TimeError(msg("{text}: that time did not exist in {zone} (the clocks went "
                            "forward)", text=text, zone=str(tz)))
    return at

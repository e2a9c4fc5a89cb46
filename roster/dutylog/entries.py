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
called ``now`` in, plain dataclasses out. Around it: :mod:`roster.dutylog.checks` (what the
CLI and the desk both refuse to write), :mod:`roster.dutylog.compare` (planned versus
actual), :mod:`roster.dutylog.desk` (what a desk shows), :mod:`roster.dutylog.report` (the
daily report) and :mod:`roster.services.duty` (the store, under its lock).
"""

from __future__ import annotations

import os
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any, ClassVar

from roster.domain.model import Assignment, Bundle, Checkpoint, LogEntry, Rules, Shift, materialise
from roster.domain.timeutil import (
    format_instant,
    instant_at,
    local_date,
    parse_instant,
    parse_time_of_day,
)

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


# --- shifts and sessions -----------------------------------------------------------------------


def early_window(bundle: Bundle) -> timedelta:
    value = bundle.rules.extra.get("early_checkin_minutes", DEFAULT_EARLY_MINUTES)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        value = DEFAULT_EARLY_MINUTES
    return timedelta(minutes=value)


def grace(bundle: Bundle) -> timedelta:
    return timedelta(minutes=bundle.rules.late_grace_minutes)


def shifts_around(bundle: Bundle, checkpoint: Checkpoint, at: datetime) -> list[Shift]:
    """The checkpoint's shifts belonging to the day of ``at`` and the days either side."""
    tz = bundle.tz
    return list(_shifts_around(checkpoint, local_date(at, tz), bundle.rules, tz))


@lru_cache(maxsize=1024)
def _shifts_around(checkpoint: Checkpoint, day: date, rules: Rules,
                   tz: tzinfo) -> tuple[Shift, ...]:
    # Cached: every check-in asks where its shift ends, and a desk asks about a few days.
    days = [day - timedelta(days=1), day, day + timedelta(days=1)]
    return tuple(materialise(checkpoint, days, rules, tz))


def shift_at(bundle: Bundle, checkpoint: Checkpoint, at: datetime) -> Shift | None:
    """The checkpoint's shift that holds ``at`` (the later one on a boundary)."""
    found = None
    for s in shifts_around(bundle, checkpoint, at):
        if s.start <= at < s.end and (found is None or s.start > found.start):
            found = s
    return found


@dataclass(frozen=True, slots=True)
class Session:
    """A stretch of presence: a check-in and its check-out (or where it stops counting)."""

    member: str
    checkpoint: str
    start: datetime
    end: datetime | None  # None: still on duty now
    check_in: str  # root id of the check-in
    check_out: str | None = None  # root id of the check-out; None when none was written
    planned_end: datetime | None = None  # where a session without check-out stops counting

    @property
    def unclosed(self) -> bool:
        """Ended without a check-out (counted up to the end of its shift)."""
        return self.end is not None and self.check_out is None

    def until(self, now: datetime) -> datetime:
        return self.end if self.end is not None else now

    def overlap(self, start: datetime, end: datetime, now: datetime) -> timedelta:
        lo = max(self.start, start)
        hi = min(self.until(now), end)
        return hi - lo if hi > lo else timedelta(0)


@dataclass(frozen=True, slots=True)
class Stray:
    """A check-in or check-out that pairs with nothing (a second check-in, a lone check-out)."""

    entry: LogEntry
    root: str
    reason: str  # "duplicate_check_in" | "check_out_without_check_in"


class RosterIndex:
    """The assignments by (member, checkpoint) in start order, for matching presence to plan.

    A year of roster is thousands of assignments per member; each question looks only at
    the few that start near the moment asked about (found by bisection).
    """

    def __init__(self, bundle: Bundle) -> None:
        self.by_key: dict[tuple[str, str], list[Assignment]] = defaultdict(list)
        for a in bundle.assignments:
            self.by_key[(a.member, a.checkpoint)].append(a)
        self._starts: dict[tuple[str, str], list[datetime]] = {}
        self._by_start: dict[tuple[str, str], dict[datetime, Assignment]] = {}
        longest = timedelta(0)
        for key, lst in self.by_key.items():
            lst.sort(key=lambda a: a.start)
            self._starts[key] = [a.start for a in lst]
            self._by_start[key] = {a.start: a for a in lst}
            longest = max([longest, *(a.end - a.start for a in lst)])
        self._longest = longest
        self.early = early_window(bundle)

    def _near(self, key: tuple[str, str], lo: datetime, hi: datetime) -> list[Assignment]:
        """Assignments that start in ``[lo - longest, hi]`` (all that can overlap lo..hi)."""
        starts = self._starts.get(key)
        if not starts:
            return []
        i = bisect_left(starts, lo - self._longest)
        j = bisect_right(starts, hi)
        return self.by_key[key][i:j]

    def holding(self, member: str, checkpoint: str, at: datetime) -> list[Assignment]:
        """Assignments whose ``[start - early window, end)`` holds ``at``."""
        return [a for a in self._near((member, checkpoint), at, at + self.early)
                if a.start - self.early <= at < a.end]

    def planned_end(self, bundle: Bundle, member: str, checkpoint: str,
                    at: datetime) -> datetime:
        """Where a check-in at ``at`` is expected to end: its assignment(s), else its shift."""
        held = self.holding(member, checkpoint, at)
        if held:
            end = max(a.end for a in held)
            following = self._by_start.get((member, checkpoint), {})
            while end in following:  # back-to-back shifts at one checkpoint: one stretch
                end = following[end].end
            return end
        cp = bundle.checkpoint(checkpoint)
        shift = shift_at(bundle, cp, at) if cp is not None else None
        return shift.end if shift is not None else at

    def matches(self, member: str, checkpoint: str, start: datetime,
                end: datetime) -> list[Assignment]:
        """Assignments whose ``[start - early window, end)`` overlaps ``[start, end)``."""
        return [a for a in self._near((member, checkpoint), start, end + self.early)
                if start < a.end and a.start - self.early < end]


class _Indexes:
    """The indexes of the last few bundles asked about: a desk asks about one roster many
    times, and a process may hold a few (the board's, the desk's).

    Kept by identity (a Bundle is immutable), so a changed roster gets a new index.
    """

    recent: ClassVar[list[tuple[Bundle, RosterIndex]]] = []
    keep: ClassVar[int] = 4


def roster_index(bundle: Bundle) -> RosterIndex:
    """The assignments of ``bundle`` by member and checkpoint (built once per bundle)."""
    for known, index in _Indexes.recent:
        if known is bundle:
            return index
    index = RosterIndex(bundle)
    _Indexes.recent = [(bundle, index), *_Indexes.recent[:_Indexes.keep - 1]]
    return index


def planned_end(bundle: Bundle, member: str, checkpoint: str, at: datetime) -> datetime:
    """Where a check-in at ``at`` is expected to end: its assignment(s), else its shift."""
    return roster_index(bundle).planned_end(bundle, member, checkpoint, at)


def sessions(bundle: Bundle, versions: Sequence[Versioned],
             now: datetime) -> tuple[list[Session], list[Stray]]:
    """Pair check-ins with check-outs per member and checkpoint; strays are reported apart."""
    roster = roster_index(bundle)
    events: dict[tuple[str, str], list[Versioned]] = defaultdict(list)
    for v in versions:
        e = v.entry
        if v.void or e.kind == NOTE or e.member is None:
            continue
        events[(e.member, e.checkpoint)].append(v)
    out: list[Session] = []
    strays: list[Stray] = []
    for (member, cp), evs in events.items():
        evs.sort(key=lambda v: (v.entry.at, v.entry.kind != CHECK_IN, v.root))
        open_: Versioned | None = None
        planned = expiry = now
        for v in evs:
            e = v.entry
            if open_ is not None and e.at >= expiry:
                out.append(Session(member, cp, open_.entry.at, planned, open_.root, None,
                                   planned))
                open_ = None
            if e.kind == CHECK_IN:
                if open_ is not None:
                    strays.append(Stray(e, v.root, "duplicate_check_in"))
                    continue
                open_ = v
                planned = roster.planned_end(bundle, member, cp, e.at)
                expiry = planned + AUTO_CLOSE
            elif open_ is None:
                strays.append(Stray(e, v.root, "check_out_without_check_in"))
            else:
                out.append(Session(member, cp, open_.entry.at, e.at, open_.root, v.root,
                                   planned))
                open_ = None
        if open_ is not None:
            if now >= expiry:
                out.append(Session(member, cp, open_.entry.at, planned, open_.root, None,
                                   planned))
            else:
                out.append(Session(member, cp, open_.entry.at, None, open_.root, None,
                                   planned))
    out.sort(key=lambda s: (s.start, s.checkpoint, s.member))
    return out, strays


# --- handovers and open items -------------------------------------------------------------------


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


def parse_when(text: str, tz: tzinfo, now: datetime) -> datetime:
    """When something happened, as typed late: an instant, or ``HH:MM`` (the latest past one).

    An instant without an offset is read in the team's zone (``tz``); ``23:50`` typed at
    00:30 is yesterday's 23:50. Raises :class:`~roster.domain.timeutil.TimeError`.
    """
    text = text.strip()
    if len(text) <= 5 and ":" in text:
        clock = parse_time_of_day(text.zfill(5))
        day = local_date(now, tz)
        at = instant_at(day, clock, tz)
        if at > now + CLOCK_SKEW:
            at = instant_at(day - timedelta(days=1), clock, tz)
        return at
    return parse_instant(text, tz)

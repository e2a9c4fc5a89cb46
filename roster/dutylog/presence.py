"""Who was there: a member's check-in to check-out as a presence, and the shifts it meets.

A check-in nobody checks out counts up to the end of its planned shift (and is flagged);
a check-out without a check-in is a stray. Everything is computed from the resolved log
(corrections applied), so a correction changes what a presence was.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import ClassVar

from roster.domain.model import Assignment, Bundle, Checkpoint, LogEntry, Rules, Shift, materialise
from roster.domain.timeutil import (
    local_date,
)
from roster.dutylog.entries import (
    AUTO_CLOSE,
    CHECK_IN,
    DEFAULT_EARLY_MINUTES,
    NOTE,
    Versioned,
)


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
class Presence:
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
             now: datetime) -> tuple[list[Presence], list[Stray]]:
    """Pair check-ins with check-outs per member and checkpoint; strays are reported apart."""
    roster = roster_index(bundle)
    events: dict[tuple[str, str], list[Versioned]] = defaultdict(list)
    for v in versions:
        e = v.entry
        if v.void or e.kind == NOTE or e.member is None:
            continue
        events[(e.member, e.checkpoint)].append(v)
    out: list[Presence] = []
    strays: list[Stray] = []
    for (member, cp), evs in events.items():
        _pair(bundle, roster, member, cp, evs, now, out, strays)
    out.sort(key=lambda s: (s.start, s.checkpoint, s.member))
    return out, strays


@dataclass(slots=True)
class _Open:
    """The session being paired: its check-in, planned end, and when it closes by itself."""

    check_in: Versioned | None
    planned: datetime
    expiry: datetime

    def holding(self, at: datetime) -> bool:
        return self.check_in is not None and at < self.expiry


def _pair(bundle: Bundle, roster: RosterIndex, member: str, cp: str, evs: list[Versioned],
          now: datetime, out: list[Presence], strays: list[Stray]) -> None:
    """One member's check-ins and check-outs at one checkpoint, paired into presences."""
    s = _Open(None, now, now)
    for v in _in_order(evs, s.holding):
        e = v.entry
        if s.check_in is not None and e.at >= s.expiry:
            out.append(Presence(member, cp, s.check_in.entry.at, s.planned, s.check_in.root,
                                None, s.planned))
            s.check_in = None
        if e.kind == CHECK_IN:
            if s.check_in is not None:
                strays.append(Stray(e, v.root, "duplicate_check_in"))
                continue
            s.check_in = v
            s.planned = roster.planned_end(bundle, member, cp, e.at)
            s.expiry = s.planned + AUTO_CLOSE
        elif s.check_in is None:
            strays.append(Stray(e, v.root, "check_out_without_check_in"))
        else:
            out.append(Presence(member, cp, s.check_in.entry.at, e.at, s.check_in.root, v.root,
                                s.planned))
            s.check_in = None
    if s.check_in is not None:
        end = s.planned if now >= s.expiry else None
        out.append(Presence(member, cp, s.check_in.entry.at, end, s.check_in.root, None,
                            s.planned))


def _in_order(evs: list[Versioned],
              holding: Callable[[datetime], bool]) -> Iterator[Versioned]:
    """Events in time order; at one minute, a check-out first while a session is open and a
    check-in first while none is, so "out at 08:00, in again at 08:00" is two sessions and
    "in at 08:00, out at 08:00" one short one, whichever was written first."""
    evs = sorted(evs, key=lambda v: (v.entry.at, v.entry.kind != CHECK_IN, v.root))
    i = 0
    while i < len(evs):
        j = i
        while j < len(evs) and evs[j].entry.at == evs[i].entry.at:
            j += 1
        same = evs[i:j]
        while same:
            want_in = not holding(same[0].entry.at)
            pick = next((k for k, v in enumerate(same)
                         if (v.entry.kind == CHECK_IN) == want_in), 0)
            yield same.pop(pick)
        i = j

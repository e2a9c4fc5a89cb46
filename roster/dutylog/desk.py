"""What the duty desk of one checkpoint shows: the shift now, its people, its entries.

The desk is a shared laptop in a tent; what it shows must follow from the log alone, so
that a second terminal, a restart or a crash shows the same thing. :func:`desk_view`
works it out from the roster and the entries around ``now``; :func:`match_members` is
how a person is found by typing part of a name or the last digits of a phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from roster.domain.model import Assignment, Bundle, Checkpoint, LogEntry, Shift
from roster.dutylog.compare import Attendance, CoverageGap, coverage_gaps, judge
from roster.dutylog.entries import (
    Versioned,
    resolve,
)
from roster.dutylog.handovers import (
    Handover,
    OpenItem,
    handovers,
    open_items,
)
from roster.dutylog.presence import (
    Presence,
    early_window,
    sessions,
    shift_at,
    shifts_around,
)


@dataclass(frozen=True, slots=True)
class DeskRow:
    """A person on the desk's list: rostered on the current (or next) shift, or just present."""

    member: str
    role: str  # "duty", "standby", "next" (the next shift, arriving) or "unrostered"
    attendance: Attendance | None
    session: Presence | None  # the open session, when checked in now

    @property
    def checked_in(self) -> bool:
        return self.session is not None


@dataclass(frozen=True, slots=True)
class DeskView:
    """What the desk of one checkpoint shows at ``now``."""

    checkpoint: Checkpoint
    now: datetime
    shift: Shift | None
    next_shift: Shift | None
    rows: tuple[DeskRow, ...]
    entries: tuple[Versioned, ...]  # the shift's entries, withdrawn ones included
    open_items: tuple[OpenItem, ...]
    unconfirmed: tuple[Handover, ...]
    gaps: tuple[CoverageGap, ...]  # shortfalls going on now (past ones: the daily report)


def desk_view(bundle: Bundle, entries: Sequence[LogEntry], checkpoint_id: str,
              now: datetime) -> DeskView:
    """The desk of ``checkpoint_id`` at ``now``: who should be here, who is, what was noted."""
    cp = bundle.checkpoint(checkpoint_id)
    if cp is None:
        raise KeyError(checkpoint_id)
    shift = shift_at(bundle, cp, now)
    nxt = _next_shift(bundle, cp, shift, now)
    versions = resolve(entries)
    all_sessions, _ = sessions(bundle, [v for v in versions if not v.void], now)
    here = [s for s in all_sessions if s.checkpoint == cp.id]
    rows = _rows(bundle, shift, nxt, here, now)
    lo, hi = (shift.start, shift.end) if shift is not None else (
        now - timedelta(hours=8), now + timedelta(days=1))
    shown = tuple(v for v in versions if v.entry.checkpoint == cp.id and lo <= v.entry.at < hi)
    unconfirmed = tuple(h for h in handovers(versions, cp.id) if not h.confirmed)
    return DeskView(cp, now, shift, nxt, tuple(rows), shown,
                    tuple(open_items(versions, cp.id, now)), unconfirmed,
                    _short_now(bundle, shift, here, now))


def _short_now(bundle: Bundle, shift: Shift | None, here: list[Presence],
               now: datetime) -> tuple[CoverageGap, ...]:
    """The shortfall going on now. One that ended (08:00-08:20, before the second person
    came) is history, for the daily report, not an alert that stays after everyone has
    checked in; a check-in at this very instant ends it (its stretch ends at ``now`` too)."""
    if shift is None:
        return ()
    on_site = sum(1 for s in here if s.start <= now and (s.end is None or s.end > now))
    if on_site >= shift.need:
        return ()
    return tuple(g for g in coverage_gaps(bundle, shift, here, now)
                 if g.end >= min(shift.end, now))


def _next_shift(bundle: Bundle, cp: Checkpoint, shift: Shift | None,
                now: datetime) -> Shift | None:
    """The checkpoint's first shift starting after this one (or after now, between shifts)."""
    after = shift.end if shift else now
    return min((s for s in shifts_around(bundle, cp, now) if s.start >= after),
               key=lambda s: s.start, default=None)


def _on_shift(bundle: Bundle, shift: Shift, role: str) -> list[Assignment]:
    return sorted((a for a in bundle.assignments if a.shift_key == shift.key and a.role == role),
                  key=lambda a: a.member)


def _rows(bundle: Bundle, shift: Shift | None, nxt: Shift | None, here: list[Presence],
          now: datetime) -> list[DeskRow]:
    """The people the desk lists: this shift's duty and standby, the next shift's people in
    its early window, then anyone present nobody rostered."""
    open_now = {s.member: s for s in here if s.end is None}
    wanted: list[tuple[Assignment, str]] = []
    if shift is not None:
        wanted += [(a, role) for role in ("duty", "standby")
                   for a in _on_shift(bundle, shift, role)]
    if nxt is not None and now >= nxt.start - early_window(bundle):
        wanted += [(a, "next") for a in _on_shift(bundle, nxt, "duty")]
    rows: list[DeskRow] = []
    seen: set[str] = set()
    for a, role in wanted:
        if a.member not in seen:
            seen.add(a.member)
            rows.append(DeskRow(a.member, role, judge(bundle, a, here, now),
                                open_now.get(a.member)))
    order = {m.id: i for i, m in enumerate(bundle.members)}
    for member in sorted(open_now, key=lambda m: order.get(m, len(order))):
        if member not in seen:
            seen.add(member)
            rows.append(DeskRow(member, "unrostered", None, open_now[member]))
    return rows


def match_members(bundle: Bundle, query: str, candidates: Sequence[str] | None = None,
                  ) -> list[str]:
    """Members whose name contains ``query``, or whose phone ends with its digits.

    ``candidates`` (member ids) are searched first; the whole team only when none of them
    match, so "3" on a desk finds the one rostered person whose phone ends in 3.
    """
    q = query.strip()
    if not q:
        return []
    digits = q.isdigit()

    def hit(member_id: str) -> bool:
        m = bundle.member(member_id)
        if m is None:
            return False
        if digits:
            phone = "".join(ch for ch in m.phone if ch.isdigit())
            return bool(phone) and phone.endswith(q)
        return q.lower() in m.name.lower() or q.lower() == m.id.lower()

    if candidates:
        found = [c for c in candidates if hit(c)]
        if found:
            return found
    return [m.id for m in bundle.members if hit(m.id)]

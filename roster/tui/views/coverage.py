"""Hour by hour, is each checkpoint staffed as it should be? The data of the coverage view.

A shift grid hides a hole that falls between templates (no shift from 06:00 to 08:00)
or a night shift short by one; a 24-hour strip per day shows it at once. Each hour gets
the worst state of any moment in it: ``uncovered`` (open, but no shift at all), ``empty``
(a shift, nobody on it), ``short`` (fewer than needed), ``full``; ``closed`` when the
checkpoint is not staffed that day. Counting follows the checker: distinct duty members,
each counted up to the shift's need. No Textual here.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import datetime, timedelta

from roster.domain.model import Bundle, Checkpoint, Period, Shift, shifts_in
from roster.domain.timeutil import TimeOfDay, instant_at

FULL = "full"
SHORT = "short"
EMPTY = "empty"
UNCOVERED = "uncovered"
CLOSED = "closed"

#: Worst first.
SEVERITY: dict[str, int] = {UNCOVERED: 4, EMPTY: 3, SHORT: 2, FULL: 1, CLOSED: 0}
#: One-cell glyphs of East Asian width N/Na (they line up in a CJK terminal), distinct
#: without colour: filled, hollow, cross, exclamation, blank.
GLYPHS: dict[str, str] = {FULL: "▮", SHORT: "▯", EMPTY: "✕", UNCOVERED: "!", CLOSED: " "}
STATES: tuple[str, ...] = (FULL, SHORT, EMPTY, UNCOVERED)


def hour_states(bundle: Bundle, period: Period, checkpoint: Checkpoint) -> list[list[str]]:
    """For each day of the period, the 24 hour states of ``checkpoint``."""
    tz = bundle.tz
    first = period.first_day - timedelta(days=1)
    shifts = [s for s in shifts_in(bundle, first, period.days + 1, {checkpoint.id})]
    on: dict[tuple[str, datetime, datetime], set[str]] = defaultdict(set)
    for a in bundle.assignments:
        if a.checkpoint == checkpoint.id and a.role == "duty":
            on[a.shift_key].add(a.member)
    staffed = [(s, min(s.need, len(on.get(s.key, ())))) for s in shifts]
    out: list[list[str]] = []
    for day in period.dates():
        if not checkpoint.is_open_on(day):
            out.append([CLOSED] * 24)
            continue
        row: list[str] = []
        marks = [instant_at(day, TimeOfDay(h * 60), tz) for h in range(25)]
        today = [(s, n) for s, n in staffed if s.start < marks[24] and marks[0] < s.end]
        for h in range(24):
            lo, hi = marks[h], marks[h + 1]
            row.append(_worst(lo, hi, today))
        out.append(row)
    return out


def _worst(lo: datetime, hi: datetime, shifts: list[tuple[Shift, int]]) -> str:
    inside = [(s, n) for s, n in shifts if s.start < hi and lo < s.end]
    cuts = sorted({lo, hi, *(t for s, _ in inside for t in (s.start, s.end) if lo < t < hi)})
    worst = FULL
    for a, b in itertools.pairwise(cuts):
        need = have = 0
        for s, n in inside:
            if s.start < b and a < s.end:
                need += s.need
                have += n
        if need == 0:
            state = UNCOVERED
        elif have == 0:
            state = EMPTY
        elif have < need:
            state = SHORT
        else:
            state = FULL
        if SEVERITY[state] > SEVERITY[worst]:
            worst = state
    return worst

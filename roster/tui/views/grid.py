"""The roster board as data: days × shift columns, each cell's people and its state.

The board widget draws only what is on screen, so it needs any cell in constant time;
this module builds that index once per roster and check (a month of a county's roster is
9,300 cells) and judges nothing itself: a cell's state comes from the checker's
:class:`roster.checker.Report`, the one judge, and is ``pending`` until a report exists.
No Textual here, so the mapping from a roster to what a lead sees is unit-tested.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from roster.checker import (
    MISSING_STANDBY,
    MISSING_TAG,
    UNCOVERED,
    UNDERSTAFFED,
    Gap,
    Report,
    Violation,
)
from roster.domain.model import Assignment, Bundle, Period, Shift, ShiftKey, shifts_in
from roster.domain.rotation import turns
from roster.domain.text import printable

FULL = "full"
SHORT = "short"
TAG = "tag"
BROKEN = "broken"
CLOSED = "closed"
PENDING = "pending"

#: States in the order the legend lists them.
STATES: tuple[str, ...] = (FULL, SHORT, TAG, BROKEN)
#: The symbol of each state: one cell wide everywhere (East Asian width N or Na),
#: so the board reads on a monochrome terminal and lines up in a CJK one.
SYMBOLS: dict[str, str] = {FULL: "✓", SHORT: "!", TAG: "✧", BROKEN: "✗", CLOSED: "-",
                           PENDING: " "}
#: The lock mark: two cells wide in both languages' terminals (a CJK ideograph).
LOCK = "锁"
LOCK_EN = "L"
#: Marks a substitute on a rotated shift (someone outside the crew whose turn it is).
SUBSTITUTE = "替"
SUBSTITUTE_EN = "S"


@dataclass(frozen=True, slots=True)
class Column:
    """One shift template of one checkpoint: a column of the board."""

    checkpoint: str
    name: str
    template: int
    label: str  # "08:00–16:00"
    need: int
    first: bool  # the first column of its checkpoint


@dataclass(frozen=True, slots=True)
class Cell:
    """One shift on one day (``shift`` None: the checkpoint is closed that day)."""

    shift: Shift | None
    duty: tuple[Assignment, ...] = ()
    standby: tuple[Assignment, ...] = ()
    state: str = CLOSED
    gaps: tuple[Gap, ...] = ()
    violations: tuple[Violation, ...] = field(default=())
    #: Bundle v2: the crew whose turn this shift is (its name), and who stands in for it.
    crew: str = ""
    substitutes: frozenset[str] = frozenset()

    @property
    def locked(self) -> bool:
        return any(a.locked for a in (*self.duty, *self.standby))

    @property
    def key(self) -> ShiftKey | None:
        return self.shift.key if self.shift else None


_EMPTY = Cell(None)


def state_of(report: Report | None, gaps: tuple[Gap, ...],
             violations: tuple[Violation, ...]) -> str:
    """A cell's state from what the checker found on its shift (pending: not checked yet)."""
    if report is None:
        return PENDING
    if violations:
        return BROKEN
    kinds = {g.kind for g in gaps}
    if UNDERSTAFFED in kinds or MISSING_STANDBY in kinds:
        return SHORT
    if MISSING_TAG in kinds:
        return TAG
    return FULL


def crew_turns(bundle: Bundle, period: Period,
               shifts: Iterable[Shift]) -> dict[ShiftKey, tuple[str, frozenset[str]]]:
    """Each rotated shift's crew: its name and its members (bundle v2)."""
    if not bundle.crews:
        return {}
    crews = {c.id: c for c in bundle.crews}
    cps = bundle.checkpoints_by_id()
    last = period.first_day + timedelta(days=period.days - 1)
    by_template: dict[tuple[str, int], dict[date, str]] = {}
    out: dict[ShiftKey, tuple[str, frozenset[str]]] = {}
    for s in shifts:
        cp = cps[s.checkpoint]
        if cp.shifts[s.template].rotation is None:
            continue
        key = (cp.id, s.template)
        if key not in by_template:
            by_template[key] = turns(cp, s.template, period.first_day, last)
        crew = crews.get(by_template[key].get(s.day, ""))
        if crew is not None:
            out[s.key] = (printable(crew.name or crew.id), frozenset(crew.members))
    return out


def cell_for(bundle: Bundle, report: Report | None, shift: Shift) -> Cell:
    """One shift's cell without laying out the whole period (the slot editor's header)."""
    on = [a for a in bundle.assignments if a.shift_key == shift.key]
    gaps = tuple(g for g in (report.gaps if report else ()) if g.kind != UNCOVERED
                 and g.key == shift.key)
    violations = tuple(v for v in (report.violations if report else ())
                       if any(a.shift_key == shift.key for a in v.assignments))
    return Cell(shift, tuple(a for a in on if a.role == "duty"),
                tuple(a for a in on if a.role == "standby"),
                state_of(report, gaps, violations), gaps, violations)


class Grid:
    """Every cell of the board for one roster, period and (optional) check report."""

    def __init__(self, bundle: Bundle, period: Period, report: Report | None) -> None:
        self.bundle = bundle
        self.period = period
        self.report = report
        self.days: list[date] = list(period.dates())
        # The board draws segments itself (no Text in between): names are made safe here.
        self.names = {m.id: printable(m.name) for m in bundle.members}
        self.columns: list[Column] = []
        index: dict[tuple[str, int], int] = {}
        for cp in bundle.checkpoints:
            for i, t in enumerate(cp.shifts):
                index[(cp.id, i)] = len(self.columns)
                self.columns.append(Column(cp.id, printable(cp.name), i, t.label(), t.need, i == 0))
        self._shifts: dict[tuple[int, int], Shift] = {}
        self._where: dict[ShiftKey, tuple[int, int]] = {}
        for s in shifts_in(bundle, period.first_day, period.days):
            at = ((s.day - period.first_day).days, index[(s.checkpoint, s.template)])
            self._shifts[at] = s
            self._where[s.key] = at
        self._on: dict[ShiftKey, list[Assignment]] = defaultdict(list)
        for a in bundle.assignments:
            if a.shift_key in self._where:
                self._on[a.shift_key].append(a)
        self._crews = crew_turns(bundle, period, self._shifts.values())
        self._judge(report)

    def with_report(self, report: Report | None) -> Grid:
        """The same roster and period judged by ``report`` (the shifts are not laid out
        again: on a county month that is most of the cost)."""
        other = copy.copy(self)
        other._judge(report)
        return other

    def _judge(self, report: Report | None) -> None:
        self.report = report
        self._gaps: dict[ShiftKey, list[Gap]] = defaultdict(list)
        self._violations: dict[ShiftKey, list[Violation]] = defaultdict(list)
        self.uncovered: list[Gap] = []
        if report is not None:
            for g in report.gaps:
                if g.kind == UNCOVERED:
                    self.uncovered.append(g)
                else:
                    self._gaps[g.key].append(g)
            for v in report.violations:
                for key in dict.fromkeys(a.shift_key for a in v.assignments):
                    self._violations[key].append(v)
        self._cells: dict[tuple[int, int], Cell] = {}

    @property
    def rows(self) -> int:
        return len(self.days)

    def cell(self, row: int, col: int) -> Cell:
        at = (row, col)
        found = self._cells.get(at)
        if found is None:
            found = self._cells[at] = self._build(at)
        return found

    def _build(self, at: tuple[int, int]) -> Cell:
        shift = self._shifts.get(at)
        if shift is None:
            return _EMPTY
        on = self._on.get(shift.key, [])
        duty = tuple(a for a in on if a.role == "duty")
        standby = tuple(a for a in on if a.role == "standby")
        gaps = tuple(self._gaps.get(shift.key, ()))
        violations = tuple(self._violations.get(shift.key, ()))
        crew = self._crews.get(shift.key)
        if crew is None:
            return Cell(shift, duty, standby, self._state(gaps, violations), gaps, violations)
        name, members = crew
        subs = frozenset(a.member for a in duty if a.member not in members)
        return Cell(shift, duty, standby, self._state(gaps, violations), gaps, violations,
                    name, subs)

    def _state(self, gaps: tuple[Gap, ...], violations: tuple[Violation, ...]) -> str:
        return state_of(self.report, gaps, violations)

    def locate(self, key: ShiftKey) -> tuple[int, int] | None:
        """Row and column of a shift of the period, if it is on the board."""
        return self._where.get(key)

    def locate_near(self, checkpoint: str, start: datetime) -> tuple[int, int] | None:
        """The cell of ``checkpoint`` nearest to the instant ``start`` (for an uncovered gap)."""
        cols = [i for i, c in enumerate(self.columns) if c.checkpoint == checkpoint]
        if not cols:
            return None
        day = start.astimezone(self.bundle.tz).date()
        row = min(max((day - self.period.first_day).days, 0), self.rows - 1)
        best = cols[0]
        for i in cols:
            s = self._shifts.get((row, i))
            if s is not None and s.start <= start:
                best = i
        return row, best

    def row_of(self, day: date) -> int | None:
        offset = (day - self.period.first_day).days
        return offset if 0 <= offset < self.rows else None

    def day_of(self, row: int) -> date:
        return self.period.first_day + timedelta(days=row)

    def name(self, member_id: str) -> str:
        return self.names.get(member_id, printable(member_id))

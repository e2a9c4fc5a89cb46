"""The working state of one generate run, and the only way to change it.

Members and shifts are numbered (``i`` a member, ``k`` a shift of the period); each
member has a :class:`~roster.rules.ledger.MemberLedger` holding every duty the rules
must see (the period's, and the neighbours around it). Every placement goes through
:meth:`RosterState.assign` / :meth:`~RosterState.unassign`, which keep the ledgers, the
per-shift rosters and the fairness tallies in step; inside :meth:`RosterState.trial`
they are also recorded, so a tentative change that does not pay off is undone:

    with state.trial() as trial:
        state.unassign(i, k2)
        if state.can(i, k):
            state.assign(i, k)
            trial.keep()          # leaving the block without keep() undoes it all

Whether a member may take a place is asked of :mod:`roster.rules.eligibility` only.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from roster.domain.model import Assignment, Bundle, Member, Period, Shift, ShiftKey, shifts_in
from roster.generator.fairness import Fairness, fairness_classes, is_weekend
from roster.generator.plans import PlanTally
from roster.rules.duties import Duty, RuleSet, duty_of
from roster.rules.eligibility import may_take_duty, on_standby_then
from roster.rules.kinds import Why
from roster.rules.ledger import MemberLedger

#: A standby place of a member: start, end (epoch seconds) and the shift (-1 outside).
StandbySpan = tuple[int, int, int]


def _first_index(ids: Iterable[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, ident in enumerate(ids):
        index.setdefault(ident, i)
    return index


def _lists(n: int) -> list[list[int]]:
    return [[] for _ in range(n)]


def _sets(n: int) -> list[set[int]]:
    return [set() for _ in range(n)]


def _holders(tags: list[frozenset[str]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for mine in tags:
        for t in mine:
            out[t] = out.get(t, 0) + 1
    return out


class Trial:
    """A tentative change: undone when its ``with`` block ends, unless kept."""

    __slots__ = ("kept",)

    def __init__(self) -> None:
        self.kept = False

    def keep(self) -> None:
        self.kept = True


@dataclass
class Outcome:
    """What happens to the bundle's own assignments (filled by loading, read at the end)."""

    untouched: list[Assignment]  # outside the period, or locked
    old_in_period: list[Assignment]  # unlocked in the period, as they were
    kept: dict[tuple[ShiftKey, str, str], Assignment]  # repair: kept as is
    dropped: dict[tuple[ShiftKey, str, str], Why]  # repair: why one had to go
    promoted: set[tuple[int, int]]  # (shift, member) standby made duty
    new_holes: set[int]  # repair: shifts that lost a duty member


class RosterState:
    """Ledgers, rosters per shift and fairness tallies of one run (see the module doc)."""

    def __init__(self, bundle: Bundle, period: Period, *, seed: int, repair: bool,
                 progress: Callable[[float], None] | None = None,
                 now: datetime | None = None) -> None:
        self.bundle = bundle
        self.period = period
        #: Shifts that started before this instant are history: kept exactly as they are.
        self.now = now
        self.seed = seed
        self.repair = repair
        self.progress = progress
        self.rng = random.Random(seed)
        self.rules = RuleSet.of(bundle.rules)
        self.notes: list[str] = []

        self.members: list[Member] = list(bundle.members)
        self.index: dict[str, int] = _first_index(m.id for m in self.members)
        self.ledgers = [MemberLedger(m, self.rules) for m in self.members]
        self.tags = [frozenset(m.tags) for m in self.members]
        n = len(self.members)

        self.shifts: list[Shift] = shifts_in(bundle, period.first_day, period.days)
        self.duties: list[Duty] = [duty_of(s) for s in self.shifts]
        self.shift_index: dict[ShiftKey, int] = {s.key: k for k, s in enumerate(self.shifts)}
        holidays = frozenset(bundle.rules.holidays)
        self.weekend = [is_weekend(s, holidays) for s in self.shifts]
        ns = len(self.shifts)
        #: Crew turns and wishes (bundle v2), counted from the end of loading on.
        self.plan = PlanTally(self)

        # Duty and standby members of each shift (valid assignments of known members only).
        self.roster: list[list[int]] = _lists(ns)
        self.fixed: list[set[int]] = _sets(ns)  # not ours to move
        self.locked: list[set[int]] = _sets(ns)  # never to move
        self.sb_locked: list[set[int]] = _sets(ns)
        self.standby: list[list[int]] = _lists(ns)
        self.standby_fixed: list[set[int]] = _sets(ns)
        # Standby places per member: a duty overlapping one would clash with it.
        self.sb_spans: dict[int, list[StandbySpan]] = {}

        self.fair = Fairness(n)
        # Members with leave or no_nights: the only ones a shift can exclude outright.
        self.constrained = [i for i in range(n)
                            if self.ledgers[i].leave or self.members[i].no_nights]
        self.holders: dict[str, int] = _holders(self.tags)  # members carrying each tag
        self._classes: dict[tuple[object, ...], list[int]] | None = None
        self.kept_movable = False  # repair's last resort: kept assignments may move too
        self._log: list[tuple[int, int, int]] = []  # (+1/-1, member, shift) inside trials
        self._trials = 0
        #: Ledger questions asked so far: the phases' budgets are counted in these.
        self.work = 0
        self.fill_proven = False
        self.out = Outcome([], [], {}, {}, set(), set())

    # --- changes (all through here, so a trial can undo them) -----------------------------

    def assign(self, i: int, k: int) -> None:
        self.ledgers[i].add(self.duties[k])
        self.roster[k].append(i)
        self.plan.placed(i, k, self.duties[k], 1)
        fair = self.fair
        fair.load.tally[i] += 1
        if self.duties[k].night:
            fair.nights.tally[i] += 1
        if self.weekend[k]:
            fair.weekend.tally[i] += 1
        if self._trials:
            self._log.append((1, i, k))

    def unassign(self, i: int, k: int) -> None:
        self.ledgers[i].remove(self.duties[k])
        self.roster[k].remove(i)
        self.plan.placed(i, k, self.duties[k], -1)
        fair = self.fair
        fair.load.tally[i] -= 1
        if self.duties[k].night:
            fair.nights.tally[i] -= 1
        if self.weekend[k]:
            fair.weekend.tally[i] -= 1
        if self._trials:
            self._log.append((-1, i, k))

    @contextmanager
    def trial(self) -> Iterator[Trial]:
        """Changes made inside are undone at the end unless ``keep()`` was called."""
        mark = len(self._log)
        trial = Trial()
        self._trials += 1
        try:
            yield trial
        finally:
            self._trials -= 1
            if not trial.kept:
                self._undo_to(mark)
            if not self._trials:
                self._log.clear()

    def _undo_to(self, mark: int) -> None:
        log = self._log
        depth, self._trials = self._trials, 0  # undoing is not itself recorded
        while len(log) > mark:
            op, i, k = log.pop()
            if op > 0:
                self.unassign(i, k)
            else:
                self.assign(i, k)
        self._trials = depth

    @contextmanager
    def moving_kept(self, allowed: bool = True) -> Iterator[None]:
        """Repair's last resort: inside, kept (unlocked) assignments may move too."""
        self.kept_movable = allowed
        try:
            yield
        finally:
            self.kept_movable = False

    def add_standby(self, i: int, k: int, *, fixed: bool) -> None:
        self.standby[k].append(i)
        if fixed:
            self.standby_fixed[k].add(i)
        d = self.duties[k]
        self.sb_spans.setdefault(i, []).append((d.start, d.end, k))
        self.fair.standby.tally[i] += 1

    def remove_standby(self, i: int, k: int) -> None:
        self.standby[k].remove(i)
        self.standby_fixed[k].discard(i)
        spans = self.sb_spans[i]
        spans[:] = [s for s in spans if s[2] != k]
        self.fair.standby.tally[i] -= 1

    # --- questions ------------------------------------------------------------------------

    def can(self, i: int, k: int) -> bool:
        """May member ``i`` take a duty place on shift ``k``? The rule book decides."""
        self.work += 1
        return may_take_duty(self.ledgers[i], self.duties[k], self.sb_spans.get(i))

    def standby_clash(self, i: int, k: int) -> bool:
        """On standby at some moment of shift ``k`` (its own standby place included)."""
        spans = self.sb_spans.get(i)
        return bool(spans) and on_standby_then(self.duties[k], spans)  # type: ignore[arg-type]

    def movable(self, i: int, k: int) -> bool:
        if self.kept_movable:
            return i not in self.locked[k]
        return i not in self.fixed[k]

    def places(self, k: int) -> int:
        """Duty places of shift ``k`` still empty."""
        return self.shifts[k].need - len(self.roster[k])

    def tag_gap(self, k: int, members: Iterable[int] | None = None) -> dict[str, int]:
        """Required tags shift ``k`` lacks (with ``members`` on it, else its roster)."""
        need = self.shifts[k].need_tags
        if not need:
            return {}
        on = self.roster[k] if members is None else list(members)
        out: dict[str, int] = {}
        for tag, want in need.items():
            have = sum(1 for i in on if tag in self.tags[i])
            if have < want:
                out[tag] = want - have
        return out

    def tag_deficit(self, k: int) -> int:
        return sum(self.tag_gap(k).values())

    def tags_met(self, k: int) -> int:
        need = self.shifts[k].need_tags
        on = self.roster[k]
        return sum(min(want, sum(1 for i in on if tag in self.tags[i]))
                   for tag, want in need.items())

    def filled(self) -> int:
        return sum(min(s.need, len(self.roster[k])) for k, s in enumerate(self.shifts))

    def statically_out(self, d: Duty, members: Iterable[int]) -> list[int]:
        """Members who cannot work ``d`` whatever else happens (leave, no nights)."""
        out = []
        for i in members:
            m = self.members[i]
            if (d.night and m.no_nights) or (self.ledgers[i].leave
                                            and self.rules.on_leave(self.ledgers[i].leave, d)):
                out.append(i)
        return out

    def fair_order(self, members: Iterable[int]) -> list[int]:
        """Furthest behind their load share first."""
        dev = self.fair.load.dev
        return sorted(members, key=lambda i: (dev(i), i))

    def classes(self) -> dict[tuple[object, ...], list[int]]:
        """Fairness classes (:func:`fairness_classes`) as member numbers."""
        if self._classes is None:
            ids = fairness_classes(self.bundle, self.period)
            self._classes = {key: [self.index[m] for m in members if m in self.index]
                             for key, members in ids.items()}
        return self._classes

    def fairness_key(self) -> tuple[float, float]:
        """(spread beyond one within a class, weighted squares of the shares): lower is fairer.

        Within a class (same availability) shifts and nights are compared as counted (plus
        the history offset); the squares compare everyone's distance from their share.
        """
        load, nights = self.fair.load, self.fair.nights
        excess = 0.0
        for members in self.classes().values():
            if len(members) < 2:
                continue
            loads = [load.tally[i] + load.base[i] for i in members]
            counts = [nights.tally[i] + nights.base[i] for i in members]
            excess += max(0.0, max(loads) - min(loads) - 1 - 1e-9)
            excess += max(0.0, max(counts) - min(counts) - 1 - 1e-9)
        return (round(excess, 6), round(self.fair.squares(len(self.members)), 6))

    def report(self, fraction: float) -> None:
        if self.progress is not None:
            self.progress(fraction)

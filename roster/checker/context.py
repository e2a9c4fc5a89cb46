"""One check's working state: the period's shifts materialised once, assignments indexed.

:class:`Context` decides *which* shifts and assignments a check looks at (the spec's
period semantics, the neighbours outside the period that still matter); ``gaps.py`` and
``violations.py`` judge with it; its ``candidates`` name who could fill a gap, asking
:mod:`roster.rules.eligibility` only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from roster.checker.report import CANDIDATES_PER_GAP, MISSING_STANDBY, UNCOVERED, Gap, Violation
from roster.domain.model import (
    Assignment,
    Bundle,
    Checkpoint,
    Member,
    Period,
    Shift,
    materialise,
)
from roster.domain.timeutil import TimeOfDay, instant_at
from roster.rules import INVALID_ASSIGNMENT, Duty, MemberLedger, RuleSet, duty_of
from roster.rules.eligibility import may_take

# A materialised shift lasts at most a day plus a clock change.
_LONGEST_SHIFT = 26 * 3600


def _prefer_unlocked(choices: Sequence[Assignment]) -> Assignment | None:
    """The first of ``choices`` (in order of preference) a person has not locked."""
    for a in choices:
        if not a.locked:
            return a
    return choices[0] if choices else None


def _hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


#: A shift by (checkpoint, start, end) in epoch seconds: hashing ints is far cheaper than
#: hashing a few thousand aware datetimes for the first time.
_IntKey = tuple[str, int, int]
#: One of a member's assignments as the rules see it, and whether it starts in the period.
_Placed = tuple[Duty, Assignment, bool]


def _placed_order(p: _Placed) -> tuple[int, int, str]:
    return (p[0].start, p[0].end, p[1].checkpoint)


def _by_start(s: Shift) -> datetime:
    return s.start


class Context:
    """One check's working state: shifts materialised once, assignments grouped by member."""


    def __init__(self, bundle: Bundle, period: Period) -> None:
        self.bundle = bundle
        self.period = period
        self.tz = bundle.tz
        self.rs = RuleSet.of(bundle.rules)
        self.members: dict[str, Member] = bundle.members_by_id()
        self.checkpoints: dict[str, Checkpoint] = bundle.checkpoints_by_id()
        self.p0 = int(period.start.timestamp())
        self.p1 = int(period.end.timestamp())
        self.first_day = period.first_day
        self.last_day = period.first_day + timedelta(days=period.days - 1)
        self._ledgers: dict[str, MemberLedger] = {}
        self._load_order: list[Member] | None = None

        # Every shift materialised for this check gets a number; per-shift tallies are ints
        # in dicts keyed by it. Ints are not tracked by the garbage collector, and a month
        # of a county roster otherwise sets off full collections that cost a third of a
        # check.
        self.shifts: list[Shift] = []
        self.index: dict[_IntKey, int] = {}
        self._duties: dict[int, Duty] = {}
        self._loaded: dict[str, set[date]] = defaultdict(set)
        # Shifts of the period's days and of the day before (whose night shift reaches in).
        near_days = _days(self.first_day - timedelta(days=1), self.last_day)
        for cp in bundle.checkpoints:
            self._load(cp, near_days)
        self.coverage: list[int] = [i for i, s in enumerate(self.shifts)
                                    if s.start < period.end and period.start < s.end]

        # The window of assignments a period's rules can see: rest/overlap neighbours and
        # every day of the ISO weeks the period touches. Night runs may reach further
        # (see _far_nights).
        reach_days = timedelta(days=(self.rs.min_rest + _LONGEST_SHIFT) // 86400 + 2)
        week_first = self.first_day - timedelta(days=self.first_day.weekday())
        week_last = self.last_day + timedelta(days=6 - self.last_day.weekday())
        self.win_first = min(week_first, self.first_day - reach_days)
        self.win_last = max(week_last, self.last_day + reach_days)
        w0 = int(instant_at(self.win_first, TimeOfDay(0), self.tz).timestamp())
        w1 = int(instant_at(self.win_last + timedelta(days=1), TimeOfDay(0), self.tz)
                 .timestamp())

        self.invalid: list[Violation] = []
        self.far: dict[str, list[Assignment]] = defaultdict(list)
        # Per member and role, shift number → assignment: a second assignment of the same
        # member to the same shift in the same role counts once. (The rules' sorted view of
        # a member is built when it is judged, and dropped after.)
        self.duty_by: dict[str, dict[int, Assignment]] = defaultdict(dict)
        self.standby_by: dict[str, dict[int, Assignment]] = defaultdict(dict)
        # Coverage tallies: distinct duty members, standby members, duty members per tag.
        self.duty_count: dict[int, int] = {}
        self.standby_count: dict[int, int] = {}
        wanted = bundle.asked_tags()
        self.tag_count: dict[str, dict[int, int]] = {tag: {} for tag in wanted}
        tags_of = {m.id: [t for t in m.tags if t in wanted] for m in bundle.members}

        self.in_period_count = self._index(bundle.assignments, (w0, w1), tags_of)

    def _index(self, assignments: Iterable[Assignment], window: tuple[int, int],
               tags_of: Mapping[str, list[str]]) -> int:
        """Group the assignments a check can see by member; returns how many are in the
        period. Invalid ones in the period become violations; far ones are kept aside."""
        in_period = 0
        index, shifts, members = self.index, self.shifts, self.members
        p0, p1 = self.p0, self.p1
        w0, w1 = window
        for a in assignments:
            start = int(a.start.timestamp())
            inside = p0 <= start < p1
            in_period += inside
            if not w0 <= start < w1:
                if a.role == "duty" and a.member in members:
                    self.far[a.member].append(a)
                continue
            i = index.get((a.checkpoint, start, int(a.end.timestamp())))
            if i is None or shifts[i].start != a.start or shifts[i].end != a.end:
                i = self.resolve(a)
            if i is None or a.member not in members:
                if inside:
                    self.invalid.append(self._invalid(a, i))
                continue
            self._tally(a, i, tags_of[a.member])
        return in_period

    def _tally(self, a: Assignment, i: int, tags: list[str]) -> None:
        """Count ``a`` toward shift ``i`` once per member and role."""
        if a.role == "duty":
            placed = self.duty_by[a.member]
            if i in placed:
                return
            placed[i] = a
            self.duty_count[i] = self.duty_count.get(i, 0) + 1
            for tag in tags:
                counts = self.tag_count[tag]
                counts[i] = counts.get(i, 0) + 1
        else:
            placed = self.standby_by[a.member]
            if i not in placed:
                placed[i] = a
                self.standby_count[i] = self.standby_count.get(i, 0) + 1

    def _load(self, cp: Checkpoint, days: Iterable[date]) -> None:
        loaded = self._loaded[cp.id]
        todo = [d for d in days if d not in loaded]
        loaded.update(todo)
        for shift in materialise(cp, todo, self.bundle.rules, self.tz):
            key = (shift.checkpoint, int(shift.start.timestamp()), int(shift.end.timestamp()))
            self.index[key] = len(self.shifts)
            self.shifts.append(shift)

    def number(self, checkpoint: str, start: datetime, end: datetime) -> int | None:
        """The number of the shift exactly ``[start, end)`` of ``checkpoint``, if loaded."""
        i = self.index.get((checkpoint, int(start.timestamp()), int(end.timestamp())))
        if i is None or self.shifts[i].start != start or self.shifts[i].end != end:
            return None
        return i

    def placed(self, slots: Mapping[int, Assignment]) -> list[_Placed]:
        """A member's assignments as the rules see them, in time order."""
        out = []
        for i, a in slots.items():
            duty = self.duty_at(i)
            out.append((duty, a, self.p0 <= duty.start < self.p1))
        out.sort(key=_placed_order)
        return out

    def duty_at(self, i: int) -> Duty:
        """The rules' view of shift ``i``, made once."""
        duty = self._duties.get(i)
        if duty is None:
            duty = self._duties[i] = duty_of(self.shifts[i])
        return duty

    def resolve(self, a: Assignment) -> int | None:
        """The shift ``a`` names, materialising its days if need be; None if there is none."""
        cp = self.checkpoints.get(a.checkpoint)
        if cp is None:
            return None
        day = a.start.astimezone(self.tz).date()
        self._load(cp, (day - timedelta(days=1), day))
        return self.number(a.checkpoint, a.start, a.end)

    def _invalid(self, a: Assignment, shift: int | None) -> Violation:
        reasons = []
        if a.member not in self.members:
            reasons.append("unknown_member")
        if a.checkpoint not in self.checkpoints:
            reasons.append("unknown_checkpoint")
        elif shift is None:
            reasons.append("not_a_shift")
        return Violation(INVALID_ASSIGNMENT, a.member, (a,), {"reasons": reasons}, a)

    def candidates(self, gap: Gap, limit: int) -> tuple[str, ...]:
        """Members who could take ``gap``'s shift (in its role) breaking no rule, best first."""
        if gap.kind == UNCOVERED:
            return ()
        i = self.number(gap.checkpoint, gap.start, gap.end)
        if i is None:
            return ()
        duty = self.duty_at(i)
        standby = gap.kind == MISSING_STANDBY
        found: list[str] = []
        for member in self._by_load():
            if gap.tag is not None and gap.tag not in member.tags:
                continue
            if self._could_take(member, i, duty, standby=standby):
                found.append(member.id)
                if len(found) >= limit:
                    break
        return tuple(found)

    def _by_load(self) -> list[Member]:
        """Members, fewest duties starting in the period first (then by id)."""
        if self._load_order is None:
            load = {m: sum(1 for i in slots if self.p0 <= self.duty_at(i).start < self.p1)
                    for m, slots in self.duty_by.items()}
            self._load_order = sorted(self.bundle.members,
                                      key=lambda m: (load.get(m.id, 0), m.id))
        return self._load_order

    def _ledger(self, member: Member) -> MemberLedger:
        ledger = self._ledgers.get(member.id)
        if ledger is None:
            ledger = self._ledgers[member.id] = MemberLedger(member, self.rs)
            for i in self.duty_by.get(member.id, ()):
                ledger.add(self.duty_at(i))
        return ledger

    def _could_take(self, member: Member, i: int, duty: Duty, *, standby: bool) -> bool:
        if standby:
            if i in self.standby_by.get(member.id, ()):
                return False
            return may_take(self._ledger(member), duty, "standby")
        places = self.standby_by.get(member.id)
        spans = [(d.start, d.end) for d in map(self.duty_at, places)] if places else ()
        return may_take(self._ledger(member), duty, "duty", spans)


def with_candidates(ctx: Context, gaps: list[Gap], budget: int) -> list[Gap]:
    """The first ``budget`` fillable gaps with the members who could fill them."""
    out: list[Gap] = []
    for g in gaps:
        if budget > 0 and g.kind != UNCOVERED:
            budget -= 1
            g = replace(g, candidates=ctx.candidates(g, CANDIDATES_PER_GAP), searched=True)
        out.append(g)
    return out

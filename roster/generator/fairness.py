"""Fairness: four measures of each member's load, their fair shares, and the objective.

A member's *deviation* on a measure is what they have (plus an offset from the weeks
before the period) minus the share they have accrued so far: the share grows batch by
batch, only while the member could work (leave takes a member out of every share,
``no_nights`` out of the night share only). Lower is further behind, so greedy choices
go to the most negative first. The four measures are one :class:`Measure` each, so a
new measure (wishes, crew turns) is a new instance, not a new family of arrays.

The objective the exact search and the polish minimise is data (:data:`OBJECTIVE`): the
weighted squares of the deviations, load first, then nights, then weekends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from roster.domain.model import Bundle, Member, Period, Shift

#: Days before the period whose shifts count toward fairness.
HISTORY_DAYS = 28


class Measure:
    """One fairness measure over the members: what each has and their share so far."""

    __slots__ = ("acc", "base", "hist", "miss", "name", "tally")

    def __init__(self, name: str, members: int) -> None:
        self.name = name
        self.tally = [0] * members  # in the period, now
        self.hist = [0] * members  # in the HISTORY_DAYS before it
        self.base = [0.0] * members  # history offsets of the deviation
        self.acc = 0.0  # the share accrued by a member who was always available...
        self.miss = [0.0] * members  # ...less what each member missed while away

    def dev(self, i: int) -> float:
        return self.base[i] + self.tally[i] - (self.acc - self.miss[i])

    def accrue(self, share: float, away: list[int] | set[int]) -> None:
        self.acc += share
        for i in away:
            self.miss[i] += share

    def offsets(self, share: list[float], worked: set[int]) -> None:
        """History offsets: ahead of the team's rate before the period starts ahead."""
        total = sum(share[i] for i in worked)
        rate = sum(self.hist[i] for i in worked) / total if total else 0.0
        self.base = [self.hist[i] - rate * share[i] if i in worked else 0.0
                     for i in range(len(self.hist))]


@dataclass(frozen=True, slots=True)
class Term:
    """One term of the fairness objective: the weighted square of a measure's deviation."""

    measure: str
    weight: float


#: The fairness objective, lowest is fairest: load first, then nights, then weekends
#: (standby has its own order when standby places are filled, and no term here).
OBJECTIVE: tuple[Term, ...] = (Term("load", 4.0), Term("nights", 2.0), Term("weekend", 1.0))
WEIGHT = {t.measure: t.weight for t in OBJECTIVE}


class Fairness:
    """The four measures of a run, and the objective over them."""

    __slots__ = ("load", "nights", "standby", "weekend")

    def __init__(self, members: int) -> None:
        self.load = Measure("load", members)
        self.nights = Measure("nights", members)
        self.weekend = Measure("weekend", members)
        self.standby = Measure("standby", members)

    def squares(self, members: int) -> float:
        """The objective: weighted squares of every member's deviations."""
        load, nights, weekend = self.load.dev, self.nights.dev, self.weekend.dev
        w_load, w_nights, w_weekend = WEIGHT["load"], WEIGHT["nights"], WEIGHT["weekend"]
        return sum(w_load * load(i) ** 2 + w_nights * nights(i) ** 2
                   + w_weekend * weekend(i) ** 2 for i in range(members))

    def move_delta(self, a: int, b: int, night: bool, weekend: bool) -> float:
        """Change of the objective if one shift moves from member ``a`` to member ``b``."""
        da, db = self.load.dev(a), self.load.dev(b)
        delta = WEIGHT["load"] * (2 * (db - da) + 2)
        if night:
            delta += WEIGHT["nights"] * (2 * (self.nights.dev(b) - self.nights.dev(a)) + 2)
        if weekend:
            delta += WEIGHT["weekend"] * (2 * (self.weekend.dev(b) - self.weekend.dev(a)) + 2)
        return delta


def leave_seconds(member: Member, start: datetime, end: datetime) -> float:
    """Seconds of ``[start, end)`` the member is on leave (overlapping spans merged)."""
    spans = sorted((max(s.start, start), min(s.end, end)) for s in member.unavailable
                   if s.start < end and start < s.end)
    total = 0.0
    cur_s: datetime | None = None
    cur_e: datetime | None = None
    for s, e in spans:
        if cur_e is None or s > cur_e:
            if cur_s is not None and cur_e is not None:
                total += (cur_e - cur_s).total_seconds()
            cur_s, cur_e = s, e
        elif e > cur_e:
            cur_e = e
    if cur_s is not None and cur_e is not None:
        total += (cur_e - cur_s).total_seconds()
    return total


def is_weekend(shift: Shift, holidays: frozenset[object]) -> bool:
    return shift.day.weekday() >= 5 or shift.day in holidays


def fairness_classes(bundle: Bundle, period: Period) -> dict[tuple[object, ...], list[str]]:
    """Members grouped by everything that makes their fair share differ.

    Two members are in one class when they carry the same tags that any shift asks for,
    both or neither have ``no_nights``, they have the same weekly cap, the same time on
    leave in the period and the same crew (or none). Within a class the generator aims at
    shifts and nights that differ by at most one.
    """
    wanted = bundle.asked_tags()
    crew_of = {m: c.id for c in bundle.crews for m in c.members}
    out: dict[tuple[object, ...], list[str]] = {}
    for m in bundle.members:
        key = (tuple(sorted(t for t in m.tags if t in wanted)), m.no_nights,
               m.weekly_cap(bundle.rules), round(leave_seconds(m, period.start, period.end)),
               crew_of.get(m.id, ""))
        out.setdefault(key, []).append(m.id)
    return out

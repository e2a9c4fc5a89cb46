"""Bundle v2's goals in a run: rotated places held by the crew whose turn it is, and wishes.

:class:`PlanTally` keeps both counts in step with every placement (the state calls it
from ``assign``/``unassign``), so any phase can ask "did this move cost a crew place or a
wish?" in constant time. Its :meth:`~PlanTally.key` sits in the objective after places
and tags and before fairness (``shared/spec/bundle.md``, "What generate aims for (v2)").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from roster.domain.plans import Wish
from roster.domain.rotation import turns
from roster.rules.duties import Duty

if TYPE_CHECKING:
    from roster.generator.state import RosterState


@dataclass(slots=True)
class WishSlot:
    """One wish of a member, as the run counts it: the member's duties overlapping it."""

    member: int
    wish: Wish
    start: int
    end: int
    on: bool
    weight: int
    hits: int = 0

    @property
    def met(self) -> bool:
        return self.hits > 0 if self.on else self.hits == 0

    def overlaps(self, d: Duty) -> bool:
        return d.start < self.end and self.start < d.end


class PlanTally:
    """Crew places held and wish weight met, kept as placements come and go."""

    def __init__(self, st: RosterState) -> None:
        bundle = st.bundle
        crew_ids = [c.id for c in bundle.crews]
        crew_index = {c: n for n, c in enumerate(crew_ids)}
        self.crew_members: list[frozenset[int]] = [
            frozenset(st.index[m] for m in c.members if m in st.index) for c in bundle.crews]
        self.member_crew = [-1] * len(st.members)
        for n, members in enumerate(self.crew_members):
            for i in members:
                self.member_crew[i] = n
        self.turn = self._turns(st, crew_index)
        #: Crews that hold some rotated shift of the period (their days off stay off).
        self.rotating = {n for n in self.turn if n >= 0}
        self.rotating_members: set[int] = {i for n in self.rotating
                                           for i in self.crew_members[n]}
        self.wishes = self._wishes(st)
        self.by_member: dict[int, list[WishSlot]] = {}
        for slot in self.wishes:
            self.by_member.setdefault(slot.member, []).append(slot)
        #: Whether any crew rotates or anyone wishes: else every question here is moot.
        self.active_goals = bool(self.rotating or self.wishes)
        self.held = 0
        self.off_turn = 0
        self.weight_met = 0
        self.active = False

    @staticmethod
    def _wishes(st: RosterState) -> list[WishSlot]:
        """The members' wishes that overlap the period."""
        p0, p1 = int(st.period.start.timestamp()), int(st.period.end.timestamp())
        out = []
        for i, m in enumerate(st.members):
            for w in m.wishes:
                s, e = int(w.start.timestamp()), int(w.end.timestamp())
                if s < p1 and p0 < e:
                    out.append(WishSlot(i, w, s, e, w.want == "on", w.weight))
        return out

    @staticmethod
    def _turns(st: RosterState, crew_index: dict[str, int]) -> list[int]:
        out = [-1] * len(st.shifts)
        if not crew_index:
            return out
        cps = st.bundle.checkpoints_by_id()
        first = st.period.first_day
        last = first.fromordinal(first.toordinal() + st.period.days - 1)
        cache: dict[tuple[str, int], dict[date, str]] = {}
        for k, s in enumerate(st.shifts):
            cp = cps[s.checkpoint]
            if cp.shifts[s.template].rotation is None:
                continue
            key = (cp.id, s.template)
            if key not in cache:
                cache[key] = turns(cp, s.template, first, last)
            crew = cache[key].get(s.day)
            out[k] = -1 if crew is None else crew_index.get(crew, -1)
        return out

    def start(self, st: RosterState) -> None:
        """Count from the state as loaded; from now on every placement updates the counts."""
        self.held = sum(1 for k, n in enumerate(self.turn) if n >= 0
                        for i in st.roster[k] if self.member_crew[i] == n)
        self.off_turn = sum(1 for k, on in enumerate(st.roster) for i in on
                            if self.off_duty_crew(i) and not self.in_crew_turn(i, k))
        for i, slots in self.by_member.items():
            for slot in slots:
                slot.hits = sum(1 for d in st.ledgers[i].duties if slot.overlaps(d))
        self.weight_met = sum(w.weight for w in self.wishes if w.met)
        self.active = True

    def placed(self, i: int, k: int, d: Duty, sign: int) -> None:
        if not self.active:
            return
        n = self.turn[k]
        if n >= 0 and self.member_crew[i] == n:
            self.held += sign
        elif self.member_crew[i] in self.rotating:
            self.off_turn += sign
        slots = self.by_member.get(i)
        if slots:
            for slot in slots:
                if slot.overlaps(d):
                    before = slot.met
                    slot.hits += sign
                    if slot.met != before:
                        self.weight_met += slot.weight if slot.met else -slot.weight

    def key(self) -> tuple[int, int, int]:
        """(crew places held, wish weight met, minus places of rotating crews off their
        turns): higher is better, after places and tags and before the rest of fairness."""
        return (self.held, self.weight_met, -self.off_turn)

    def in_crew_turn(self, i: int, k: int) -> bool:
        n = self.turn[k]
        return n >= 0 and self.member_crew[i] == n

    def off_duty_crew(self, i: int) -> bool:
        """Member of a rotating crew: outside its turns, a last resort."""
        return self.member_crew[i] in self.rotating

    def may_receive(self, i: int, k: int, d: Duty) -> bool:
        """Whether giving member ``i`` shift ``k`` costs no crew day off and no wish."""
        if self.off_duty_crew(i) and not self.in_crew_turn(i, k):
            return False
        return self.wish_rank(i, d) <= 0

    def wish_rank(self, i: int, d: Duty) -> int:
        """How much taking ``d`` costs member ``i``'s wishes: the weight of off wishes it
        breaks, minus (as -1) an on wish it would meet."""
        slots = self.by_member.get(i)
        if not slots:
            return 0
        rank = 0
        for slot in slots:
            if slot.overlaps(d):
                if slot.on:
                    if slot.hits == 0:
                        rank -= 1
                else:
                    rank += slot.weight
        return rank

    def settled(self, st: RosterState) -> bool:
        """Every wish met and every rotated place held by its crew: nothing to gain."""
        if self.weight_met < sum(w.weight for w in self.wishes):
            return False
        return all(self.member_crew[i] == n for k, n in enumerate(self.turn) if n >= 0
                   for i in st.roster[k])

    def unmet(self) -> Sequence[WishSlot]:
        return [w for w in self.wishes if not w.met]

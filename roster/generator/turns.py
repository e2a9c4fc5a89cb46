"""Crew turns and wishes, after places and tags: put the crew back on its turns, then meet
as much wish weight as the rules allow, heaviest first.

Each move is a :meth:`~roster.generator.state.RosterState.trial` kept only when it loses
no place and no required tag and raises :meth:`~roster.generator.plans.PlanTally.key`
(crew places held, then wish weight met), so fairness, which comes after, never pays for
a wish with a crew place or a place with a wish.
"""

from __future__ import annotations

from roster.generator.polish import essential_tags, movable_shifts
from roster.generator.state import RosterState

#: Ledger questions the phase may ask.
PLAN_WORK = 150_000
#: Members (fairest first) asked to take one shift off someone's hands for an off wish.
OFF_WISH_TRIES = 60


def _better(st: RosterState, before: tuple[int, int, int], tags: int, shifts: list[int]) -> bool:
    return (st.plan.key() > before
            and sum(st.tag_deficit(k) for k in shifts) <= tags)


class PlanPolish:
    """Crew places first, then wishes by weight (see the module docstring)."""

    name = "plans"

    def run(self, st: RosterState, budget: int) -> None:
        plan = st.plan
        if not plan.rotating and not plan.wishes:
            return
        limit = st.work + budget
        if plan.rotating:
            for k, n in enumerate(plan.turn):
                if n >= 0 and st.work < limit:
                    hold_turn(st, k, n)
        for slot in sorted(plan.unmet(), key=lambda w: (-w.weight, w.start, w.member)):
            if st.work >= limit:
                break
            if slot.met:
                continue
            if slot.on:
                meet_on_wish(st, slot.member, slot.start, slot.end)
            else:
                meet_off_wish(st, slot.member, slot.start, slot.end)


def hold_turn(st: RosterState, k: int, n: int) -> None:
    """Put crew ``n`` on its turn ``k`` in place of substitutes where the rules allow: a
    crew member straight in, or trading one of their own shifts to the substitute."""
    crew = st.plan.crew_members[n]
    for j in [j for j in st.roster[k] if j not in crew and st.movable(j, k)]:
        for c in st.fair_order(c for c in crew if c not in st.roster[k]):
            if _swap_in(st, k, j, c) or _trade_for(st, k, j, c):
                break


def _swap_in(st: RosterState, k: int, out: int, into: int) -> bool:
    # Whether ``into`` may take ``k`` does not depend on ``out`` (another member's ledger).
    if not st.can(into, k):
        return False
    before, tags = st.plan.key(), st.tag_deficit(k)
    with st.trial() as trial:
        st.unassign(out, k)
        st.assign(into, k)
        if _better(st, before, tags, [k]):
            trial.keep()
            return True
    return False


def _trade_for(st: RosterState, k: int, j: int, c: int) -> bool:
    """``c`` takes ``k`` from ``j``, and ``j`` takes the one of ``c``'s shifts nearby
    that kept ``c`` off it."""
    d = st.duties[k]
    near = [k2 for k2 in movable_shifts(st, c) if abs(st.duties[k2].day - d.day) <= 2
            and j not in st.roster[k2]]
    for k2 in near:
        before = st.plan.key()
        tags = st.tag_deficit(k) + st.tag_deficit(k2)
        with st.trial() as trial:
            st.unassign(j, k)
            st.unassign(c, k2)
            if st.can(c, k):
                st.assign(c, k)
                if st.can(j, k2):
                    st.assign(j, k2)
                    if _better(st, before, tags, [k, k2]):
                        trial.keep()
                        return True
    return False


def _overlapping(st: RosterState, start: int, end: int) -> list[int]:
    return [k for k, d in enumerate(st.duties) if d.start < end and start < d.end]


def meet_off_wish(st: RosterState, i: int, start: int, end: int) -> None:
    """Give each of ``i``'s shifts inside the wish to someone else (fairest first)."""
    plan = st.plan
    for k in [k for k in movable_shifts(st, i) if st.duties[k].start < end
              and start < st.duties[k].end]:
        d = st.duties[k]
        needed = essential_tags(st, i, k)
        others = st.fair_order(b for b in range(len(st.members))
                               if b != i and b not in st.roster[k]
                               and all(t in st.tags[b] for t in needed)
                               and plan.may_receive(b, k, d))
        for b in others[:OFF_WISH_TRIES]:
            if _swap_in(st, k, i, b):
                break


def meet_on_wish(st: RosterState, i: int, start: int, end: int) -> None:
    """Put ``i`` on a shift inside the wish: an empty place, else in someone's stead."""
    for k in _overlapping(st, start, end):
        if i in st.roster[k]:
            return
        if st.places(k) > 0 and st.can(i, k):
            st.assign(i, k)
            return
        for j in [j for j in st.roster[k] if st.movable(j, k)]:
            if _swap_in(st, k, j, i):
                return

"""Greedy fill: chronological, batch by batch, whoever is furthest behind their share first.

Shifts with identical times (a hundred checkpoints' 08:00-16:00 on one day) are one
batch: a member's eligibility is the same for all of them, so the rules are asked about
a member once per batch, and only until the batch is full. Walking the batches in time
order lets the running fairness score steer each choice (for a night batch, the night
share leads). In a batch the tag-required places are filled first, scarcest tag first,
from that tag's holders; places a missing tag still needs are left for gap closing.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from roster.generator.state import RosterState


def batches(st: RosterState) -> list[list[int]]:
    """Shifts grouped by identical times, in time order."""
    groups: dict[tuple[int, int, bool, int], list[int]] = {}
    for k, d in enumerate(st.duties):
        groups.setdefault((d.start, d.end, d.night, d.day), []).append(k)
    return [groups[key] for key in sorted(groups)]


def accrue(st: RosterState, batch: list[int]) -> None:
    """Add this batch's places to the fair share of everyone who could work it.

    Leave takes a member out of the load (and weekend and standby) share; ``no_nights``
    only out of the night share, so such a member carries the same load in day shifts.
    """
    n = len(st.members)
    if not n:
        return
    d = st.duties[batch[0]]
    places = sum(st.shifts[k].need for k in batch)
    sb_places = sum(st.shifts[k].standby for k in batch)
    away = [i for i in st.constrained
            if st.ledgers[i].leave and st.rules.on_leave(st.ledgers[i].leave, d)]
    crews = st.plan.rotating_members
    if crews:
        # Rotating crews share their own turns only (see crew_shares).
        away = sorted(set(away) | crews)
        places = sum(st.shifts[k].need for k in batch if st.plan.turn[k] < 0)
        crew_shares(st, batch)
    if len(away) >= n:
        return
    share = places / (n - len(away))
    fair = st.fair
    fair.load.accrue(share, away)
    fair.standby.accrue(sb_places / (n - len(away)), away)
    if st.weekend[batch[0]]:
        fair.weekend.accrue(share, away)
    if d.night:
        no_nights = set(st.statically_out(d, st.constrained)) | crews
        if len(no_nights) < n:
            fair.nights.accrue(places / (n - len(no_nights)), no_nights)


def crew_shares(st: RosterState, batch: list[int]) -> None:
    """Each member of the crew whose turn a shift is accrues an equal part of its places."""
    fair = st.fair
    for k in batch:
        n = st.plan.turn[k]
        if n < 0 or not st.plan.crew_members[n]:
            continue
        members = st.plan.crew_members[n]
        part = st.shifts[k].need / len(members)
        measures = [fair.load]
        if st.duties[k].night:
            measures.append(fair.nights)
        if st.weekend[k]:
            measures.append(fair.weekend)
        for measure in measures:
            for i in members:
                measure.miss[i] -= part


def batch_order(st: RosterState, rep: int) -> list[int]:
    """Everyone, furthest behind their fair share first; random among equals.

    For a night batch the night share leads and the load share breaks ties, so that
    nights spread evenly; on a weekend the weekend share joins the tie-break.
    """
    n = len(st.members)
    floor = math.floor
    rnd = st.rng.random
    load_m = st.fair.load
    base, count, miss, acc = load_m.base, load_m.tally, load_m.miss, load_m.acc - 1e-9
    load = [floor(base[i] + count[i] - acc + miss[i]) for i in range(n)]
    if st.weekend[rep]:
        w = st.fair.weekend
        base_w, weekends, miss_w, acc_w = w.base, w.tally, w.miss, w.acc - 1e-9
        extra = [floor(base_w[i] + weekends[i] - acc_w + miss_w[i]) for i in range(n)]
    else:
        extra = [0] * n
    if st.duties[rep].night:
        nm = st.fair.nights
        base_n, nights, miss_n, acc_n = nm.base, nm.tally, nm.miss, nm.acc - 1e-9
        keyed = [(floor(base_n[i] + nights[i] - acc_n + miss_n[i]), load[i] + extra[i],
                  rnd(), i) for i in range(n)]
    else:
        keyed = [(load[i], extra[i], rnd(), i) for i in range(n)]
    keyed.sort()
    return [t[3] for t in keyed]


def fill_batch(st: RosterState, open_shifts: list[int], order: list[int]) -> None:
    """Fill shifts of identical times from ``order``, asking the rules only as needed."""
    rep = open_shifts[0]
    free: dict[int, bool] = {}
    used: set[int] = set()

    def take(i: int, k: int) -> bool:
        if i in used:
            return False
        ok = free.get(i)
        if ok is None:
            # Someone held to some checkpoints is judged shift by shift, not by the batch.
            ok = free[i] = (st.members[i].only_checkpoints is not None or st.can(i, rep)
                            or i in st.roster[rep])
        if not ok or i in st.roster[k] or not st.can(i, k):
            return False
        st.assign(i, k)
        used.add(i)
        return True

    if st.plan.rotating:
        crew_turns(st, open_shifts, order, take)
    # Tagged places first, scarcest tag first, each from that tag's holders in order.
    wanted = sorted({t for k in open_shifts for t in st.tag_gap(k)},
                    key=lambda t: (st.holders.get(t, 0), t))
    for tag in wanted:
        holders = [i for i in order if tag in st.tags[i]]
        pos = 0
        for k in open_shifts:
            need = st.tag_gap(k).get(tag, 0)
            while need > 0 and st.places(k) > 0 and pos < len(holders):
                pos += 1
                if take(holders[pos - 1], k):
                    need -= 1
    # The rest from everyone, except places a missing tag still needs: those wait for
    # the gap-closing phase, which can move a holder in before anyone else takes them.
    pos = 0
    for k in open_shifts:
        while st.places(k) > sum(st.tag_gap(k).values()) and pos < len(order):
            pos += 1
            take(order[pos - 1], k)


def crew_turns(st: RosterState, open_shifts: list[int], order: list[int],
               take: Callable[[int, int], bool]) -> None:
    """A rotated shift takes the crew whose turn it is first, those bringing a missing tag
    first; a place the crew cannot fill with a needed tag is left for someone who can."""
    plan = st.plan
    for k in open_shifts:
        n = plan.turn[k]
        if n < 0:
            continue
        crew = [i for i in order if plan.member_crew[i] == n]
        gap = st.tag_gap(k)
        crew.sort(key=lambda i: not any(t in st.tags[i] for t in gap))
        for i in crew:
            if st.places(k) <= 0:
                break
            gap = st.tag_gap(k)
            if st.places(k) <= sum(gap.values()) and not any(t in st.tags[i] for t in gap):
                continue
            take(i, k)


def plan_order(st: RosterState, order: list[int], rep: int) -> list[int]:
    """Wishes and crews reorder the fair order: an unmet on wish first, then everyone else,
    then rotating crews off their turn, then those whose off wish it would break (the
    heaviest last); the fair order stays within each group."""
    plan = st.plan
    if not plan.rotating and not plan.by_member:
        return order
    d = st.duties[rep]

    def key(i: int) -> tuple[int, int]:
        rank = plan.wish_rank(i, d)
        return (max(rank, 0), -1 if rank < 0 else int(plan.off_duty_crew(i)))

    return sorted(order, key=key)


class GreedyFill:
    """Every batch in time order: accrue its share, then fill it (no budget: one pass)."""

    name = "greedy"

    def run(self, st: RosterState, budget: int) -> None:
        groups = batches(st)
        for b, batch in enumerate(groups):
            accrue(st, batch)
            if b % 16 == 0:
                st.report(0.05 + 0.65 * b / max(1, len(groups)))
            open_shifts = [k for k in batch if st.places(k) > 0]
            if open_shifts:
                order = plan_order(st, batch_order(st, open_shifts[0]), open_shifts[0])
                fill_batch(st, open_shifts, order)

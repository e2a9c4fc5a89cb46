"""Fairness polish: share the work out better without losing a place or a tag.

Crew places held and wishes met come before fairness: no move here lowers them
(:meth:`~roster.generator.plans.PlanTally.key`). Two kinds of move, repeated while either
helps: a shift goes from someone two or more ahead of their share to someone behind; and
two members of one class swap all their shifts in a run of days (nights come in runs and
rest ties each shift to its neighbours, so a run trades where a single shift cannot). The
budget is counted in ledger questions from the phase's start.
"""

from __future__ import annotations

from collections.abc import Callable

from roster.generator.fairness import WEIGHT
from roster.generator.state import RosterState

#: Ledger questions the polish may ask.
FAIRNESS_WORK = 300_000

_EPS = 1e-9


def _ranked(score: Callable[[int], float]) -> Callable[[int], tuple[float, int]]:
    """A sort key: lowest score first, member index breaking ties."""
    def key(i: int) -> tuple[float, int]:
        return (score(i), i)
    return key


def movable_shifts(st: RosterState, i: int) -> list[int]:
    out = []
    for d in st.ledgers[i].duties:
        k = st.shift_index.get(d.key)
        if k is not None and st.movable(i, k):
            out.append(k)
    return out


def essential_tags(st: RosterState, a: int, k: int) -> tuple[str, ...]:
    """Tags shift ``k`` would fall short of (further) without member ``a``."""
    need = st.shifts[k].need_tags
    if not need:
        return ()
    mine = st.tags[a]
    out = []
    for tag, want in need.items():
        if tag in mine and sum(1 for j in st.roster[k] if tag in st.tags[j]) <= want:
            out.append(tag)
    return tuple(sorted(out))


class FairnessPolish:
    """Moves and tail trades, up to four rounds, within the budget."""

    name = "polish"

    def run(self, st: RosterState, budget: int) -> None:
        if len(st.members) < 2:
            return
        limit = st.work + budget
        for _ in range(4):
            moved = polish_moves(st, limit)
            swapped = polish_tails(st, limit)
            if not (moved or swapped) or st.work >= limit:
                break


def polish_moves(st: RosterState, limit: int) -> int:
    """Give a shift of someone two or more ahead of their share to someone behind."""
    n = len(st.members)
    dev = st.fair.load.dev
    moves = 0
    by_dev = sorted(range(n), key=lambda i: (dev(i), i))
    by_tags: dict[tuple[str, ...], list[int]] = {}
    crews = st.plan.rotating_members

    def candidates(tags: tuple[str, ...]) -> list[int]:
        if tags not in by_tags:
            # Rotating crews keep their days off: they never receive a shift here.
            by_tags[tags] = [b for b in by_dev if all(t in st.tags[b] for t in tags)
                             and b not in crews]
        return by_tags[tags]

    floor = dev(by_dev[0])
    for a in reversed(by_dev):
        if st.work >= limit or dev(a) - floor <= 1 + _EPS:
            break
        for k in movable_shifts(st, a):
            pool = candidates(essential_tags(st, a, k))
            if not pool or dev(a) - dev(pool[0]) <= 1 + _EPS:
                continue
            if _give_away(st, a, k, pool):
                moves += 1
                for group in by_tags.values():
                    group.sort(key=lambda i: (dev(i), i))
            if dev(a) - floor <= 1 + _EPS:
                break
    return moves


def _give_away(st: RosterState, a: int, k: int, pool: list[int]) -> bool:
    """Move ``a``'s shift ``k`` to the first of ``pool`` who is behind, may take it and
    makes the objective fall, unless the shift would lose a required tag."""
    dev = st.fair.load.dev
    night, weekend = st.duties[k].night, st.weekend[k]
    plan = st.plan
    if plan.in_crew_turn(a, k):
        return False  # a crew on its turn keeps it
    before = st.tag_deficit(k)
    plan_before = plan.key()
    tries = 0
    for b in pool:
        if dev(a) - dev(b) <= 1 + _EPS or tries >= 6:
            break
        if b in st.roster[k] or st.fair.move_delta(a, b, night, weekend) >= -_EPS:
            continue
        if plan.active_goals and not plan.may_receive(b, k, st.duties[k]):
            continue
        tries += 1
        if st.can(b, k):
            st.unassign(a, k)
            st.assign(b, k)
            if st.tag_deficit(k) > before or st.plan.key() < plan_before:
                st.unassign(b, k)
                st.assign(a, k)
                continue
            return True
    return False


def swap_classes(st: RosterState) -> list[list[int]]:
    """Members who could stand in for each other on any shift: same asked-for tags."""
    wanted = {t for s in st.shifts for t in s.need_tags}
    groups: dict[tuple[object, ...], list[int]] = {}
    for i, m in enumerate(st.members):
        key = (tuple(sorted(t for t in st.tags[i] if t in wanted)), m.no_nights,
               st.plan.member_crew[i])
        groups.setdefault(key, []).append(i)
    return list(groups.values())


def polish_tails(st: RosterState, limit: int) -> int:
    """Two members of one class swap all their movable shifts from some day on.

    Only the seam between a member's own head and the other's tail can break a rule, so
    whole tails trade where single shifts do not. The cut day is chosen so the trade
    moves the night (weekend, load) difference of the two toward zero.
    """
    swaps = 0
    fair = st.fair
    devs = (fair.load.dev, fair.nights.dev, fair.weekend.dev)
    for members in swap_classes(st):
        if len(members) < 2:
            continue
        for focus, dev in enumerate(devs):
            order = sorted(members, key=_ranked(dev))
            tried: set[tuple[int, int]] = set()
            while st.work < limit and dev(order[-1]) - dev(order[0]) > 1 + _EPS:
                if not _one_trade(st, order, dev, focus, tried, limit):
                    break
                swaps += 1
                order.sort(key=_ranked(dev))
    return swaps


def _one_trade(st: RosterState, order: list[int], dev: Callable[[int], float], focus: int,
               tried: set[tuple[int, int]], limit: int) -> bool:
    """The first pair (most ahead, most behind) not tried yet whose tails trade."""
    for a in reversed(order):
        if dev(a) - dev(order[0]) <= 1 + _EPS or st.work >= limit:
            return False
        for b in order[:12]:
            if dev(a) - dev(b) <= 1 + _EPS:
                break
            if (a, b) in tried:
                continue
            tried.add((a, b))
            if trade_tails(st, a, b, focus):
                return True
    return False


def _prefix_sums(st: RosterState, shifts: list[int], pos: dict[int, int],
                 days: int) -> list[tuple[int, int, int]]:
    """Running totals of (shifts, nights, weekend shifts) over the days, from zero."""
    per = [[0, 0, 0] for _ in range(days)]
    for k in shifts:
        row = per[pos[st.duties[k].day]]
        row[0] += 1
        row[1] += st.duties[k].night
        row[2] += st.weekend[k]
    sums = [(0, 0, 0)]
    for row in per:
        s0, s1, s2 = sums[-1]
        sums.append((s0 + row[0], s1 + row[1], s2 + row[2]))
    return sums


def _trade_options(st: RosterState, a: int, b: int, focus: int, days: list[int],
                   pa: list[tuple[int, int, int]],
                   pb: list[tuple[int, int, int]]) -> list[tuple[int, float, int, int]]:
    """Runs of up to a week, and tails, whose trade would lower the objective, shortest
    first: (length in days, change, first index, end index)."""
    fair = st.fair
    g0 = fair.load.dev(a) - fair.load.dev(b)
    g1 = fair.nights.dev(a) - fair.nights.dev(b)
    g2 = fair.weekend.dev(a) - fair.weekend.dev(b)
    ahead = (g0, g1, g2)[focus] > 0
    # The objective's change when ``a`` gains (d0, d1, d2) from ``b``: the squares of
    # both deviations, expanded (inlined: this loop runs for every pair tried).
    w0, w1, w2 = WEIGHT["load"], WEIGHT["nights"], WEIGHT["weekend"]
    n = len(days)
    options: list[tuple[int, float, int, int]] = []
    for lo in range(n):
        a_lo, b_lo = pa[lo], pb[lo]
        for hi in (*range(lo + 1, min(n, lo + 7) + 1), *((n,) if lo + 7 < n else ())):
            a_hi, b_hi = pa[hi], pb[hi]
            # What ``a`` gains (and ``b`` loses) by the trade, per measure.
            d0 = (b_hi[0] - b_lo[0]) - (a_hi[0] - a_lo[0])
            d1 = (b_hi[1] - b_lo[1]) - (a_hi[1] - a_lo[1])
            d2 = (b_hi[2] - b_lo[2]) - (a_hi[2] - a_lo[2])
            df = (d0, d1, d2)[focus]
            if df == 0 or (df > 0) == ahead:
                continue
            change = (w0 * (2 * d0 * g0 + 2 * d0 * d0) + w1 * (2 * d1 * g1 + 2 * d1 * d1)
                      + w2 * (2 * d2 * g2 + 2 * d2 * d2))
            if change < -_EPS:
                options.append((days[hi - 1] - days[lo], change, lo, hi))
    options.sort()
    return options


def trade_tails(st: RosterState, a: int, b: int, focus: int) -> bool:
    """Swap the movable shifts of ``a`` and ``b`` within some run of days.

    Candidate runs are every run of up to a week and every tail to the end of the
    period; their effect on the objective comes from prefix sums, so only the few that
    would help are tried against the rules, shortest first.
    """
    duties = st.duties
    mine = {i: movable_shifts(st, i) for i in (a, b)}
    days = sorted({duties[k].day for i in (a, b) for k in mine[i]})
    if not days:
        return False
    pos = {day: j for j, day in enumerate(days)}
    pa = _prefix_sums(st, mine[a], pos, len(days))
    pb = _prefix_sums(st, mine[b], pos, len(days))
    for _, _, lo, hi in _trade_options(st, a, b, focus, days, pa, pb)[:3]:
        first, last = days[lo], days[hi - 1]
        ta = [k for k in mine[a] if first <= duties[k].day <= last]
        tb = [k for k in mine[b] if first <= duties[k].day <= last]
        st.work += 4 + len(ta) + len(tb)
        if not set(ta) & set(tb) and _trade(st, a, ta, b, tb):
            return True
    return False


def _trade(st: RosterState, a: int, ta: list[int], b: int, tb: list[int]) -> bool:
    """``a`` takes ``b``'s shifts ``tb`` and ``b`` takes ``ta``, or nothing changes."""
    plan_before = st.plan.key()
    with st.trial() as trial:
        for k in ta:
            st.unassign(a, k)
        for k in tb:
            st.unassign(b, k)
        if _take_all(st, a, tb) and _take_all(st, b, ta) and st.plan.key() >= plan_before:
            trial.keep()
            return True
    return False


def _take_all(st: RosterState, i: int, shifts: list[int]) -> bool:
    for k in shifts:
        if i in st.roster[k] or not st.can(i, k):
            return False
        st.assign(i, k)
    return True

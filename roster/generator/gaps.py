"""Closing what greed left open: empty places by ejection chains, missing tags by swaps.

An empty place is retried by moving one to three of a member's own placements of this
run to someone else to free them; a missing tag by swapping a holder in. In repair a
shift's own standby steps in first, and kept assignments move only to close a hole the
repair itself opened, and only when nothing else closes it. Every tentative move is a
:meth:`~roster.generator.state.RosterState.trial`, undone unless it pays off. The budget
is a cap on the run's ledger questions (``RosterState.work``), so big runs stay bounded.
"""

from __future__ import annotations

from collections.abc import Mapping

from roster.generator.state import RosterState
from roster.rules.duties import Duty
from roster.rules.kinds import RuleKind

#: Rules a move of the member's own other shifts can lift (leave and no_nights cannot).
MOVABLE_RULES = frozenset({RuleKind.OVERLAP, RuleKind.REST, RuleKind.SHIFTS_PER_DAY,
                           RuleKind.CONSECUTIVE_NIGHTS, RuleKind.HOURS_PER_WEEK,
                           RuleKind.CONSECUTIVE_DAYS, RuleKind.DAYS_OFF_AFTER_NIGHTS})
#: Ledger questions the gap-closing phases may have asked, all phases counted.
REPAIR_WORK = 400_000


class PromoteStandby:
    """Repair: a shift short of duty takes its own standby first, if the rules allow.

    Except when the hole is a required tag the standby lacks and someone who has it can
    step in directly: then that one change keeps the shift qualified.
    """

    name = "promote-standby"

    def run(self, st: RosterState, budget: int) -> None:
        if not st.repair:
            return
        for k in range(len(st.shifts)):
            if st.places(k) <= 0 or not st.standby[k]:
                continue
            for i in list(st.standby[k]):
                if st.places(k) <= 0:
                    break
                if i in st.sb_locked[k]:
                    continue
                gap = st.tag_gap(k)
                if (gap and st.places(k) <= sum(gap.values())
                        and not any(t in st.tags[i] for t in gap)
                        and _holder_can_step_in(st, k, gap)):
                    continue
                st.remove_standby(i, k)
                if st.can(i, k):
                    st.assign(i, k)
                    st.fixed[k].add(i)
                    st.out.promoted.add((k, i))
                    st.out.kept.pop((st.shifts[k].key, st.members[i].id, "standby"), None)
                else:
                    st.add_standby(i, k, fixed=True)


def _holder_can_step_in(st: RosterState, k: int, gap: Mapping[str, int]) -> bool:
    return any(any(t in st.tags[i] for t in gap) and i not in st.roster[k]
               and st.can(i, k) for i in range(len(st.members)))


def near_movable(st: RosterState, i: int, d: Duty) -> list[int]:
    """This run's placements of member ``i`` that could be what blocks duty ``d``."""
    week = d.week
    out = []
    span = st.rules.min_rest + 2 * 86400
    night_reach = (st.rules.max_consecutive_nights + 1) if d.night else 0
    day_rules = st.rules.max_consecutive_days is not None or st.rules.days_off_after_nights
    day_reach = st.rules.reach_days if day_rules else -1
    for other in st.ledgers[i].duties:
        k2 = st.shift_index.get(other.key)
        if k2 is None or not st.movable(i, k2):
            continue
        if (other.week == week or abs(other.start - d.start) <= span + (other.end - other.start)
                or (other.night and abs(other.day - d.day) <= night_reach)
                or abs(other.day - d.day) <= day_reach):
            out.append(k2)
    return out


def blocked_by_movable_rules(st: RosterState, i: int, k: int) -> bool:
    """Member ``i`` is kept off shift ``k`` only by rules that moving their shifts lifts."""
    blockers = st.ledgers[i].blockers(st.duties[k])
    return (bool(blockers) and MOVABLE_RULES.issuperset(blockers)
            and not st.standby_clash(i, k))


def fill_place(st: RosterState, k: int, depth: int, tag: str | None, avoid: frozenset[int],
               budget: int = REPAIR_WORK) -> bool:
    """Put one more member on shift ``k`` (holding ``tag`` if given), moving at most
    ``depth`` other placements of this run to make room. Leaves the state changed only
    on success."""
    if st.work > budget:
        return False
    d = st.duties[k]
    on = st.roster[k]
    pool = [i for i in range(len(st.members))
            if i not in on and (tag is None or tag in st.tags[i])]
    st.work += len(pool) // 8
    for i in st.fair_order(pool):
        if st.can(i, k):
            st.assign(i, k)
            return True
    if depth <= 0:
        return False
    for i in st.fair_order(pool):
        if i in avoid or st.work > budget:
            continue
        st.work += 1
        if blocked_by_movable_rules(st, i, k) and _eject(st, i, k, d, depth, avoid, budget):
            return True
    return False


def _eject(st: RosterState, i: int, k: int, d: Duty, depth: int, avoid: frozenset[int],
           budget: int) -> bool:
    """Move one of ``i``'s placements away (recursively refilled) so ``i`` takes ``k``."""
    for k2 in near_movable(st, i, d):
        with st.trial() as trial:
            lost = st.tag_gap(k2, [j for j in st.roster[k2] if j != i])
            before = st.tag_deficit(k2)
            st.unassign(i, k2)
            if st.can(i, k):
                st.assign(i, k)
                want = next(iter(lost)) if sum(lost.values()) > before else None
                if (fill_place(st, k2, depth - 1, want, avoid | {i}, budget)
                        and st.tag_deficit(k2) <= before):
                    trial.keep()
                    return True
    return False


class CloseGaps:
    """Fill places greed left empty, directly or by ejection chains up to three deep.

    Escalating, so the fewest changes come first: places a required tag needs go to
    holders of the tag before anyone else takes them; in repair, kept assignments are
    moved only when the period's own new placements cannot make room.
    """

    name = "close-gaps"

    def run(self, st: RosterState, budget: int) -> None:
        steps = [(True, False), (True, True), (False, False), (False, True)] if st.repair \
            else [(True, False), (False, False)]
        everywhere = range(len(st.shifts))
        new_holes = sorted(st.out.new_holes)
        for holders_only, kept_too in steps:
            with st.moving_kept(kept_too):
                for depth in (1, 2, 3) if kept_too else (0, 1, 2, 3):
                    # Kept assignments move only to close what this repair opened.
                    for k in new_holes if kept_too else everywhere:
                        self._fill(st, k, depth, holders_only, budget)

    @staticmethod
    def _fill(st: RosterState, k: int, depth: int, holders_only: bool, budget: int) -> None:
        while st.places(k) > 0 and st.work <= budget:
            done = any(fill_place(st, k, depth, tag, frozenset(), budget)
                       for tag in sorted(st.tag_gap(k)))
            if not done and (holders_only
                             or not fill_place(st, k, depth, None, frozenset(), budget)):
                break


class CloseTagGaps:
    """A shift still short of a tag swaps a holder in for someone it can spare.

    This run's own placements are spared first; in repair, a kept (unlocked) one only on
    a shift this repair opened, and only if nothing else closes the gap.
    """

    name = "close-tag-gaps"

    def run(self, st: RosterState, budget: int) -> None:
        for kept_too in (False, True) if st.repair else (False,):
            with st.moving_kept(kept_too):
                for k in sorted(st.out.new_holes) if kept_too else range(len(st.shifts)):
                    for tag in sorted(st.tag_gap(k)):
                        while st.tag_gap(k).get(tag, 0) > 0 and st.work <= budget:
                            if not swap_in_holder(st, k, tag, budget):
                                break


def swap_in_holder(st: RosterState, k: int, tag: str, budget: int = REPAIR_WORK) -> bool:
    before = st.tag_deficit(k)
    spare = [x for x in st.roster[k] if tag not in st.tags[x] and st.movable(x, k)]
    if not spare:
        return False
    holders = st.fair_order(i for i in range(len(st.members))
                            if tag in st.tags[i] and i not in st.roster[k])
    for x in spare:
        for h in holders:
            with st.trial() as trial:
                st.unassign(x, k)
                if st.can(h, k):
                    st.assign(h, k)
                    if st.tag_deficit(k) < before:
                        trial.keep()
                        return True
                elif free_then_place(st, h, k, x, budget) and st.tag_deficit(k) < before:
                    trial.keep()
                    return True
    return False


def free_then_place(st: RosterState, h: int, k: int, x: int, budget: int) -> bool:
    """Move one of ``h``'s placements to ``x`` (or anyone) so ``h`` can take ``k``."""
    d = st.duties[k]
    if not blocked_by_movable_rules(st, h, k):
        return False
    for k2 in near_movable(st, h, d):
        with st.trial() as trial:
            before = st.tag_deficit(k2)
            lost = st.tag_gap(k2, [j for j in st.roster[k2] if j != h])
            want = sorted(lost)[0] if sum(lost.values()) > before else None
            st.unassign(h, k2)
            if st.can(h, k):
                st.assign(h, k)
                if (x not in st.roster[k2] and (want is None or want in st.tags[x])
                        and st.can(x, k2)):
                    st.assign(x, k2)
                    if st.tag_deficit(k2) <= before:
                        trial.keep()
                        return True
                    st.unassign(x, k2)
                if (fill_place(st, k2, 1, want, frozenset({h}), budget)
                        and st.tag_deficit(k2) <= before):
                    trial.keep()
                    return True
    return False

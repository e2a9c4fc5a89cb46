"""Exact search on small instances: prove the fill maximal, or improve on the greedy roster.

:class:`BranchAndBound` searches the free places of a small instance (or of a window of
a few days) exhaustively under a node budget, the current roster as the incumbent, so it
only ever improves. Its objective is :data:`PRIORITIES`, lexicographic: most places
filled, most required tags met, most rotated places held by their crew, most wish weight
met, smallest fairness excess (spread beyond one within a
class), smallest weighted squares of the fairness scores
(:data:`roster.generator.fairness.OBJECTIVE`).
"""

from __future__ import annotations

from roster.generator.state import RosterState

#: The exact search runs when the free places number at most this...
EXACT_MAX_PLACES = 12
#: ...and gives up (keeping the best found) after this many search nodes...
EXACT_NODES = 60_000
#: ...and only on teams this small (it and the window search score every member per leaf).
EXACT_MAX_MEMBERS = 200
EXACT_MAX_SHIFTS = 2_000
#: The window search: nodes per window and in all.
WINDOW_NODES = 4_000
LNS_NODES = 40_000

#: What the search maximises, most important first (fairness terms negated).
PRIORITIES = ("places filled", "tags met", "crew places held", "wish weight met",
              "-crew places off turn", "-fairness excess", "-fairness squares")


def searchable(st: RosterState) -> bool:
    """Small enough for exact searches: each leaf scores every member's fairness."""
    return len(st.members) <= EXACT_MAX_MEMBERS and len(st.shifts) <= EXACT_MAX_SHIFTS


def settled(st: RosterState) -> bool:
    """Nothing left to gain: fill proved maximal, every tag met, fair within each class."""
    if not st.fill_proven:
        return False
    tags_total = sum(sum(s.need_tags.values()) for s in st.shifts)
    tags_met = sum(st.tags_met(k) for k in range(len(st.shifts)))
    return (tags_met >= tags_total and st.plan.settled(st)
            and st.fairness_key()[0] == 0)


def static_bound(st: RosterState) -> int:
    """Places that could be filled at most: per shift, the people not on leave etc."""
    everyone = range(len(st.members))
    total = 0
    for k, d in enumerate(st.duties):
        out = set(st.statically_out(d, everyone))
        able = len(st.members) - len(out)
        total += min(st.shifts[k].need, max(able, len(st.roster[k])))
    return total


class ExactSearch:
    """Prove the fill maximal, or search the whole (small) instance exactly."""

    name = "exact"

    def __init__(self, max_places: int = EXACT_MAX_PLACES) -> None:
        self.max_places = max_places

    def run(self, st: RosterState, budget: int) -> None:
        if self.max_places <= 0:
            return
        total = sum(s.need for s in st.shifts)
        filled = st.filled()
        if filled >= total or filled >= static_bound(st):
            st.fill_proven = True
        free = {k: st.shifts[k].need - len(st.fixed[k]) for k in range(len(st.shifts))}
        free = {k: v for k, v in free.items() if v > 0}
        if (not free or sum(free.values()) > self.max_places or not searchable(st)
                or settled(st)):
            return
        if BranchAndBound(st, free, budget).run():
            # In repair the kept assignments were held fixed: a proof about them only.
            st.fill_proven = st.fill_proven or not st.repair
        else:
            st.notes.append("exact search stopped at its node budget")


class WindowSearch:
    """Re-solve short runs of days exactly (a large-neighbourhood search).

    What moves and tail trades cannot reach (three members rearranged at once to spread
    the nights) a window of a few days searched exhaustively often can. The current
    roster is the incumbent, so a window only ever improves; the budget keeps it cheap.
    """

    name = "windows"

    def __init__(self, max_places: int = EXACT_MAX_PLACES) -> None:
        self.max_places = max_places

    def run(self, st: RosterState, budget: int) -> None:
        if self.max_places <= 0 or not searchable(st) or settled(st):
            return
        windows = self.windows(st, 2) + self.windows(st, 3)
        for window in windows:
            if budget <= 0:
                break
            search = BranchAndBound(st, window, min(budget, WINDOW_NODES))
            search.run()
            budget -= search.nodes
            if settled(st):
                break

    def windows(self, st: RosterState, width: int) -> list[dict[int, int]]:
        """Runs of ``width`` consecutive days with at most ``max_places`` free places."""
        by_day: dict[int, dict[int, int]] = {}
        for k, d in enumerate(st.duties):
            free = st.shifts[k].need - len(st.fixed[k])
            if free > 0:
                by_day.setdefault(d.day, {})[k] = free
        days = sorted(by_day)
        out: list[dict[int, int]] = []
        for i in range(max(1, len(days) - width + 1)):
            window: dict[int, int] = {}
            for day in days[i:i + width]:
                window.update(by_day[day])
            if window and sum(window.values()) <= self.max_places:
                out.append(window)
        return out


class BranchAndBound:
    """Branch and bound over some free places (objective: :data:`PRIORITIES`).

    Free places of one shift take members in increasing index order (they are
    interchangeable). Runs outside any trial: it restores the best roster it found.
    """

    def __init__(self, st: RosterState, free: dict[int, int], node_limit: int) -> None:
        self.st = st
        self.node_limit = node_limit
        self.free = free
        self.order = sorted(free, key=lambda k: st.duties[k].start)
        self.nodes = 0
        self.aborted = False
        self.best: tuple[float, ...] = ()
        self.best_roster: dict[int, list[int]] = {}
        self.tag_room: list[int] = []

    def _value(self) -> tuple[float, ...]:
        st = self.st
        tags = sum(st.tags_met(k) for k in range(len(st.shifts)))
        excess, squares = st.fairness_key()
        held, wishes, off_turn = st.plan.key()
        return (st.filled(), tags, held, wishes, off_turn, -excess, -squares)

    def run(self) -> bool:
        st = self.st
        current = {k: [i for i in st.roster[k] if i not in st.fixed[k]] for k in self.order}
        self.best = self._value()
        self.best_roster = {k: list(v) for k, v in current.items()}
        for k, members in current.items():
            for i in members:
                st.unassign(i, k)
        base_filled = st.filled()
        base_tags = sum(st.tags_met(k) for k in range(len(st.shifts)) if k not in self.free)
        # Tags still obtainable per remaining free shift, for the bound.
        self.tag_room = [sum(st.shifts[k].need_tags.values()) for k in self.order]
        self._search(0, 0, 0, base_filled, base_tags)
        self._restore_best()
        return not self.aborted

    def _restore_best(self) -> None:
        st = self.st
        for k in self.order:
            for i in [i for i in st.roster[k] if i not in st.fixed[k]]:
                st.unassign(i, k)
        for k, members in self.best_roster.items():
            for i in members:
                st.assign(i, k)

    def _search(self, pos: int, place: int, start: int, filled: int, tags: int) -> None:
        st = self.st
        self.nodes += 1
        if self.nodes > self.node_limit:
            self.aborted = True
            return
        if pos == len(self.order):
            held, wishes, off_turn = st.plan.key()
            if (filled, tags, held, wishes, off_turn) < self.best[:5]:
                return
            excess, squares = st.fairness_key()  # the costly part: only for contenders
            value = (filled, tags, held, wishes, off_turn, -excess, -squares)
            if value > self.best:
                self.best = value
                self.best_roster = {k: [i for i in st.roster[k] if i not in st.fixed[k]]
                                    for k in self.order}
            return
        k = self.order[pos]
        remaining = sum(self.free[x] for x in self.order[pos:]) - place
        ub_tags = tags + sum(self.tag_room[pos:])
        if (filled + remaining, ub_tags) < self.best[:2]:
            return
        if place < self.free[k]:
            for i in range(start, len(st.members)):
                if self.aborted:
                    return
                if i in st.roster[k] or not st.can(i, k):
                    continue
                st.assign(i, k)
                self._search(pos, place + 1, i + 1, filled + 1, tags)
                st.unassign(i, k)
        # Close this shift (leaving any remaining free places empty) and go on.
        self._search(pos + 1, 0, 0, filled, tags + st.tags_met(k))

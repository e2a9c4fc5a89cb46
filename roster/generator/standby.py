"""Standby places, last: fairly, preferring those who could actually step in if called.

Like duty, batch by batch of identical times, everyone ordered by how far behind their
standby share they are; the rules are asked only until the batch is full. Within one
level of share, members who could take the duty too come first. In repair, whoever
stood by before and still may, stands by again.
"""

from __future__ import annotations

import math

from roster.generator.greedy import batches
from roster.generator.load import standby_blocker
from roster.generator.state import RosterState
from roster.rules.eligibility import may_stand_by


def standby_status(st: RosterState, i: int, k: int) -> str:
    """'ready' (could take the duty too), 'able' (may stand by), or '' (may not)."""
    if i in st.roster[k] or st.standby_clash(i, k):
        return ""
    d = st.duties[k]
    if st.ledgers[i].allows(d):
        return "ready"
    return "able" if may_stand_by(st.ledgers[i], d) else ""


def restore_previous(st: RosterState) -> None:
    """Repair: whoever stood by before and still may, stands by again (no change)."""
    for a in st.out.old_in_period:
        k = st.shift_index.get(a.shift_key)
        i = st.index.get(a.member)
        if (a.role == "standby" and k is not None and i is not None
                and st.shifts[k].standby > len(st.standby[k])
                and i not in st.standby[k] and not standby_blocker(st, i, k)):
            st.add_standby(i, k, fixed=False)


def _picks(st: RosterState, rep: int, want: int) -> list[int]:
    """``want`` members for the batch of shift ``rep``, level of standby share by level."""
    n = len(st.members)
    floor = math.floor
    rnd = st.rng.random
    dev_s, dev = st.fair.standby.dev, st.fair.load.dev
    keyed = sorted((floor(dev_s(i) + 1e-9), floor(dev(i) + 1e-9), rnd(), i) for i in range(n))
    picks: list[int] = []
    pos = 0
    while pos < n and len(picks) < want:
        level = keyed[pos][0]
        ready: list[int] = []
        able: list[int] = []
        while pos < n and keyed[pos][0] == level and len(ready) < want - len(picks):
            i = keyed[pos][-1]
            pos += 1
            status = standby_status(st, i, rep)
            if status == "ready":
                ready.append(i)
            elif status == "able":
                able.append(i)
        while pos < n and keyed[pos][0] == level:
            pos += 1  # the rest of this level is not needed
        picks += (ready + able)[: want - len(picks)]
    return picks


class FillStandby:
    name = "standby"

    def run(self, st: RosterState, budget: int) -> None:
        if st.repair:
            restore_previous(st)
        for batch in batches(st):
            open_shifts = [k for k in batch if st.shifts[k].standby > len(st.standby[k])]
            if not open_shifts:
                continue
            want = sum(st.shifts[k].standby - len(st.standby[k]) for k in open_shifts)
            queue = _picks(st, open_shifts[0], want)
            for k in open_shifts:
                for _ in range(st.shifts[k].standby - len(st.standby[k])):
                    # Picked for the batch; someone held to other checkpoints waits for one
                    # of theirs (bundle v2 only_checkpoints).
                    member = next((i for i in queue
                                   if not st.ledgers[i].wrong_checkpoint(st.duties[k])), None)
                    if member is None:
                        break
                    queue.remove(member)
                    st.add_standby(member, k, fixed=False)

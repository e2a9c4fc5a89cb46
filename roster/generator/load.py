"""The first phase: what already exists, loaded into the state.

Locked assignments in the period, and every assignment of a shift that started before
the run's ``now``, are placed and never move (a started shift takes nobody new);
assignments around it go into the ledgers (so rest, nights and weekly hours see across the
period's edges) and, in the ``HISTORY_DAYS`` before it, into the fairness history. In
repair, every unlocked assignment of the period that is still valid is kept as the run's
starting point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from roster.domain.model import Assignment, Shift, ShiftKey, shift_for
from roster.generator.fairness import HISTORY_DAYS, is_weekend, leave_seconds
from roster.generator.state import RosterState
from roster.rules.duties import RuleSet, duty_of
from roster.rules.eligibility import standby_blockers
from roster.rules.kinds import Reason, Why

Resolver = Callable[[Assignment], Shift | None]


def resolver(st: RosterState) -> Resolver:
    """The shift an assignment is on (None when it is no shift of its checkpoint)."""
    cps = st.bundle.checkpoints_by_id()
    cache: dict[ShiftKey, Shift | None] = {}

    def resolve(a: Assignment) -> Shift | None:
        key = a.shift_key
        k = st.shift_index.get(key)
        if k is not None:
            return st.shifts[k]
        if key not in cache:
            cp = cps.get(a.checkpoint)
            cache[key] = shift_for(st.bundle, cp, a.start, a.end) if cp else None
        return cache[key]

    return resolve


def load(st: RosterState) -> None:
    period = st.period
    rules = st.bundle.rules
    reach = max(timedelta(days=8), timedelta(days=RuleSet.of(rules).reach_days),
                timedelta(hours=rules.min_rest_hours + 50))
    lo = period.start - max(reach, timedelta(days=HISTORY_DAYS + 1))
    hi = period.end + reach
    hist_lo = period.start - timedelta(days=HISTORY_DAYS)
    holidays = frozenset(rules.holidays)
    resolve = resolver(st)
    candidates: list[Assignment] = []
    fair = st.fair

    now = st.now
    for a in st.bundle.assignments:
        inside = period.start <= a.start < period.end
        # A shift that has started is history: its people stay as they are, like locked ones.
        if inside and not a.locked and (now is None or a.start >= now):
            st.out.old_in_period.append(a)
            candidates.append(a)
            continue
        st.out.untouched.append(a)
        if not (lo <= a.start < hi):
            continue
        i = st.index.get(a.member)
        shift = resolve(a)
        if i is None or shift is None:
            continue
        k = st.shift_index.get(shift.key) if inside else None
        in_history = hist_lo <= a.start < period.start
        if k is not None:
            _place_locked(st, i, k, a.role == "duty")
        elif a.role == "duty":
            if shift.key not in st.ledgers[i]:
                st.ledgers[i].add(duty_of(shift))
                if in_history:
                    fair.load.hist[i] += 1
                    fair.nights.hist[i] += shift.night
                    fair.weekend.hist[i] += is_weekend(shift, holidays)
        else:
            # A standby just outside the period still forbids an overlapping duty.
            st.sb_spans.setdefault(i, []).append(
                (int(shift.start.timestamp()), int(shift.end.timestamp()), -1))
            fair.standby.hist[i] += in_history

    if st.repair:
        keep_valid(st, candidates, resolve)
    close_started(st)
    history_offsets(st, hist_lo)


def close_started(st: RosterState) -> None:
    """Shifts that started before ``st.now`` take nobody new: they need what they have."""
    now = st.now
    if now is None:
        return
    for k, s in enumerate(st.shifts):
        if s.start < now:
            st.shifts[k] = replace(s, need=len(st.roster[k]), standby=len(st.standby[k]),
                                   need_tags={})


def _place_locked(st: RosterState, i: int, k: int, duty: bool) -> None:
    """A locked assignment in the period: placed, and never to move."""
    if duty:
        if i not in st.roster[k]:
            st.assign(i, k)
            st.fixed[k].add(i)
            st.locked[k].add(i)
    elif i not in st.standby[k]:
        st.add_standby(i, k, fixed=True)
        st.sb_locked[k].add(i)


def keep_valid(st: RosterState, candidates: list[Assignment], resolve: Resolver) -> None:
    """Repair: keep every unlocked assignment in the period that is still valid."""
    out = st.out
    ordered = sorted(candidates, key=lambda a: (a.role != "duty", a.start, a.checkpoint,
                                                a.member))
    for a in ordered:
        tag = (a.shift_key, a.member, a.role)
        i = st.index.get(a.member)
        shift = resolve(a)
        k = st.shift_index.get(shift.key) if shift is not None else None
        if i is None:
            out.dropped[tag] = Reason.UNKNOWN_MEMBER
            if k is not None and a.role == "duty":
                out.new_holes.add(k)
            continue
        if k is None:
            out.dropped[tag] = Reason.INVALID_SHIFT
            continue
        if a.role == "duty":
            if i in st.roster[k]:
                out.dropped[tag] = Reason.DUPLICATE
            elif st.can(i, k):
                st.assign(i, k)
                st.fixed[k].add(i)
                out.kept[tag] = a
            else:
                blockers = st.ledgers[i].blockers(st.duties[k])
                out.dropped[tag] = blockers[0] if blockers else Reason.STANDBY_ELSEWHERE
                out.new_holes.add(k)
        else:
            reason = standby_blocker(st, i, k)
            if i in st.standby[k]:
                reason = Reason.DUPLICATE
            if reason:
                out.dropped[tag] = reason
            else:
                st.add_standby(i, k, fixed=True)
                out.kept[tag] = a
    # Whatever stayed is this run's starting point; only new placements may move.


def standby_blocker(st: RosterState, i: int, k: int) -> Why | None:
    """Why member ``i`` may not stand by for shift ``k`` (None when they may)."""
    if i in st.roster[k]:
        return Reason.ASSIGNED
    blockers = standby_blockers(st.ledgers[i], st.duties[k])
    if blockers:
        return blockers[0]
    if st.standby_clash(i, k):
        return Reason.STANDBY_ELSEWHERE
    return None


def history_offsets(st: RosterState, hist_lo: datetime) -> None:
    """Fairness offsets from the weeks before: ahead of the team average starts ahead."""
    n = len(st.members)
    if not n:
        return
    window = (st.period.start - hist_lo).total_seconds()
    avail = [1.0 - leave_seconds(m, hist_lo, st.period.start) / window for m in st.members]
    avail_n = [0.0 if m.no_nights else a for m, a in zip(st.members, avail, strict=True)]
    fair = st.fair
    # A member with no shifts at all before the period is new (or was away): neutral.
    worked = {i for i in range(n) if fair.load.hist[i] or fair.standby.hist[i]}
    if not worked:
        return
    fair.load.offsets(avail, worked)
    fair.nights.offsets(avail_n, worked)
    fair.weekend.offsets(avail, worked)
    fair.standby.offsets(avail, worked)

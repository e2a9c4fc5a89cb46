"""Why a place stayed empty: for every shift left short, each member and what kept them off.

Reasons are codes (:class:`roster.rules.kinds.RuleKind` for a broken rule, else a
:class:`~roster.rules.kinds.Reason`); the CLI and the TUI put them into words.
"""

from __future__ import annotations

from collections.abc import Mapping

from roster.generator.load import standby_blocker
from roster.generator.result import Unfilled, UnmetWish
from roster.generator.state import RosterState
from roster.rules.kinds import Reason, Why


def summarise(reasons: Mapping[Why, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(reason, member ids) pairs, the largest group first."""
    return tuple(sorted(((r, tuple(ids)) for r, ids in reasons.items()),
                        key=lambda item: (-len(item[1]), item[0])))


Cache = dict[tuple[int, tuple[int, int]], Why | None]


def _duty_reason(st: RosterState, i: int, k: int, cache: Cache) -> Why | None:
    """The first rule (or a standby clash) keeping member ``i`` off shift ``k``'s duty."""
    d = st.duties[k]
    key = (i, (d.start, d.end))
    if key not in cache:
        blockers = st.ledgers[i].blockers(d)
        reason: Why | None = blockers[0] if blockers else None
        if reason is None and st.standby_clash(i, k):
            reason = Reason.STANDBY_ELSEWHERE
        cache[key] = reason
    return cache[key]


def explain(st: RosterState) -> list[Unfilled]:
    """Every shift short of duty (or of a required tag), then of standby, with reasons."""
    out: list[Unfilled] = []
    cache: Cache = {}
    for k, s in enumerate(st.shifts):
        gap = st.tag_gap(k)
        if s.need > len(st.roster[k]) or gap:
            out.append(_duty_unfilled(st, k, gap, cache))
        if s.standby > len(st.standby[k]):
            out.append(_standby_unfilled(st, k))
    return out


def _duty_unfilled(st: RosterState, k: int, gap: dict[str, int], cache: Cache) -> Unfilled:
    s = st.shifts[k]
    places = s.need - len(st.roster[k])
    reasons: dict[Why, list[str]] = {}
    for i, m in enumerate(st.members):
        reason: Why | None
        if i in st.roster[k]:
            reason = Reason.ASSIGNED
        else:
            reason = _duty_reason(st, i, k, cache)
            if reason is None:
                reason = Reason.LACKS_TAG if gap and places <= 0 and not any(
                    t in st.tags[i] for t in gap) else Reason.FREE
        reasons.setdefault(reason, []).append(m.id)
    return Unfilled(s.checkpoint, s.start, s.end, "duty", s.need, len(st.roster[k]),
                    tuple(sorted(gap.items())), summarise(reasons))


def _standby_unfilled(st: RosterState, k: int) -> Unfilled:
    s = st.shifts[k]
    reasons: dict[Why, list[str]] = {}
    for i, m in enumerate(st.members):
        reason = Reason.ASSIGNED if i in st.standby[k] else (standby_blocker(st, i, k)
                                                             or Reason.FREE)
        reasons.setdefault(reason, []).append(m.id)
    return Unfilled(s.checkpoint, s.start, s.end, "standby", s.standby, len(st.standby[k]),
                    (), summarise(reasons))


def explain_wishes(st: RosterState) -> list[UnmetWish]:
    """Every wish of the period left unmet, with the shifts and reasons behind it."""
    out: list[UnmetWish] = []
    cache: Cache = {}
    ids = [m.id for m in st.members]
    for slot in st.plan.unmet():
        i = slot.member
        inside = [k for k, d in enumerate(st.duties) if slot.overlaps(d)]
        reasons: dict[Why, list[str]] = {}
        if slot.on:
            shifts = inside
            for k in inside:
                reason = _duty_reason(st, i, k, cache) or Reason.FREE
                reasons.setdefault(reason, []).append(ids[i])
        else:
            shifts = [k for k in inside if i in st.roster[k]]
            if shifts:
                reasons = _others(st, i, shifts[0], cache)
        w = slot.wish
        out.append(UnmetWish(ids[i], w.start, w.end, w.want, w.weight, w.reason,
                             tuple(st.shifts[k].key for k in shifts), summarise(reasons)))
    return out


def _others(st: RosterState, i: int, k: int, cache: Cache) -> dict[Why, list[str]]:
    """Why nobody else took shift ``k`` off member ``i``'s hands."""
    reasons: dict[Why, list[str]] = {}
    for j, m in enumerate(st.members):
        if j == i:
            continue
        reason = (Reason.ASSIGNED if j in st.roster[k]
                  else _duty_reason(st, j, k, cache) or _held_back(st, j, k))
        reasons.setdefault(reason, []).append(m.id)
    return reasons


def _held_back(st: RosterState, j: int, k: int) -> Why:
    """Free by the rules, yet not used: a tag the shift needs, or their own plans."""
    if st.shifts[k].need_tags and not any(t in st.tags[j] for t in st.shifts[k].need_tags):
        return Reason.LACKS_TAG
    return Reason.FREE

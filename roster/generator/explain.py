"""Why a place stayed empty: for every shift left short, each member and what kept them off.

Reasons are codes (:class:`roster.rules.kinds.RuleKind` for a broken rule, else a
:class:`~roster.rules.kinds.Reason`); the CLI and the TUI put them into words.
"""

from __future__ import annotations

from collections.abc import Mapping

from roster.generator.load import standby_blocker
from roster.generator.result import Unfilled
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
    out: list[Unfilled] = []
    n = len(st.members)
    ids = [m.id for m in st.members]
    cache: Cache = {}
    for k, s in enumerate(st.shifts):
        places = s.need - len(st.roster[k])
        gap = st.tag_gap(k)
        if places > 0 or gap:
            reasons: dict[Why, list[str]] = {}
            for i in range(n):
                reason: Why | None
                if i in st.roster[k]:
                    reason = Reason.ASSIGNED
                else:
                    reason = _duty_reason(st, i, k, cache)
                    if reason is None:
                        reason = Reason.LACKS_TAG if gap and places <= 0 and not any(
                            t in st.tags[i] for t in gap) else Reason.FREE
                reasons.setdefault(reason, []).append(ids[i])
            out.append(Unfilled(s.checkpoint, s.start, s.end, "duty", s.need,
                                len(st.roster[k]), tuple(sorted(gap.items())),
                                summarise(reasons)))
        sb_places = s.standby - len(st.standby[k])
        if sb_places > 0:
            reasons = {}
            for i in range(n):
                if i in st.standby[k]:
                    reason = Reason.ASSIGNED
                else:
                    reason = standby_blocker(st, i, k) or Reason.FREE
                reasons.setdefault(reason, []).append(ids[i])
            out.append(Unfilled(s.checkpoint, s.start, s.end, "standby", s.standby,
                                len(st.standby[k]), (), summarise(reasons)))
    return out

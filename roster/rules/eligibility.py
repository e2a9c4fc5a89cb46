"""Who could take a shift, best first, and for everyone else the rule that excludes them.

The slot editor lists every member: those the rules allow first (the ones carrying a
tag the shift still lacks, then the fewest shifts and nights in the period), then the
rest greyed with their reasons. "Allowed" is asked of :class:`roster.rules.MemberLedger`
and nothing else, the same predicates the checker and the generator use, so the editor
never calls someone eligible whom the checker would then flag. No Textual here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from roster.domain.model import Bundle, Member, Period, Role, Shift, shifts_in
from roster.rules import OVERLAP, UNAVAILABLE, MemberLedger, RuleSet, duty_of, leave_spans

#: A member on standby of an overlapping shift (duty), or on duty then (standby).
ON_STANDBY = "standby"


@dataclass(frozen=True, slots=True)
class Candidate:
    member: Member
    blockers: tuple[str, ...]  # rule kinds; empty: the rules allow it
    shifts: int  # duty shifts starting in the period
    nights: int
    hours: float
    brings: tuple[str, ...]  # tags they carry that the shift still lacks

    @property
    def eligible(self) -> bool:
        return not self.blockers


def missing_tags(bundle: Bundle, shift: Shift) -> dict[str, int]:
    """Tags the shift asks for that its duty members do not yet cover, and how many."""
    members = bundle.members_by_id()
    on = {a.member for a in bundle.assignments if a.shift_key == shift.key and a.role == "duty"}
    out: dict[str, int] = {}
    for tag, n in shift.need_tags.items():
        have = sum(1 for m in on if (mm := members.get(m)) is not None and tag in mm.tags)
        if have < n:
            out[tag] = n - have
    return out


def rank(bundle: Bundle, period: Period, shift: Shift, role: Role = "duty") -> list[Candidate]:
    """Every member not already on ``shift`` as ``role``, eligible ones first."""
    rs = RuleSet.of(bundle.rules)
    reach = max(9, bundle.rules.max_consecutive_nights + 2)
    first = min(period.first_day, shift.day - timedelta(days=reach))
    last = max(period.first_day + timedelta(days=period.days), shift.day + timedelta(days=reach))
    known = {s.key: s for s in shifts_in(bundle, first, (last - first).days)}
    duties: dict[str, list[Shift]] = defaultdict(list)
    standbys: dict[str, list[Shift]] = defaultdict(list)
    on_it: set[str] = set()
    for a in bundle.assignments:
        if a.shift_key == shift.key and a.role == role:
            on_it.add(a.member)
            continue
        s = known.get(a.shift_key)
        if s is None:
            continue
        (duties if a.role == "duty" else standbys)[a.member].append(s)
    target = duty_of(shift)
    lacking = missing_tags(bundle, shift)
    scored: list[tuple[int, Candidate]] = []
    for order, m in enumerate(bundle.members):
        if m.id in on_it:
            continue
        mine = [s for s in duties.get(m.id, ()) if s.key != shift.key]
        if role == "duty":
            ledger = MemberLedger(m, rs)
            for s in mine:
                ledger.add(duty_of(s))
            blockers = ledger.blockers(target)
            if any(rs.overlaps(target, duty_of(s)) for s in standbys.get(m.id, ())):
                blockers.append(ON_STANDBY)
        else:
            blockers = []
            if rs.on_leave(leave_spans(m), target):
                blockers.append(UNAVAILABLE)
            if any(rs.overlaps(target, duty_of(s)) for s in duties.get(m.id, ())):
                blockers.append(OVERLAP)
        inside = [s for s in mine if period.contains(s.start)]
        brings = tuple(t for t in lacking if t in m.tags)
        scored.append((order, Candidate(m, tuple(blockers), len(inside),
                                     sum(1 for s in inside if s.night),
                                     round(sum(s.hours for s in inside), 1), brings)))
    scored.sort(key=lambda pair: (not pair[1].eligible, -len(pair[1].brings), pair[1].shifts,
                               pair[1].nights if shift.night else 0, len(pair[1].blockers),
                               pair[0]))
    return [c for _, c in scored]

"""May this member take this place (duty or standby) now, and if not, which rule says no.

The one answer the checker judges with, the generator obeys and the slot editor ranks
candidates by:

* a **duty** place asks every member rule of :class:`roster.rules.ledger.MemberLedger`,
  and that the member is not on standby at an overlapping time (the checker reports that
  clash as an ``overlap`` of the two assignments);
* a **standby** place asks only that the member is not on leave and not on duty at an
  overlapping time, their own shift included (``shared/spec/bundle.md``: standby is held
  to ``unavailable`` and ``overlap`` only).

Standby places are given as *spans*: tuples whose first two items are the start and end
in epoch seconds (the generator keeps ``(start, end, shift)``), so no caller converts.
:func:`rank` is the slot editor's list: every member, those the rules allow first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from roster.domain.model import Bundle, Member, Period, Role, Shift, shifts_in
from roster.rules.duties import Duty, RuleSet, duty_of
from roster.rules.kinds import Reason, RuleKind, Why
from roster.rules.ledger import MemberLedger

#: A place's start and end (epoch seconds), with anything after them ignored.
Span = Sequence[int]


def on_standby_then(duty: Duty, standbys: Iterable[Span]) -> bool:
    """On standby at some moment of ``duty`` (a duty there would clash with it)."""
    return any(s[0] < duty.end and duty.start < s[1] for s in standbys)


def may_take_duty(ledger: MemberLedger, duty: Duty,
                  standbys: Sequence[Span] | None = None) -> bool:
    """The fast yes/no (the generator asks it a million times a month): no member rule
    broken and no standby clash."""
    if not ledger.allows(duty):
        return False
    return not standbys or not on_standby_then(duty, standbys)


def duty_blockers(ledger: MemberLedger, duty: Duty, standbys: Iterable[Span] = ()) -> list[Why]:
    """Every reason the member may not take a duty place on ``duty``, rules first."""
    out: list[Why] = list(ledger.blockers(duty))
    if on_standby_then(duty, standbys):
        out.append(Reason.STANDBY_ELSEWHERE)
    return out


def may_stand_by(ledger: MemberLedger, duty: Duty) -> bool:
    return (not ledger.on_leave(duty) and not ledger.wrong_checkpoint(duty)
            and not ledger.overlaps_a_duty(duty))


def standby_blockers(ledger: MemberLedger, duty: Duty) -> list[Why]:
    """Why the member may not stand by for ``duty``: leave, the checkpoint, then a duty at
    that time."""
    out: list[Why] = []
    if ledger.on_leave(duty):
        out.append(RuleKind.UNAVAILABLE)
    if ledger.wrong_checkpoint(duty):
        out.append(RuleKind.WRONG_CHECKPOINT)
    if ledger.overlaps_a_duty(duty):
        out.append(RuleKind.OVERLAP)
    return out


def may_take(ledger: MemberLedger, duty: Duty, role: Role,
             standbys: Sequence[Span] = ()) -> bool:
    if role == "duty":
        return may_take_duty(ledger, duty, standbys)
    return may_stand_by(ledger, duty)


def blockers(ledger: MemberLedger, duty: Duty, role: Role,
             standbys: Iterable[Span] = ()) -> list[Why]:
    if role == "duty":
        return duty_blockers(ledger, duty, standbys)
    return standby_blockers(ledger, duty)


# --- the slot editor's list ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    member: Member
    blockers: tuple[Why, ...]  # empty: the rules allow it
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


def _placements(bundle: Bundle, period: Period, shift: Shift,
                role: Role) -> tuple[dict[str, list[Shift]], dict[str, list[Shift]], set[str]]:
    """Each member's duty and standby shifts around ``shift``, and who already holds it."""
    reach = max(9, RuleSet.of(bundle.rules).reach_days)
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
        if s is not None:
            (duties if a.role == "duty" else standbys)[a.member].append(s)
    return duties, standbys, on_it


def _candidate(m: Member, rs: RuleSet, shift: Shift, role: Role, period: Period,
               duties: list[Shift], standbys: list[Shift], lacking: dict[str, int]) -> Candidate:
    ledger = MemberLedger(m, rs)
    # A duty place is judged without the member's own place on it; a standby place
    # with every duty they hold, that shift's included.
    for s in duties:
        if role != "duty" or s.key != shift.key:
            ledger.add(duty_of(s))
    spans = [(d.start, d.end) for d in map(duty_of, standbys)]
    why = blockers(ledger, duty_of(shift), role, spans)
    inside = [s for s in duties if s.key != shift.key and period.contains(s.start)]
    return Candidate(m, tuple(why), len(inside), sum(1 for s in inside if s.night),
                     round(sum(s.hours for s in inside), 1),
                     tuple(t for t in lacking if t in m.tags))


def rank(bundle: Bundle, period: Period, shift: Shift, role: Role = "duty") -> list[Candidate]:
    """Every member not already on ``shift`` as ``role``, eligible ones first (the ones
    carrying a tag the shift still lacks, then the fewest shifts and nights), the rest
    after them with their reasons."""
    rs = RuleSet.of(bundle.rules)
    duties, standbys, on_it = _placements(bundle, period, shift, role)
    lacking = missing_tags(bundle, shift)
    scored = [(order, _candidate(m, rs, shift, role, period, duties.get(m.id, []),
                                 standbys.get(m.id, []), lacking))
              for order, m in enumerate(bundle.members) if m.id not in on_it]
    scored.sort(key=lambda pair: (not pair[1].eligible, -len(pair[1].brings), pair[1].shifts,
                               pair[1].nights if shift.night else 0, len(pair[1].blockers),
                               pair[0]))
    return [c for _, c in scored]

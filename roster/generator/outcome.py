"""The state turned back into a team: the new assignments, the changes, each member's load."""

from __future__ import annotations

from dataclasses import replace

from roster.domain.model import Assignment, ShiftKey
from roster.generator.explain import explain, explain_wishes
from roster.generator.fairness import leave_seconds
from roster.generator.result import Change, ChangeKind, GenerateResult, MemberStats
from roster.generator.state import RosterState
from roster.rules.kinds import Reason, Why

AssignmentKey = tuple[ShiftKey, str, str]


def _placed(st: RosterState) -> tuple[list[Assignment], set[AssignmentKey]]:
    """The period's placements that are new (not kept, not locked), and every one's key."""
    out = st.out
    ids = [m.id for m in st.members]
    # Locked, or on a shift that had started: placed as they were, not new.
    locked = {(a.shift_key, a.member, a.role) for a in out.untouched}
    keys: set[AssignmentKey] = set()
    added: list[Assignment] = []
    for k, s in enumerate(st.shifts):
        for role, members in (("duty", st.roster[k]), ("standby", st.standby[k])):
            for i in members:
                tag = (s.key, ids[i], role)
                keys.add(tag)
                if (tag in out.kept and _still_kept(st, k, i, role)) or tag in locked:
                    continue
                added.append(Assignment(s.checkpoint, s.start, s.end, ids[i],
                                        role="duty" if role == "duty" else "standby"))
    return added, keys


def result(st: RosterState, seconds: float) -> GenerateResult:
    out = st.out
    added, new_keys = _placed(st)
    kept_in_order = [a for a in out.old_in_period
                     if out.kept.get((a.shift_key, a.member, a.role)) is a
                     and (a.shift_key, a.member, a.role) in new_keys]
    bundle = replace(st.bundle, assignments=(*out.untouched, *kept_in_order, *added))

    filled = st.filled()
    total = sum(s.need for s in st.shifts)
    sb_filled = sum(min(s.standby, len(st.standby[k])) for k, s in enumerate(st.shifts))
    sb_total = sum(s.standby for s in st.shifts)
    tags_unmet = sum(st.tag_deficit(k) for k, s in enumerate(st.shifts) if s.need_tags)
    if filled == total:
        st.fill_proven = True
    return GenerateResult(
        bundle=bundle,
        period=st.period,
        seed=st.seed,
        repair=st.repair,
        filled=filled,
        total=total,
        standby_filled=sb_filled,
        standby_total=sb_total,
        tags_unmet=tags_unmet,
        unfilled=tuple(explain(st)),
        changes=tuple(changes(st, kept_in_order, added)) if st.repair else (),
        stats=tuple(stats(st)),
        seconds=seconds,
        fill_proven=st.fill_proven,
        notes=tuple(st.notes),
        wish_weight_met=st.plan.weight_met,
        wish_weight_total=sum(w.weight for w in st.plan.wishes),
        crew_held=st.plan.held,
        crew_places=sum(min(s.need, len(st.roster[k])) for k, s in enumerate(st.shifts)
                        if st.plan.turn[k] >= 0),
        unmet_wishes=tuple(explain_wishes(st)),
    )


def _still_kept(st: RosterState, k: int, i: int, role: str) -> bool:
    """A kept assignment is still there unchanged (not swapped out and back in)."""
    return i in (st.fixed[k] if role == "duty" else st.standby_fixed[k])


def changes(st: RosterState, kept: list[Assignment], added: list[Assignment]) -> list[Change]:
    """The difference between the period's unlocked assignments before and after."""
    before: dict[tuple[ShiftKey, str], list[str]] = {}
    for a in st.out.old_in_period:
        before.setdefault((a.shift_key, a.role), []).append(a.member)
    after: dict[tuple[ShiftKey, str], list[str]] = {}
    for a in (*kept, *added):
        after.setdefault((a.shift_key, a.role), []).append(a.member)
    out: list[Change] = []
    keys = sorted(set(before) | set(after), key=lambda x: (x[0][1], x[0][0], x[1]))
    promoted = {(st.shifts[k].key, st.members[i].id) for k, i in st.out.promoted
                if i in st.roster[k]}
    for key in keys:
        shift_key, role = key
        old = [m for m in before.get(key, []) if m not in after.get(key, [])]
        new = [m for m in after.get(key, []) if m not in before.get(key, [])]
        if role == "standby":
            # A promoted standby is reported once, on the duty side.
            old = [m for m in old if (shift_key, m) not in promoted]
        out.extend(_pairs(st, shift_key, role, old, new, promoted))
    return out


def _pairs(st: RosterState, shift_key: ShiftKey, role: str, old: list[str], new: list[str],
           promoted: set[tuple[ShiftKey, str]]) -> list[Change]:
    """Who left and who came on one shift in one role, paired up in order."""
    cp, start, end = shift_key
    out: list[Change] = []
    while old or new:
        o = old.pop(0) if old else None
        nw = new.pop(0) if new else None
        reason: Why | str = _why_gone(st, shift_key, o, role) if o else ""
        if role == "duty" and nw is not None and (shift_key, nw) in promoted:
            kind: ChangeKind = "promoted"
        elif o and nw:
            kind = "replaced"
        elif o:
            kind = "removed"
        else:
            kind = "added"
        out.append(Change(kind, cp, start, end, "duty" if role == "duty" else "standby",
                          o, nw, reason))
    return out


def _why_gone(st: RosterState, shift_key: ShiftKey, member: str, role: str) -> Why | str:
    if not st.repair:
        return ""
    return st.out.dropped.get((shift_key, member, role), Reason.MOVED)


def stats(st: RosterState) -> list[MemberStats]:
    out = []
    span = (st.period.end - st.period.start).total_seconds()
    hours = [0.0] * len(st.members)
    for k, s in enumerate(st.shifts):
        for i in st.roster[k]:
            hours[i] += s.hours
    fair = st.fair
    for i, m in enumerate(st.members):
        out.append(MemberStats(
            member=m.id,
            shifts=fair.load.tally[i],
            nights=fair.nights.tally[i],
            weekend=fair.weekend.tally[i],
            hours=round(hours[i], 2),
            standby=fair.standby.tally[i],
            availability=round(1 - leave_seconds(m, st.period.start, st.period.end) / span, 4),
            history_shifts=fair.load.hist[i],
            history_nights=fair.nights.hist[i],
        ))
    return out

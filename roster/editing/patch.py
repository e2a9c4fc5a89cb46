"""A change as the records it touched, so undo, redo and a finished generate replay onto
whatever the store holds *now* (a duty desk may have written in between) instead of
overwriting it wholesale."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from roster.domain.model import Assignment, Bundle, Checkpoint, Member, Rules, ShiftKey, Team
from roster.domain.plans import Crew
from roster.editing.checks import checked

_R = TypeVar("_R", Member, Checkpoint, Crew)


def _pairs(before: Iterable[_R], after: Iterable[_R]) -> tuple[tuple[_R | None, _R | None], ...]:
    old: dict[str, _R] = {x.id: x for x in before}
    new: dict[str, _R] = {x.id: x for x in after}
    out: list[tuple[_R | None, _R | None]] = []
    for ident in [*old, *(i for i in new if i not in old)]:
        a, b = old.get(ident), new.get(ident)
        if a != b:
            out.append((a, b))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Patch:
    """What one change did: (before, after) of each record it touched, and the assignments
    it removed and added. ``inverse`` undoes it; both replay onto a newer roster."""

    team: tuple[Team, Team] | None = None
    rules: tuple[Rules, Rules] | None = None
    members: tuple[tuple[Member | None, Member | None], ...] = ()
    checkpoints: tuple[tuple[Checkpoint | None, Checkpoint | None], ...] = ()
    removed: tuple[Assignment, ...] = ()
    added: tuple[Assignment, ...] = ()
    touched: tuple[ShiftKey, ...] = field(default=(), compare=False)
    crews: tuple[tuple[Crew | None, Crew | None], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.team or self.rules or self.members or self.checkpoints
                    or self.removed or self.added or self.crews)

    def inverse(self) -> Patch:
        return Patch(
            team=(self.team[1], self.team[0]) if self.team else None,
            rules=(self.rules[1], self.rules[0]) if self.rules else None,
            members=tuple((b, a) for a, b in self.members),
            checkpoints=tuple((b, a) for a, b in self.checkpoints),
            removed=self.added, added=self.removed, touched=self.touched,
            crews=tuple((b, a) for a, b in self.crews))


def diff(before: Bundle, after: Bundle) -> Patch:
    """The patch that turns ``before`` into ``after`` (logs are not part of it)."""
    old, new = Counter(before.assignments), Counter(after.assignments)
    removed = tuple((old - new).elements())
    added = tuple((new - old).elements())
    touched = tuple(dict.fromkeys(a.shift_key for a in (*removed, *added)))
    return Patch(
        team=(before.team, after.team) if before.team != after.team else None,
        rules=(before.rules, after.rules) if before.rules != after.rules else None,
        members=_pairs(before.members, after.members),
        checkpoints=_pairs(before.checkpoints, after.checkpoints),
        removed=removed, added=added, touched=touched,
        crews=_pairs(before.crews, after.crews))


def _replay(records: tuple[_R, ...], pairs: tuple[tuple[_R | None, _R | None], ...]
            ) -> tuple[_R, ...]:
    out = list(records)
    for before, after in pairs:
        record = after if after is not None else before
        if record is None:
            continue
        at = next((i for i, r in enumerate(out) if r.id == record.id), None)
        if after is None:
            if at is not None:
                del out[at]
        elif at is None:
            out.append(after)
        else:
            out[at] = after
    return tuple(out)


def apply_patch(bundle: Bundle, patch: Patch) -> Bundle:
    """Replay ``patch`` onto ``bundle``: each touched record takes its "after" value,
    removed assignments go if still there, added ones come unless already there."""
    team = patch.team[1] if patch.team else bundle.team
    rules = patch.rules[1] if patch.rules else bundle.rules
    members = _replay(bundle.members, patch.members)
    checkpoints = _replay(bundle.checkpoints, patch.checkpoints)
    left = Counter(patch.removed)
    kept: list[Assignment] = []
    for a in bundle.assignments:
        if left[a] > 0:
            left[a] -= 1
            continue
        kept.append(a)
    present = Counter(kept)
    for a in patch.added:
        if present[a] > 0:
            present[a] -= 1
            continue
        kept.append(a)
    out = replace(bundle, team=team, rules=rules, members=members, checkpoints=checkpoints,
                  assignments=tuple(kept), crews=_replay(bundle.crews, patch.crews))
    return checked(out)

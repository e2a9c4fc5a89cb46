"""What a generate (or repair) run gives back: the roster, what is unfilled and why, the
changes, and each member's load."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from roster.domain.model import Bundle, Period, Role

ChangeKind = Literal["added", "removed", "replaced", "promoted"]


@dataclass(frozen=True, slots=True)
class Unfilled:
    """One shift left short, and why each member could not be put on it.

    ``reasons`` maps a reason (a :class:`roster.rules.kinds.RuleKind` or
    :class:`~roster.rules.kinds.Reason`) to the ids of the members it excluded, largest
    group first.
    """

    checkpoint: str
    start: datetime
    end: datetime
    role: Role
    need: int
    have: int
    tags_missing: tuple[tuple[str, int], ...]
    reasons: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def missing(self) -> int:
        return max(0, self.need - self.have)

    @property
    def counts(self) -> dict[str, int]:
        return {reason: len(ids) for reason, ids in self.reasons}


@dataclass(frozen=True, slots=True)
class UnmetWish:
    """A wish left unmet, explained like an unfilled place (bundle v2).

    For an *off* wish, ``shifts`` are the member's duties inside it and ``reasons`` why
    each other member could not take the first of them; for an *on* wish, ``shifts`` are
    the shifts inside it and ``reasons`` why the member could not be put on them.
    """

    member: str
    start: datetime
    end: datetime
    want: str
    weight: int
    reason: str
    shifts: tuple[tuple[str, datetime, datetime], ...]
    reasons: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class Change:
    """One change to the roster: who replaces whom, when, where (and why the old one left)."""

    kind: ChangeKind
    checkpoint: str
    start: datetime
    end: datetime
    role: Role
    old_member: str | None
    new_member: str | None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class MemberStats:
    """A member's load in the period (duty shifts; standby counted apart)."""

    member: str
    shifts: int
    nights: int
    weekend: int  # shifts on a weekend day or a holiday
    hours: float
    standby: int
    availability: float  # share of the period not on leave, 0..1
    history_shifts: int  # in the HISTORY_DAYS before the period
    history_nights: int


@dataclass(frozen=True, slots=True)
class GenerateResult:
    """What a generate (or repair) run made, and how well it did.

    ``bundle`` is the team with its new assignments: locked ones and those outside the
    period as they were; the period's others rebuilt (or, in repair, kept where still
    valid). ``filled``/``total`` count duty places of the shifts starting in the period,
    ``standby_*`` standby places, ``tags_unmet`` required tags still missing. ``unfilled``
    explains every shift left short; ``changes`` (repair only) says who replaces whom,
    when and where; ``stats`` has each member's load; ``seconds`` the whole run's time.
    """

    bundle: Bundle
    period: Period
    seed: int
    repair: bool
    filled: int
    total: int
    standby_filled: int
    standby_total: int
    tags_unmet: int
    unfilled: tuple[Unfilled, ...]
    changes: tuple[Change, ...]
    stats: tuple[MemberStats, ...]
    seconds: float
    #: True when no valid roster of the period fills more places (proved, not hoped).
    fill_proven: bool = False
    notes: tuple[str, ...] = field(default=())
    #: Bundle v2: wish weight met of the weight of every wish overlapping the period...
    wish_weight_met: int = 0
    wish_weight_total: int = 0
    #: ...duty places of rotated shifts held by the crew whose turn it is, of all filled...
    crew_held: int = 0
    crew_places: int = 0
    #: ...and every wish left unmet, with why.
    unmet_wishes: tuple[UnmetWish, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """Every place, every required tag and every standby filled."""
        return (self.filled == self.total and self.tags_unmet == 0
                and self.standby_filled == self.standby_total)

    def spread(self, member_ids: Iterable[str] | None = None) -> dict[str, tuple[int, int]]:
        """(min, max) of shifts, nights and weekend shifts over the given members (default all)."""
        wanted = None if member_ids is None else set(member_ids)
        rows = [s for s in self.stats if wanted is None or s.member in wanted]
        if not rows:
            return {"shifts": (0, 0), "nights": (0, 0), "weekend": (0, 0)}
        return {
            "shifts": (min(s.shifts for s in rows), max(s.shifts for s in rows)),
            "nights": (min(s.nights for s in rows), max(s.nights for s in rows)),
            "weekend": (min(s.weekend for s in rows), max(s.weekend for s in rows)),
        }

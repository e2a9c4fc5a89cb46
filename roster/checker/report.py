"""What ``roster check`` reports: gaps and violations as data, and their JSON form.

The kinds are :class:`roster.rules.kinds.GapKind` and
:class:`~roster.rules.kinds.RuleKind`; the words for them live in :mod:`roster.i18n`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from roster.domain.model import Assignment, Period, ShiftKey
from roster.domain.plans import Wish
from roster.domain.timeutil import format_instant
from roster.rules.kinds import GAP_KINDS, VIOLATION_KINDS, GapKind, RuleKind

UNCOVERED = GapKind.UNCOVERED
UNDERSTAFFED = GapKind.UNDERSTAFFED
MISSING_TAG = GapKind.MISSING_TAG
MISSING_STANDBY = GapKind.MISSING_STANDBY
_GAP_ORDER = {k: i for i, k in enumerate(GAP_KINDS)}
_VIOLATION_ORDER = {k: i for i, k in enumerate(VIOLATION_KINDS)}

#: Members suggested per gap.
CANDIDATES_PER_GAP = 5
#: Gaps (in report order) that get candidates by default: a village team's week fits
#: (the demo's has 91), while a month of a county roster full of holes would otherwise
#: spend more on suggestions nobody reads past the first screens than on the check.
SUGGESTED_GAPS = 100

def _no_detail() -> dict[str, Any]:
    return {}


@dataclass(frozen=True, slots=True)
class Gap:
    """A shift (or a stretch of a checkpoint's day) that has fewer people than it needs.

    ``candidates`` are member ids who could fill it without breaking a rule, best first;
    ``searched`` says whether they were looked for at all (an empty tuple then means
    nobody can).
    """

    kind: GapKind
    checkpoint: str
    start: datetime
    end: datetime
    need: int | None = None
    have: int | None = None
    tag: str | None = None
    candidates: tuple[str, ...] = ()
    searched: bool = False

    @property
    def key(self) -> ShiftKey:
        return (self.checkpoint, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Violation:
    """A member rule broken by the named assignments; ``move`` is the one to change."""

    kind: RuleKind
    member: str
    assignments: tuple[Assignment, ...]
    detail: Mapping[str, Any] = field(default_factory=_no_detail, hash=False)
    move: Assignment | None = None

    @property
    def start(self) -> datetime:
        return self.assignments[0].start


@dataclass(frozen=True, slots=True)
class UnmetWish:
    member: str
    wish: Wish


@dataclass(frozen=True, slots=True)
class WishTally:
    """The wishes that overlap the period: how many are met, by count and by weight."""

    met: int = 0
    unmet: int = 0
    met_weight: int = 0
    unmet_weight: int = 0
    unmet_list: tuple[UnmetWish, ...] = ()

    @property
    def total_weight(self) -> int:
        return self.met_weight + self.unmet_weight


@dataclass(frozen=True, slots=True)
class Substitute:
    """A place of a rotated shift held by ``member``, outside ``crew`` whose turn it is."""

    checkpoint: str
    start: datetime
    end: datetime
    crew: str
    member: str


def _gap_sort_key(g: Gap) -> tuple[Any, ...]:
    return (g.start, g.checkpoint, _GAP_ORDER.get(g.kind, 99), g.tag or "", g.end)


def _violation_sort_key(v: Violation) -> tuple[Any, ...]:
    return (v.start, v.member, _VIOLATION_ORDER.get(v.kind, 99),
            tuple((a.start, a.checkpoint, a.end, a.role) for a in v.assignments))


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``check`` found in a period, in a stable order (by start, then id)."""

    period: Period
    gaps: tuple[Gap, ...]
    violations: tuple[Violation, ...]
    shifts: int = 0  # shifts whose coverage was checked
    assignments: int = 0  # assignments starting in the period
    member_names: Mapping[str, str] = field(default_factory=dict, hash=False)
    checkpoint_names: Mapping[str, str] = field(default_factory=dict, hash=False)
    #: v2, never counted as problems: the period's wishes, and substitutes in rotations.
    wishes: WishTally = field(default_factory=WishTally)
    substitutes: tuple[Substitute, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.gaps and not self.violations

    @property
    def gap_places(self) -> int:
        """How many shifts (and uncovered stretches) lack something: a shift that is both
        understaffed and missing a tag is one place with two gaps, and people count places."""
        return len({g.key for g in self.gaps})

    def counts(self) -> dict[str, int]:
        """Problems per kind, gap kinds first, only kinds that occur."""
        out: dict[str, int] = {}
        for kind in GAP_KINDS:
            n = sum(1 for g in self.gaps if g.kind == kind)
            if n:
                out[kind] = n
        for rule in VIOLATION_KINDS:
            n = sum(1 for v in self.violations if v.kind == rule)
            if n:
                out[rule] = n
        return out

    def gaps_by_checkpoint(self) -> dict[str, list[Gap]]:
        out: dict[str, list[Gap]] = {}
        for g in self.gaps:
            out.setdefault(g.checkpoint, []).append(g)
        return out

    def violations_by_member(self) -> dict[str, list[Violation]]:
        out: dict[str, list[Violation]] = {}
        for v in self.violations:
            out.setdefault(v.member, []).append(v)
        return out

    def involving(self, assignment: Assignment) -> list[Violation]:
        """The violations that name ``assignment`` (what the TUI flags on a cell)."""
        return [v for v in self.violations if assignment in v.assignments]

    def to_json(self, tz: tzinfo) -> dict[str, Any]:
        """The object ``roster check --json`` prints (spec shape, plus names and advice)."""
        return {
            "period": {"start": format_instant(self.period.start, tz),
                       "end": format_instant(self.period.end, tz)},
            "ok": self.ok,
            "summary": {"gaps": len(self.gaps), "violations": len(self.violations),
                        "shifts": self.shifts, "assignments": self.assignments,
                        "by_kind": self.counts()},
            "gaps": [self._gap_json(g, tz) for g in self.gaps],
            "violations": [self._violation_json(v, tz) for v in self.violations],
            "wishes": _wishes_json(self.wishes, tz),
            "substitutes": [{"checkpoint": x.checkpoint, "start": format_instant(x.start, tz),
                             "end": format_instant(x.end, tz), "crew": x.crew,
                             "member": x.member} for x in self.substitutes],
        }

    def _gap_json(self, g: Gap, tz: tzinfo) -> dict[str, Any]:
        doc: dict[str, Any] = {"kind": g.kind, "checkpoint": g.checkpoint,
                               "start": format_instant(g.start, tz),
                               "end": format_instant(g.end, tz)}
        if g.tag is not None:
            doc["tag"] = g.tag
        if g.need is not None:
            doc["need"] = g.need
        if g.have is not None:
            doc["have"] = g.have
        if g.checkpoint in self.checkpoint_names:
            doc["checkpoint_name"] = self.checkpoint_names[g.checkpoint]
        if g.searched:
            doc["candidates"] = list(g.candidates)
        return doc

    def _violation_json(self, v: Violation, tz: tzinfo) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "kind": v.kind,
            "member": v.member,
            "assignments": [_assignment_json(a, tz) for a in v.assignments],
        }
        if v.member in self.member_names:
            doc["member_name"] = self.member_names[v.member]
        doc["detail"] = dict(v.detail)
        doc["move"] = None if v.move is None else _assignment_json(v.move, tz)
        return doc


def _wishes_json(w: WishTally, tz: tzinfo) -> dict[str, Any]:
    return {"met": w.met, "unmet": w.unmet, "met_weight": w.met_weight,
            "unmet_weight": w.unmet_weight, "total_weight": w.total_weight,
            "unmet_list": [{"member": u.member, "from": format_instant(u.wish.start, tz),
                            "to": format_instant(u.wish.end, tz), "want": u.wish.want,
                            "weight": u.wish.weight, "reason": u.wish.reason}
                           for u in w.unmet_list]}


def _assignment_json(a: Assignment, tz: tzinfo) -> dict[str, Any]:
    return {"checkpoint": a.checkpoint, "start": format_instant(a.start, tz),
            "end": format_instant(a.end, tz)}


# --- the check -------------------------------------------------------------------------------

"""Bundle version 2's plans: what members ask for, crews in rotation, and dated changes.

Plain frozen dataclasses (no I/O) that :mod:`roster.domain.model` builds on: a member's
*wishes* (soft: days off or on, weighed 1-3), *crews* that hold a rotated template's shifts
in turn, and a checkpoint's *changes* (a surge, a closure, a market day's tags) that alter
its daily pattern on some dates. Semantics follow ``shared/spec/bundle.md`` (keys marked
**v2**).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Want = Literal["off", "on"]
WANTS: tuple[str, ...] = ("off", "on")
WEIGHTS: tuple[int, ...] = (1, 2, 3)


def _extra() -> dict[str, Any]:
    return {}


@dataclass(frozen=True, slots=True)
class Wish:
    """A member's request: ``off`` is met when none of their duty shifts overlaps
    ``[start, end)``, ``on`` when at least one does. Never a rule."""

    start: datetime
    end: datetime
    want: Want = "off"
    weight: int = 1
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class Crew:
    """A fixed group of members that holds a rotated template's shifts in turn."""

    id: str
    name: str
    members: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Rotation:
    """A template's shifts from ``start`` on, in time order, belong to ``crews`` in turn."""

    crews: tuple[str, ...]
    start: date
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class CheckpointChange:
    """Dates ``[start, end]`` (inclusive) on which a template (None: every template) differs.

    Every value left None keeps the template's own; ``closed`` means no shift at all."""

    start: date
    end: date
    template: int | None = None
    need: int | None = None
    need_tags: Mapping[str, int] | None = field(default=None, hash=False)
    standby: int | None = None
    closed: bool | None = None
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=_extra, hash=False, compare=False)

    def applies(self, template: int, day: date) -> bool:
        return (self.start <= day <= self.end
                and (self.template is None or self.template == template))


@dataclass(frozen=True, slots=True)
class DayPlan:
    """What one template asks for on one date once the changes are applied."""

    need: int
    need_tags: Mapping[str, int]
    standby: int
    closed: bool


def plan_for(changes: tuple[CheckpointChange, ...], template: int, day: date, need: int,
             need_tags: Mapping[str, int], standby: int) -> DayPlan:
    """The template's values on ``day``: the later change in the list wins, key by key."""
    closed = False
    for change in changes:
        if not change.applies(template, day):
            continue
        if change.need is not None:
            need = change.need
        if change.need_tags is not None:
            need_tags = change.need_tags
        if change.standby is not None:
            standby = change.standby
        if change.closed is not None:
            closed = change.closed
    return DayPlan(need, need_tags, standby, closed)


def crew_of(crews: tuple[Crew, ...], member: str) -> Crew | None:
    for crew in crews:
        if member in crew.members:
            return crew
    return None

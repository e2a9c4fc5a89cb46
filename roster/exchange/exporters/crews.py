"""Crews on the printed sheets (bundle v2): whose turn each rotated shift is, and who is in
each crew, for the grid's cells, its contact block and the calendar's events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from roster.domain.model import Bundle, Checkpoint, Member
from roster.domain.rotation import turns
from roster.i18n import say


@dataclass(frozen=True, slots=True)
class CrewLine:
    """A crew that holds some shift of a grid in turn, and its members (name, phone)."""

    name: str
    members: tuple[tuple[str, str], ...]

    def text(self, lang: str) -> str:
        """``第一组：张三 138…、李四 139…``"""
        people = say(lang, ", ", context="clauses").join(
            f"{name} {phone}".strip() for name, phone in self.members)
        return self.name + say(lang, ": ") + people


def crew_turns(bundle: Bundle, cp: Checkpoint, block: list[date],
               members: Mapping[str, Member]) -> tuple[dict[tuple[date, int], str],
                                                       tuple[CrewLine, ...]]:
    """The crew name on each rotated shift of the block, and those crews with members."""
    if not bundle.crews or not any(t.rotation for t in cp.shifts):
        return {}, ()
    by_id = {c.id: c for c in bundle.crews}
    names: dict[tuple[date, int], str] = {}
    seen: list[str] = []
    for index, t in enumerate(cp.shifts):
        if t.rotation is None:
            continue
        for day, crew_id in turns(cp, index, block[0], block[-1]).items():
            crew = by_id.get(crew_id)
            if crew is not None:
                names[(day, index)] = crew.name or crew.id
                if crew_id not in seen:
                    seen.append(crew_id)
    lines = tuple(CrewLine(by_id[c].name or c,
                           tuple((members[m].name, members[m].phone)
                                 for m in by_id[c].members if m in members))
                  for c in seen)
    return names, lines

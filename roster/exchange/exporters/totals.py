"""Each member's totals over a printed layout: duty shifts, nights, hours, standby."""

from __future__ import annotations

from dataclasses import dataclass

from roster.domain.model import Bundle, Member
from roster.exchange.exporters.grid import Layout


@dataclass(frozen=True, slots=True)
class MemberTotals:
    """One member's load over a layout: duty shifts, night shifts, hours, standby shifts."""

    member: Member
    shifts: int
    nights: int
    hours: float
    standby: int


def member_totals(bundle: Bundle, layout: Layout, *, everyone: bool = True) -> list[MemberTotals]:
    """Each member's totals over the grids, in the team's order.

    ``everyone`` lists members with nothing too (a fair share shows as much in who has
    none as in who has most); otherwise only members on the grids.
    """
    counts: dict[str, list[float]] = {}
    for grid in layout.grids:
        for cell in grid.cells.values():
            for p in cell.duty:
                c = counts.setdefault(p.member, [0, 0, 0.0, 0])
                c[0] += 1
                c[1] += 1 if cell.shift.night else 0
                c[2] += cell.shift.hours
            for p in cell.standby:
                counts.setdefault(p.member, [0, 0, 0.0, 0])[3] += 1
    out: list[MemberTotals] = []
    for m in bundle.members:
        if m.id not in counts and not everyone:
            continue
        c = counts.get(m.id, [0, 0, 0.0, 0])
        out.append(MemberTotals(m, int(c[0]), int(c[1]), round(c[2], 2), int(c[3])))
    return out

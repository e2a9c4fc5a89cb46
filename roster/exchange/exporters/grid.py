"""The roster as it is printed: dates x shifts with the names on each shift, built once.

PDF, HTML, the XLSX sheets, the CSV grid and the TXT table all show the same grid, and
a posted sheet must say the same thing whichever file it was printed from; so what goes
in a cell (who is on duty, who is on standby, who was locked by hand, how many are
missing), which rows are night shifts, which days are holidays, the contact list, the
version stamp and which cells changed since the last print are decided here, and the
format modules only lay the result out.

The *version stamp* is a short hash of the canonical JSON of what a sheet shows (the
team, the days, the assignments and the names and phones of the people on them): the
same roster gives the same stamp on every machine and in every format, so a sheet on a
wall can be matched to the system by exporting the same week again.

*Changes since the last print* are compared per checkpoint and period: the export
command keeps, through the store, the names per cell of the last printed sheets
(:func:`memory_records`) and hands them back in :attr:`Selection.previous`; a cell whose
names differ is marked with :data:`MARK_CHANGED`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from roster.domain.messages import N_
from roster.domain.model import (
    Assignment,
    Bundle,
    Checkpoint,
    Member,
    Period,
    Shift,
    Team,
    materialise,
)
from roster.domain.timeutil import format_instant, local_date
from roster.exchange.bundle import assignment_sort_key, assignment_to_doc, team_to_doc
from roster.exchange.exporters.crews import CrewLine, crew_turns
from roster.exchange.exporters.selection import Selection
from roster.i18n import date_words, say, weekday

__all__ = [
    "MARK_CHANGED",
    "MARK_LOCKED",
    "Cell",
    "CheckpointGrid",
    "Contact",
    "Day",
    "Layout",
    "OnShift",
    "Row",
    "build",
    "export_stamp",
    "heading",
    "label",
    "selected_assignments",
    "span_label",
    "version_stamp",
]

#: Marks a cell whose names differ from the last printed sheet of the same period.
MARK_CHANGED = "★"
#: Marks a person a team lead placed by hand (``generate`` never moves them).
MARK_LOCKED = "◆"

_LABELS: dict[str, str] = {
    "title": N_("duty roster", context="print"),
    "location": N_("Location", context="print"),
    "period": N_("Period", context="print"),
    "shift": N_("Shift", context="print"),
    "date": N_("Date", context="print"),
    "night": N_("night", context="print"),
    "holiday": N_("holiday", context="print"),
    "standby": N_("Standby", context="print"),
    "closed": N_("closed", context="print"),
    "contacts": N_("Contacts", context="print"),
    "lead": N_("Team lead", context="print"),
    "signature": N_("Team lead's signature", context="print"),
    "sign_date": N_("Date", context="print"),
    "made_at": N_("Made", context="print"),
    "stamp": N_("Version", context="print"),
    "page": N_("page {n}/{total}", context="print"),
    "changed": N_("changed since this period was last printed", context="print"),
    "locked": N_("placed by hand", context="print"),
    "short": N_("{n} missing", context="print"),
    "short_standby": N_("{n} standby missing", context="print"),
    "member": N_("Name", context="print"),
    "phone": N_("Phone", context="print"),
    "unit": N_("Unit", context="print"),
    "checkpoint": N_("Checkpoint", context="print"),
    "to": N_("to", context="print"),
    "more": N_("… and {n} more", context="print"),
    "crew": N_("[{crew}]", context="print"),
}


def label(key: str, lang: str, **values: Any) -> str:
    """A fixed word of the printed sheets in ``lang`` (``{n}`` style fields filled in)."""
    return say(lang, _LABELS[key], context="print", **values)


def heading(key: str, lang: str) -> str:
    """A label followed by a colon as the language writes it: ``时段：`` / ``Period: ``."""
    return label(key, lang) + say(lang, ": ")


# --- what a grid is made of ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OnShift:
    """One person on one shift, as printed."""

    member: str
    name: str
    locked: bool

    def label(self, marks: bool = True) -> str:
        return f"{self.name}{MARK_LOCKED}" if self.locked and marks else self.name


@dataclass(frozen=True, slots=True)
class Cell:
    """One shift of one checkpoint on one day: the people on it and what is missing."""

    key: str
    shift: Shift
    duty: tuple[OnShift, ...]
    standby: tuple[OnShift, ...]
    missing: int
    missing_standby: int
    changed: bool
    #: The crew whose turn this rotated shift is (its name; empty when not rotated).
    crew: str = ""

    @property
    def memo(self) -> tuple[str, ...]:
        """What is remembered of this cell after a print: the names it showed."""
        return (tuple(p.name for p in self.duty)
                + tuple(f"standby:{p.name}" for p in self.standby))

    @property
    def is_empty(self) -> bool:
        return not self.duty and not self.standby

    def duty_text(self, marks: bool = True) -> str:
        return " ".join(p.label(marks) for p in self.duty)

    def standby_text(self, marks: bool = True) -> str:
        return " ".join(p.label(marks) for p in self.standby)

    def lines(self, lang: str, *, marks: bool = True) -> list[str]:
        """The cell's text, line by line: duty names, standby, what is missing."""
        out: list[str] = []
        if self.crew:
            out.append(label("crew", lang, crew=self.crew))
        if self.duty:
            out.append(self.duty_text(marks))
        if self.standby:
            out.append(heading("standby", lang) + self.standby_text(marks))
        short = []
        if self.missing:
            short.append(label("short", lang, n=self.missing))
        if self.missing_standby:
            short.append(label("short_standby", lang, n=self.missing_standby))
        if short:
            out.append(" ".join(short))
        if not out:
            out.append("—")
        if self.changed and marks:
            out[0] = f"{MARK_CHANGED}{out[0]}"
        return out

    def text(self, lang: str, *, marks: bool = True, sep: str = " / ") -> str:
        return sep.join(self.lines(lang, marks=marks))


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the checkpoint's daily pattern (a shift template)."""

    template: int
    start: str
    end: str
    night: bool

    def label(self, sep: str = "–") -> str:
        return span_label(self.start, self.end, sep)


def span_label(start: str, end: str, sep: str = "–") -> str:
    """How a shift's hours are printed on every sheet and report: ``16:00–00:00``.

    The one place that decides it, so the roster and the daily report of the same shift
    say the same thing (midnight is ``00:00``, as the checkpoint's pattern says it).
    """
    end = "00:00" if end == "24:00" else end
    return f"{start}{sep}{end}"


@dataclass(frozen=True, slots=True)
class Day:
    date: date
    holiday: bool

    def short(self, lang: str) -> str:
        """``12月1日`` / ``Dec 1``."""
        return date_words(self.date, lang, N_("MMM D", context="date format"))

    def weekday(self, lang: str) -> str:
        return weekday(self.date.weekday(), lang)


@dataclass(frozen=True, slots=True)
class Contact:
    member: str
    name: str
    phone: str
    unit: str
    lead: bool


@dataclass(frozen=True, slots=True)
class CheckpointGrid:
    """One checkpoint over some days: a printed page (a week) or a sheet (the period)."""

    checkpoint: Checkpoint
    days: tuple[Day, ...]
    rows: tuple[Row, ...]
    cells: Mapping[tuple[date, int], Cell]
    contacts: tuple[Contact, ...]
    stamp: str
    #: A previous print of this checkpoint and period was known: changes are marked.
    compared: bool
    #: Crews in rotation on this grid's shifts, with their members (bundle v2).
    crews: tuple[CrewLine, ...] = ()

    def cell(self, day: date, row: int) -> Cell | None:
        """The cell of ``row`` on ``day``; None when the checkpoint is not staffed then."""
        return self.cells.get((day, row))

    @property
    def first(self) -> date:
        return self.days[0].date

    @property
    def last(self) -> date:
        return self.days[-1].date

    @property
    def changed(self) -> int:
        return sum(1 for c in self.cells.values() if c.changed)

    @property
    def has_locked(self) -> bool:
        return any(p.locked for c in self.cells.values() for p in (*c.duty, *c.standby))

    def period_text(self, lang: str) -> str:
        return f"{self.first.isoformat()} {label('to', lang)} {self.last.isoformat()}"


@dataclass(frozen=True, slots=True)
class Layout:
    """Everything the printed formats show for one export."""

    team: Team
    lead: Member | None
    period: Period | None
    grids: tuple[CheckpointGrid, ...]
    assignments: tuple[Assignment, ...]
    stamp: str
    made_at: datetime | None
    tz: tzinfo

    def made_text(self) -> str:
        """The export time in the team's zone, ``2026-12-01 10:30``; empty when unknown."""
        if self.made_at is None:
            return ""
        return self.made_at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")

    def period_text(self, lang: str) -> str:
        if self.period is None:
            return ""
        last = self.period.first_day + timedelta(days=self.period.days - 1)
        return f"{self.period.first_day.isoformat()} {label('to', lang)} {last.isoformat()}"


# --- building it -----------------------------------------------------------------------------


def selected_assignments(bundle: Bundle, selection: Selection) -> list[Assignment]:
    """The assignments an export covers, in time order."""
    return sorted((a for a in bundle.assignments if selection.wants_assignment(a)),
                  key=assignment_sort_key)


def version_stamp(bundle: Bundle, assignments: Iterable[Assignment],
                  scope: Mapping[str, Any] | None = None,
                  members: Mapping[str, Member] | None = None) -> str:
    """Eight hex digits of the SHA-256 of the canonical JSON of what a sheet shows.

    ``scope`` adds what else identifies the sheet (checkpoint, days), so that two empty
    weeks do not share a stamp.
    """
    tz = bundle.tz
    members = bundle.members_by_id() if members is None else members
    chosen = sorted(assignments, key=assignment_sort_key)
    people = {a.member: [members[a.member].name, members[a.member].phone]
              for a in chosen if a.member in members}
    doc = {"team": team_to_doc(bundle.team), "scope": dict(scope or {}),
           "assignments": [assignment_to_doc(a, tz) for a in chosen], "people": people}
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def export_stamp(bundle: Bundle, selection: Selection) -> str:
    """The version stamp of a whole export (equal to the page's when it is one page)."""
    chosen = selected_assignments(bundle, selection)
    return version_stamp(bundle, chosen,
                         _scope(selection.checkpoint, _period_of(bundle, selection, chosen)))


def _period_of(bundle: Bundle, selection: Selection,
               chosen: list[Assignment]) -> Period | None:
    if selection.period is not None:
        return selection.period
    if not chosen:
        return None
    tz = bundle.tz
    first = min(local_date(a.start, tz) for a in chosen)
    last = max(local_date(a.start, tz) for a in chosen)
    return bundle.period(first, (last - first).days + 1)


def build(bundle: Bundle, selection: Selection, *, block_days: int | None = None) -> Layout:
    """The grids of the selection: one per checkpoint, or per ``block_days`` days of it.

    Printed pages use ``block_days=7`` (one page per checkpoint per week, counted from
    the period's first day). A checkpoint not staffed on any day of a block has no grid
    for it; with a member selected, only the grids where that member appears are kept.
    """
    tz = bundle.tz
    chosen = selected_assignments(bundle, selection)
    period = _period_of(bundle, selection, chosen)
    lead = bundle.member(bundle.team.lead) if bundle.team.lead else None
    stamp = version_stamp(bundle, chosen, _scope(selection.checkpoint, period))
    if period is None:
        return Layout(bundle.team, lead, None, (), tuple(chosen), stamp, selection.made_at, tz)

    members = bundle.members_by_id()
    order = {m.id: i for i, m in enumerate(bundle.members)}
    holidays = frozenset(bundle.rules.holidays)
    by_shift: dict[tuple[str, datetime, datetime], list[Assignment]] = {}
    for a in chosen:
        by_shift.setdefault(a.shift_key, []).append(a)

    dates = list(period.dates())
    size = block_days or len(dates)
    blocks = [dates[i:i + size] for i in range(0, len(dates), size)]
    grids: list[CheckpointGrid] = []
    for cp in bundle.checkpoints:
        if selection.checkpoint is not None and cp.id != selection.checkpoint:
            continue
        previous = (selection.previous or {}).get(cp.id)
        for block in blocks:
            grid = _grid(bundle, cp, block, by_shift, members, order, holidays, lead,
                         previous, selection, tz)
            if grid is not None:
                grids.append(grid)
    return Layout(bundle.team, lead, period, tuple(grids), tuple(chosen), stamp,
                  selection.made_at, tz)


def _scope(checkpoint: str | None, period: Period | None) -> dict[str, Any]:
    if period is None:
        return {"checkpoint": checkpoint}
    return {"checkpoint": checkpoint, "first": period.first_day.isoformat(),
            "days": period.days}


def _grid(bundle: Bundle, cp: Checkpoint, block: list[date],
          by_shift: Mapping[tuple[str, datetime, datetime], list[Assignment]],
          members: Mapping[str, Member], order: Mapping[str, int],
          holidays: frozenset[date], lead: Member | None,
          previous: Mapping[str, tuple[str, ...]] | None, selection: Selection,
          tz: tzinfo) -> CheckpointGrid | None:
    shifts = materialise(cp, block, bundle.rules, tz)
    if not shifts:
        return None
    one_member = selection.member is not None
    turn_names, crews = crew_turns(bundle, cp, block, members)
    cells: dict[tuple[date, int], Cell] = {}
    on_grid: list[Assignment] = []
    night_rows: set[int] = set()
    for s in shifts:
        if s.night:
            night_rows.add(s.template)
        here = by_shift.get(s.key, [])
        on_grid.extend(here)
        cell = _cell(s, here, members, order, one_member, previous, tz)
        crew = turn_names.get((s.day, s.template))
        cells[(s.day, s.template)] = replace(cell, crew=crew) if crew else cell
    if one_member and not on_grid:
        return None
    rows = tuple(Row(i, str(t.start), str(t.end), i in night_rows)
                 for i, t in enumerate(cp.shifts))
    days = tuple(Day(d, d in holidays) for d in block)
    first = block[0]
    scope = {"checkpoint": cp.id, "first": first.isoformat(), "days": len(block)}
    return CheckpointGrid(
        checkpoint=cp,
        days=days,
        rows=rows,
        cells=cells,
        contacts=_contacts(on_grid, members, order, lead),
        stamp=version_stamp(bundle, on_grid, scope, members),
        compared=previous is not None,
        crews=crews,
    )


def _cell(s: Shift, here: list[Assignment], members: Mapping[str, Member],
          order: Mapping[str, int], one_member: bool,
          previous: Mapping[str, tuple[str, ...]] | None, tz: tzinfo) -> Cell:
    """One shift's cell: who is on duty and standby, who is missing, whether it changed."""
    duty = _people([a for a in here if a.role == "duty"], members, order)
    standby = _people([a for a in here if a.role == "standby"], members, order)
    key = f"{format_instant(s.start, tz)}|{format_instant(s.end, tz)}"
    cell = Cell(key=key, shift=s, duty=duty, standby=standby,
                missing=0 if one_member else max(0, s.need - len(duty)),
                missing_standby=0 if one_member else max(0, s.standby - len(standby)),
                changed=False)
    if previous is not None and tuple(previous.get(key, ())) != cell.memo:
        cell = Cell(key, s, duty, standby, cell.missing, cell.missing_standby, True)
    return cell


def _people(assignments: list[Assignment], members: Mapping[str, Member],
            order: Mapping[str, int]) -> tuple[OnShift, ...]:
    seen: dict[str, OnShift] = {}
    for a in assignments:
        m = members.get(a.member)
        person = OnShift(a.member, m.name if m else a.member, a.locked)
        if a.member not in seen or person.locked:
            seen[a.member] = person
    return tuple(sorted(seen.values(), key=lambda p: (order.get(p.member, len(order)),
                                                       p.member)))


def _contacts(on_grid: list[Assignment], members: Mapping[str, Member],
              order: Mapping[str, int], lead: Member | None) -> tuple[Contact, ...]:
    """The team lead first, then everyone on the grid, in the team's order."""
    out: list[Contact] = []
    if lead is not None:
        out.append(Contact(lead.id, lead.name, lead.phone, lead.unit, True))
    ids = sorted({a.member for a in on_grid if a.member in members and
                  (lead is None or a.member != lead.id)}, key=lambda i: order.get(i, 0))
    for member_id in ids:
        m = members[member_id]
        out.append(Contact(m.id, m.name, m.phone, m.unit, False))
    return tuple(out)

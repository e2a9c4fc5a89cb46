"""The roster as plain text: a table to paste into a chat or read in a terminal, or a notice.

Columns are aligned by display width, not by characters: a Chinese character takes two
columns of a terminal or a monospaced chat font, a Latin letter one (``rich.cells``
measures it, as the rest of the app does). Only symbols of unambiguous width are used
(ASCII separators, ``*`` for a person placed by hand), because box-drawing characters,
the en dash and marks like ``★`` are one column wide in some fonts and two in Chinese
ones, which would break the alignment exactly where the table is read.

With a member selected the text is that member's duty notice instead, one line to send
them: ``张建国: 12月1日周二 08:00–16:00 北口卡点；…`` and the totals and whom to call.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from rich.cells import cell_len

from roster.domain.messages import N_
from roster.domain.model import Bundle
from roster.domain.rotation import next_turns
from roster.exchange.exporters.grid import (
    Cell,
    CheckpointGrid,
    Layout,
    OnShift,
    build,
    label,
)
from roster.exchange.exporters.selection import Selection
from roster.i18n import date_words, say

#: Marks a person placed by hand in the text table (see the module docstring).
LOCKED = "*"


def render(bundle: Bundle, selection: Selection, lang: str) -> bytes:
    if selection.member is not None:
        return (notice(bundle, selection, lang) + "\n").encode("utf-8")
    layout = build(bundle, selection)
    blocks = [_table(layout, grid, lang) for grid in layout.grids]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` display columns."""
    return text + " " * max(0, width - cell_len(text))


def _plain(cell: Cell, lang: str) -> str:
    """A cell on one line with width-safe marks only."""
    def names(people: tuple[OnShift, ...]) -> str:
        return " ".join(f"{p.name}{LOCKED}" if p.locked else p.name for p in people)

    parts = []
    if cell.duty:
        parts.append(names(cell.duty))
    if cell.standby:
        parts.append(say(lang, "standby:") + names(cell.standby))
    if cell.missing:
        parts.append(f"({label('short', lang, n=cell.missing)})")
    if cell.missing_standby:
        parts.append(f"({label('short_standby', lang, n=cell.missing_standby)})")
    return " ".join(parts) or "-"


def _table(layout: Layout, grid: CheckpointGrid, lang: str) -> str:
    cp = grid.checkpoint
    title = (f"{layout.team.name} · {cp.name} {label('title', lang)}  "
             f"{grid.period_text(lang)}  {label('stamp', lang)} {grid.stamp}")
    head = [label("date", lang)] + [
        f"{r.label('-')} {label('night', lang)}" if r.night else r.label("-") for r in grid.rows]
    body: list[list[str]] = []
    for day in grid.days:
        first = f"{day.date:%m-%d} {day.weekday(lang)}"
        if day.holiday:
            first += f" {label('holiday', lang)}"
        row = [first]
        for r in grid.rows:
            cell = grid.cell(day.date, r.template)
            row.append(label("closed", lang) if cell is None else _plain(cell, lang))
        body.append(row)
    widths = [max(cell_len(row[i]) for row in (head, *body)) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return " | ".join(pad(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    out = [title, line(head), rule, *(line(r) for r in body)]
    if grid.has_locked:
        out.append(f"{LOCKED} {label('locked', lang)}")
    return "\n".join(out)


def notice(bundle: Bundle, selection: Selection, lang: str) -> str:
    """One member's duty notice: their shifts on one line, then totals and the lead's phone."""
    member = bundle.member(selection.member or "")
    if member is None:
        return ""
    layout = build(bundle, replace(selection, member=member.id))
    cells = sorted((c for g in layout.grids for c in g.cells.values() if not c.is_empty),
                   key=lambda c: c.shift.start)
    names = {cp.id: cp.name for cp in bundle.checkpoints}
    items: list[str] = []
    tally = _Tally()
    for c in cells:
        start = c.shift.start.astimezone(layout.tz)
        end = c.shift.end.astimezone(layout.tz)
        text = f"{_day(start, lang)} {start:%H:%M}–{end:%H:%M} {names.get(c.shift.checkpoint, '')}"
        notes = tally.add(c, member.id, lang)
        if notes:
            text += say(lang, " ({notes})", notes=say(lang, ", ", context="clauses").join(notes))
        items.append(text)
    sep = say(lang, "; ")
    lines = [f"{member.name}: {sep.join(items)}", tally.line(lang)]
    turns_line = _crew_turns(bundle, member.id, layout, names, lang)
    if turns_line:
        lines.append(turns_line)
    lead = layout.lead
    if lead is not None and lead.id != member.id:
        phone = f" {lead.phone}" if lead.phone else ""
        lines.append(say(lang, "To swap a shift call the team lead, {name}{phone}.",
                         name=lead.name, phone=phone))
    return "\n".join(lines)


def _crew_turns(bundle: Bundle, member_id: str, layout: Layout, names: dict[str, str],
                lang: str) -> str:
    """The member's crew and its next eight turns from the notice's first day (bundle v2)."""
    crew = next((c for c in bundle.crews if member_id in c.members), None)
    if crew is None:
        return ""
    first = layout.period.first_day if layout.period is not None else None
    if first is None:
        return ""
    upcoming = next_turns(bundle, crew.id, first, 8)
    if not upcoming:
        return ""
    turns_text = say(lang, "; ").join(
        f"{date_words(day, lang, N_('MMM D ddd', context='date format'))} "
        f"{cp.shifts[index].start} {names.get(cp.id, cp.id)}" for day, cp, index in upcoming)
    return say(lang, "Your crew {crew} is on: {turns}.", crew=crew.name or crew.id,
               turns=turns_text)


def _day(start: datetime, lang: str) -> str:
    return date_words(start.date(), lang, N_("MMM D ddd", context="date format"))


class _Tally:
    """A member's shifts, nights, hours and standby in a notice."""

    def __init__(self) -> None:
        self.shifts = self.nights = self.standby = 0
        self.hours = 0.0

    def add(self, c: Cell, member: str, lang: str) -> list[str]:
        """Count one cell; returns what to note beside it (standby, night)."""
        if any(p.member == member for p in c.standby):
            self.standby += 1
            return [say(lang, "standby")]
        self.shifts += 1
        self.hours += c.shift.hours
        if c.shift.night:
            self.nights += 1
            return [label("night", lang)]
        return []

    def line(self, lang: str) -> str:
        hours_text = f"{self.hours:g}"
        standby = self.standby
        on_standby = say(lang, "; {n} on standby", n=standby) if standby else ""
        return say(lang, "{shifts} shift(s) ({nights} at night), {hours} hours{standby}.",
                   shifts=self.shifts, nights=self.nights, hours=hours_text, standby=on_standby)


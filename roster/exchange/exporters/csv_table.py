"""The roster as CSV for Excel and for scripts: a row per assignment, or the printed grid.

Excel guesses a CSV file's encoding and, without a byte-order mark, guesses wrong for
Chinese (it reads the system code page), so the file starts with the UTF-8 BOM; lines
end with CRLF as RFC 4180 and Excel expect. ``rows`` (the default) is one line per
person per shift, for sorting and pivoting; ``grid`` is the printed grid
(:mod:`roster.exchange.exporters.grid`), a block per checkpoint. Text that a spreadsheet would
run as a formula is written as text (:mod:`roster.exchange.exporters.safe_text`).
"""

from __future__ import annotations

import csv
import io

from roster.domain.model import Bundle, shift_for
from roster.exchange.exporters.grid import (
    Layout,
    build,
    heading,
    label,
)
from roster.exchange.exporters.safe_text import csv_safe
from roster.exchange.exporters.selection import Selection
from roster.i18n import say

BOM = "\ufeff"


def render(bundle: Bundle, selection: Selection, lang: str) -> bytes:
    layout = build(bundle, selection)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    rows = _grid_rows(layout, lang) if selection.layout == "grid" else _rows(bundle, layout, lang)
    writer.writerows([[csv_safe(v) for v in row] for row in rows])
    return (BOM + out.getvalue()).encode("utf-8")


def _yes(value: bool, lang: str) -> str:
    return say(lang, "yes") if value else say(lang, "no")


def _rows(bundle: Bundle, layout: Layout, lang: str) -> list[list[str]]:
    """Header, then one row per selected assignment in time order."""
    tz = layout.tz
    members = bundle.members_by_id()
    checkpoints = bundle.checkpoints_by_id()
    night_of = {c.shift.key: c.shift.night for g in layout.grids for c in g.cells.values()}
    out = [[label("date", lang), label("checkpoint", lang), say(lang, "start"),
            say(lang, "end"), label("member", lang), label("phone", lang),
            label("night", lang), say(lang, "locked"), say(lang, "role"),
            say(lang, "checkpoint id"), say(lang, "member id")]]
    for a in layout.assignments:
        m = members.get(a.member)
        cp = checkpoints.get(a.checkpoint)
        night = night_of.get(a.shift_key)
        if night is None:  # not a shift of the grid (an invalid assignment): judge it alone
            shift = shift_for(bundle, cp, a.start, a.end) if cp else None
            night = shift.night if shift else False
        start, end = a.start.astimezone(tz), a.end.astimezone(tz)
        role = label("standby", lang) if a.role == "standby" else say(lang, "duty")
        out.append([
            start.date().isoformat(),
            cp.name if cp else a.checkpoint,
            start.strftime("%Y-%m-%d %H:%M"),
            end.strftime("%Y-%m-%d %H:%M"),
            m.name if m else a.member,
            m.phone if m else "",
            _yes(night, lang),
            _yes(a.locked, lang),
            role,
            a.checkpoint,
            a.member,
        ])
    return out


def _grid_rows(layout: Layout, lang: str) -> list[list[str]]:
    """For each checkpoint: a title line, a header, one line per day; a blank line between."""
    out: list[list[str]] = []
    for grid in layout.grids:
        if out:
            out.append([])
        cp = grid.checkpoint
        out.append([f"{layout.team.name} · {cp.name} {label('title', lang)}",
                    heading("period", lang) + grid.period_text(lang),
                    f"{label('stamp', lang)} {grid.stamp}"])
        out.append([label("date", lang), say(lang, "day"),
                    *(f"{r.label()} {label('night', lang)}" if r.night else r.label()
                      for r in grid.rows)])
        for day in grid.days:
            weekday = day.weekday(lang)
            if day.holiday:
                weekday = f"{weekday} {label('holiday', lang)}"
            cells = []
            for row in grid.rows:
                cell = grid.cell(day.date, row.template)
                cells.append(label("closed", lang) if cell is None else cell.text(lang))
            out.append([day.date.isoformat(), weekday, *cells])
    return out


"""The roster as an Excel workbook: a sheet per checkpoint, and a sheet of member totals.

Township and county offices keep rosters in Excel and print from it, so each sheet is
ready to print as it opens: the grid (dates down, shifts across, the same cells as every
printed format, :mod:`roster.exchange.exporters.grid`), the header frozen while scrolling and
repeated on every printed page, columns sized to their Chinese text (a Chinese character
is two columns wide), A4 landscape fitted to one page wide. The totals sheet (shifts,
nights, hours, standby per member) is what a lead checks fairness with.

Every text cell is written as text: a name starting with ``=`` stays a name
(:mod:`roster.exchange.exporters.safe_text`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from rich.cells import cell_len

from roster.domain.model import Bundle
from roster.exchange.exporters.grid import (
    CheckpointGrid,
    Day,
    Layout,
    build,
    heading,
    label,
)
from roster.exchange.exporters.safe_text import is_formula_like
from roster.exchange.exporters.selection import Selection
from roster.exchange.exporters.totals import member_totals
from roster.i18n import say

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
_NIGHT_FILL = PatternFill("solid", fgColor="E2E8F4")
_HOLIDAY_FILL = PatternFill("solid", fgColor="FAE2E2")
_CLOSED_FILL = PatternFill("solid", fgColor="F0F0F0")
_CHANGED_FILL = PatternFill("solid", fgColor="FFF3C4")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_GREY = Font(color="6E6E6E", size=9)
_RED = Font(color="BE1E1E")
_FILLS = {"plain": None, "head": _HEADER_FILL, "night": _NIGHT_FILL, "holiday": _HOLIDAY_FILL,
          "closed": _CLOSED_FILL, "changed": _CHANGED_FILL}
_FONTS = {"plain": None, "bold": _BOLD, "grey": _GREY, "red": _RED}
_HEADER_ROW = 3
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def render(bundle: Bundle, selection: Selection, lang: str) -> bytes:
    layout = build(bundle, selection)
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    wb.properties.creator = "checkpoint-roster"
    wb.properties.title = f"{bundle.team.name} {label('title', lang)}"
    if selection.made_at is not None:
        made = selection.made_at.replace(tzinfo=None)
        wb.properties.created = made
        wb.properties.modified = made
    styles = _Styles(wb)
    names: set[str] = set()
    for grid in layout.grids:
        ws = wb.create_sheet(_sheet_name(grid.checkpoint.name or grid.checkpoint.id, names))
        _grid_sheet(ws, layout, grid, lang, styles)
    totals = wb.create_sheet(_sheet_name(say(lang, "Member totals"), names))
    _totals_sheet(totals, bundle, layout, selection, lang, styles)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class _Styles:
    """Cell styles registered once per workbook as named styles.

    Setting a cell's border, alignment, fill and font one by one makes openpyxl hash
    each style object on every cell, which was most of the time of a county's month;
    a named style is one assignment.
    """

    def __init__(self, wb: Workbook) -> None:
        self._wb = wb
        self._names: set[str] = set()

    def name(self, fill: str = "plain", font: str = "plain", *, centered: bool = False,
             date: bool = False) -> str:
        name = f"roster {fill} {font}{' centered' if centered else ''}{' date' if date else ''}"
        if name not in self._names:
            style = NamedStyle(name=name, border=_BORDER,
                               alignment=_CENTER if centered else _WRAP)
            if _FILLS[fill] is not None:
                style.fill = _FILLS[fill]
            if _FONTS[font] is not None:
                style.font = _FONTS[font]
            if date:
                style.number_format = "yyyy-mm-dd"
            self._wb.add_named_style(style)
            self._names.add(name)
        return name


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name (31 characters, none of ``[]:*?/\\``)."""
    base = _BAD_SHEET_CHARS.sub("_", wanted).strip("'") or "sheet"
    name = base[:31]
    n = 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[:31 - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def _put(ws: Worksheet, row: int, col: int, value: object, style: str | None = None) -> Cell:
    """Write a cell; text that looks like a formula is stored as text, never as a formula."""
    cell: Cell = ws.cell(row=row, column=col, value=value)  # type: ignore[assignment]
    if style is not None:
        cell.style = style
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _width(texts: Iterable[str], least: float = 6, most: float = 60) -> float:
    """A column width in Excel's units (about one per Latin character, two per Chinese)."""
    widest = max((cell_len(line) for t in texts for line in t.split("\n")), default=0)
    return max(least, min(most, widest + 2))


def _print_setup(ws: Worksheet, title_rows: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "&P / &N"


def _header_text(text: str) -> str:
    """Text for a page header: ``&`` starts a code there (``&P``), so it is doubled."""
    return text.replace("&", "&&")


def _grid_sheet(ws: Worksheet, layout: Layout, grid: CheckpointGrid, lang: str,
                styles: _Styles) -> None:
    team, cp = layout.team, grid.checkpoint
    _put(ws, 1, 1, f"{team.name} · {cp.name} {label('title', lang)}").font = _TITLE
    made = layout.made_text()
    info = [heading("period", lang) + grid.period_text(lang)]
    if cp.location:
        info.append(heading("location", lang) + cp.location)
    info.append(f"{label('stamp', lang)} {grid.stamp}")
    if made:
        info.append(f"{label('made_at', lang)} {made}")
    _put(ws, 2, 1, " · ".join(info)).font = _GREY
    columns = _grid_head(ws, grid, lang, styles)
    for r, day in enumerate(grid.days, start=_HEADER_ROW + 1):
        _grid_day(ws, r, day, grid, lang, styles, columns)
    for c, texts in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _width(texts, least=8 if c > 2 else 6)
    ws.row_dimensions[_HEADER_ROW].height = 34 if any(r.night for r in grid.rows) else 20
    ws.freeze_panes = ws.cell(row=_HEADER_ROW + 1, column=3)
    # A month runs over several printed pages: each repeats the title, the period and the
    # header row, and its page header names the checkpoint and the period.
    _print_setup(ws, f"1:{_HEADER_ROW}")
    ws.oddHeader.left.text = _header_text(f"{team.name} · {cp.name} {label('title', lang)}")
    ws.oddHeader.right.text = _header_text(
        f"{heading('period', lang)}{grid.period_text(lang)} · {label('stamp', lang)} "
        f"{grid.stamp}")
    ws.oddHeader.left.size = ws.oddHeader.right.size = 9


def _grid_head(ws: Worksheet, grid: CheckpointGrid, lang: str,
               styles: _Styles) -> list[list[str]]:
    """The header row; returns each column's texts so far (for its width)."""
    heads = [label("date", lang), say(lang, "Day")]
    heads += [f"{r.label()}\n{label('night', lang)}" if r.night else r.label()
              for r in grid.rows]
    for c, text in enumerate(heads, start=1):
        night = c > 2 and grid.rows[c - 3].night
        _put(ws, _HEADER_ROW, c, text,
             styles.name("night" if night else "head", "bold", centered=True))
    columns: list[list[str]] = [[h] for h in heads]
    columns[0].append("2026-12-01")  # the width of a date as Excel shows it
    return columns


def _grid_day(ws: Worksheet, r: int, day: Day, grid: CheckpointGrid, lang: str,
              styles: _Styles, columns: list[list[str]]) -> None:
    """One day's row: the date, the weekday, each shift's names."""
    day_fill = "holiday" if day.holiday else "head"
    _put(ws, r, 1, day.date, styles.name(day_fill, centered=True, date=True))
    weekday = (f"{day.weekday(lang)} {label('holiday', lang)}" if day.holiday
               else day.weekday(lang))
    _put(ws, r, 2, weekday, styles.name(day_fill, centered=True))
    columns[1].append(weekday)
    lines_in_row = 1
    for i, row in enumerate(grid.rows):
        g = grid.cell(day.date, row.template)
        if g is None:
            text, fill, font = label("closed", lang), "closed", "grey"
        else:
            lines = g.lines(lang)
            text = "\n".join(lines)
            lines_in_row = max(lines_in_row, len(lines))
            fill = "changed" if g.changed else "night" if row.night else "plain"
            font = "red" if g.missing or g.missing_standby else "plain"
        _put(ws, r, 3 + i, text, styles.name(fill, font))
        columns[2 + i].append(text)
    ws.row_dimensions[r].height = 16 * lines_in_row + 4


def _totals_sheet(ws: Worksheet, bundle: Bundle, layout: Layout, selection: Selection,
                  lang: str, styles: _Styles) -> None:
    heads = [label("member", lang), label("unit", lang), label("phone", lang),
             say(lang, "Shifts", context="totals"), say(lang, "Nights", context="totals"),
             say(lang, "Hours", context="totals"), say(lang, "Standby", context="totals")]
    for c, text in enumerate(heads, start=1):
        _put(ws, 1, c, text, styles.name("head", "bold", centered=True))
    columns: list[list[str]] = [[h] for h in heads]
    rows = member_totals(bundle, layout, everyone=selection.member is None)
    for r, t in enumerate(rows, start=2):
        values: list[object] = [t.member.name, t.member.unit, t.member.phone, t.shifts,
                                t.nights, t.hours, t.standby]
        for c, value in enumerate(values, start=1):
            _put(ws, r, c, value, styles.name())
            columns[c - 1].append(str(value))
    end = len(rows) + 3
    _put(ws, end, 1, f"{label('stamp', lang)} {layout.stamp}").font = _GREY
    for c, texts in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _width(texts)
    ws.freeze_panes = "B2"
    _print_setup(ws, "1:1")


"""The county roll-up as an Excel workbook: the county sheet (the county and each
township's totals, and the files left out), then a sheet per township with a row per
team and the township's subtotal.

Each sheet prints as it opens, as the roster's workbook does (the helpers of
:mod:`roster.exchange.exporters.xlsx_book`): A4 landscape one page wide, the header
frozen and repeated on every page, columns as wide as their Chinese text, every text from
a file written as text (a name starting with ``=`` stays a name). Figures are numbers.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from roster.county import RollUp, TeamFigures, Totals
from roster.domain.timeutil import zone
from roster.exchange.exporters.xlsx_book import (
    _GREY,
    _TITLE,
    _print_setup,
    _put,
    _sheet_name,
    _Styles,
    _width,
)
from roster.i18n import say
from roster.reports.county_report import (
    COLUMNS,
    by_township,
    figures,
    left_out,
    title,
    township_name,
)

__all__ = ["HEADER_ROW", "render_xlsx"]

HEADER_ROW = 3


class _Sheet:
    """One sheet being written: its rows so far and each column's texts (for widths)."""

    def __init__(self, ws: Worksheet, styles: _Styles, heads: list[str],
                 heading: tuple[str, str]) -> None:
        self.ws, self.styles, self.row = ws, styles, HEADER_ROW
        _put(ws, 1, 1, heading[0]).font = _TITLE
        _put(ws, 2, 1, heading[1]).font = _GREY
        self.columns: list[list[str]] = [[h] for h in heads]
        for c, text in enumerate(heads, start=1):
            _put(ws, HEADER_ROW, c, text, styles.name("head", "bold", centered=True))

    def add(self, values: list[object], *, total: bool = False, red_at: int = 0) -> None:
        """A row; with ``red_at``, that column's figure is red when it is not 0."""
        self.row += 1
        for c, value in enumerate(values, start=1):
            font = "red" if c == red_at and value else "plain"
            style = self.styles.name("head", "bold") if total else self.styles.name("plain", font)
            _put(self.ws, self.row, c, value, style)
            self.columns[c - 1].append(str(value))

    def finish(self) -> None:
        for c, texts in enumerate(self.columns, start=1):
            self.ws.column_dimensions[get_column_letter(c)].width = _width(texts, least=6)
        self.ws.row_dimensions[HEADER_ROW].height = 30
        self.ws.freeze_panes = self.ws.cell(row=HEADER_ROW + 1, column=1)
        _print_setup(self.ws, f"{HEADER_ROW}:{HEADER_ROW}")


def _figure_heads(lang: str) -> list[str]:
    return [say(lang, w, context="county column") for _, w in COLUMNS]


def _county_sheet(ws: Worksheet, rollup: RollUp, lang: str, styles: _Styles) -> None:
    heads = [say(lang, "township", context="county column"),
             say(lang, "teams", context="county column"), *_figure_heads(lang)]
    sheet = _Sheet(ws, styles, heads, title(rollup, lang))
    total = rollup.total
    sheet.add([say(lang, "county", context="county column"), total.teams, *figures(total)],
              total=True)
    for name, sums in rollup.townships():
        sheet.add([township_name(name, lang), sums.teams, *figures(sums)])
    row = sheet.row + 1
    for heading, items in left_out(rollup, lang):
        row += 1
        _put(ws, row, 1, heading).font = _GREY
        for item in items:
            row += 1
            _put(ws, row, 1, item)
    sheet.finish()


def _team_values(t: TeamFigures) -> list[object]:
    exported = ("" if t.exported_at is None
                else f"{t.exported_at.astimezone(zone(t.timezone)):%Y-%m-%d %H:%M}")
    return [t.village, t.team, *figures(t), exported, t.file]


def _township_sheet(ws: Worksheet, rollup: RollUp, name: str, sums: Totals,
                    teams: list[TeamFigures], lang: str, styles: _Styles) -> None:
    heads = [say(lang, "village", context="county column"),
             say(lang, "team", context="county column"), *_figure_heads(lang),
             say(lang, "exported at", context="county column"),
             say(lang, "file", context="county column")]
    heading, made = title(rollup, lang)
    sheet = _Sheet(ws, styles, heads, (f"{township_name(name, lang)} · {heading}", made))
    problems_column = 2 + len(COLUMNS)
    for t in teams:
        sheet.add(_team_values(t), red_at=problems_column)
    sheet.add([township_name(name, lang), say(lang, "{teams} team(s)", teams=sums.teams),
               *figures(sums), "", ""], total=True)
    sheet.finish()


def render_xlsx(rollup: RollUp, lang: str) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    wb.properties.creator = "checkpoint-roster"
    wb.properties.title = title(rollup, lang)[0]
    made = rollup.now.replace(tzinfo=None)
    wb.properties.created = wb.properties.modified = made
    styles = _Styles(wb)
    names: set[str] = set()
    county = wb.create_sheet(_sheet_name(say(lang, "county", context="county column"), names))
    _county_sheet(county, rollup, lang, styles)
    for name, sums, teams in by_township(rollup):
        ws = wb.create_sheet(_sheet_name(township_name(name, lang), names))
        _township_sheet(ws, rollup, name, sums, teams, lang, styles)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

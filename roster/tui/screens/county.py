"""The county screen: one row per team of the roll-up, problems first, filtered by township
and by "has problems", with a strip per team over the period's hours (so a hole at 03:00
on Tuesday shows), and Enter to open a team's board from its file, to read only.

It shows :class:`roster.county.RollUp` as made before the app started; nothing in it
writes anywhere. The table holds only the rows of the filter in force, and the strips are
built once per team (a Rich text of one cell per hour, or per three hours beyond two
days), so 510 teams open and scroll at once.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from roster.county import (
    FINE_HOUR,
    SHORT_HOUR,
    TAG_HOUR,
    UNCOVERED_HOUR,
    RollUp,
    TeamFigures,
)
from roster.domain.timeutil import zone
from roster.i18n import say
from roster.reports.county_report import COLUMNS, figures, township_name
from roster.tui.base import RosterAppMixin
from roster.tui.keys import COUNTY, bindings
from roster.tui.widgets.plain import Plain, Table

__all__ = ["CountyScreen", "strip_text"]

_STYLES = {FINE_HOUR: "green", TAG_HOUR: "yellow", SHORT_HOUR: "bold red",
           UNCOVERED_HOUR: "bold white on red"}
_SYMBOLS = {FINE_HOUR: "·", TAG_HOUR: "?", SHORT_HOUR: "!", UNCOVERED_HOUR: "✗"}
_RANK = {FINE_HOUR: 0, TAG_HOUR: 1, SHORT_HOUR: 2, UNCOVERED_HOUR: 3}


def strip_text(strip: str, days: int) -> Text:
    """The hour strip as coloured cells (one per hour up to two days, else one per three
    hours, each the worst of its hours), the days apart by a bar."""
    per = 1 if days <= 2 else 3
    out = Text(no_wrap=True)
    for day in range(days):
        if day:
            out.append("│", style="dim")
        hours = strip[day * 24:(day + 1) * 24]
        for i in range(0, len(hours), per):
            worst = max(hours[i:i + per], key=lambda h: _RANK.get(h, 0))
            out.append(_SYMBOLS.get(worst, "·"), style=_STYLES.get(worst, ""))
    return out


class CountyScreen(RosterAppMixin, Screen[None]):
    """The roll-up as a table (see the module docstring)."""

    BINDINGS = bindings(COUNTY)

    def __init__(self) -> None:
        super().__init__(id="county-screen")
        self.township: str | None = None  # None: every township
        self.problems_only = False
        self.shown: list[TeamFigures] = []
        self._strips: dict[str, Text] = {}

    @property
    def rollup(self) -> RollUp:
        return self.roster_app.rollup  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        from roster.tui.widgets.bars import KeyBar

        yield Plain(id="county-title", classes="screen-note")
        yield Plain(id="county-note", classes="screen-note")
        yield Table(id="county-table", cursor_type="row", zebra_stripes=True,
                        classes="screen-table")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.roster_app.lang_changed.subscribe(self, self.redraw)
        self.redraw(None)
        self.query_one(DataTable).focus()

    def _days(self) -> int:
        return self.rollup.days

    def _strip(self, t: TeamFigures) -> Text:
        text = self._strips.get(t.file)
        if text is None:
            text = self._strips[t.file] = strip_text(t.strip, self._days())
        return text

    def redraw(self, _: Any) -> None:
        lang = self.roster_app.lang
        rollup = self.rollup
        self.shown = [t for t in rollup.teams
                      if (self.township is None or t.township == self.township)
                      and (not self.problems_only or t.problems)]
        self._title(lang)
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_columns(
            say(lang, "township", context="county column"),
            say(lang, "village", context="county column"),
            say(lang, "team", context="county column"),
            say(lang, "hours", context="county column"),
            *(say(lang, w, context="county column") for _, w in COLUMNS),
            say(lang, "exported at", context="county column"))
        table.add_rows(self._row(t, lang) for t in self.shown)
        if self.shown:
            table.move_cursor(row=min(keep, len(self.shown) - 1))

    def _row(self, t: TeamFigures, lang: str) -> list[Any]:
        values = figures(t)
        cells: list[Any] = [Text(township_name(t.township, lang)), Text(t.village),
                            Text(t.team), self._strip(t)]
        cells += [Text(str(v), justify="right") for v in values[:-1]]
        cells.append(Text(str(values[-1]), justify="right",
                          style="bold red" if t.problems else "green"))
        exported = "" if t.exported_at is None else \
            f"{t.exported_at.astimezone(zone(t.timezone)):%m-%d %H:%M}"
        cells.append(exported)
        return cells

    def _title(self, lang: str) -> None:
        from roster.reports.county_report import title

        rollup = self.rollup
        heading, made = title(rollup, lang)
        self.query_one("#county-title", Static).update(
            Text.assemble((heading, "bold"), "  ", (made, "dim")))
        where = (say(lang, "all townships") if self.township is None
                 else township_name(self.township, lang))
        parts = [say(lang, "Showing {shown} of {teams} team(s): {where}", shown=len(self.shown),
                     teams=len(rollup.teams), where=where)]
        if self.problems_only:
            parts.append(say(lang, "only teams with problems"))
        if rollup.superseded:
            parts.append(say(lang, "{count} older file(s) superseded",
                             count=len(rollup.superseded)))
        if rollup.errors:
            parts.append(say(lang, "{count} file(s) could not be read",
                             count=len(rollup.errors)))
        parts.append(say(lang, "hours: · fine  ? qualification missing  ! short  ✗ uncovered"))
        self.query_one("#county-note", Static).update(Text(" · ".join(parts)))

    # --- keys ---

    def action_open_team(self) -> None:
        table = self.query_one(DataTable)
        if self.shown and 0 <= table.cursor_row < len(self.shown):
            self.roster_app.open_team(self.shown[table.cursor_row].file)  # type: ignore[attr-defined]

    def action_next_township(self) -> None:
        names = [name for name, _ in self.rollup.townships()]
        if not names:
            return
        if self.township is None:
            self.township = names[0]
        else:
            i = names.index(self.township) + 1 if self.township in names else len(names)
            self.township = names[i] if i < len(names) else None
        self.redraw(None)

    def action_toggle_problems(self) -> None:
        self.problems_only = not self.problems_only
        self.redraw(None)

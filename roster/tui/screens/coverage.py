"""The coverage view: per checkpoint, each day's 24 hours as a strip, staffed versus needed.

A hundred checkpoints × a month is 3,400 lines, so the strips are drawn by a Line-API
widget from states computed once per roster change (and only while the view is shown).
Colour and glyph both carry the state, as on the board.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from roster.domain.messages import N_
from roster.domain.model import Bundle, Period
from roster.domain.text import printable
from roster.i18n import say, weekday
from roster.tui.base import RosterAppMixin
from roster.tui.keys import COVERAGE, SCROLL, bindings
from roster.tui.views.coverage import CLOSED, GLYPHS, STATES, hour_states
from roster.tui.widgets.bars import KeyBar, NavBar, TopBar
from roster.tui.widgets.plain import Plain

if TYPE_CHECKING:
    pass

DATE_CELLS = 11
WORDS: dict[str, str] = {
    "full": N_("fully staffed", context="coverage state"),
    "short": N_("short", context="coverage state"),
    "empty": N_("nobody on it", context="coverage state"),
    "uncovered": N_("no shift at all", context="coverage state"),
}


class CoverageView(ScrollView, can_focus=True):
    """Title, hour ruler, then one strip per day, for every checkpoint."""

    COMPONENT_CLASSES = {"coverage--title", "coverage--date", "coverage--hours",
                         *(f"coverage--{s}" for s in (*STATES, CLOSED))}
    BINDINGS = bindings(SCROLL)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[tuple[str, Any]] = []
        self.lang = "zh"

    def show(self, bundle: Bundle, period: Period, lang: str) -> None:
        self.lang = lang
        lines: list[tuple[str, Any]] = []
        for cp in bundle.checkpoints:
            lines.append(("title", printable(cp.name)))  # drawn as a segment: made safe here
            lines.append(("hours", None))
            for day, states in zip(period.dates(), hour_states(bundle, period, cp),
                                   strict=True):
                lines.append(("day", (day, states)))
            lines.append(("blank", None))
        self.lines = lines
        self.virtual_size = Size(DATE_CELLS + 48, len(lines))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_y)
        width = self.size.width
        if not 0 <= index < len(self.lines):
            return Strip.blank(width, self.rich_style)
        kind, data = self.lines[index]
        style = self.get_component_rich_style
        if kind == "title":
            segments = [Segment(" " + data, style("coverage--title"))]
        elif kind == "hours":
            ruler = "".join(f"{h:02d}  " for h in range(0, 24, 2))
            segments = [Segment(" " * DATE_CELLS), Segment(ruler, style("coverage--hours"))]
        elif kind == "day":
            day, states = data
            label = f" {day:%m-%d} {weekday(day.weekday(), self.lang)}"
            segments = [Segment(set_cell_size(label, DATE_CELLS), style("coverage--date"))]
            for state in states:
                segments.append(Segment(GLYPHS[state] * 2, style(f"coverage--{state}")))
        else:
            segments = []
        return Strip(segments).crop_extend(int(self.scroll_x), int(self.scroll_x) + width,
                                           self.rich_style)


class CoverageScreen(RosterAppMixin, Screen[None]):
    BINDINGS = bindings(COVERAGE)

    def __init__(self) -> None:
        super().__init__(id="coverage-screen")
        self._dirty = True

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield NavBar("coverage")
        yield Plain(id="coverage-legend", classes="screen-note")
        yield CoverageView(id="coverage")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.follow(self._changed)
        self._changed(None)
        self.query_one(CoverageView).focus()

    def on_screen_resume(self) -> None:
        if self._dirty:
            self._draw()

    def _changed(self, _: Any) -> None:
        self._dirty = True
        if self.is_current:
            self._draw()

    def _draw(self) -> None:
        self._dirty = False
        app = self.roster_app
        lang = app.lang
        legend = Text()
        for state in STATES:
            legend.append(GLYPHS[state] * 2, style=_legend_style(state))
            legend.append(f" {say(lang, WORDS[state], context='coverage state')}   ")
        legend.append(say(lang, "One hour per cell, coloured by its worst moment."), style="dim")
        self.query_one("#coverage-legend", Static).update(legend)
        s = app.session
        if s.bundle is not None and s.period is not None:
            self.query_one(CoverageView).show(s.bundle, s.period, lang)

    def action_period(self, steps: int) -> None:
        self.roster_app.move_period(steps)

    def action_back(self) -> None:
        self.roster_app.switch_mode("board")


def _legend_style(state: str) -> Style:
    return Style.parse({"full": "green", "short": "yellow", "empty": "bold red",
                        "uncovered": "bold reverse red"}[state])

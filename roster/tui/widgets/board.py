"""The roster board: days down, each checkpoint's shifts across, the names in every cell.

A county month is 31 days × 300 shift columns; thousands of widgets (or a table that
lays out whole rows) would make every keypress wait. This is one Line-API widget that
draws only the cells on screen, caches each drawn cell until the roster or the check
changes, and repaints only the two rows a cursor move touches. The header rows and the
date column stay put while the rest scrolls. A cell's state is read by colour *and* by a
one-cell symbol (see :data:`roster.tui.views.grid.SYMBOLS`), so it also reads in monochrome.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from roster.i18n import say, weekday
from roster.tui.keys import MOVE, bindings
from roster.tui.views.grid import (
    LOCK,
    LOCK_EN,
    PENDING,
    STATES,
    SUBSTITUTE,
    SUBSTITUTE_EN,
    SYMBOLS,
    Cell,
    Grid,
)

HEADER = 2  # lines: checkpoint names, shift times
ROW = 2  # lines per day: duty names, then lock mark and standby
LEFT = 12  # the date column
NAME_CELLS = 6  # a three-character name
MAX_WIDTH = 30

_STATE_CLASS = {state: f"board--{state}" for state in SYMBOLS}
_SYMBOL_CLASS = {state: f"board--{state}-symbol" for state in STATES}


@dataclass(frozen=True, slots=True)
class Layout:
    widths: list[int]  # per column, without the separator
    starts: list[int]  # x of each column inside the scrolling part
    total: int


def layout(grid: Grid, lang: str) -> Layout:
    widths: list[int] = []
    for i, col in enumerate(grid.columns):
        label = col.label + (say(lang, " N") if _night(grid, i) else "")
        widths.append(min(MAX_WIDTH, max(cell_len(label), 2 + col.need * (NAME_CELLS + 1) - 1,
                                         10)))
    starts, x = [], 0
    for w in widths:
        starts.append(x)
        x += w + 1
    return Layout(widths, starts, x)


def _night(grid: Grid, col: int) -> bool:
    for row in range(grid.rows):
        shift = grid.cell(row, col).shift
        if shift is not None:
            return shift.night
    return False


class RosterBoard(ScrollView, can_focus=True):
    """The board. Set :attr:`grid` (via :meth:`show`) and move with the keys of MOVE."""

    BINDINGS = bindings(MOVE)
    COMPONENT_CLASSES = {
        "board--header", "board--checkpoint", "board--date", "board--today",
        "board--weekend", "board--cursor", "board--marked", "board--standby", "board--lock",
        *_STATE_CLASS.values(), *_SYMBOL_CLASS.values(),
    }
    #: Classes laid over a cell's own style: their colours and attributes, not their
    #: background (a component style always carries one, which would hide the state).
    OVERLAYS = frozenset({"board--standby", "board--lock", "board--today", "board--weekend",
                          *_SYMBOL_CLASS.values()})

    @dataclass
    class CursorMoved(Message):
        """The cursor is on another cell."""

        board: RosterBoard
        row: int
        col: int

        @property
        def control(self) -> RosterBoard:
            return self.board

    @dataclass
    class Opened(Message):
        """A cell was double-clicked (Enter is the screen's key)."""

        board: RosterBoard
        row: int
        col: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.grid: Grid | None = None
        self.cursor: tuple[int, int] = (0, 0)
        self.lang = "zh"
        self.today_row: int | None = None
        #: Shifts that ended before it are drawn dimmed, the one running at it marked.
        self.now: datetime | None = None
        self.marked: tuple[int, int] | None = None
        self._layout = Layout([], [], 0)
        self._cells: dict[tuple[int, int, int, int], list[Segment]] = {}
        self._headers: dict[tuple[int, int], Strip] = {}
        self._styles: dict[str, Style] = {}
        self._base = Style()

    # --- data ---

    def show(self, grid: Grid, lang: str, *, today_row: int | None = None,
             cursor: tuple[int, int] | None = None, now: datetime | None = None) -> None:
        """Show ``grid``, keeping the cursor where it was (or at ``cursor``)."""
        self.grid, self.lang, self.today_row, self.now = grid, lang, today_row, now
        self._layout = layout(grid, lang)
        self._cells.clear()
        self._headers.clear()
        self.virtual_size = Size(LEFT + self._layout.total, HEADER + grid.rows * ROW)
        row, col = cursor if cursor is not None else self.cursor
        self.set_cursor(row, col, scroll=True)
        self.refresh()

    def set_cursor(self, row: int, col: int, *, scroll: bool = True) -> None:
        grid = self.grid
        if grid is None or not grid.columns:
            return
        row = min(max(row, 0), grid.rows - 1)
        col = min(max(col, 0), len(grid.columns) - 1)
        old = self.cursor
        self.cursor = (row, col)
        self._refresh_row(old[0])
        self._refresh_row(row)
        if scroll:
            self._scroll_to_cursor()
        self.post_message(self.CursorMoved(self, row, col))

    def mark(self, at: tuple[int, int] | None) -> None:
        old = self.marked
        self.marked = at
        for where in (old, at):
            if where is not None:
                self._refresh_row(where[0])

    @property
    def current(self) -> Cell | None:
        if self.grid is None or not self.grid.columns:
            return None
        return self.grid.cell(*self.cursor)

    def _refresh_row(self, row: int) -> None:
        self.refresh_lines(HEADER + row * ROW, ROW)

    def _scroll_to_cursor(self) -> None:
        row, col = self.cursor
        if not self._layout.widths:
            return
        region = Region(LEFT + self._layout.starts[col], HEADER + row * ROW,
                        self._layout.widths[col] + 1, ROW)
        self.scroll_to_region(region, spacing=Spacing(HEADER, 0, 0, LEFT), animate=False,
                              force=True, immediate=True)

    def on_resize(self) -> None:
        """A smaller terminal must not leave the cursor's cell off screen."""
        self.call_after_refresh(self._scroll_to_cursor)

    # --- keys ---

    def action_cursor(self, rows: int, cols: int) -> None:
        row, col = self.cursor
        self.set_cursor(row + rows, col + cols)

    def action_page(self, direction: int) -> None:
        page = max(1, (self.size.height - HEADER) // ROW)
        row, col = self.cursor
        self.set_cursor(row + direction * page, col)

    def action_edge(self, direction: int) -> None:
        row, _ = self.cursor
        last = len(self.grid.columns) - 1 if self.grid else 0
        self.set_cursor(row, 0 if direction < 0 else last)

    def on_click(self, event: events.Click) -> None:
        at = self._cell_at(event.x, event.y)
        if at is None:
            return
        self.set_cursor(*at, scroll=False)
        if event.chain >= 2:
            self.post_message(self.Opened(self, *at))

    def _cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        if self.grid is None or y < HEADER or x < LEFT:
            return None
        row = (y - HEADER + int(self.scroll_y)) // ROW
        vx = x - LEFT + int(self.scroll_x)
        col = bisect.bisect_right(self._layout.starts, vx) - 1
        if not (0 <= row < self.grid.rows and 0 <= col < len(self.grid.columns)):
            return None
        return row, col

    # --- drawing ---

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self._styles:  # once per theme or CSS change, not per frame
            self._styles = {name: _foreground(self.get_component_rich_style(name))
                            if name in self.OVERLAYS else self.get_component_rich_style(name)
                            for name in self.COMPONENT_CLASSES}
            self._base = self.rich_style
        return super().render_lines(crop)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}
        self._cells.clear()
        self._headers.clear()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._base
        grid = self.grid
        if grid is None or width <= 0:
            return Strip.blank(width, base)
        scroll_x, scroll_y = int(self.scroll_x), int(self.scroll_y)
        view = max(0, width - LEFT)
        if y < HEADER:
            left = Strip([Segment(" " * LEFT, base)], LEFT)
            header = self._names(scroll_x) if y == 0 else self._header(y)
            right = header.crop_extend(scroll_x, scroll_x + view, base)
            return Strip.join([left, right])
        content = y - HEADER + scroll_y
        row, sub = divmod(content, ROW)
        if row >= grid.rows:
            return Strip.blank(width, base)
        segments = list(self._date(row, sub))
        segments.extend(self._cells_segments(row, sub, scroll_x, view, base))
        return Strip(segments, LEFT + view)

    def _cells_segments(self, row: int, sub: int, scroll_x: int, view: int,
                        base: Style) -> list[Segment]:
        """Exactly ``view`` cells of the row from ``scroll_x``: whole cached cells, and only
        the first and last cut (a Strip crop of the whole line would measure every cell)."""
        starts, widths = self._layout.starts, self._layout.widths
        if not starts or view <= 0:
            return [Segment(" " * max(view, 0), base)]
        first = max(0, bisect.bisect_right(starts, scroll_x) - 1)
        end = scroll_x + view
        out: list[Segment] = []
        col = first
        while col < len(starts) and starts[col] < end:
            x0, x1 = starts[col], starts[col] + widths[col] + 1
            cell = self._cell(row, col, sub)
            if x0 < scroll_x or x1 > end:
                out.extend(Strip(cell, x1 - x0).crop(max(0, scroll_x - x0),
                                                     min(x1, end) - x0))
            else:
                out.extend(cell)
            col += 1
        drawn = min(end, starts[col - 1] + widths[col - 1] + 1) - max(scroll_x, starts[first])
        if drawn < view:
            out.append(Segment(" " * (view - drawn), base))
        return out

    def _flags(self, row: int, col: int) -> int:
        flags = 0
        if self.cursor == (row, col):
            flags |= 1
        if self.marked == (row, col):
            flags |= 2
        now = self.now
        if now is not None and self.grid is not None:
            shift = self.grid.cell(row, col).shift
            if shift is not None and shift.start <= now:
                flags |= 4 if shift.end <= now else 8  # history / running now
        return flags

    def _cell(self, row: int, col: int, sub: int) -> list[Segment]:
        flags = self._flags(row, col)
        key = (row, col, sub, flags)
        cached = self._cells.get(key)
        if cached is None:
            cached = self._cells[key] = self._draw_cell(row, col, sub, flags)
            if len(self._cells) > 50_000:
                self._cells.clear()
        return cached

    def _draw_cell(self, row: int, col: int, sub: int, flags: int) -> list[Segment]:
        assert self.grid is not None
        width = self._layout.widths[col]
        cell = self.grid.cell(row, col)
        st = self._styles
        style = st[_STATE_CLASS[cell.state]] if cell.shift is not None else st["board--closed"]
        if flags & 2:
            style = style + st["board--marked"]
        if flags & 1:
            style = style + st["board--cursor"]
        if flags & 4:
            style = style + PAST  # over: history, drawn dimmed
        elif flags & 8:
            style = style + RUNNING  # the shift on duty now
        sep = Segment(" ", self._base)
        if cell.shift is None:
            text = SYMBOLS["closed"] if sub == 0 else ""
            return [Segment(set_cell_size(text, width), style), sep]
        if sub == 0:
            return self._duty_line(cell, width, style, flags, sep)
        return self._standby_line(cell, width, style, sep)

    def _duty_line(self, cell: Cell, width: int, style: Style, flags: int,
                   sep: Segment) -> list[Segment]:
        """A cell's first line: its state's symbol, then who is on duty."""
        assert self.grid is not None
        st = self._styles
        symbol = SYMBOLS[cell.state] if cell.state != PENDING else " "
        symbol_style = style
        if cell.state in _SYMBOL_CLASS and not flags & 1:
            symbol_style = style + st[_SYMBOL_CLASS[cell.state]]
        sign = SUBSTITUTE if self.lang == "zh" else SUBSTITUTE_EN
        names = " ".join(self.grid.name(a.member) + (sign if a.member in cell.substitutes else "")
                         for a in cell.duty)
        return [Segment(symbol, symbol_style), Segment(_fit(" " + names, width - 1), style), sep]

    def _standby_line(self, cell: Cell, width: int, style: Style,
                      sep: Segment) -> list[Segment]:
        """A cell's second line: the lock, then who is on standby."""
        assert self.grid is not None and cell.shift is not None
        st = self._styles
        lock = (LOCK if self.lang == "zh" else LOCK_EN) if cell.locked else ""
        lock_cells = cell_len(lock)
        standby = f"[{cell.crew}] " if cell.crew else ""
        if cell.standby or cell.shift.standby:
            standby += say(self.lang, "sb") + " " + " ".join(
                self.grid.name(a.member) for a in cell.standby)
        out = []
        if lock:
            out.append(Segment(lock, style + st["board--lock"]))
        out.append(Segment(_fit((" " if lock else "  ") + standby, width - lock_cells),
                           style + st["board--standby"]))
        out.append(sep)
        return out

    def _date(self, row: int, sub: int) -> list[Segment]:
        key = (row, sub, -1, int(row == self.cursor[0]))
        cached = self._cells.get(key)
        if cached is None:
            cached = self._cells[key] = self._draw_date(row, sub)
        return cached

    def _draw_date(self, row: int, sub: int) -> list[Segment]:
        assert self.grid is not None
        day = self.grid.day_of(row)
        st = self._styles
        style = st["board--date"]
        if day.weekday() >= 5 or day in self.grid.bundle.rules.holidays:
            style = style + st["board--weekend"]
        if row == self.today_row:
            style = style + st["board--today"]
        if row == self.cursor[0]:
            style = style + Style(bold=True)
        if sub == 0:
            text = f" {day:%m-%d} {weekday(day.weekday(), self.lang)}"
        elif row == self.today_row:
            text = " " + say(self.lang, "today")
        elif day in self.grid.bundle.rules.holidays:
            text = " " + say(self.lang, "holiday")
        else:
            text = ""
        return [Segment(set_cell_size(text, LEFT), style)]

    def _names(self, scroll_x: int) -> Strip:
        """The checkpoint names' line: each name over the part of its shifts on screen, so
        a checkpoint scrolled half out of view still says whose shifts these are."""
        assert self.grid is not None
        cols, starts, widths = self.grid.columns, self._layout.starts, self._layout.widths
        style = self._styles["board--checkpoint"]
        segments: list[Segment] = []
        x = 0
        i = 0
        while i < len(cols):
            j = i + 1
            while j < len(cols) and not cols[j].first:
                j += 1
            x0, x1 = starts[i], starts[j - 1] + widths[j - 1]  # the span, without its gap
            shown_from = min(max(x0, scroll_x), x1)
            if shown_from > x:
                segments.append(Segment(" " * (shown_from - x), style))
            segments.append(Segment(_fit(" " + cols[i].name, x1 - shown_from), style))
            segments.append(Segment(" ", self._base))
            x = x1 + 1
            i = j
        return Strip(segments, self._layout.total)

    def _header(self, line: int) -> Strip:
        cached = self._headers.get((line, 0))
        if cached is not None:
            return cached
        assert self.grid is not None
        st = self._styles
        segments: list[Segment] = []
        cols = self.grid.columns
        i = 0
        while i < len(cols):
            if line == 0:
                j = i + 1
                while j < len(cols) and not cols[j].first:
                    j += 1
                span = sum(w + 1 for w in self._layout.widths[i:j])
                segments.append(Segment(_fit(" " + cols[i].name, span - 1),
                                        st["board--checkpoint"]))
                segments.append(Segment(" ", self._base))
                i = j
            else:
                night = say(self.lang, " N") if _night(self.grid, i) else ""
                segments.append(Segment(_fit(cols[i].label + night,
                                             self._layout.widths[i]), st["board--header"]))
                segments.append(Segment(" ", self._base))
                i += 1
        strip = Strip(segments, self._layout.total)
        self._headers[(line, 0)] = strip
        return strip


#: Laid over a cell whose shift is over (history), and over the one running now.
PAST = Style(dim=True)
RUNNING = Style(bold=True, underline=True)


def _foreground(style: Style) -> Style:
    """``style`` without its background, to lay over another style."""
    return Style(color=style.color, bold=style.bold, dim=style.dim, italic=style.italic,
                 underline=style.underline, reverse=style.reverse, strike=style.strike)


def _fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: padded, or cut with an ellipsis (CJK-aware)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(set_cell_size(text, width - 1).rstrip() + "…", width)

"""The home screen: the roster board, the cell under the cursor, and the problems panel.

Keys move around the period, open a shift in the slot editor, mark two shifts to swap,
lock a shift, and start generate or repair (which run in the app's worker). The screen
redraws from the app's ``roster_changed`` signal, so an edit made anywhere (another
screen, an undo, the duty desk in another terminal) shows here without asking.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from roster.domain.messages import msg
from roster.editing import edits
from roster.tui.base import RosterAppMixin
from roster.tui.dialogs.confirm import ask
from roster.tui.keys import BOARD, bindings
from roster.tui.views.describe import cell_lines, history_span, legend
from roster.tui.views.grid import Cell, Grid
from roster.tui.widgets.bars import KeyBar, NavBar, TopBar
from roster.tui.widgets.board import RosterBoard
from roster.tui.widgets.plain import Plain
from roster.tui.widgets.problems import ProblemsPanel

if TYPE_CHECKING:
    pass


class BoardScreen(RosterAppMixin, Screen[None]):
    BINDINGS = bindings(BOARD)

    def __init__(self) -> None:
        super().__init__(id="board-screen")
        self.grid: Grid | None = None
        self.marked: tuple[int, int] | None = None
        self._drawn: tuple[object, ...] = ()
        self._want_day: date | None = None  # where the cursor goes once the period is drawn

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield NavBar("board")
        yield Plain(id="legend")
        yield Plain(id="empty")
        yield RosterBoard(id="board")
        yield Plain(id="cellinfo")
        yield ProblemsPanel(id="problems")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.follow(self._roster_changed)
        self.query_one("#problems").display = False
        self._roster_changed(None)
        self.query_one(RosterBoard).focus()
        self.set_interval(60, self._tick)  # the running shift moves on, shifts become history

    def _tick(self) -> None:
        board = self.query_one(RosterBoard)
        board.now = self.roster_app.now()
        board.refresh()

    # --- drawing ---

    def _roster_changed(self, _: Any) -> None:
        app = self.roster_app
        s = app.session
        board = self.query_one(RosterBoard)
        empty = self.query_one("#empty", Static)
        lang = app.lang
        self.query_one("#legend", Static).update(legend(lang), layout=False)
        period = s.period
        if s.bundle is None or period is None:
            self.grid = None
            board.display = False
            empty.display = True
            empty.update(app.empty_message())
            self._cell_info()
            return
        board.display = True
        empty.display = False
        drawn = (s.bundle_revision, period, s.report_revision, lang)
        if drawn == self._drawn:
            return
        if self.grid is not None and self._drawn[:2] == drawn[:2]:
            self.grid = self.grid.with_report(s.report)  # the same roster, a new check
        else:
            self.grid = Grid(s.bundle, period, s.report)
        self._drawn = drawn
        cursor = None
        if self._want_day is not None and (row := self.grid.row_of(self._want_day)) is not None:
            cursor = (row, board.cursor[1])
        self._want_day = None
        board.show(self.grid, lang, today_row=self.grid.row_of(app.today), cursor=cursor,
                   now=app.now())
        if self.marked is not None and self.marked[0] >= self.grid.rows:
            self._unmark()
        self._cell_info()
        panel = self.query_one(ProblemsPanel)
        if panel.display:
            panel.show(s.report, s.bundle, lang)
        self.refresh_bindings()

    def _cell_info(self) -> None:
        info = self.query_one("#cellinfo", Static)
        cell = self.query_one(RosterBoard).current
        if self.grid is None or cell is None:
            info.update("", layout=False)
            return
        text = cell_lines(self.grid.bundle, cell, self.roster_app.lang, self.grid.name)
        if self.marked is not None:
            marked = self.grid.cell(*self.marked)
            if marked.shift is not None:
                text.append("\n")
                where = self._where(marked)
                text.append(self.tr("Marked to swap: {where}; press m on another shift to swap, "
                                    "esc to forget", where=where), style="bold")
        info.update(text, layout=False)

    def _where(self, cell: Cell) -> str:
        assert self.grid is not None and cell.shift is not None
        cp = self.grid.bundle.checkpoint(cell.shift.checkpoint)
        span = history_span(cell.shift.start, cell.shift.end, self.grid.bundle.tz)
        return f"{cp.name if cp else cell.shift.checkpoint} {span}"

    @on(RosterBoard.CursorMoved)
    def _moved(self) -> None:
        self._cell_info()

    @on(RosterBoard.Opened)
    def _opened(self) -> None:
        self.action_open_slot()

    @on(ProblemsPanel.Jump)
    def _jump(self, event: ProblemsPanel.Jump) -> None:
        if self.grid is None:
            return
        at = self.grid.locate(event.key) if event.key is not None else None
        if at is None:
            at = self.grid.locate_near(event.checkpoint, event.start)
        if at is None:
            self.notify(self.tr("That one is not on this period's board."))
            return
        board = self.query_one(RosterBoard)
        board.set_cursor(*at)
        board.focus()

    # --- actions ---

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"open_slot", "mark", "lock", "generate", "repair", "desk", "period",
                      "today", "toggle_mode", "toggle_problems"} and self.grid is None:
            return None
        if action == "unmark":
            return self.marked is not None
        return True

    def _current(self) -> Cell | None:
        cell = self.query_one(RosterBoard).current
        if cell is None or cell.shift is None:
            self.notify(self.tr("There is no shift under the cursor (the checkpoint is closed)."))
            return None
        return cell

    def _knowingly(self, cells: tuple[Cell, ...], then: Any) -> None:
        """Run ``then``; first ask when one of ``cells`` has started: a shift that has
        started is the record of who was on duty, edited only on purpose."""
        now = self.roster_app.now()
        if now is not None and any(c.shift is not None and c.shift.start <= now for c in cells):
            ask(self.roster_app, self.tr("This shift has started: it is the record of who was "
                                         "on duty. Edit it anyway?"), then)
            return
        then()

    def action_open_slot(self) -> None:
        cell = self._current()
        if cell is None or cell.shift is None:
            return
        app, key = self.roster_app, cell.shift.key
        self._knowingly((cell,), lambda: app.open_slot(key))

    def action_period(self, steps: int) -> None:
        self.roster_app.move_period(steps)

    def action_today(self) -> None:
        app = self.roster_app
        self._want_day = app.today
        app.go_to_day(app.today)

    def action_toggle_mode(self) -> None:
        if self.grid is None:
            return
        self._want_day = self.grid.day_of(self.query_one(RosterBoard).cursor[0])
        self.roster_app.toggle_mode(self._want_day)

    def action_generate(self) -> None:
        self.roster_app.start_generate(repair=False)

    def action_repair(self) -> None:
        self.roster_app.start_generate(repair=True)

    def action_toggle_problems(self) -> None:
        panel = self.query_one(ProblemsPanel)
        panel.display = not panel.display
        if panel.display:
            s = self.roster_app.session
            panel.show(s.report, s.bundle, self.roster_app.lang)
            panel.focus()
        else:
            self.query_one(RosterBoard).focus()

    def action_desk(self) -> None:
        cell = self.query_one(RosterBoard).current
        if self.grid is None or cell is None:
            return
        col = self.query_one(RosterBoard).cursor[1]
        self.roster_app.open_desk(self.grid.columns[col].checkpoint)

    def action_lock(self) -> None:
        cell = self._current()
        if cell is None or cell.shift is None:
            return
        if not cell.duty and not cell.standby:
            self.notify(self.tr("Nobody is on this shift to lock."))
            return
        key, locked, _lang = cell.shift.key, not cell.locked, self.roster_app.lang
        where = self._where(cell)
        summary = (msg("lock {where}", where=where) if locked
                   else msg("unlock {where}", where=where))
        self.roster_app.apply_edit(lambda b: edits.set_locked(b, key, locked),
                                   summary)

    def action_mark(self) -> None:
        cell = self._current()
        board = self.query_one(RosterBoard)
        if cell is None or self.grid is None:
            return
        if self.marked is None:
            self.marked = board.cursor
            board.mark(self.marked)
            self._cell_info()
            self.refresh_bindings()
            return
        if self.marked == board.cursor:
            self._unmark()
            return
        first = self.grid.cell(*self.marked)
        self._unmark()
        if first.shift is not None and cell.shift is not None:
            self._knowingly((first, cell), lambda: self._swap(first, cell))

    def action_unmark(self) -> None:
        self._unmark()

    def _unmark(self) -> None:
        self.marked = None
        self.query_one(RosterBoard).mark(None)
        self._cell_info()
        self.refresh_bindings()

    def _swap(self, a: Cell, b: Cell) -> None:
        from roster.tui.dialogs.swap import SwapDialog

        assert a.shift is not None and b.shift is not None and self.grid is not None
        key_a, key_b, lang = a.shift.key, b.shift.key, self.roster_app.lang
        summary = msg("swap {value} ↔ {value2}", value=self._where(a), value2=self._where(b))

        def run(who: tuple[str | None, str | None] | None) -> None:
            if who is None:
                return
            self.roster_app.apply_edit(
                lambda bundle: edits.swap(bundle, (key_a, who[0]), (key_b, who[1])),
                summary)

        if len(a.duty) <= 1 and len(b.duty) <= 1:
            run((None, None))
        else:
            self.app.push_screen(SwapDialog(self.grid, a, b, lang), run)

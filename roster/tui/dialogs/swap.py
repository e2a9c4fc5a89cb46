"""Which people to swap between two marked shifts that each have more than one person.

Pick a side's person (or the whole crew) on the left, then the other side's on the
right; choosing on the right swaps. Marking two shifts with one person each swaps them
without asking (see the board screen).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from roster.i18n import say
from roster.reports.check_report import format_span
from roster.tui.keys import FORM, bindings
from roster.tui.views.grid import Cell, Grid
from roster.tui.widgets.plain import Caption, Plain, plain

WHOLE = "*"


class SwapDialog(ModalScreen[tuple[str | None, str | None] | None]):
    BINDINGS = bindings(FORM)

    def __init__(self, grid: Grid, a: Cell, b: Cell, lang: str) -> None:
        super().__init__(classes="form-screen")
        self.grid, self.a, self.b, self.lang = grid, a, b, lang

    def _side(self, cell: Cell, ident: str) -> Vertical:
        assert cell.shift is not None
        cp = self.grid.bundle.checkpoint(cell.shift.checkpoint)
        title = (f"{cp.name if cp else cell.shift.checkpoint} "
                 f"{format_span(cell.shift.start, cell.shift.end, self.grid.bundle.tz, self.lang)}")
        options = [Option(say(self.lang, "whole crew ({n_duty})", n_duty=len(cell.duty)), id=WHOLE)]
        options += [Option(plain(self.grid.name(a.member)), id=a.member) for a in cell.duty]
        return Vertical(Caption(title, classes="field-label"), OptionList(*options, id=ident),
                        classes="swap-side")

    def compose(self) -> ComposeResult:
        with Vertical(classes="form swap"):
            yield Plain(say(self.lang, "Swap whom?"), classes="form-title")
            with Horizontal(classes="swap-sides"):
                yield self._side(self.a, "swap-a")
                yield self._side(self.b, "swap-b")
            yield Plain(say(self.lang,
                             "Choose on the left (Enter), then on the right to swap · esc cancels"),
                             classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#swap-a", OptionList).focus()

    @on(OptionList.OptionSelected, "#swap-a")
    def _left(self) -> None:
        self.query_one("#swap-b", OptionList).focus()

    @on(OptionList.OptionSelected, "#swap-b")
    def action_save(self) -> None:
        left = self.query_one("#swap-a", OptionList)
        right = self.query_one("#swap-b", OptionList)
        a = left.highlighted_option.id if left.highlighted_option else WHOLE
        b = right.highlighted_option.id if right.highlighted_option else WHOLE
        if (a == WHOLE) != (b == WHOLE):
            self.notify(say(self.lang, "Pick one person on each side, or the whole crew on both"),
                        severity="warning")
            left.focus()
            return
        self.dismiss((None if a == WHOLE else a, None if b == WHOLE else b))

    def action_cancel(self) -> None:
        self.dismiss(None)

"""The problems panel: every gap and violation of the period, live, each leading to its cell.

It is an OptionList (Textual draws only the visible lines) filled from the checker's
report whenever the roster or the period changes; a county month can have thousands of
problems, so it lists the first :data:`LIMIT` and says how many more there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from roster.checker import Report
from roster.domain.model import Bundle, ShiftKey
from roster.i18n import say
from roster.tui.views.describe import Problem, problems, wish_problems

LIMIT = 500


class ProblemsPanel(OptionList):
    """Problems of the period in view; Enter posts :class:`ProblemsPanel.Jump`."""

    @dataclass
    class Jump(Message):
        """Go to the cell of a problem."""

        checkpoint: str
        start: datetime
        key: ShiftKey | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[Problem] = []

    def show(self, report: Report | None, bundle: Bundle | None, lang: str) -> None:
        """List ``report``'s problems (keeping the highlighted line where it was)."""
        keep = self.highlighted
        self.clear_options()
        if report is None or bundle is None:
            self._items = []
            self.add_option(Option(Text(say(lang, "checking…"), style="italic"),
                                   disabled=True))
            return
        self._items, hidden = problems(report, bundle, lang, LIMIT)
        wishes = wish_problems(report, bundle, lang)
        if not self._items and not wishes:
            self.add_option(Option(Text(say(lang, "✓ No gaps and no violations in this period."),
                                        style="green"), disabled=True))
            return
        options = [Option(p.text) for p in self._items]
        if hidden:
            more = say(lang, "… and {hidden} more (roster check lists all)", hidden=hidden)
            options.append(Option(Text(more, style="dim"), disabled=True))
            self._items.append(Problem(Text(more), "", report.period.start, None))
        # Unmet wishes: their own group, after the gaps and violations.
        options.extend(Option(p.text, disabled=not p.checkpoint) for p in wishes)
        self._items.extend(wishes)
        self.add_options(options)
        if keep is not None and self._items:
            self.highlighted = min(keep, len(self._items) - 1)
        elif self._items:
            self.highlighted = 0

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._items):
            item = self._items[event.option_index]
            if not item.checkpoint:
                return
            self.post_message(self.Jump(item.checkpoint, item.start, item.key))

    @property
    def count(self) -> int:
        return len(self._items)

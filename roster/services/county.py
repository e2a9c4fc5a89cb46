"""The county screen's services: the roll-up, and one team's roster opened from its file
to look at, never to change.

:class:`ReadOnlySession` is a :class:`~roster.services.session.Session` over a bundle read
from a file and no data folder: the board, the coverage, people and checkpoint screens
show it as they show the lead's own roster, and every change they would make (an edit,
undo, redo, restore, a generate run, the duty desk) is refused with one message before
anything is written. The file itself is only ever read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

from roster.county import RollUp, find_bundles, nothing_read, roll_up
from roster.domain.errors import UserError
from roster.domain.messages import Said, msg
from roster.domain.model import Bundle
from roster.editing.edits import Patch
from roster.exchange.bundle import load_bundle_file
from roster.exchange.exporters import Exporter
from roster.exchange.exporters.selection import Selection
from roster.services.duty import DutyLog
from roster.services.export import Prepared, export_to
from roster.services.session import PeriodMode, Session, Step
from roster.store import Change

__all__ = ["ReadOnly", "ReadOnlySession", "RollUp", "find_bundles", "load_team",
           "nothing_read", "roll_up"]

#: The name a read-only session edits under (it never does; the app then never asks).
COUNTY_OPERATOR = "county"


class ReadOnly(UserError):
    """A change asked of a team opened from its file: refused, nothing written."""


def load_team(file: str) -> Bundle:
    """The team in ``file`` (a UserError naming the file if it cannot be read)."""
    return load_bundle_file(Path(file))


class ReadOnlySession(Session):
    """A team's roster from its file, to look at (see the module docstring)."""

    def __init__(self, bundle: Bundle | None, file: str = "", *, lang: str = "zh",
                 day: date, mode: PeriodMode = "week") -> None:
        super().__init__(None, operator=COUNTY_OPERATOR, lang=lang,  # type: ignore[arg-type]
                         day=day, mode=mode)
        self.file = file
        self._from_file = bundle

    def show(self, bundle: Bundle, file: str, day: date) -> None:
        """Look at another team (from ``file``), at the period holding ``day``."""
        self._from_file, self.file = bundle, file
        self.undo_stack.clear()
        self.redo_stack.clear()
        self.load()
        self.today = day
        self.go_to(day)

    def pin_set(self) -> bool:
        """No PIN guards a file read from the county's folder: every change is refused."""
        return False

    def _refuse(self) -> NoReturn:
        raise ReadOnly(msg("{file} is open to read only: nothing here changes a team's data",
                           file=self.file))

    def load(self) -> Bundle | None:
        self.bundle = self._from_file
        self.report = None
        return self.bundle

    def changed_elsewhere(self) -> bool:
        return False

    def history(self) -> list[Change]:
        return []

    def remembered_operator(self) -> str:
        return COUNTY_OPERATOR

    def remember_operator(self, name: str) -> None:
        return None

    def export(self, exporter: Exporter, selection: Selection, lang: str,
               path: Path) -> Prepared:
        """Export what the file holds (nothing is remembered about prints)."""
        if self.bundle is None:
            self._refuse()
        return export_to(None, self.bundle, exporter, selection, lang, path)

    def duty_log(self, clock: Callable[[], datetime] | None = None) -> DutyLog:
        self._refuse()

    def edit(self, change: Callable[[Bundle], Bundle], *, summary: Said,
             op: str = "edit") -> Patch:
        self._refuse()

    def save_generated(self, snapshot: Bundle, result: Bundle, *, summary: Said,
                       op: str) -> Patch:
        self._refuse()

    def undo(self) -> Step | None:
        self._refuse()

    def redo(self) -> Step | None:
        self._refuse()

    def restore(self, seq: int) -> Step:
        self._refuse()

    def _commit(self, change: Callable[[Bundle], Bundle], *, summary: Said,
                op: str) -> Patch:
        self._refuse()
